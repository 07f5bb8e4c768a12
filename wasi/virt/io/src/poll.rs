//! `wasi:io/poll`: a pollable asks a [`Pollee`] whether it is ready.

use crate::VirtIo;
use crate::bindings::exports::wasi::io::poll::{Guest, GuestPollable, Pollable, PollableBorrow};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// What a `pollable` waits for.
///
/// Implemented by the crates that create pollables (a virtual clock's
/// deadline, a stream's readiness). Both methods take `&self`: keep any
/// state that changes in a `Cell` or `RefCell`.
pub trait Pollee: 'static {
    /// Whether the event has happened (`pollable.ready`); must not block.
    fn ready(&self) -> bool;
    /// Waits until [`ready`](Pollee::ready) would return true
    /// (`pollable.block`). In a virtual world nothing else runs meanwhile,
    /// so this usually makes the event happen (a virtual clock advances to
    /// its deadline).
    fn block(&self);
}

/// The [`Pollee`] of [`ready_pollable`].
struct Ready;

impl Pollee for Ready {
    fn ready(&self) -> bool {
        true
    }
    fn block(&self) {}
}

/// The representation of a `pollable` resource.
pub(crate) struct PollableRep {
    pollee: Box<dyn Pollee>,
}

impl GuestPollable for PollableRep {
    fn ready(&self) -> bool {
        self.pollee.ready()
    }
    fn block(&self) {
        self.pollee.block();
    }
}

impl Guest for VirtIo {
    type Pollable = PollableRep;

    /// The indices of the ready pollables. When none is ready, blocks on the
    /// first one and returns those ready then; a pollable whose `block`
    /// returned counts as ready for this call, so the result is never empty
    /// unless `in` is.
    fn poll(pollables: Vec<PollableBorrow<'_>>) -> Vec<u32> {
        let reps: Vec<&PollableRep> = pollables.iter().map(|p| p.get::<PollableRep>()).collect();
        let ready = |reps: &[&PollableRep]| -> Vec<u32> {
            (0u32..)
                .zip(reps)
                .filter(|(_, p)| p.ready())
                .map(|(i, _)| i)
                .collect()
        };
        let found = ready(&reps);
        if !found.is_empty() {
            return found;
        }
        let Some(first) = reps.first() else {
            return Vec::new();
        };
        first.block();
        let found = ready(&reps);
        if found.is_empty() {
            alloc::vec![0]
        } else {
            found
        }
    }
}

/// The exported own `pollable` asking `pollee`.
pub(crate) fn new_pollable(pollee: impl Pollee) -> Pollable {
    Pollable::new(PollableRep {
        pollee: Box::new(pollee),
    })
}

/// The exported own `pollable` that is always ready.
pub(crate) fn new_ready() -> Pollable {
    new_pollable(Ready)
}

/// A new own handle of `wasi:io/poll.pollable` asking `pollee`.
///
/// The caller owns the handle: turn it into its bindings' imported
/// `Pollable` with `from_handle` (see the crate docs); dropping that drops
/// `pollee`.
pub fn pollable(pollee: impl Pollee) -> u32 {
    new_pollable(pollee).take_handle()
}

/// A new own handle of `wasi:io/poll.pollable` that is always ready.
pub fn ready_pollable() -> u32 {
    new_ready().take_handle()
}
