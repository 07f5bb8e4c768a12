//! Virtual `wasi:random` 0.2: a seeded random source.
//!
//! # What it serves
//!
//! This crate exports the world `weld:wasi/virt-random`
//! (`wasi/wit/worlds.wit`): `wasi:random/random`, `wasi:random/insecure` and
//! `wasi:random/insecure-seed` at 0.2.12, for every crate of the link that
//! imports them (std's `HashMap` keys and `getrandom` through weld's
//! preview 1 layer).
//!
//! **Not cryptographically secure.** Every value comes from a deterministic
//! generator (xoshiro256**, seeded by SplitMix64) so that runs are
//! reproducible: the same seed gives the same bytes, in the same order, on
//! every run. The default seed is [`DEFAULT_SEED`]; [`set_seed`] restarts
//! from another. `random` and `insecure` draw from two generators derived
//! from the seed, so one's use does not shift the other's values;
//! `insecure-seed` returns the same pair for a given seed. Do not link this
//! crate into an app that needs secrets (keys, tokens, nonces): serve
//! `wasi:random/random` from the host, or from a crate of your own.
//!
//! Nothing here calls std's randomness or I/O (this crate is what they
//! reach); it is `no_std` with `alloc`.
//!
//! # Linking it
//!
//! Depend on the crate and name it once in the root crate, or rustc leaves
//! an unused dependency out of the link:
//!
//! ```ignore
//! use weld_virt_random as _;
//! ```
//!
//! Calling one of its functions names it too. weld-ld then links every
//! import of these interfaces in the module to this crate, and with
//! `--no-host-imports` proves that none reaches the host.
//!
//! # Replacing it
//!
//! Any crate exporting the same three interfaces can take this one's place
//! (weld-ld links each import to the one crate exporting it): link it
//! instead of this one.
#![cfg_attr(not(test), no_std)]

extern crate alloc;

#[weld::shared_world(path = "../../wit", world = "virt-random")]
mod bindings {}

mod rng;

use alloc::vec::Vec;
use bindings::exports::wasi::random::{insecure, insecure_seed, random};
use core::cell::Cell;
use rng::Xoshiro;

/// The seed used until [`set_seed`] is called.
pub const DEFAULT_SEED: u64 = 0x7765_6c64_2d72_6e67;

/// What `insecure`'s generator is seeded with, relative to the seed.
const INSECURE_SALT: u64 = 0x696e_7365_6375_7265;

/// The generator of `wasi:random/random`.
static RANDOM: Xoshiro = Xoshiro::unseeded();
/// The generator of `wasi:random/insecure`.
static INSECURE: Xoshiro = Xoshiro::unseeded();

/// The seed in force.
struct Seed(Cell<u64>);

// SAFETY: weld modules are single-threaded (wasm32-wasip1, SPEC.md section
// 5): no two threads ever reach `SEED`.
unsafe impl Sync for Seed {}

static SEED: Seed = Seed(Cell::new(DEFAULT_SEED));

/// Restarts every sequence from `seed`: after `set_seed(s)`, the module's
/// random values are the same as after any other `set_seed(s)`.
pub fn set_seed(seed: u64) {
    SEED.0.set(seed);
    RANDOM.seed(seed);
    INSECURE.seed(seed ^ INSECURE_SALT);
}

/// The generator `g`, seeded from the seed in force if it was not yet.
fn seeded(g: &'static Xoshiro) -> &'static Xoshiro {
    if !g.is_seeded() {
        set_seed(SEED.0.get());
    }
    g
}

/// `len` bytes of `g`. A length that memory cannot hold traps, as a host
/// running out of memory for the result would.
fn bytes(g: &'static Xoshiro, len: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let reserved = usize::try_from(len).map(|n| out.try_reserve_exact(n).map(|()| n));
    let Ok(Ok(n)) = reserved else { trap() };
    out.resize(n, 0);
    seeded(g).fill(&mut out);
    out
}

/// Stops the module with a wasm trap.
fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::unreachable()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        panic!("weld-virt-random: out of memory")
    }
}

/// The type whose `Guest` implementations the export glue calls.
struct VirtRandom;

impl random::Guest for VirtRandom {
    fn get_random_bytes(len: u64) -> Vec<u8> {
        bytes(&RANDOM, len)
    }
    fn get_random_u64() -> u64 {
        seeded(&RANDOM).next_u64()
    }
}

impl insecure::Guest for VirtRandom {
    fn get_insecure_random_bytes(len: u64) -> Vec<u8> {
        bytes(&INSECURE, len)
    }
    fn get_insecure_random_u64() -> u64 {
        seeded(&INSECURE).next_u64()
    }
}

impl insecure_seed::Guest for VirtRandom {
    /// The same pair for a given seed (the interface is meant to be called
    /// once, to key hash maps).
    fn insecure_seed() -> (u64, u64) {
        let seed = SEED.0.get();
        let g = Xoshiro::unseeded();
        g.seed(seed.rotate_left(32) ^ INSECURE_SALT);
        (g.next_u64(), g.next_u64())
    }
}

bindings::export!(VirtRandom with_types_in bindings);
