//! The host boundary's task machinery (ASYNC.md section 11): the
//! Canonical ABI's task built-ins, one record per async export call with
//! its waitable set, and the registry through which a Rust future waits
//! for an event on a host waitable (`wait`).
//!
//! How events reach futures: `wait` joins the waitable to the waitable
//! set of the export call that is running (`current_set`) and registers
//! the polling task's waker under the waitable; the host delivers the
//! event to that call's callback (`export_callback`), which records it
//! in the registry and wakes the waker; the next poll of the `Wait`
//! returns it and takes the waitable out of the set again. A waitable is
//! in a set exactly while a `Wait` for it is registered.
//!
//! Every export call runs the module's one executor, so a task is driven
//! by whichever call is running. Only two things are tied to one call:
//! `[task-return]` (the Canonical ABI checks the calling task), done by
//! the call's own drive (`drive`), and the events of its set. When a
//! call's future completes while another call (or a synchronous export)
//! runs, the completing side wakes the call through the call's wake-up
//! line, a payload-less stream whose read is pending in the call's set
//! while it waits.
//!
//! In a synchronously lifted export (no call record) waitables join a
//! module-wide set that is only ever polled: wasmtime 48 traps on any
//! blocking built-in in a synchronous task before it returns ("cannot
//! block a synchronous task before returning"), so `block_on` there picks
//! up events that already arrived and otherwise reports a stall. Async
//! export calls poll that set too, each time they run, and before
//! waiting move its pending waits into their own set (`Waits::adopt`),
//! so that their events call them back.
//!
//! The registry ([`Waits`]) and the callback codes ([`next_code`]) are
//! plain Rust and host-tested; the rest calls the built-ins (wasm32).
//! Must not: deliver an event to anything but the waker registered for
//! its waitable, or call `[task-return]` outside the call's own drive.

use crate::rust_alloc::vec::Vec;
use core::cell::RefCell;
use core::task::Waker;

/// The built-ins this module imports from `$root` (and `[task-cancel]`
/// from `[export]$root`), as named in `weld_abi::host_async`; a test
/// compares the two lists.
pub const BUILTINS: &[&str] = &[
    "[waitable-set-new]",
    "[waitable-set-wait]",
    "[waitable-set-poll]",
    "[waitable-set-drop]",
    "[waitable-join]",
    "[context-get-0]",
    "[context-set-0]",
    "[thread-yield]",
    "[subtask-drop]",
    "[subtask-cancel]",
    "[stream-new-unit]",
    "[async-lower][stream-read-unit]",
    "[async-lower][stream-write-unit]",
    "[stream-cancel-read-unit]",
    "[stream-drop-readable-unit]",
    "[stream-drop-writable-unit]",
    "[error-context-new-utf8]",
    "[error-context-debug-message-utf8]",
    "[error-context-drop]",
];

/// Callback code: the call exited (`weld_abi::host_async::CALLBACK_EXIT`).
pub const CALLBACK_EXIT: u32 = 0;
/// Callback code: call again after other work.
pub const CALLBACK_YIELD: u32 = 1;
/// Callback code: wait for an event of the set `code >> 4`.
pub const CALLBACK_WAIT: u32 = 2;
/// No event.
pub const EVENT_NONE: u32 = 0;
/// A subtask's status changed.
pub const EVENT_SUBTASK: u32 = 1;
/// A stream read finished.
pub const EVENT_STREAM_READ: u32 = 2;
/// A stream write finished.
pub const EVENT_STREAM_WRITE: u32 = 3;
/// A future read finished.
pub const EVENT_FUTURE_READ: u32 = 4;
/// A future write finished.
pub const EVENT_FUTURE_WRITE: u32 = 5;
/// The caller cancelled the export call.
pub const EVENT_CANCEL: u32 = 6;
/// A stream or future operation is pending.
pub const BLOCKED: u32 = 0xffff_ffff;
/// Status of an async-lowered call: the host has not read the parameters
/// yet (host adapters of imports, `task::host_import`).
pub const STATUS_STARTING: u32 = 0;
/// Status: the host read the parameters; the result comes later.
pub const STATUS_STARTED: u32 = 1;
/// Status: the host returned; the result is in the return area.
pub const STATUS_RETURNED: u32 = 2;
/// Result of a stream or future copy: the values were copied (pumps of
/// host streams and futures, `task::host_streams`).
pub const COPY_COMPLETED: u32 = 0;
/// Result of a stream or future copy: the other end was dropped (pumps of
/// host streams and futures, `task::host_streams`).
pub const COPY_DROPPED: u32 = 1;

/// An event the host delivered for a waitable: its kind (`EVENT_*`) and
/// its code (a subtask's status, or a copy's `count << 4 | result`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostEvent {
    /// `EVENT_SUBTASK`, `EVENT_STREAM_READ`, ...
    pub event: u32,
    /// The status or copy code.
    pub code: u32,
}

