//! The global heap and every allocator symbol the linked module exports
//! (wasm32 only).
//!
//! All symbols live in this one module so that they land in one object file:
//! wasm-ld pulls archive members per object, and if some symbol of wasi-libc's
//! `dlmalloc.o` were still needed, that object would come in and clash with
//! ours. Defining every symbol `dlmalloc.o` defines (checked against the
//! `libc.a` shipped with Rust 1.95 for wasm32-wasip1: `malloc`, `free`,
//! `calloc`, `realloc`, `posix_memalign`, `aligned_alloc`,
//! `malloc_usable_size`, `__libc_malloc`, `__libc_free`, `__libc_calloc`)
//! keeps dlmalloc out of the link, so Rust's `System` allocator and C code
//! share this heap.
//!
//! Single-threaded: wasi-threads (shared memory) is not supported.

use super::{Census, Heap, Linear, MAX_ALIGN, PAGE_SIZE, Stats};
use core::cell::UnsafeCell;
use core::ffi::c_void;
use core::ptr;

#[cfg(target_feature = "atomics")]
compile_error!("weld's allocator is single-threaded: wasi-threads is not supported");

/// wasi-libc's `EINVAL` (WASI errno numbering).
const EINVAL: i32 = 28;
/// wasi-libc's `ENOMEM` (WASI errno numbering).
const ENOMEM: i32 = 48;

unsafe extern "C" {
    /// wasi-libc's `errno` (a plain global without threads).
    static mut errno: i32;
}

/// The heap cell. `Sync` only because wasm32-wasip1 has one thread.
struct Global(UnsafeCell<Heap<Linear>>);

// SAFETY: without the `atomics` feature (rejected above) a wasm32 module runs
// on one thread, and the heap never calls out, so accesses never overlap.
unsafe impl Sync for Global {}

/// The one heap of the linked module.
static HEAP: Global = Global(UnsafeCell::new(Heap::new(Linear::new())));

/// The global heap.
///
/// # Safety
///
/// No other reference to it is live: true for the single-threaded callers
/// here, each of which uses it once and returns.
#[inline(always)]
unsafe fn heap() -> &'static mut Heap<Linear> {
    // SAFETY: forwarded to the caller.
    unsafe { &mut *HEAP.0.get() }
}

/// The statistics of the global heap.
pub(super) fn stats() -> Stats {
    // SAFETY: single-threaded and no heap method is running.
    unsafe { heap() }.stats()
}

/// Checks the global heap's invariants ([`Heap::check`]), assuming that
/// only the heap grows memory (so its memory is one region from its first
/// block to a sentinel at or before the end of memory).
pub(super) fn check() -> Result<Census, &'static str> {
    // SAFETY: single-threaded and no heap method is running.
    let heap = unsafe { heap() };
    if heap.top == 0 {
        return heap.check(&[]);
    }
    let start = Linear::start();
    let end = (core::arch::wasm32::memory_size(0) as u32).saturating_mul(PAGE_SIZE);
    heap.check(&[(start, end)])
}

/// Sets `errno` to `code` and returns null.
fn fail(code: i32) -> *mut c_void {
    // SAFETY: single-threaded write to libc's `errno` global.
    unsafe { (&raw mut errno).write(code) };
    ptr::null_mut()
}

/// Passes `p` through, setting `errno` to `ENOMEM` if it is null.
fn or_enomem(p: *mut u8) -> *mut c_void {
    if p.is_null() { fail(ENOMEM) } else { p.cast() }
}

/// C `malloc`: 16-byte aligned; null and `errno = ENOMEM` when out of memory.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    // SAFETY: single-threaded, see `heap`.
    or_enomem(unsafe { heap() }.alloc(size, 1))
}

/// C `free`: null and pointers `<= MAX_ALIGN` are ignored.
///
/// # Safety
///
/// `ptr` is null, dangling-small, or a live allocation of this heap.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn free(ptr: *mut c_void) {
    // SAFETY: the caller's contract is the heap's.
    unsafe { heap().free(ptr.cast()) }
}

