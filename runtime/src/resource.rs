//! Resources exported by a linked crate: a handle is the address of the
//! resource's representation, a `Box<T>` of the user's type (SPEC.md,
//! "Resources"). No handle table: creating a resource is one allocation,
//! using it is a pointer dereference, dropping it frees the box.
//!
//! Only the exporting crate's glue calls these, with the type its `Guest`
//! implementation registered; importers only ever pass handles along.
//!
//! In debug builds each resource type's [`TypeGuard`] also keeps the set of
//! live handles and the number of live borrows of each (the *checked
//! mode*): use after drop, double drop and a borrow kept past its call
//! panic with a message naming the resource. Release builds compile none
//! of it (every check is behind `cfg!(debug_assertions)`).

use crate::rust_alloc::boxed::Box;
use core::any::TypeId;
use core::cell::Cell;
#[cfg(debug_assertions)]
use core::cell::RefCell;

/// A Rust type that represents an exported resource, and how it is stored
/// (wit-bindgen's `Resource`): every `GuestR` trait has it as supertrait,
/// so a `GuestR` implementation can name `Self::Rep`, the value its
/// `resource_into_raw_`/`resource_from_raw_` hooks place and take back.
/// In weld the representation is the value itself.
pub trait Resource: Sized + 'static {
    /// What a handle points at.
    type Rep: ResourceRep<Self>;
}

impl<T: 'static> Resource for T {
    type Rep = T;
}

/// A representation holding a value of `T`.
///
/// # Safety
/// `rep_as_ref`/`rep_as_mut` must return the value that `rep_new` stored
/// (or that `rep_take` would return), read through a pointer to a live
/// representation.
pub unsafe trait ResourceRep<T>: Sized {
    /// The representation of `val`.
    fn rep_new(val: T) -> Self;
    /// The value behind a representation.
    ///
    /// # Safety
    /// `rep` points at a live representation for `'a`.
    unsafe fn rep_as_ref<'a>(rep: *const Self) -> &'a T;
    /// The value behind a representation, mutably.
    ///
    /// # Safety
    /// As for `rep_as_ref`, and nothing else uses it for `'a`.
    unsafe fn rep_as_mut<'a>(rep: *mut Self) -> &'a mut T;
    /// The value, out of its representation.
    fn rep_take(self) -> T;
}

// SAFETY: the representation is the value.
unsafe impl<T> ResourceRep<T> for T {
    #[inline]
    fn rep_new(val: T) -> Self {
        val
    }
    #[inline]
    unsafe fn rep_as_ref<'a>(rep: *const Self) -> &'a T {
        // SAFETY: the caller guarantees a live value for `'a`.
        unsafe { &*rep }
    }
    #[inline]
    unsafe fn rep_as_mut<'a>(rep: *mut Self) -> &'a mut T {
        // SAFETY: the caller guarantees a live, unshared value for `'a`.
        unsafe { &mut *rep }
    }
    #[inline]
    fn rep_take(self) -> T {
        self
    }
}

/// Moves `val` into a new representation and returns its handle.
#[inline]
pub fn resource_new<T: 'static>(val: T) -> u32 {
    // A `Box` pointer is never 0 (0 is never a valid handle), and on wasm32
    // it fits a `u32`.
    Box::into_raw(Box::new(val)) as usize as u32
}

/// The representation behind `handle`.
///
/// # Safety
/// `handle` must come from [`resource_new::<T>`] and not have been dropped.
#[inline]
pub unsafe fn resource_rep<T>(handle: u32) -> *mut T {
    handle as usize as *mut T
}

/// Takes the value out of `handle` and frees its representation.
///
/// # Safety
/// As for [`resource_rep`]; `handle` is dead afterwards.
#[inline]
pub unsafe fn resource_take<T>(handle: u32) -> T {
    // SAFETY: the caller guarantees a live `Box<T>` at `handle`.
    *unsafe { Box::from_raw(resource_rep::<T>(handle)) }
}

