//! The counter service: exports `many:app/counters`, a `counter` resource;
//! logs each new counter (`many:app/log`) and stamps changes with the
//! clock service (`many:app/clock`).

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "counter-service" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "counter-service" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::counters::{Guest, GuestCounter};
use many::app::clock;
use many::app::log::{self, Level};
use std::cell::Cell;

struct Counters;

impl Guest for Counters {
    type Counter = Counter;
}

/// A named counter and the clock time of its last change.
struct Counter {
    name: String,
    value: Cell<u64>,
    changed_at: Cell<u64>,
}

impl GuestCounter for Counter {
    fn new(name: String) -> Self {
        log::log(Level::Info, &format!("counter {name} created"));
        Counter {
            name,
            value: Cell::new(0),
            changed_at: Cell::new(clock::now()),
        }
    }

    fn add(&self, by: u32) -> u64 {
        self.value.set(self.value.get() + u64::from(by));
        self.changed_at.set(clock::now());
        self.value.get()
    }

    fn value(&self) -> u64 {
        self.value.get()
    }

    fn describe(&self) -> String {
        format!(
            "{}={} (at {} ns)",
            self.name,
            self.value.get(),
            self.changed_at.get()
        )
    }
}

export!(Counters);
