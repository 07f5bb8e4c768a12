//! Helpers called by code that `#[shared_world]` generates.
//!
//! Not a public API: names and signatures follow the generator, which always
//! comes from the same weld release (the generated code names this crate's
//! exact version through `VERSION_CHECK_<version>`). Everything here is small
//! and `#[inline]`: it is the glue of one internal call.
//!
//! Ownership rules (abi-spec/SPEC.md, "Ownership"): parameters are borrowed
//! for the duration of a call, results are owned by the caller and their
//! buffers were allocated by the one allocator with exactly
//! `len * size_of::<T>()` bytes.

pub use crate::copies::ToOwned;
pub use crate::resource::{
    AsyncLend, Lent, Resource, ResourceRep, TypeGuard, detach_from_host, host_detached,
    resource_drop, resource_new, resource_rep, resource_take,
};
pub use crate::rust_alloc::alloc::{Layout, alloc, dealloc, handle_alloc_error};
pub use crate::rust_alloc::boxed::Box;
pub use crate::rust_alloc::string::String;
pub use crate::rust_alloc::vec::Vec;

/// The Rust type of WIT `map<K, V>` unless the `map_type` option names
/// another: a `BTreeMap`, as in wit-bindgen (whose `rt::Map` is the same
/// alias).
pub type Map<K, V> = crate::rust_alloc::collections::BTreeMap<K, V>;
pub use core::marker::PhantomData;
pub use core::mem::{ManuallyDrop, MaybeUninit};

use core::ptr::NonNull;

/// Values that lower to a core `i32` (by value or through a reference, so
/// that generated code lowers borrowed aggregates without copying them).
pub trait AsI32 {
    /// The value as a core wasm `i32`.
    fn as_i32(&self) -> i32;
}

/// Values that lower to a core `i64`.
pub trait AsI64 {
    /// The value as a core wasm `i64`.
    fn as_i64(&self) -> i64;
}

/// Values that lower to a core `f32`.
pub trait AsF32 {
    /// The value as a core wasm `f32`.
    fn as_f32(&self) -> f32;
}

/// Values that lower to a core `f64`.
pub trait AsF64 {
    /// The value as a core wasm `f64`.
    fn as_f64(&self) -> f64;
}

macro_rules! as_core {
    ($trait:ident $method:ident $core:ty: $($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl $trait for $t {
            #[inline]
            fn $method(&self) -> $core {
                let $v = *self;
                $e
            }
        }
    )*
    impl<T: $trait + ?Sized> $trait for &T {
        #[inline]
        fn $method(&self) -> $core {
            (**self).$method()
        }
    }};
}

as_core!(AsI32 as_i32 i32:
    bool => |v| i32::from(v),
    char => |v| v as i32,
    u8 => |v| i32::from(v),
    i8 => |v| i32::from(v),
    u16 => |v| i32::from(v),
    i16 => |v| i32::from(v),
    u32 => |v| v as i32,
    i32 => |v| v,
);
as_core!(AsI64 as_i64 i64: u64 => |v| v as i64, i64 => |v| v);
as_core!(AsF32 as_f32 f32: f32 => |v| v);
as_core!(AsF64 as_f64 f64: f64 => |v| v);

/// Lowers a value to a core `i32`.
#[inline]
pub fn as_i32<T: AsI32>(v: T) -> i32 {
    v.as_i32()
}

/// Lowers a value to a core `i64`.
#[inline]
pub fn as_i64<T: AsI64>(v: T) -> i64 {
    v.as_i64()
}

/// Lowers a value to a core `f32`.
#[inline]
pub fn as_f32<T: AsF32>(v: T) -> f32 {
    v.as_f32()
}

/// Lowers a value to a core `f64`.
#[inline]
pub fn as_f64<T: AsF64>(v: T) -> f64 {
    v.as_f64()
}

/// Lifts a `bool` (the sender guarantees 0 or 1; debug builds check).
#[inline]
pub fn bool_lift(v: i32) -> bool {
    debug_assert!(
        v == 0 || v == 1,
        "weld: invalid bool {v} crossed a boundary"
    );
    v != 0
}

