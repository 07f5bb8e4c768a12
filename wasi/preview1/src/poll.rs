//! `poll_oneoff` (std's `thread::sleep`, and waiting on stdio) with
//! `wasi:io/poll`, and `sched_yield`.

use crate::abi::{self, EINVAL, Errno, Event, SUCCESS, Subscription};
use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::bindings::wasi::io::poll::{self, Pollable};
use crate::clocks::nanos;
use crate::mem;
use crate::state::{self, Entry};
use alloc::vec::Vec;

/// The pollable of one subscription, or `None` when it is ready at once
/// (a file is always ready).
fn pollable(s: &Subscription) -> Result<Option<Pollable>, Errno> {
    match s.tag {
        abi::EVENT_CLOCK => Ok(Some(clock(s)?)),
        abi::EVENT_FD_READ | abi::EVENT_FD_WRITE => state::with(|t| {
            let e = t.get(s.u.id as i32)?;
            Ok(match e {
                Entry::Stdin(_) => e.input().map(|i| i.subscribe()),
                Entry::Stdout(_) | Entry::Stderr(_) => e.output().map(|o| o.subscribe()),
                _ => None,
            })
        }),
        _ => Err(EINVAL),
    }
}

fn clock(s: &Subscription) -> Result<Pollable, Errno> {
    let absolute = s.u.flags & abi::SUBSCRIPTION_CLOCK_ABSTIME != 0;
    match s.u.id as i32 {
        abi::CLOCK_REALTIME if absolute => {
            let now = nanos(wall_clock::now()).ok_or(EINVAL)?;
            Ok(monotonic_clock::subscribe_duration(
                s.u.timeout.saturating_sub(now),
            ))
        }
        abi::CLOCK_REALTIME | abi::CLOCK_MONOTONIC if !absolute => {
            Ok(monotonic_clock::subscribe_duration(s.u.timeout))
        }
        abi::CLOCK_MONOTONIC => Ok(monotonic_clock::subscribe_instant(s.u.timeout)),
        _ => Err(EINVAL),
    }
}

/// The event answering subscription `s`.
fn event(s: &Subscription, error: Errno) -> Event {
    Event {
        userdata: s.userdata,
        error: error as u16,
        kind: s.tag,
        nbytes: if s.tag == abi::EVENT_CLOCK { 0 } else { 1 },
        flags: 0,
    }
}

/// Which subscriptions are ready: those without a pollable at once, else
/// those `wasi:io/poll.poll` names (it blocks until one is).
fn ready(subs: &[Subscription]) -> Vec<(usize, Errno)> {
    let mut waiting = Vec::new();
    let mut done = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        match pollable(s) {
            Ok(Some(p)) => waiting.push((i, p)),
            Ok(None) => done.push((i, SUCCESS)),
            Err(e) => done.push((i, e)),
        }
    }
    if done.is_empty() && !waiting.is_empty() {
        let list: Vec<&Pollable> = waiting.iter().map(|(_, p)| p).collect();
        for k in poll::poll(&list) {
            done.push((waiting[k as usize].0, SUCCESS));
        }
    }
    done
}

/// `poll_oneoff`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_poll_oneoff(
    subs: i32,
    events: i32,
    count: i32,
    out: i32,
) -> Errno {
    if count <= 0 {
        return EINVAL;
    }
    let subs: Vec<Subscription> = (0..count)
        // SAFETY: wasi-libc passes `count` subscriptions.
        .map(|i| unsafe { mem::load(subs + i * 48) })
        .collect();
    let done = ready(&subs);
    for (k, (i, error)) in done.iter().enumerate() {
        // SAFETY: the events buffer has room for `count` events.
        unsafe { mem::store(events + k as i32 * 32, event(&subs[*i], *error)) };
    }
    // SAFETY: wasi-libc passes a `size` out parameter.
    unsafe { mem::store(out, done.len() as u32) };
    SUCCESS
}

/// `sched_yield`: one instance runs one thread; there is nothing to yield
/// to.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_sched_yield() -> Errno {
    SUCCESS
}
