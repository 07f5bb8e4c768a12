//! The Rust half of the C interop test (`rust_make`, `rust_take`, called by
//! `tests/c/interop.c`), `heap_props`, the property check of the real
//! wasm32 global heap, and `heap_pages_written`, which shows the pages the
//! heap writes. Linked in `tests/tests/c_interop.rs`.
//!
//! Everything here allocates through weld's allocator: Rust's `System`
//! allocator calls the `malloc` & co. that `weld` defines.

use std::alloc::{Layout, dealloc};

// Link the runtime: it defines malloc & co., so wasi-libc's dlmalloc stays out.
use weld as _;

unsafe extern "C" {
    fn malloc(size: usize) -> *mut u8;
    fn aligned_alloc(align: usize, size: usize) -> *mut u8;
    fn realloc(ptr: *mut u8, size: usize) -> *mut u8;
    fn free(ptr: *mut u8);
    fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8;
}

fn pattern(i: usize) -> u8 {
    (i * 7 + 3) as u8
}

/// A boxed slice of `len` pattern bytes, handed to C (which frees it).
#[unsafe(no_mangle)]
pub extern "C" fn rust_make(len: usize) -> *mut u8 {
    let b: Box<[u8]> = (0..len).map(pattern).collect();
    Box::into_raw(b).cast()
}

/// Checks and frees `len` pattern bytes that C allocated with `malloc`,
/// through Rust's allocator (`dealloc`, i.e. `System`, i.e. `free`).
/// Returns 1 if the bytes were right.
///
/// # Safety
///
/// `ptr` is a `malloc` block of at least `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rust_take(ptr: *mut u8, len: usize) -> i32 {
    // SAFETY: the caller passes `len` initialised bytes.
    let ok = unsafe { std::slice::from_raw_parts(ptr, len) }
        .iter()
        .enumerate()
        .all(|(i, &b)| b == pattern(i));
    // SAFETY: `System` frees with `free` for alignments <= 8, whatever the
    // size in the layout; the block came from `malloc`.
    unsafe { dealloc(ptr, Layout::from_size_align_unchecked(len.max(1), 1)) };
    i32::from(ok)
}

/// One live block of the property check.
#[derive(Clone, Copy)]
struct Block {
    ptr: *mut u8,
    size: usize,
    align: usize,
    tag: u8,
}

/// xorshift32.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// Mostly small sizes, sometimes pages, rarely a megabyte.
    fn size(&mut self) -> usize {
        let r = self.next();
        match r % 100 {
            0 => (r >> 8) as usize % (1 << 20),
            1..=9 => (r >> 8) as usize % 70_000,
            _ => (r >> 8) as usize % 300,
        }
    }

    /// 1..=16 mostly, up to 64 KiB sometimes.
    fn align(&mut self) -> usize {
        let r = self.next();
        if r.is_multiple_of(10) {
            1 << ((r >> 8) % 17)
        } else {
            1 << ((r >> 8) % 5)
        }
    }
}

fn fill(b: &Block) {
    // SAFETY: `b` is a live block of `size` bytes.
    unsafe { b.ptr.write_bytes(b.tag, b.size) };
}

fn intact(b: &Block, len: usize) -> bool {
    // SAFETY: `b` is a live block of at least `len` bytes.
    unsafe { std::slice::from_raw_parts(b.ptr, len) }
        .iter()
        .all(|&x| x == b.tag)
}

/// Operations per `heap_props` call.
const STEPS: u32 = 3000;

/// Runs [`STEPS`] random malloc / aligned_alloc / realloc / cabi_realloc /
/// free operations (seeded) on the module's global heap and checks after
/// each: pointers aligned, blocks disjoint, contents kept (across realloc
/// too), live bytes and allocations exact, and every 16 steps and at the end
/// `Heap::check`. Frees everything at the end and checks the statistics
/// return to where they started. Returns 0, or the failing step (1-based)
/// after printing why.
#[unsafe(no_mangle)]
pub extern "C" fn heap_props(seed: u32) -> u32 {
    let steps = STEPS;
    let mut rng = Rng(seed | 1);
    // Allocated before the baseline, never resized.
    let mut live: Vec<Block> = Vec::with_capacity(512);
    let base = weld::alloc::stats();
    for step in 1..=steps {
        let (ok, why) = one_step(&mut rng, &mut live, step);
        let why = if !ok {
            why
        } else {
            check_all(&live, base, step.is_multiple_of(16))
        };
        if !why.is_empty() {
            eprintln!("heap_props: seed {seed}, step {step}: {why}");
            return step;
        }
    }
    for b in live.drain(..) {
        // SAFETY: a live block of this heap.
        unsafe { free(b.ptr) };
    }
    let why = check_all(&live, base, true);
    if !why.is_empty() {
        eprintln!("heap_props: seed {seed}, after freeing all: {why}");
        return steps + 1;
    }
    0
}