/// Lifts a `char` (the sender guarantees a Unicode scalar value; debug
/// builds check).
#[inline]
pub fn char_lift(v: i32) -> char {
    let v = v as u32;
    if cfg!(debug_assertions) {
        return char::from_u32(v)
            .unwrap_or_else(|| panic!("weld: invalid char {v:#x} crossed a boundary"));
    }
    // SAFETY: the weld ABI obliges the sender to pass a Unicode scalar value
    // (SPEC.md "Validity"); every sender in a link was generated from the
    // same WIT, checked by hash at link time.
    unsafe { char::from_u32_unchecked(v) }
}

/// Called on a discriminant outside a variant's cases.
#[cold]
#[inline(never)]
pub fn invalid_discriminant(ty: &'static str, v: i32) -> ! {
    if cfg!(debug_assertions) {
        panic!("weld: invalid discriminant {v} for `{ty}` crossed a boundary");
    }
    // Release builds trust the sender (SPEC.md "Validity"), but a trap is
    // as cheap as undefined behaviour here and keeps the failure local.
    core::panic!("weld: invalid discriminant for `{ty}`")
}

/// A pointer usable for a slice of `len` elements of `T`: the sender's
/// pointer, or a dangling aligned one when the list is empty (the pointer
/// of an empty list may be anything, even 0).
#[inline]
fn list_ptr<T>(ptr: *mut u8, len: usize) -> *mut T {
    if len == 0 {
        NonNull::<T>::dangling().as_ptr()
    } else {
        ptr.cast()
    }
}

/// Borrows a list parameter in place.
///
/// # Safety
/// `ptr` must point to `len` valid, initialised `T`s that stay alive and
/// unchanged for `'a` (the duration of the call, for a parameter).
#[inline]
pub unsafe fn slice_view<'a, T>(ptr: *mut u8, len: usize) -> &'a [T] {
    // SAFETY: the caller guarantees `len` initialised elements at `ptr`;
    // `list_ptr` supplies an aligned non-null pointer for `len == 0`.
    unsafe { core::slice::from_raw_parts(list_ptr::<T>(ptr, len), len) }
}

/// Borrows a string parameter in place.
///
/// # Safety
/// As for [`slice_view`], and the bytes must be UTF-8 (debug builds check).
#[inline]
pub unsafe fn str_view<'a>(ptr: *mut u8, len: usize) -> &'a str {
    // SAFETY: forwarded to the caller's obligations.
    let bytes = unsafe { slice_view::<u8>(ptr, len) };
    if cfg!(debug_assertions) {
        return core::str::from_utf8(bytes).expect("weld: invalid UTF-8 crossed a boundary");
    }
    // SAFETY: the sender guarantees UTF-8 (SPEC.md "Validity").
    unsafe { core::str::from_utf8_unchecked(bytes) }
}

/// Takes ownership of a list result.
///
/// # Safety
/// `ptr` must be a buffer of exactly `len * size_of::<T>()` bytes from the
/// module's allocator holding `len` initialised `T`s, owned by nobody else
/// (or anything when `len == 0`).
#[inline]
pub unsafe fn vec_from_raw<T>(ptr: *mut u8, len: usize) -> Vec<T> {
    if len == 0 || core::mem::size_of::<T>() == 0 {
        return Vec::new();
    }
    // SAFETY: the callee allocated exactly `len` elements with the global
    // allocator (SPEC.md "Ownership") and handed them over to us.
    unsafe { Vec::from_raw_parts(ptr.cast::<T>(), len, len) }
}

