//! Element types of futures and streams: how a Rust value enters and
//! leaves a shared object in canonical layout.
//!
//! A shared object knows its element type only as an [`ElemType`]: size,
//! alignment and a function that drops elements nobody will read (it frees
//! the buffers and handles they own). The crate that creates the object
//! supplies it, through the element type's [`Elem`] impl (generated for
//! named WIT types, generic in `super::compound` for the others).

use crate::rust_alloc::alloc::{Layout, dealloc};
use crate::rust_alloc::string::String;
use crate::rust_alloc::vec::Vec;
use core::mem::{ManuallyDrop, align_of, size_of};
use core::ptr::{self, NonNull};

/// The element type of a future or stream as its shared object sees it.
#[repr(C)]
#[derive(Debug)]
pub struct ElemType {
    /// Size of one element in canonical layout (a multiple of `align`).
    pub size: usize,
    /// Alignment of one element in canonical layout.
    pub align: usize,
    /// Drops `n` elements in canonical layout at `ptr` (frees what they
    /// own, never the memory they lie in).
    pub drop_elems: unsafe extern "C" fn(ptr: *mut u8, n: usize),
}

// The layout on wasm32 is part of the draft ABI (ASYNC.md, "Element types").
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<ElemType>() == 12 && size_of::<RawBuf>() == 12);

/// The `drop_elems` of generated element types: lifts each element and
/// drops the Rust value, which frees what it owns.
///
/// # Safety
/// `ptr` must hold `n` initialised, owned lowered elements of `T`.
pub unsafe extern "C" fn drop_lifted<T: Elem>(ptr: *mut u8, n: usize) {
    for i in 0..n {
        // SAFETY: element `i` is initialised and owned; it moves out.
        drop(unsafe { T::lift_one(ptr.add(i * T::TYPE.size)) });
    }
}

/// Drops nothing: the `drop_elems` of plain types.
unsafe extern "C" fn drop_nothing(_: *mut u8, _: usize) {}

/// A buffer of elements in canonical layout, owned by whoever holds it:
/// `cap` elements allocated with the global allocator at `ptr` (layout
/// `cap * size`, `align`; nothing allocated when `cap == 0`), of which the
/// first `len` are initialised.
#[repr(C)]
#[derive(Debug)]
pub struct RawBuf {
    /// First element (dangling and aligned when `cap == 0`).
    pub ptr: *mut u8,
    /// Initialised elements.
    pub len: usize,
    /// Allocated elements.
    pub cap: usize,
}

impl RawBuf {
    /// Frees the allocation without touching the elements (they were moved
    /// out or need no drop).
    ///
    /// # Safety
    /// `self` must be a buffer of `ty`'s elements as described on [`RawBuf`].
    pub(crate) unsafe fn free(self, ty: &ElemType) {
        if self.cap != 0 && ty.size != 0 {
            // SAFETY: the buffer was allocated with exactly this layout
            // (the type's invariant); size and alignment are valid as they
            // were when it was allocated.
            unsafe {
                let layout = Layout::from_size_align_unchecked(self.cap * ty.size, ty.align);
                dealloc(self.ptr, layout);
            }
        }
    }

    /// Drops elements `from..len` and frees the allocation.
    ///
    /// # Safety
    /// As for [`RawBuf::free`]; elements `from..len` must be initialised.
    pub(crate) unsafe fn drop_from(self, from: usize, ty: &ElemType) {
        if from < self.len {
            // SAFETY: elements `from..len` are initialised and owned here.
            unsafe { (ty.drop_elems)(self.ptr.add(from * ty.size), self.len - from) };
        }
        // SAFETY: forwarded.
        unsafe { self.free(ty) }
    }
}

/// Rust types that cross a future or stream. Generated code implements it
/// for the named WIT types (records, variants, enums, flags, resource
/// handles); the runtime implements it for [`Plain`] types, `String`, and
/// generically for `bool`, `char`, lists, maps, options, results, tuples and
/// nested ends (`super::compound`).
///
/// # Safety
/// `TYPE` must describe exactly the canonical layout that `lower_*` write
/// and `lift_*` read, and `TYPE.drop_elems` must free exactly what a
/// lowered element owns.
pub unsafe trait Elem: Sized {
    /// The element type in canonical layout.
    const TYPE: &'static ElemType;

    /// Moves `v` into canonical layout at `dst` (`TYPE.size` bytes).
    ///
    /// # Safety
    /// `dst` must be valid for writes of `TYPE.size` bytes, aligned.
    unsafe fn lower_one(v: Self, dst: *mut u8);

    /// Moves the value in canonical layout at `src` out.
    ///
    /// # Safety
    /// `src` must hold an initialised lowered element, which is moved out.
    unsafe fn lift_one(src: *mut u8) -> Self;