/// C `calloc`: zeroed; null and `ENOMEM` on overflow or out of memory.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn calloc(count: usize, size: usize) -> *mut c_void {
    // An overflowing product asks for more than any heap has, so `malloc`
    // fails and sets `ENOMEM` itself.
    #[allow(
        clippy::manual_saturating_arithmetic,
        reason = "`saturating_mul` compiles to 13 more bytes of wasm here"
    )]
    let bytes = count.checked_mul(size).unwrap_or(usize::MAX);
    // SAFETY: `malloc` has no preconditions (calling it keeps one copy of
    // the allocation path).
    let p = unsafe { malloc(bytes) };
    if !p.is_null() {
        // SAFETY: `p` is a fresh allocation of `bytes` bytes.
        unsafe { p.write_bytes(0, bytes) };
    }
    p
}

/// C `realloc`: in place when possible; `size == 0` keeps a unique empty
/// allocation; on failure null, `ENOMEM`, and `ptr` stays valid.
///
/// # Safety
///
/// As for [`free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: the caller's contract is the heap's.
    or_enomem(unsafe { heap().realloc(ptr.cast(), size, 1) })
}

/// POSIX `posix_memalign`: `align` must be a power of two and a multiple of
/// `sizeof(void *)` (else `EINVAL`); `ENOMEM` when out of memory.
///
/// # Safety
///
/// `out` is valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> i32 {
    if !align.is_power_of_two() || align < size_of::<usize>() {
        return EINVAL;
    }
    // SAFETY: single-threaded, see `heap`.
    let p = unsafe { heap() }.alloc(size, align);
    if p.is_null() {
        return ENOMEM;
    }
    // SAFETY: the caller provides `out`.
    unsafe { out.write(p.cast()) };
    0
}

/// C `aligned_alloc`: any `size`; `align` must be a power of two (else
/// null and `EINVAL`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn aligned_alloc(align: usize, size: usize) -> *mut c_void {
    if !align.is_power_of_two() {
        return fail(EINVAL);
    }
    // SAFETY: single-threaded, see `heap`.
    or_enomem(unsafe { heap() }.alloc(size, align))
}

/// `malloc_usable_size`: the requested size of the allocation (using bytes
/// beyond it would corrupt the size record), 0 for null.
///
/// # Safety
///
/// As for [`free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn malloc_usable_size(ptr: *mut c_void) -> usize {
    // SAFETY: the caller's contract is the heap's.
    unsafe { heap().usable_size(ptr.cast()) }
}

/// wasi-libc's internal name for `malloc` (used by its locale code).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __libc_malloc(size: usize) -> *mut c_void {
    // SAFETY: same contract.
    unsafe { malloc(size) }
}

/// wasi-libc's internal name for `free` (used by its locale code).
///
/// # Safety
///
/// As for [`free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __libc_free(ptr: *mut c_void) {
    // SAFETY: same contract.
    unsafe { free(ptr) }
}

/// wasi-libc's internal name for `calloc` (used by `atexit`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __libc_calloc(count: usize, size: usize) -> *mut c_void {
    // SAFETY: same contract.
    unsafe { calloc(count, size) }
}

/// The Canonical ABI `realloc`. Traps when out of memory or if `align` is
/// not a power of two `<= MAX_ALIGN`. `new_size == 0` frees `old_ptr` (if
/// live) and returns `align` as a dangling pointer, which `free` ignores.
/// Blocks from and for `malloc`/`free` are interchangeable with it.
///
/// # Safety
///
/// `old_ptr` is null, dangling-small or a live allocation of this heap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cabi_realloc(
    old_ptr: *mut u8,
    _old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    if !align.is_power_of_two() || align > MAX_ALIGN {
        core::arch::wasm32::unreachable();
    }
    if new_size == 0 {
        // SAFETY: the caller's contract is `free`'s (which has one copy of
        // the heap's free path; calling it keeps it that way).
        unsafe { free(old_ptr.cast()) };
        return ptr::without_provenance_mut(align);
    }
    // SAFETY: single-threaded; the caller's contract is the heap's.
    let p = unsafe { heap().realloc(old_ptr, new_size, align) };
    if p.is_null() {
        core::arch::wasm32::unreachable();
    }
    p
}

/// Writes the global heap's [`Stats`] to `out` (ignored if null; any
/// alignment).
///
/// # Safety
///
/// `out` is null or valid for a 32-byte write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weld_alloc_stats(out: *mut Stats) {
    if !out.is_null() {
        // SAFETY: the caller provides `out`; an unaligned write allows any
        // alignment.
        unsafe { out.write_unaligned(stats()) };
    }
}
