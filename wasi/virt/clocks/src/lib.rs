//! Virtual `wasi:clocks` 0.2: a deterministic wall clock and monotonic
//! clock.
//!
//! # What it serves
//!
//! This crate exports the world `weld:wasi/virt-clocks`
//! (`wasi/wit/worlds.wit`): `wasi:clocks/wall-clock` and
//! `wasi:clocks/monotonic-clock` at 0.2.12, for every crate of the link that
//! imports them (std through weld's preview 1 layer: `SystemTime::now`,
//! `Instant::now`, `std::thread::sleep`).
//!
//! Both clocks read one virtual timeline, so runs are reproducible:
//!
//! - The **monotonic clock** starts at 0 and every read of either clock
//!   advances it by the *tick* (default 1 µs, [`set_tick`]): elapsed times
//!   are positive and the same on every run. [`advance`] moves it forward;
//!   [`monotonic_now`] reads it without advancing.
//! - The **wall clock** starts at 2026-01-01T00:00:00Z
//!   ([`set_wall_clock`] sets another time) and advances with the
//!   monotonic clock.
//! - `subscribe-instant` and `subscribe-duration` return pollables (minted
//!   by `weld-virt-io`) that are ready once the monotonic clock reaches their
//!   deadline; blocking on one (a sleep) moves time forward to the deadline
//!   at once.
//! - Both clocks report the tick as their resolution.
//!
//! Nothing here calls std's clocks or I/O (this crate is what they reach);
//! it is `no_std`.
//!
//! # Linking it
//!
//! Depend on the crate and name it once in the root crate, or rustc leaves
//! an unused dependency out of the link:
//!
//! ```ignore
//! use weld_virt_clocks as _;
//! ```
//!
//! Calling one of its functions names it too. weld-ld then links every
//! import of these interfaces in the module to this crate, and with
//! `--no-host-imports` proves that none reaches the host.
//!
//! # Replacing it
//!
//! Any crate exporting the same two interfaces can take this one's place
//! (weld-ld links each import to the one crate exporting it): link it
//! instead of this one. Its pollables must come from the exporter of
//! `wasi:io/poll`; with `weld-virt-io`, `weld_virt_io::pollable(pollee)`
//! turned into the crate's own `Pollable` with `from_handle`, as here.
#![cfg_attr(not(test), no_std)]

#[weld::shared_world(path = "../../wit", world = "virt-clocks")]
mod bindings {}

mod time;

use bindings::exports::wasi::clocks::{monotonic_clock, wall_clock};
use bindings::wasi::io::poll::Pollable;
use wall_clock::Datetime;
use weld_virt_io::Pollee;

pub use time::{
    DEFAULT_TICK_NANOS, DEFAULT_WALL_SECONDS, advance, monotonic_now, set_tick, set_wall_clock,
    wall_now,
};

/// The type whose `Guest` implementations the export glue calls.
struct VirtClocks;

/// What a clock's pollable waits for: the monotonic clock reaching
/// `deadline`.
struct Deadline {
    deadline: u64,
}

impl Pollee for Deadline {
    fn ready(&self) -> bool {
        time::monotonic_now() >= self.deadline
    }
    /// Nothing else runs while the caller waits: time jumps to the deadline.
    fn block(&self) {
        time::advance_to(self.deadline);
    }
}

/// A new own pollable ready at monotonic instant `deadline`.
fn deadline(deadline: u64) -> Pollable {
    let handle = weld_virt_io::pollable(Deadline { deadline });
    // SAFETY: `handle` is a new own handle of wasi:io/poll.pollable
    // (weld-virt-io, linked with this crate, exports it) that nothing else
    // owns.
    unsafe { Pollable::from_handle(handle) }
}

impl monotonic_clock::Guest for VirtClocks {
    fn now() -> u64 {
        time::read()
    }
    fn resolution() -> u64 {
        time::resolution()
    }
    fn subscribe_instant(when: u64) -> Pollable {
        deadline(when)
    }
    fn subscribe_duration(when: u64) -> Pollable {
        deadline(time::monotonic_now().saturating_add(when))
    }
}

impl wall_clock::Guest for VirtClocks {
    fn now() -> Datetime {
        let (seconds, nanoseconds) = time::wall_at(time::read());
        Datetime {
            seconds,
            nanoseconds,
        }
    }
    fn resolution() -> Datetime {
        let tick = time::resolution();
        let nanoseconds = u32::try_from(tick % 1_000_000_000).unwrap_or(0);
        Datetime {
            seconds: tick / 1_000_000_000,
            nanoseconds,
        }
    }
}

bindings::export!(VirtClocks with_types_in bindings);
