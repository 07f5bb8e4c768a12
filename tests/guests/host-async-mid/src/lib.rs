//! Exports `relay`, whose async function awaits two async functions the
//! host implements: a task of this crate waits on the host's subtasks
//! through the importer's host adapters (abi-spec/ASYNC.md section 11).

#[weld::shared_world(path = "../host-async-wit", world = "mid-provider")]
mod bindings {}

use bindings::exports::test::host_async::relay::Guest;
use bindings::test::host_async::host_io;

struct Mid;

impl Guest for Mid {
    async fn relay(s: String, yields: u32) -> String {
        let reversed = host_io::reverse_later(s, yields).await;
        host_io::tick(yields).await;
        format!("{reversed}!")
    }
}

bindings::export!(Mid with_types_in bindings);
