//! The random service: exports `many:app/random`, a deterministic
//! xorshift64* sequence.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "random-source" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "random-source" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::random::Guest;
use std::cell::Cell;

thread_local! {
    static STATE: Cell<u64> = const { Cell::new(0x9E37_79B9_7F4A_7C15) };
}

/// One xorshift64* step.
fn step() -> u64 {
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

struct Random;

impl Guest for Random {
    fn seed(seed: u64) {
        // xorshift never leaves zero: map it to another state.
        STATE.with(|s| s.set(if seed == 0 { 1 } else { seed }));
    }

    fn next() -> u64 {
        step()
    }

    fn bytes(n: u32) -> Vec<u8> {
        (0..n).map(|_| step() as u8).collect()
    }
}

export!(Random);