/// Runs `T`'s destructor and frees the representation (`[resource-drop]`).
///
/// # Safety
/// As for [`resource_take`].
#[inline]
pub unsafe fn resource_drop<T>(handle: u32) {
    // SAFETY: forwarded to the caller's obligations.
    drop(unsafe { resource_take::<T>(handle) });
}

/// The representation whose host handle is being dropped by
/// [`detach_from_host`] (0: none): its `[dtor]` must not run.
struct Detaching(Cell<u32>);

// SAFETY: wasm32-wasip1 modules are single-threaded (SPEC.md section 5).
unsafe impl Sync for Detaching {}

static DETACHING: Detaching = Detaching(Cell::new(0));

/// Takes representation `rep` back from the host: `drop_host_handle` drops
/// the host's own handle of it (`[resource-drop]`), during which the host
/// calls the resource's `[dtor]` export, which must then do nothing
/// ([`host_detached`]). The Canonical ABI runs that destructor call
/// synchronously, inside the drop.
#[inline]
pub fn detach_from_host(rep: u32, drop_host_handle: impl FnOnce()) {
    DETACHING.0.set(rep);
    drop_host_handle();
    DETACHING.0.set(0);
}

/// Whether the host's `[dtor]` call for `rep` comes from
/// [`detach_from_host`] (the resource lives on in this module) rather than
/// from the host dropping its last handle.
#[inline]
pub fn host_detached(rep: u32) -> bool {
    rep != 0 && DETACHING.0.get() == rep
}

/// One per exported resource type: remembers the one Rust type that
/// represents it (so that `R::new::<T>` with two different `T`s panics
/// instead of letting the destructor free the wrong type), and in debug
/// builds the live handles and their live borrows.
pub struct TypeGuard {
    ty: Cell<Option<TypeId>>,
    /// `resource_drop::<T>` for that type, for [`TypeGuard::drop_own`].
    drop: Cell<Option<unsafe fn(u32)>>,
    /// Live handle -> number of live borrows of it.
    #[cfg(debug_assertions)]
    live: RefCell<crate::rust_alloc::collections::BTreeMap<u32, u32>>,
    /// Handles lent to pending async calls (once per lend), in every
    /// build: a lend outlives its call (abi-spec/ASYNC.md section 4).
    async_lends: core::cell::RefCell<crate::rust_alloc::vec::Vec<u32>>,
}

// SAFETY: wasm32-wasip1 modules are single-threaded (SPEC.md section 5).
unsafe impl Sync for TypeGuard {}

impl TypeGuard {
    /// A guard that has seen no type yet.
    #[allow(clippy::new_without_default, reason = "used in statics")]
    pub const fn new() -> Self {
        TypeGuard {
            ty: Cell::new(None),
            drop: Cell::new(None),
            #[cfg(debug_assertions)]
            live: RefCell::new(crate::rust_alloc::collections::BTreeMap::new()),
            async_lends: core::cell::RefCell::new(crate::rust_alloc::vec::Vec::new()),
        }
    }

