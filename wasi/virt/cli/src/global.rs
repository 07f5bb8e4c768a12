//! State kept in statics.

use core::cell::RefCell;

/// A `RefCell` usable as a `static`.
pub(crate) struct Global<T>(RefCell<T>);

// SAFETY: weld modules are single-threaded (wasm32-wasip1, SPEC.md section
// 5): no two threads ever reach a `Global`.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    /// A global holding `value`.
    pub(crate) const fn new(value: T) -> Self {
        Global(RefCell::new(value))
    }

    /// Runs `f` on the value; `None` if it is already in use (a call that
    /// came back into this crate while it was running).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.0.try_borrow_mut().ok().map(|mut v| f(&mut v))
    }
}
