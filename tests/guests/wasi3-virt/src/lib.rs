//! A WASI 0.3 virtualisation crate: `wasi:cli/environment` with fixed
//! arguments and environment, and `wasi:clocks/monotonic-clock` whose
//! time is virtual: it passes only when a task waits (`wait-for` adds its
//! duration, `wait-until` moves to its mark), and each wait yields to the
//! executor once, so concurrent waits interleave.

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "virt")]
mod bindings {}

use bindings::exports::wasi::cli::environment::Guest as Environment;
use bindings::exports::wasi::clocks::monotonic_clock::{Duration, Guest as Clock, Mark};
use std::cell::Cell;

thread_local! {
    /// The virtual time, in nanoseconds.
    static NOW: Cell<Mark> = const { Cell::new(1_000) };
}

struct Virt;

impl Environment for Virt {
    fn get_environment() -> Vec<(String, String)> {
        vec![("WELD".into(), "wasi-0.3".into())]
    }

    fn get_arguments() -> Vec<String> {
        vec!["app".into(), "--größe".into(), "3".into()]
    }

    fn get_initial_cwd() -> Option<String> {
        Some("/".into())
    }
}

impl Clock for Virt {
    fn now() -> Mark {
        NOW.with(Cell::get)
    }

    fn get_resolution() -> Duration {
        1
    }

    async fn wait_until(when: Mark) {
        weld::rt::yield_async().await;
        NOW.with(|n| n.set(n.get().max(when)));
    }

    async fn wait_for(how_long: Duration) {
        weld::rt::yield_async().await;
        NOW.with(|n| n.set(n.get() + how_long));
    }
}

bindings::export!(Virt with_types_in bindings);
