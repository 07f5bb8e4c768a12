//! [`Elem`] for the element types that are not named in WIT, so that
//! generated bindings cannot implement it (the orphan rule): `bool`,
//! `char`, `list<T>` (`Vec<T>`), `list<T, N>` (`[T; N]`), `option<T>`,
//! `result<T, E>`, `map<K, V>` (`weld::rt::Map`), tuples of up to 16
//! types, and nested `future<T>`/`stream<T>` ends. Each is generic over its parts'
//! [`Elem`] impls (generated for records, variants, enums, flags and
//! resources), and writes the Canonical ABI's layout of the WIT type
//! (SPEC.md section 2), computed here from the parts' [`ElemType`]s.
//!
//! Must not: allocate or copy beyond what the canonical layout of a
//! `list<T>` needs (its outer array, exactly `len` elements long, as any
//! lowered list).

use super::Elem;
use super::elem::{ElemType, RawBuf, drop_lifted};
use super::ends::{FutureReader, StreamReader};
use crate::rust_alloc::alloc::{Layout, dealloc, realloc};
use crate::rust_alloc::vec::Vec;
use core::mem::{align_of, size_of};
use core::ptr;

/// `x` rounded up to a multiple of `align` (a power of two).
const fn align_to(x: usize, align: usize) -> usize {
    (x + align - 1) & !(align - 1)
}

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// The canonical layout of a two-case variant (`option`, `result`) whose
/// payloads have `size`/`align` at most: (payload offset, size, align).
/// The discriminant is one byte.
const fn two_cases(size: usize, align: usize) -> (usize, usize, usize) {
    let align = max(1, align);
    let off = align_to(1, align);
    (off, align_to(off + size, align), align)
}

/// The canonical layout of a record with these fields (size, align each):
/// each field's offset, then the record's size and alignment.
const fn record<const N: usize>(fields: [(usize, usize); N]) -> ([usize; N], usize, usize) {
    let mut offs = [0; N];
    let mut at = 0;
    let mut align = 1;
    let mut i = 0;
    while i < N {
        at = align_to(at, fields[i].1);
        offs[i] = at;
        at += fields[i].0;
        align = max(align, fields[i].1);
        i += 1;
    }
    (offs, align_to(at, align), align)
}

/// Drops nothing: `bool` and `char` own nothing.
unsafe extern "C" fn drop_nothing(_: *mut u8, _: usize) {}

// SAFETY: `bool` is one byte, 0 or 1, in both layouts; it owns nothing.
unsafe impl Elem for bool {
    const TYPE: &'static ElemType = &ElemType {
        size: 1,
        align: 1,
        drop_elems: drop_nothing,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: the caller gives a destination of one byte.
        unsafe { dst.write(u8::from(v)) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised element (the Canonical
        // ABI reads any non-zero byte as `true`).
        unsafe { src.read() != 0 }
    }
}

// SAFETY: a `char` is its scalar value as a `u32` in both layouts; it owns
// nothing.
unsafe impl Elem for char {
    const TYPE: &'static ElemType = &ElemType {
        size: 4,
        align: 4,
        drop_elems: drop_nothing,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: the caller gives an aligned destination of 4 bytes.
        unsafe { dst.cast::<u32>().write(u32::from(v)) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised, aligned element.
        let v = unsafe { src.cast::<u32>().read() };
        char::from_u32(v).unwrap_or_else(|| panic!("weld: {v:#x} is not a `char`"))
    }
}

// SAFETY: `option<T>` is a one-byte discriminant, then `T` at its offset
// (`two_cases`); `drop_lifted` drops what a lowered `Some` owns.
unsafe impl<T: Elem> Elem for Option<T> {
    const TYPE: &'static ElemType = &ElemType {
        size: two_cases(T::TYPE.size, T::TYPE.align).1,
        align: two_cases(T::TYPE.size, T::TYPE.align).2,
        drop_elems: drop_lifted::<Self>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        let off = two_cases(T::TYPE.size, T::TYPE.align).0;
        // SAFETY: the caller gives an aligned destination of `TYPE.size`
        // bytes; the payload lies at `off` within it, aligned.
        unsafe {
            match v {
                None => dst.write(0),
                Some(x) => {
                    dst.write(1);
                    T::lower_one(x, dst.add(off));
                }
            }
        }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        let off = two_cases(T::TYPE.size, T::TYPE.align).0;
        // SAFETY: the caller gives an initialised element, which moves out.
        unsafe {
            match src.read() {
                0 => None,
                _ => Some(T::lift_one(src.add(off))),
            }
        }
    }
}

