//! The app benchmark's weld-only probe (`bench/app-probe/wit/probe.wit`):
//! one crossing of the app's own text service (weld's default, owned
//! parameters) or of `borrowed-text` (borrowed parameters), n times per
//! host call, and the bytes the generated bindings copied meanwhile.
//!
//! It links the app's `weld-many-text` crate, unchanged: only the weld
//! build has a borrowed-parameter mode, so the app itself stays the same
//! sources both ways and this probe is measured next to it.

weld::generate!({ path: "wit", world: "probe" });

use many::app::text;
use many::probe::borrowed_text;
use weld_bench_app_probe_borrowed as _;
use weld_many_text as _;

struct Probe;

impl Guest for Probe {
    fn echo_n(s: String, n: u32, borrowed: bool) -> u64 {
        if borrowed {
            (0..n).map(|_| borrowed_text::echo(&s).len() as u64).sum()
        } else {
            (0..n).map(|_| text::echo(&s).len() as u64).sum()
        }
    }

    fn copied_bytes() -> Option<u64> {
        weld::copies::copied_bytes()
    }
}

export!(Probe);