/// Takes ownership of a string result.
///
/// # Safety
/// As for [`vec_from_raw`], and the bytes must be UTF-8 (debug builds check).
#[inline]
pub unsafe fn string_from_raw(ptr: *mut u8, len: usize) -> String {
    // SAFETY: forwarded to the caller's obligations.
    let bytes = unsafe { vec_from_raw::<u8>(ptr, len) };
    if cfg!(debug_assertions) {
        return String::from_utf8(bytes).expect("weld: invalid UTF-8 crossed a boundary");
    }
    // SAFETY: the sender guarantees UTF-8 (SPEC.md "Validity").
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// Hands a list result over to the caller: returns its pointer and length
/// and forgets the vector. The buffer is trimmed to `len` elements first so
/// the caller frees exactly what was allocated (in place with the weld
/// allocator: no copy).
#[inline]
pub fn vec_into_raw<T>(mut v: Vec<T>) -> (*mut u8, usize) {
    v.shrink_to_fit();
    let mut v = ManuallyDrop::new(v);
    (v.as_mut_ptr().cast(), v.len())
}

/// Hands a string result over to the caller (see [`vec_into_raw`]).
#[inline]
pub fn string_into_raw(s: String) -> (*mut u8, usize) {
    vec_into_raw(s.into_bytes())
}

/// Lends a list's buffer to one call that only reads it (an async
/// export's `[task-return]`, which the host copies out of): returns its
/// pointer and length, forgets the vector, and records the buffer in
/// `cleanup` (pointer, bytes, alignment) for the caller to free with
/// [`dealloc_list`] after the call. Unlike [`vec_into_raw`], nothing is
/// trimmed (the buffer is freed whole).
#[inline]
pub fn vec_lend_raw<T>(v: Vec<T>, cleanup: &mut Vec<(*mut u8, usize, usize)>) -> (*mut u8, usize) {
    let mut v = ManuallyDrop::new(v);
    let ptr = v.as_mut_ptr().cast::<u8>();
    let bytes = v.capacity() * core::mem::size_of::<T>();
    cleanup.push((ptr, bytes, core::mem::align_of::<T>()));
    (ptr, v.len())
}

/// Lends a string's buffer to one call (see [`vec_lend_raw`]).
#[inline]
pub fn string_lend_raw(s: String, cleanup: &mut Vec<(*mut u8, usize, usize)>) -> (*mut u8, usize) {
    vec_lend_raw(s.into_bytes(), cleanup)
}

/// Allocates a buffer for `len` elements of `size` bytes aligned to `align`
/// (a dangling aligned pointer when empty). Aborts on out of memory.
#[inline]
pub fn alloc_list(len: usize, size: usize, align: usize) -> *mut u8 {
    let bytes = len.checked_mul(size).expect("weld: list too large");
    if bytes == 0 {
        return align as *mut u8;
    }
    let layout = Layout::from_size_align(bytes, align).expect("weld: bad list layout");
    // SAFETY: `layout` has a non-zero size.
    let ptr = unsafe { alloc(layout) };
    if ptr.is_null() {
        handle_alloc_error(layout);
    }
    ptr
}

/// Frees a buffer from [`alloc_list`] (or a callee's list result whose
/// elements were moved out).
///
/// # Safety
/// `ptr` must come from [`alloc_list`] with the same arguments, or be a
/// result buffer of `len * size` bytes the caller owns.
#[inline]
pub unsafe fn dealloc_list(ptr: *mut u8, len: usize, size: usize, align: usize) {
    let bytes = len * size;
    if bytes == 0 {
        return;
    }
    // SAFETY: the caller guarantees the buffer was allocated with this layout.
    unsafe { dealloc(ptr, Layout::from_size_align_unchecked(bytes, align)) }
}

/// Defines a WIT `flags` type: a copyable set of named bits with the API of
/// the `bitflags` crate's generated types (used by generated code).
#[doc(hidden)]
#[macro_export]
macro_rules! __flags {
    ($(#[$m:meta])* $vis:vis struct $name:ident: $bits:ty { $($(#[$fm:meta])* const $flag:ident = $value:expr;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[repr(transparent)]
        $vis struct $name { bits: $bits }
        #[allow(dead_code, reason = "generated API: not every method is used")]
        impl $name {
            $($(#[$fm])* pub const $flag: Self = Self { bits: $value };)*
            /// No flags set.
            pub const fn empty() -> Self { Self { bits: 0 } }
            /// Every flag set.
            pub const fn all() -> Self { Self { bits: 0 $(| $value)* } }
            /// The raw bits.
            pub const fn bits(&self) -> $bits { self.bits }
            /// From raw bits, keeping unknown bits.
            pub const fn from_bits_retain(bits: $bits) -> Self { Self { bits } }
            /// From raw bits, `None` if an unknown bit is set.
            pub const fn from_bits(bits: $bits) -> ::core::option::Option<Self> {
                if bits & !Self::all().bits == 0 { ::core::option::Option::Some(Self { bits }) } else { ::core::option::Option::None }
            }
            /// From raw bits, dropping unknown bits.
            pub const fn from_bits_truncate(bits: $bits) -> Self { Self { bits: bits & Self::all().bits } }
            /// Whether no flag is set.
            pub const fn is_empty(&self) -> bool { self.bits == 0 }
            /// Whether every flag is set.
            pub const fn is_all(&self) -> bool { self.bits == Self::all().bits }
            /// Whether all flags of `other` are set in `self`.
            pub const fn contains(&self, other: Self) -> bool { self.bits & other.bits == other.bits }
            /// Whether any flag of `other` is set in `self`.
            pub const fn intersects(&self, other: Self) -> bool { self.bits & other.bits != 0 }
            /// Sets the flags of `other`.
            pub fn insert(&mut self, other: Self) { self.bits |= other.bits; }
            /// Clears the flags of `other`.
            pub fn remove(&mut self, other: Self) { self.bits &= !other.bits; }
            /// Flips the flags of `other`.
            pub fn toggle(&mut self, other: Self) { self.bits ^= other.bits; }
            /// Sets or clears the flags of `other`.
            pub fn set(&mut self, other: Self, value: bool) { if value { self.insert(other) } else { self.remove(other) } }
        }
        impl ::core::ops::BitOr for $name { type Output = Self; fn bitor(self, o: Self) -> Self { Self { bits: self.bits | o.bits } } }
        impl ::core::ops::BitAnd for $name { type Output = Self; fn bitand(self, o: Self) -> Self { Self { bits: self.bits & o.bits } } }
        impl ::core::ops::BitXor for $name { type Output = Self; fn bitxor(self, o: Self) -> Self { Self { bits: self.bits ^ o.bits } } }
        impl ::core::ops::Sub for $name { type Output = Self; fn sub(self, o: Self) -> Self { Self { bits: self.bits & !o.bits } } }
        impl ::core::ops::Not for $name { type Output = Self; fn not(self) -> Self { Self { bits: !self.bits } & Self::all() } }
        impl ::core::ops::BitOrAssign for $name { fn bitor_assign(&mut self, o: Self) { self.bits |= o.bits; } }
        impl ::core::ops::BitAndAssign for $name { fn bitand_assign(&mut self, o: Self) { self.bits &= o.bits; } }
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(stringify!($name))?;
                f.write_str("(")?;
                let mut first = true;
                $(if self.contains(Self::$flag) {
                    if !first { f.write_str(" | ")?; }
                    first = false;
                    f.write_str(stringify!($flag))?;
                })*
                if first { f.write_str("empty")?; }
                f.write_str(")")
            }
        }
    };
}

/// wit-bindgen's async helpers, over the module's one executor (ASYNC.md
/// section 10): `block_on`, `spawn_local` (and `spawn`, detached),
/// `yield_async`.
#[cfg(target_arch = "wasm32")]
pub use crate::task::api::{JoinHandle, block_on, spawn, spawn_local, yield_async};

/// wit-bindgen's future and stream types over weld's shared objects
/// (ASYNC.md sections 5 and 6).
pub use crate::task::ends::{
    AbiBuffer, FutureRead, FutureReader, FutureWrite, FutureWriteCancel, FutureWriteError,
    FutureWriter, StreamRead, StreamReader, StreamResult, StreamWrite, StreamWriter, future_pair,
    stream_bytes, stream_pair,
};

/// wit-bindgen's `ErrorContext`: what bindings name `error-context`, a
/// reference to a shared, reference-counted message (ASYNC.md section 7).
pub use crate::task::error_context::ErrorContext;
