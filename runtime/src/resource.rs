//! Resources exported by a linked crate: a handle is the address of the
//! resource's representation, a `Box<T>` of the user's type (SPEC.md,
//! "Resources"). No handle table: creating a resource is one allocation,
//! using it is a pointer dereference, dropping it frees the box.
//!
//! Only the exporting crate's glue calls these, with the type its `Guest`
//! implementation registered; importers only ever pass handles along.

use crate::rust_alloc::boxed::Box;
use core::any::TypeId;
use core::cell::Cell;

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

/// Remembers the one Rust type that represents a resource, so that
/// `R::new::<T>` with two different `T`s panics instead of letting the
/// destructor free the wrong type.
pub struct TypeGuard(Cell<Option<TypeId>>);

// SAFETY: wasm32-wasip1 modules are single-threaded (SPEC.md section 5).
unsafe impl Sync for TypeGuard {}

impl TypeGuard {
    /// A guard that has seen no type yet.
    #[allow(clippy::new_without_default, reason = "used in statics")]
    pub const fn new() -> Self {
        TypeGuard(Cell::new(None))
    }

    /// Records `T` the first time; panics if a different type comes later.
    #[inline]
    pub fn check<T: 'static>(&self, resource: &'static str) {
        let id = TypeId::of::<T>();
        match self.0.get() {
            Some(seen) if seen != id => {
                panic!("weld: resource `{resource}` is represented by two different Rust types")
            }
            Some(_) => {}
            None => self.0.set(Some(id)),
        }
    }
}