    /// Moves a vector into a buffer in canonical layout. The default
    /// lowers element by element into a new array (the elements' own
    /// buffers move; only the outer array is new, as for a `list<T>`
    /// result, SPEC.md section 4).
    fn lower_vec(v: Vec<Self>) -> RawBuf {
        let ty = Self::TYPE;
        let n = v.len();
        let buf = alloc_elems(n, ty);
        for (i, x) in v.into_iter().enumerate() {
            // SAFETY: `buf` has room for `n` elements of `ty`, aligned.
            unsafe { Self::lower_one(x, buf.ptr.add(i * ty.size)) };
        }
        RawBuf { len: n, ..buf }
    }

    /// Moves a buffer in canonical layout into a vector. The default lifts
    /// element by element and frees the array.
    ///
    /// # Safety
    /// `buf` must be a buffer of `TYPE`'s elements ([`RawBuf`]), whose
    /// ownership moves to the result.
    unsafe fn lift_vec(buf: RawBuf) -> Vec<Self> {
        let size = Self::TYPE.size;
        let mut out = Vec::with_capacity(buf.len);
        for i in 0..buf.len {
            // SAFETY: element `i` is initialised and owned; it moves out.
            out.push(unsafe { Self::lift_one(buf.ptr.add(i * size)) });
        }
        // SAFETY: every element moved out above; only the array is freed.
        unsafe { buf.free(Self::TYPE) };
        out
    }
}

/// A new buffer with room for `n` elements of `ty` (`len` 0; nothing
/// allocated when it would be empty).
pub(crate) fn alloc_elems(n: usize, ty: &ElemType) -> RawBuf {
    let bytes = n
        .checked_mul(ty.size)
        .expect("weld: stream buffer too large");
    if bytes == 0 {
        return RawBuf {
            ptr: ptr::without_provenance_mut(ty.align),
            len: 0,
            cap: 0,
        };
    }
    let layout = Layout::from_size_align(bytes, ty.align).expect("weld: bad element layout");
    // SAFETY: non-zero size.
    let p = unsafe { crate::rust_alloc::alloc::alloc(layout) };
    if p.is_null() {
        crate::rust_alloc::alloc::handle_alloc_error(layout);
    }
    RawBuf {
        ptr: p,
        len: 0,
        cap: n,
    }
}

/// Types whose Rust layout is their canonical layout and which own nothing
/// (SPEC.md, "plain type"): a `Vec<T>` of them crosses a stream as is.
///
/// # Safety
/// Every bit pattern of the type's size must be a valid value, and its Rust
/// size and alignment must be its canonical ones.
pub unsafe trait Plain: Copy + 'static {}

macro_rules! plain {
    ($($t:ty),*) => {$(
        // SAFETY: primitive integers and floats: every bit pattern is a
        // value, and on wasm32 their size and alignment are canonical.
        unsafe impl Plain for $t {}
    )*};
}
plain!(u8, i8, u16, i16, u32, i32, u64, i64, f32, f64);

// SAFETY: for a plain `T` the canonical layout is the Rust layout and
// nothing is owned, so moving bits is moving the value.
unsafe impl<T: Plain> Elem for T {
    const TYPE: &'static ElemType = &ElemType {
        size: size_of::<T>(),
        align: align_of::<T>(),
        drop_elems: drop_nothing,
    };

    #[inline]
    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: the caller gives an aligned destination of `size` bytes.
        unsafe { dst.cast::<T>().write(v) }
    }

    #[inline]
    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised element.
        unsafe { src.cast::<T>().read() }
    }

    #[inline]
    fn lower_vec(v: Vec<Self>) -> RawBuf {
        let mut v = ManuallyDrop::new(v);
        RawBuf {
            ptr: v.as_mut_ptr().cast(),
            len: v.len(),
            cap: v.capacity(),
        }
    }

    #[inline]
    unsafe fn lift_vec(buf: RawBuf) -> Vec<Self> {
        if buf.cap == 0 {
            return Vec::new();
        }
        // SAFETY: the buffer was allocated with `cap * size_of::<T>()`
        // bytes aligned to `align_of::<T>()`, as a `Vec<T>` is, and its
        // first `len` elements are initialised `T`s (plain: any bits).
        unsafe { Vec::from_raw_parts(buf.ptr.cast(), buf.len, buf.cap) }
    }
}

// SAFETY: `()` is the payload of `future` and `stream` without a type: no
// bytes, nothing owned; a buffer of them is only a count (`cap` 0, nothing
// allocated).
unsafe impl Elem for () {
    const TYPE: &'static ElemType = &ElemType {
        size: 0,
        align: 1,
        drop_elems: drop_nothing,
    };

    #[inline]
    unsafe fn lower_one(_: Self, _: *mut u8) {}

    #[inline]
    unsafe fn lift_one(_: *mut u8) {}

    #[inline]
    fn lower_vec(v: Vec<Self>) -> RawBuf {
        RawBuf {
            ptr: NonNull::<u8>::dangling().as_ptr(),
            len: v.len(),
            cap: 0,
        }
    }

    #[inline]
    unsafe fn lift_vec(buf: RawBuf) -> Vec<Self> {
        let mut v = Vec::new();
        v.resize(buf.len, ());
        v
    }
}