    /// Records `T` the first time; panics if a different type comes later.
    #[inline]
    pub fn check<T: 'static>(&self, resource: &'static str) {
        let id = TypeId::of::<T>();
        match self.ty.get() {
            Some(seen) if seen != id => {
                panic!("weld: resource `{resource}` is represented by two different Rust types")
            }
            Some(_) => {}
            None => {
                self.ty.set(Some(id));
                self.drop.set(Some(resource_drop::<T>));
            }
        }
    }

    /// Replaces the function [`TypeGuard::drop_own`] calls: the exporting
    /// crate's, which takes the representation back through the
    /// resource's `resource_from_raw_` hook (a `Box` by default).
    #[inline]
    pub fn set_drop(&self, drop: unsafe fn(u32)) {
        self.drop.set(Some(drop));
    }

    /// Drops an own handle of this resource held by the exporting crate
    /// itself: runs the destructor of the type [`TypeGuard::check`] saw,
    /// in this crate, without going through the `[resource-drop]` symbol
    /// (which a wrapper of the interface takes over for every other
    /// crate's drops: SPEC.md section 13, "Resources through a wrapper").
    /// Returns `false`, doing nothing, if no type was seen yet (no handle
    /// of it was made in this crate).
    ///
    /// # Safety
    /// `handle` must be an own handle of this resource, given up here.
    #[inline]
    pub unsafe fn drop_own(&self, handle: u32, resource: &'static str) -> bool {
        let Some(drop) = self.drop.get() else {
            return false;
        };
        self.dropped(handle, resource);
        // SAFETY: `drop` is `resource_drop::<T>` for the type every handle
        // of this resource has (`check`), and the caller gives `handle` up.
        unsafe { drop(handle) };
        true
    }

    /// Checked mode: `handle` was just created.
    #[inline]
    pub fn created(&self, handle: u32) {
        #[cfg(debug_assertions)]
        self.live.borrow_mut().insert(handle, 0);
        let _ = handle;
    }

    /// Checked mode: panics unless `handle` is live.
    #[inline]
    pub fn live(&self, handle: u32, resource: &'static str) {
        #[cfg(debug_assertions)]
        if !self.live.borrow().contains_key(&handle) {
            panic!("weld: resource `{resource}`: handle {handle:#x} used after it was dropped");
        }
        let _ = (handle, resource);
    }

    /// Checked mode: `handle` is being dropped (or turned back into its
    /// value); panics if it is not live or still borrowed. In every build:
    /// panics if a pending async call borrows it ([`TypeGuard::unlent`]).
    #[inline]
    pub fn dropped(&self, handle: u32, resource: &'static str) {
        self.unlent(handle, resource);
        #[cfg(debug_assertions)]
        match self.live.borrow_mut().remove(&handle) {
            None => panic!(
                "weld: resource `{resource}`: handle {handle:#x} dropped twice (or never created)"
            ),
            Some(0) => {}
            Some(_) => panic!(
                "weld: resource `{resource}`: handle {handle:#x} dropped while borrowed \
                 (a borrow was kept past its call)"
            ),
        }
        let _ = (handle, resource);
    }

    /// Lends `handle` to an async call until the returned [`AsyncLend`]
    /// is dropped (when the call's task completes or is cancelled).
    pub fn lend_async(&'static self, handle: u32, resource: &'static str) -> AsyncLend {
        self.live(handle, resource);
        self.async_lends.borrow_mut().push(handle);
        AsyncLend {
            guard: self,
            handle,
        }
    }

    /// Panics if a pending async call borrows `handle`: dropping it, taking
    /// its value out or borrowing it mutably would pull the resource from
    /// under that call (possible only if the call's future was leaked, as
    /// `mem::forget` can; the Canonical ABI traps on dropping a lent
    /// handle too).
    #[inline]
    pub fn unlent(&self, handle: u32, resource: &'static str) {
        let lends = self.async_lends.borrow();
        if !lends.is_empty() && lends.contains(&handle) {
            panic!(
                "weld: resource `{resource}`: handle {handle:#x} dropped, taken or borrowed \
                 mutably while a pending async call borrows it (was its future leaked?)"
            );
        }
    }

    /// Checked mode: the number of live borrows of `handle` (0 in release).
    #[inline]
    pub fn borrows(&self, handle: u32) -> u32 {
        #[cfg(debug_assertions)]
        return self.live.borrow().get(&handle).copied().unwrap_or(0);
        #[cfg(not(debug_assertions))]
        {
            let _ = handle;
            0
        }
    }

    /// Checked mode: a borrow of `handle` starts (the handle must be live).
    #[inline]
    pub fn lend(&self, handle: u32, resource: &'static str) {
        self.live(handle, resource);
        #[cfg(debug_assertions)]
        if let Some(n) = self.live.borrow_mut().get_mut(&handle) {
            *n += 1;
        }
    }

    /// Checked mode: a borrow of `handle` ends.
    #[inline]
    pub fn give_back(&self, handle: u32) {
        #[cfg(debug_assertions)]
        if let Some(n) = self.live.borrow_mut().get_mut(&handle) {
            *n = n.saturating_sub(1);
        }
        let _ = handle;
    }

    /// Checked mode: after a call that received a borrow of `handle`, the
    /// number of its borrows must be back to `before`.
    #[inline]
    pub fn returned(&self, handle: u32, before: u32, resource: &'static str) {
        if cfg!(debug_assertions) && self.borrows(handle) > before {
            panic!(
                "weld: resource `{resource}`: a borrow of handle {handle:#x} was kept past its call"
            );
        }
    }
}

