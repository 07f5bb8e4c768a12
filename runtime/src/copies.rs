//! Bytes copied by generated bindings at a boundary, counted on request.
//!
//! A weld call passes its parameters borrowed. With the default
//! `export_params = "owned"` the exporter's glue copies each string and
//! list once into the `String`/`Vec` the implementation takes; with
//! `"borrowed"` it copies nothing. With the `count-copies` feature those
//! copies are counted, so a benchmark can read how many bytes crossed by
//! copy ([`copied_bytes`]). Without it the count is compiled out: the
//! glue's copy is `alloc`'s `ToOwned::to_owned`, nothing more.
//!
//! This module only counts; it must not change what is copied.

/// The trait generated code copies a borrowed view with
/// (`::weld::rt::ToOwned::to_owned(view)`): `alloc`'s `ToOwned`, plus the
/// count when `count-copies` is on.
pub trait ToOwned {
    /// The owned form (`String` for `str`, `Vec<T>` for `[T]`).
    type Owned;

    /// Copies `self` into an owned value.
    fn to_owned(&self) -> Self::Owned;
}

impl<T: ?Sized + crate::rust_alloc::borrow::ToOwned> ToOwned for T {
    type Owned = T::Owned;

    #[inline]
    fn to_owned(&self) -> T::Owned {
        count(core::mem::size_of_val(self));
        crate::rust_alloc::borrow::ToOwned::to_owned(self)
    }
}

#[cfg(feature = "count-copies")]
static COPIED: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);

/// Adds `bytes` to the count (nothing without `count-copies`).
#[inline(always)]
fn count(bytes: usize) {
    #[cfg(feature = "count-copies")]
    COPIED.fetch_add(bytes as u64, core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(feature = "count-copies"))]
    let _ = bytes;
}

/// Bytes copied by generated bindings in this module since it started
/// (`None` when built without the `count-copies` feature).
pub fn copied_bytes() -> Option<u64> {
    #[cfg(feature = "count-copies")]
    return Some(COPIED.load(core::sync::atomic::Ordering::Relaxed));
    #[cfg(not(feature = "count-copies"))]
    None
}

#[cfg(test)]
mod tests {
    use super::{ToOwned, copied_bytes};

    #[test]
    fn counts_only_with_the_feature() {
        let before = copied_bytes();
        let s: crate::rust_alloc::string::String = ToOwned::to_owned("héllo");
        let v: crate::rust_alloc::vec::Vec<u32> = ToOwned::to_owned(&[1u32, 2, 3][..]);
        assert_eq!((s.as_str(), v.len()), ("héllo", 3));
        match (before, copied_bytes()) {
            (Some(a), Some(b)) => assert!(b - a >= 6 + 12, "{a} -> {b}"),
            (None, None) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(before.is_some(), cfg!(feature = "count-copies"));
    }
}
