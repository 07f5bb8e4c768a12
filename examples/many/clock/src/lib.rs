//! The clock service: exports `many:app/clock`, a virtual clock.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "clock-service" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "clock-service" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::clock::Guest;
use std::cell::Cell;

thread_local! {
    static NOW: Cell<u64> = const { Cell::new(0) };
}

struct Clock;

impl Guest for Clock {
    fn now() -> u64 {
        NOW.with(Cell::get)
    }

    fn advance(ns: u64) -> u64 {
        NOW.with(|n| {
            n.set(n.get().saturating_add(ns));
            n.get()
        })
    }
}

export!(Clock);