/// The payload offset, size and alignment of `result<T, E>`.
const fn result_layout(t: &ElemType, e: &ElemType) -> (usize, usize, usize) {
    two_cases(max(t.size, e.size), max(t.align, e.align))
}

// SAFETY: `result<T, E>` is a one-byte discriminant (0 `ok`, 1 `err`),
// then the payload at the offset both cases share (`result_layout`).
unsafe impl<T: Elem, E: Elem> Elem for Result<T, E> {
    const TYPE: &'static ElemType = &ElemType {
        size: result_layout(T::TYPE, E::TYPE).1,
        align: result_layout(T::TYPE, E::TYPE).2,
        drop_elems: drop_lifted::<Self>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        let off = result_layout(T::TYPE, E::TYPE).0;
        // SAFETY: as for `Option`.
        unsafe {
            match v {
                Ok(x) => {
                    dst.write(0);
                    T::lower_one(x, dst.add(off));
                }
                Err(x) => {
                    dst.write(1);
                    E::lower_one(x, dst.add(off));
                }
            }
        }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        let off = result_layout(T::TYPE, E::TYPE).0;
        // SAFETY: as for `Option`.
        unsafe {
            match src.read() {
                0 => Ok(T::lift_one(src.add(off))),
                _ => Err(E::lift_one(src.add(off))),
            }
        }
    }
}

macro_rules! tuple {
    ($(($($t:ident $i:tt),+))*) => {$(
        // SAFETY: a tuple is a record of its fields (`record`), each
        // lowered and lifted at its offset by its own `Elem`.
        unsafe impl<$($t: Elem),+> Elem for ($($t,)+) {
            const TYPE: &'static ElemType = &ElemType {
                size: record([$(($t::TYPE.size, $t::TYPE.align)),+]).1,
                align: record([$(($t::TYPE.size, $t::TYPE.align)),+]).2,
                drop_elems: drop_lifted::<Self>,
            };

            unsafe fn lower_one(v: Self, dst: *mut u8) {
                let offs = record([$(($t::TYPE.size, $t::TYPE.align)),+]).0;
                // SAFETY: each field lies at its offset in the element.
                unsafe { $($t::lower_one(v.$i, dst.add(offs[$i]));)+ }
            }

            unsafe fn lift_one(src: *mut u8) -> Self {
                let offs = record([$(($t::TYPE.size, $t::TYPE.align)),+]).0;
                // SAFETY: each field lies at its offset and moves out.
                unsafe { ($($t::lift_one(src.add(offs[$i])),)+) }
            }
        }
    )*};
}
tuple! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15)
}

/// A lowered `list<T>`: (address, length), owning an array of exactly
/// `length` lowered elements (SPEC.md section 4).
type LoweredList = [usize; 2];

/// Makes `buf` exactly `len` elements long (a lowered list's array), in
/// place with the weld allocator: `cap` is not part of the canonical
/// layout.
///
/// # Safety
/// `buf` must be a buffer of `ty`'s elements ([`RawBuf`]).
unsafe fn exact(buf: RawBuf, ty: &ElemType) -> RawBuf {
    if buf.cap == buf.len || ty.size == 0 {
        return buf;
    }
    // SAFETY: the buffer was allocated with this layout (`RawBuf`).
    let old = unsafe { Layout::from_size_align_unchecked(buf.cap * ty.size, ty.align) };
    if buf.len == 0 {
        // SAFETY: as above; nothing initialised is lost.
        unsafe { dealloc(buf.ptr, old) };
        return RawBuf {
            ptr: ptr::without_provenance_mut(ty.align),
            len: 0,
            cap: 0,
        };
    }
    // SAFETY: as above; the new size is non-zero and smaller.
    let ptr = unsafe { realloc(buf.ptr, old, buf.len * ty.size) };
    if ptr.is_null() {
        crate::rust_alloc::alloc::handle_alloc_error(old);
    }
    RawBuf {
        ptr,
        len: buf.len,
        cap: buf.len,
    }
}