/// A `string` in canonical layout: (pointer, length in bytes), owning a
/// buffer of exactly `length` bytes, alignment 1 (SPEC.md section 4).
type LoweredString = [usize; 2];

/// Frees the buffers of lowered strings.
unsafe extern "C" fn drop_strings(ptr: *mut u8, n: usize) {
    for i in 0..n {
        // SAFETY: the caller gives `n` initialised lowered strings.
        let [p, len] = unsafe { ptr.cast::<LoweredString>().add(i).read() };
        // SAFETY: a lowered string owns `len` bytes at `p` (alignment 1).
        drop(unsafe { string_from_parts(p, len) });
    }
}

/// Rebuilds the `String` a lowered string owns.
///
/// # Safety
/// `(p, len)` must come from [`string_into_parts`] and be owned.
unsafe fn string_from_parts(p: usize, len: usize) -> String {
    if len == 0 {
        return String::new();
    }
    // SAFETY: `string_into_parts` shrank the buffer to exactly `len`
    // initialised UTF-8 bytes.
    unsafe { String::from_raw_parts(core::ptr::with_exposed_provenance_mut(p), len, len) }
}

/// Gives up a `String`'s buffer as (pointer, length) with capacity equal to
/// length (the weld allocator shrinks in place: no copy).
fn string_into_parts(mut s: String) -> LoweredString {
    if s.is_empty() {
        return [NonNull::<u8>::dangling().as_ptr() as usize, 0];
    }
    s.shrink_to_fit();
    let mut s = ManuallyDrop::new(s);
    [s.as_mut_ptr().expose_provenance(), s.len()]
}

// SAFETY: a lowered string is two `usize`s (on wasm32 the canonical
// (pointer, length) pair) owning an exact-size buffer, which `drop_strings`
// frees.
unsafe impl Elem for String {
    const TYPE: &'static ElemType = &ElemType {
        size: size_of::<LoweredString>(),
        align: align_of::<LoweredString>(),
        drop_elems: drop_strings,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: the caller gives an aligned destination of `size` bytes.
        unsafe { dst.cast::<LoweredString>().write(string_into_parts(v)) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised, owned lowered string.
        unsafe {
            let [p, len] = src.cast::<LoweredString>().read();
            string_from_parts(p, len)
        }
    }

    /// The strings move (no byte is copied); only the outer array is new,
    /// as for a `list<string>` result (SPEC.md section 4).
    fn lower_vec(v: Vec<Self>) -> RawBuf {
        let lowered: Vec<LoweredString> = v.into_iter().map(string_into_parts).collect();
        let mut lowered = ManuallyDrop::new(lowered);
        RawBuf {
            ptr: lowered.as_mut_ptr().cast(),
            len: lowered.len(),
            cap: lowered.capacity(),
        }
    }

    unsafe fn lift_vec(buf: RawBuf) -> Vec<Self> {
        let mut out = Vec::with_capacity(buf.len);
        for i in 0..buf.len {
            // SAFETY: element `i` is initialised and owned; it moves out.
            out.push(unsafe { Self::lift_one(buf.ptr.add(i * Self::TYPE.size)) });
        }
        // SAFETY: every element moved out above; only the array is freed.
        unsafe { buf.free(Self::TYPE) };
        out
    }
}

/// Moves `n` lowered elements from `src` to a new buffer (the one path of
/// a stream that copies: a read of fewer elements than a write offered).
///
/// # Safety
/// `src` must hold `n` initialised elements of `ty`, which move out.
pub(crate) unsafe fn move_to_new(src: *mut u8, n: usize, ty: &ElemType) -> RawBuf {
    if n == 0 || ty.size == 0 {
        return RawBuf {
            ptr: ptr::without_provenance_mut(ty.align),
            len: n,
            cap: 0,
        };
    }
    let bytes = n * ty.size;
    // SAFETY: size non-zero; the alignment is a power of two (it is a
    // canonical alignment).
    let layout = unsafe { Layout::from_size_align_unchecked(bytes, ty.align) };
    // SAFETY: non-zero size.
    let dst = unsafe { crate::rust_alloc::alloc::alloc(layout) };
    if dst.is_null() {
        crate::rust_alloc::alloc::handle_alloc_error(layout);
    }
    // SAFETY: both ranges are valid for `bytes` and do not overlap (`dst`
    // is a new allocation).
    unsafe { ptr::copy_nonoverlapping(src, dst, bytes) };
    RawBuf {
        ptr: dst,
        len: n,
        cap: n,
    }
}