/// One random operation; false and a reason if an allocation failed.
fn one_step(rng: &mut Rng, live: &mut Vec<Block>, step: u32) -> (bool, &'static str) {
    let tag = step as u8 | 1;
    let op = rng.next() % 10;
    if live.is_empty() || (op < 4 && live.len() < live.capacity()) {
        let (size, align) = (rng.size(), rng.align());
        // SAFETY: plain allocation calls.
        let ptr = unsafe {
            if align <= 16 && op.is_multiple_of(2) {
                malloc(size)
            } else {
                aligned_alloc(align, size)
            }
        };
        if ptr.is_null() {
            return (false, "allocation failed");
        }
        let b = Block {
            ptr,
            size,
            align,
            tag,
        };
        fill(&b);
        live.push(b);
        return (true, "");
    }
    let i = rng.next() as usize % live.len();
    if op < 7 {
        let b = live.swap_remove(i);
        if !intact(&b, b.size) {
            return (false, "contents changed before free");
        }
        // SAFETY: a live block of this heap.
        unsafe { free(b.ptr) };
        return (true, "");
    }
    let old = live[i];
    let size = rng.size().max(1);
    // SAFETY: a live block of this heap; `cabi_realloc` keeps the alignment,
    // C `realloc` only the default 16.
    let (ptr, align) = unsafe {
        if op < 9 {
            (cabi_realloc(old.ptr, old.size, old.align, size), old.align)
        } else {
            (realloc(old.ptr, size), old.align.min(16))
        }
    };
    if ptr.is_null() {
        return (false, "realloc failed");
    }
    let b = Block {
        ptr,
        size,
        align,
        tag: old.tag,
    };
    if !intact(&b, old.size.min(size)) {
        return (false, "realloc lost the contents");
    }
    let b = Block { tag, ..b };
    fill(&b);
    live[i] = b;
    (true, "")
}

/// The invariants over all live blocks; "" when they hold.
fn check_all(live: &[Block], base: weld::alloc::Stats, full: bool) -> &'static str {
    let mut sorted: Vec<(usize, usize)> = Vec::new();
    let mut bytes = 0u64;
    for b in live {
        if b.ptr.addr() % b.align != 0 {
            return "misaligned pointer";
        }
        bytes += b.size as u64;
    }
    let s = weld::alloc::stats();
    if s.live_bytes != base.live_bytes + bytes {
        return "live bytes differ from the sum of the live sizes";
    }
    if s.live_allocs != base.live_allocs + live.len() as u64 {
        return "live allocations differ from the number of live blocks";
    }
    if !full {
        return "";
    }
    // The check's own vector is allocated after reading the statistics.
    sorted.extend(live.iter().map(|b| (b.ptr.addr(), b.size.max(1))));
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0].0 + w[0].1 > w[1].0) {
        return "two live blocks overlap";
    }
    if !live.iter().all(|b| intact(b, b.size)) {
        return "a live block's contents changed";
    }
    drop(sorted);
    match weld::alloc::check_global() {
        Ok(census) if census.used_bytes == s.live_bytes => "",
        Ok(_) => "Heap::check's used bytes differ from the statistics",
        Err(e) => e,
    }
}

unsafe extern "C" {
    /// First byte after static data and the stack (wasm-ld).
    static __heap_base: u8;
}

/// The address of the first 4 KiB page holding heap memory (the one of
/// `__heap_base`).
fn first_heap_page() -> usize {
    heap_base() as usize & !4095
}

/// `__heap_base`, where the heap starts.
#[unsafe(no_mangle)]
pub extern "C" fn heap_base() -> u32 {
    (&raw const __heap_base).addr() as u32
}

/// The number of 4 KiB pages from the first heap page to the end of memory.
#[unsafe(no_mangle)]
pub extern "C" fn heap_page_count() -> u32 {
    let end = core::arch::wasm32::memory_size(0) * 65536;
    ((end - first_heap_page()) / 4096) as u32
}

/// Allocates and frees a few small blocks, then allocates `size` bytes
/// (kept, never written) if `size > 0`; returns a bit mask of the 4 KiB
/// pages from the first heap page on (bit 0: that page; up to 32) that hold
/// a non-zero byte, which (memory starting zeroed) are the pages the heap
/// wrote. Meant as the first call into a fresh instance.
#[unsafe(no_mangle)]
pub extern "C" fn heap_pages_written(size: usize) -> u32 {
    for small in [1, 16, 100, 1000] {
        // SAFETY: plain malloc/free of the module's heap.
        unsafe { free(malloc(small)) };
    }
    if size > 0 {
        // SAFETY: plain malloc; the block is deliberately kept.
        assert!(!unsafe { malloc(size) }.is_null());
    }
    let mut written = 0;
    for page in 0..(heap_page_count() as usize).min(32) {
        let at = core::ptr::with_exposed_provenance::<[u8; 4096]>(first_heap_page() + page * 4096);
        // SAFETY: memory up to its size is readable, and nothing else runs.
        if unsafe { at.read_volatile() }.iter().any(|&b| b != 0) {
            written |= 1 << page;
        }
    }
    written
}