/// A resource lent to a pending async call (the receiver of an async
/// method): while it lives, dropping the resource, taking its value or
/// borrowing it mutably panics instead of freeing what the call uses.
pub struct AsyncLend {
    guard: &'static TypeGuard,
    handle: u32,
}

impl AsyncLend {
    /// Runs `future` with the lend, which ends when the future completes
    /// or is dropped (after the future's own destructor).
    pub fn run<F: core::future::Future>(self, future: F) -> Lent<F> {
        Lent {
            future,
            _lend: self,
        }
    }
}

impl core::fmt::Debug for AsyncLend {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AsyncLend")
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

impl Drop for AsyncLend {
    fn drop(&mut self) {
        let mut lends = self.guard.async_lends.borrow_mut();
        if let Some(i) = lends.iter().position(|h| *h == self.handle) {
            lends.swap_remove(i);
        }
    }
}

/// A future holding a resource lent for it ([`AsyncLend::run`]). Fields
/// drop in order: the future, then the lend.
#[derive(Debug)]
pub struct Lent<F> {
    future: F,
    _lend: AsyncLend,
}

impl<F: core::future::Future> core::future::Future for Lent<F> {
    type Output = F::Output;

    fn poll(
        self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<F::Output> {
        // SAFETY: `future` is structurally pinned: it is never moved out
        // of `Lent`, which has no `Unpin` impl of its own and no `Drop`.
        unsafe { self.map_unchecked_mut(|s| &mut s.future) }.poll(cx)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::TypeGuard;
    use core::future::Future;
    use core::task::{Context, Waker};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    static GUARD: TypeGuard = TypeGuard::new();

    /// Whether `handle` is lent (`unlent` panics).
    fn lent(handle: u32) -> bool {
        catch_unwind(AssertUnwindSafe(|| GUARD.unlent(handle, "probe"))).is_err()
    }

    /// Checks, when dropped, that the lend is still held.
    struct Probe(u32);

    impl Drop for Probe {
        fn drop(&mut self) {
            assert!(lent(self.0), "the lend ended before the future was dropped");
        }
    }

    #[test]
    fn a_lent_handle_cannot_be_dropped_until_the_lend_ends() {
        let handle = 0x1000;
        GUARD.created(handle);
        let lend = GUARD.lend_async(handle, "probe");
        let caught = catch_unwind(AssertUnwindSafe(|| GUARD.dropped(handle, "probe")));
        let message = caught.expect_err("dropping a lent handle must panic");
        let message = message
            .downcast_ref::<std::string::String>()
            .cloned()
            .unwrap_or_default();
        assert!(
            message.contains("while a pending async call borrows it"),
            "{message}"
        );
        assert!(!lent(handle + 8), "another handle is not lent");
        // Cancelled while pending: the future drops first, then the lend.
        let probe = Probe(handle);
        let mut task = std::boxed::Box::pin(lend.run(async move {
            let _probe = probe;
            core::future::pending::<()>().await;
        }));
        assert!(
            task.as_mut()
                .poll(&mut Context::from_waker(Waker::noop()))
                .is_pending()
        );
        drop(task);
        assert!(!lent(handle), "the lend ended with the task");
        GUARD.dropped(handle, "probe");
    }
}
