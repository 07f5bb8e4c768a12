//! The resource-call benchmark's root crate. Each pair of exports does the
//! same work twice: through the `counter` resource imported from the
//! provider crate (weld's glue: a call into that crate by symbol), and with
//! the provider's Rust type called directly. `black_box` keeps the compiler
//! from folding either loop away.

#[weld::shared_world(path = "../wit", world = "caller")]
mod bindings {}

use bindings::bench::calls::counters::Counter;
use std::hint::black_box;

struct Caller;

impl bindings::Guest for Caller {
    fn method_n(n: u32) -> u32 {
        let c = Counter::new(0);
        let mut last = 0;
        for i in 0..n {
            last = c.add(black_box(i));
        }
        last
    }

    fn direct_n(n: u32) -> u32 {
        let c = black_box(weld_bench_counter::Counter::new(0));
        let mut last = 0;
        for i in 0..n {
            last = c.add(black_box(i));
        }
        last
    }

    fn create_drop_n(n: u32) -> u32 {
        let mut sum = 0u32;
        for i in 0..n {
            let c = Counter::new(black_box(i));
            sum = sum.wrapping_add(c.add(1));
        }
        sum
    }

    fn direct_create_drop_n(n: u32) -> u32 {
        let mut sum = 0u32;
        for i in 0..n {
            let c = black_box(Box::new(weld_bench_counter::Counter::new(black_box(i))));
            sum = sum.wrapping_add(c.add(1));
        }
        sum
    }
}

bindings::export!(Caller with_types_in bindings);
