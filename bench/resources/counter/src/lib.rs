//! Exports the benchmark's `counter` resource. [`Counter`] is also public,
//! so that the caller crate can do the same work with plain Rust calls.

#[weld::shared_world(path = "../wit", world = "counter-provider")]
mod bindings {}

use bindings::exports::bench::calls::counters::{Guest, GuestCounter};
use std::cell::Cell;

/// The counter's representation, and the type the direct calls use.
pub struct Counter {
    value: Cell<u32>,
}

impl Counter {
    /// A counter at `start`.
    pub fn new(start: u32) -> Self {
        Counter {
            value: Cell::new(start),
        }
    }

    /// Adds `by` (wrapping) and returns the new value.
    #[inline(never)]
    pub fn add(&self, by: u32) -> u32 {
        let v = self.value.get().wrapping_add(by);
        self.value.set(v);
        v
    }
}

impl GuestCounter for Counter {
    fn new(start: u32) -> Self {
        Counter::new(start)
    }
    fn add(&self, by: u32) -> u32 {
        Counter::add(self, by)
    }
}

struct Provider;

impl Guest for Provider {
    type Counter = Counter;
}

bindings::export!(Provider with_types_in bindings);
