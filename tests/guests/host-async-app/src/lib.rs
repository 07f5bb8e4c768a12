//! The root crate of the async host-import round trips
//! (tests/tests/async_host_imports.rs): its exports call the middle
//! crate's async `relay`, which awaits the host's async functions, and the
//! host's `tally` (parameters in memory) directly.

#[weld::shared_world(path = "../host-async-wit", world = "app")]
mod bindings {}

use bindings::test::host_async::{host_io, relay};
use weld::rt::block_on;
use weld_test_host_async_mid as _;

struct App;

impl bindings::Guest for App {
    fn run(s: String, yields: u32) -> String {
        block_on(relay::relay(s, yields))
    }

    fn tally(bytes: Vec<u8>, label: String, yields: u32) -> String {
        let t = block_on(host_io::tally(1, u64::MAX - 300, 2, bytes, label, yields));
        format!("{} {} {}", t.count, t.total, t.label)
    }

    fn live_bytes() -> u64 {
        weld::alloc::stats().live_bytes as u64
    }
}

bindings::export!(App with_types_in bindings);