// SAFETY: a lowered list is (address, length) of an array of exactly
// `length` lowered elements, allocated with the module's allocator (layout
// `length * size`, `align`; nothing when empty), which moves with it;
// `drop_lifted` lifts and drops it, freeing the array and its elements.
unsafe impl<T: Elem> Elem for Vec<T> {
    const TYPE: &'static ElemType = &ElemType {
        size: size_of::<LoweredList>(),
        align: align_of::<LoweredList>(),
        drop_elems: drop_lifted::<Self>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: `lower_vec` returns a buffer of `T`'s elements.
        let buf = unsafe { exact(T::lower_vec(v), T::TYPE) };
        let list: LoweredList = [buf.ptr.expose_provenance(), buf.len];
        // SAFETY: the caller gives an aligned destination of `size` bytes.
        unsafe { dst.cast::<LoweredList>().write(list) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised, owned lowered list.
        let [p, len] = unsafe { src.cast::<LoweredList>().read() };
        let buf = RawBuf {
            ptr: ptr::with_exposed_provenance_mut(p),
            len,
            cap: if T::TYPE.size == 0 { 0 } else { len },
        };
        // SAFETY: an exact array of `len` owned elements moves to the `Vec`.
        unsafe { T::lift_vec(buf) }
    }
}

// SAFETY: `map<K, V>` is laid out exactly like `list<tuple<K, V>>`
// (SPEC.md section 2), so it lowers and lifts through that `Vec`'s impl
// (its pairs in the map's key order) and drops as one.
unsafe impl<K: Elem + Ord, V: Elem> Elem for crate::rt::Map<K, V> {
    const TYPE: &'static ElemType = &ElemType {
        size: <Vec<(K, V)> as Elem>::TYPE.size,
        align: <Vec<(K, V)> as Elem>::TYPE.align,
        drop_elems: drop_lifted::<Vec<(K, V)>>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        let pairs: Vec<(K, V)> = v.into_iter().collect();
        // SAFETY: forwarded; the layouts are the same.
        unsafe { <Vec<(K, V)> as Elem>::lower_one(pairs, dst) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: forwarded; the layouts are the same.
        let pairs = unsafe { <Vec<(K, V)> as Elem>::lift_one(src) };
        pairs.into_iter().collect()
    }
}

// SAFETY: `list<T, N>` is `N` elements of `T` one after another (size
// `N * size`, `T`'s alignment), each lowered and lifted by `T`'s `Elem`.
unsafe impl<T: Elem, const N: usize> Elem for [T; N] {
    const TYPE: &'static ElemType = &ElemType {
        size: N * T::TYPE.size,
        align: T::TYPE.align,
        drop_elems: drop_lifted::<Self>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        for (i, x) in v.into_iter().enumerate() {
            // SAFETY: element `i` lies at `i * size` in the destination.
            unsafe { T::lower_one(x, dst.add(i * T::TYPE.size)) }
        }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: element `i` is initialised at `i * size` and moves out.
        core::array::from_fn(|i| unsafe { T::lift_one(src.add(i * T::TYPE.size)) })
    }
}

macro_rules! end {
    ($($end:ident),*) => {$(
        // SAFETY: a readable end is its handle, the address of its shared
        // object (ASYNC.md section 3: 4 bytes on wasm32), and moves like an
        // `own<r>`; `drop_lifted` drops the end, releasing the object.
        unsafe impl<T: Elem> Elem for $end<T> {
            const TYPE: &'static ElemType = &ElemType {
                size: size_of::<usize>(),
                align: align_of::<usize>(),
                drop_elems: drop_lifted::<Self>,
            };

            unsafe fn lower_one(v: Self, dst: *mut u8) {
                // SAFETY: the caller gives an aligned destination.
                unsafe { dst.cast::<usize>().write(v.into_handle()) }
            }

            unsafe fn lift_one(src: *mut u8) -> Self {
                // SAFETY: the caller gives an owned, lowered end.
                unsafe { Self::from_handle(src.cast::<usize>().read()) }
            }
        }
    )*};
}
end!(FutureReader, StreamReader);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_layouts() {
        // option<u64>: discriminant, payload at 8, size 16.
        assert_eq!(
            (<Option<u64>>::TYPE.size, <Option<u64>>::TYPE.align),
            (16, 8)
        );
        // option<u8>: 2 bytes.
        assert_eq!(<Option<u8>>::TYPE.size, 2);
        // result<u16, u32>: payload at 4, size 8.
        assert_eq!(result_layout(u16::TYPE, u32::TYPE), (4, 8, 4));
        // result (no payloads): one byte.
        assert_eq!(<Result<(), ()>>::TYPE.size, 1);
        // tuple<u8, u32, u8>: 0, 4, 8; size 12.
        assert_eq!(record([(1, 1), (4, 4), (1, 1)]), ([0, 4, 8], 12, 4));
        assert_eq!(<(u8, u32, u8)>::TYPE.size, 12);
        assert_eq!(<(bool, char)>::TYPE.size, 8);
        assert_eq!((<[u16; 3]>::TYPE.size, <[u16; 3]>::TYPE.align), (6, 2));
    }
}