/// One registered wait.
struct Slot {
    waitable: u32,
    /// The set the waitable joined (which export call's, or the
    /// synchronous set).
    set: u32,
    waker: Option<Waker>,
    event: Option<HostEvent>,
}

/// Which waitables futures wait on, with their wakers and delivered
/// events. Few waits are pending at once: a vector, searched linearly.
#[derive(Default)]
pub struct Waits {
    slots: RefCell<Vec<Slot>>,
}

impl Waits {
    /// An empty registry.
    pub const fn new() -> Self {
        Waits {
            slots: RefCell::new(Vec::new()),
        }
    }

    /// Registers a wait for `waitable`, joined to `set`, woken through
    /// `waker`. Returns false if `waitable` already has one (one wait per
    /// waitable: a second would steal the first one's event).
    pub fn register(&self, waitable: u32, set: u32, waker: &Waker) -> bool {
        let mut slots = self.slots.borrow_mut();
        if slots.iter().any(|s| s.waitable == waitable) {
            return false;
        }
        slots.push(Slot {
            waitable,
            set,
            waker: Some(waker.clone()),
            event: None,
        });
        true
    }

    /// Replaces the waker of `waitable`'s wait (a task polled it again).
    pub fn update(&self, waitable: u32, waker: &Waker) {
        let mut slots = self.slots.borrow_mut();
        if let Some(s) = slots.iter_mut().find(|s| s.waitable == waitable) {
            match &s.waker {
                Some(w) if w.will_wake(waker) => {}
                _ => s.waker = Some(waker.clone()),
            }
        }
    }

    /// Records `event` for `waitable` and wakes its waiter. False when no
    /// wait is registered for it (the event is not for a `Wait`).
    pub fn deliver(&self, waitable: u32, event: HostEvent) -> bool {
        let waker = {
            let mut slots = self.slots.borrow_mut();
            let Some(s) = slots.iter_mut().find(|s| s.waitable == waitable) else {
                return false;
            };
            s.event = Some(event);
            s.waker.take()
        };
        // Woken outside the borrow: a waker may poll nothing, but it may
        // drop a task whose `Wait` unregisters itself.
        if let Some(w) = waker {
            w.wake();
        }
        true
    }

    /// The event delivered for `waitable`, if any, unregistering its wait
    /// (with the set it had joined).
    pub fn take(&self, waitable: u32) -> Option<(HostEvent, u32)> {
        let mut slots = self.slots.borrow_mut();
        let i = slots
            .iter()
            .position(|s| s.waitable == waitable && s.event.is_some())?;
        let s = slots.swap_remove(i);
        Some((s.event?, s.set))
    }

    /// Unregisters `waitable`'s wait (its future was dropped); returns the
    /// set it had joined.
    pub fn remove(&self, waitable: u32) -> Option<u32> {
        let slot = {
            let mut slots = self.slots.borrow_mut();
            let i = slots.iter().position(|s| s.waitable == waitable)?;
            slots.swap_remove(i)
        };
        // The waker is dropped outside the borrow (it may free a task).
        Some(slot.set)
    }

    /// Moves the waits registered with `set` to set 0 (out of any set),
    /// returning their waitables: what an exiting call takes out of its
    /// set before dropping it (only waits that already completed, whose
    /// futures have not taken their event yet, can be left).
    pub fn leave_set(&self, set: u32) -> Vec<u32> {
        let mut slots = self.slots.borrow_mut();
        slots
            .iter_mut()
            .filter(|s| s.set == set)
            .map(|s| {
                s.set = 0;
                s.waitable
            })
            .collect()
    }

    /// Moves the waits registered with `from` and not yet completed to
    /// `to`, returning their waitables (to join to `to`): how an async
    /// export call adopts the waits a synchronous export left in the
    /// synchronous set, which is only polled, so that their events call
    /// it back.
    pub fn adopt(&self, from: u32, to: u32) -> Vec<u32> {
        let mut slots = self.slots.borrow_mut();
        slots
            .iter_mut()
            .filter(|s| s.set == from && s.event.is_none())
            .map(|s| {
                s.set = to;
                s.waitable
            })
            .collect()
    }

    /// Waits registered with `set` and not yet completed (no event yet).
    pub fn pending_in(&self, set: u32) -> usize {
        self.slots
            .borrow()
            .iter()
            .filter(|s| s.set == set && s.event.is_none())
            .count()
    }
}

/// What an export call's drive returns to the host, from its state:
/// `returned` (its `[task-return]` is done), `pending` (waits in its set
/// still without an event) and its set.
///
/// - returned and nothing pending: `EXIT` (the call returns early and
///   exits late: not before the waits in its set completed);
/// - otherwise `WAIT` on its set: an event of the set, or the wake-up
///   line when another context completes its future, calls it back.
pub fn next_code(returned: bool, pending: usize, set: u32) -> u32 {
    if returned && pending == 0 {
        CALLBACK_EXIT
    } else {
        CALLBACK_WAIT | (set << 4)
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
pub use wasm::*;
