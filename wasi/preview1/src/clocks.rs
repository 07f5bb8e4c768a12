//! `clock_time_get` and `clock_res_get`: the realtime clock is
//! `wasi:clocks/wall-clock`; the monotonic and CPU-time clocks are
//! `wasi:clocks/monotonic-clock` (WASI 0.2 has no CPU clocks).

use crate::abi::{
    CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME, CLOCK_REALTIME, CLOCK_THREAD_CPUTIME, EINVAL,
    EOVERFLOW, Errno, SUCCESS,
};
use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::mem;

/// Nanoseconds since the epoch of a wall-clock time.
pub fn nanos(t: wall_clock::Datetime) -> Option<u64> {
    t.seconds
        .checked_mul(1_000_000_000)?
        .checked_add(u64::from(t.nanoseconds))
}

/// `clock_time_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_clock_time_get(
    id: i32,
    _precision: i64,
    out: i32,
) -> Errno {
    let t = match id {
        CLOCK_REALTIME => match nanos(wall_clock::now()) {
            Some(t) => t,
            None => return EOVERFLOW,
        },
        CLOCK_MONOTONIC | CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME => monotonic_clock::now(),
        _ => return EINVAL,
    };
    // SAFETY: wasi-libc passes a `timestamp` out parameter.
    unsafe { mem::store(out, t) };
    SUCCESS
}

/// `clock_res_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_clock_res_get(
    id: i32,
    out: i32,
) -> Errno {
    let r = match id {
        CLOCK_REALTIME => match nanos(wall_clock::resolution()) {
            Some(t) => t,
            None => return EOVERFLOW,
        },
        CLOCK_MONOTONIC | CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME => {
            monotonic_clock::resolution()
        }
        _ => return EINVAL,
    };
    // SAFETY: wasi-libc passes a `timestamp` out parameter.
    unsafe { mem::store(out, r) };
    SUCCESS
}
