//! The one allocator of a weld module, shared by every Rust crate and C
//! object linked into it.
//!
//! # Design summary (for the allocator section of the ABI spec)
//!
//! - **One heap, C symbols.** On wasm32 this module defines `malloc`, `free`,
//!   `calloc`, `realloc`, `posix_memalign`, `aligned_alloc`,
//!   `malloc_usable_size`, `__libc_malloc`, `__libc_free`, `__libc_calloc`
//!   (every symbol of wasi-libc's `dlmalloc.o`, which is then never linked),
//!   plus `cabi_realloc` and `weld_alloc_stats`. Rust's `System` allocator
//!   calls `malloc` & co., so Rust and C code allocate from the same heap
//!   and any crate may free what another allocated. There is no
//!   `#[global_allocator]` (it would collide across staticlibs).
//! - **Blocks.** Every allocation is a block: an 8-byte header (block
//!   size, multiple of 16, plus flags "in use", "previous in use",
//!   "cached"; then the requested size), then the payload, 16-byte aligned.
//!   A block is exactly `max(16, round_up(request + 8, 16))` bytes. The
//!   requested size is thus known at free time (for exact statistics) with
//!   one load.
//! - **Free blocks** carry two list links and a footer (their size in their
//!   last word), so a freed block merges at once with free neighbours on
//!   both sides (boundary tags): no two free blocks are ever adjacent.
//! - **One free list.** A doubly linked list of all free (merged) blocks,
//!   headed by a field of the heap. Allocation takes the first block that
//!   fits (first fit, most recently freed first) and splits off the
//!   remainder as a free block. The caches below serve most small
//!   requests, so the list mostly holds large blocks, merged cache flushes
//!   and the heap's free tail. (It replaced 64 segregated lists with a
//!   bitmap: about 270 bytes less code, no slower on the benchmarks, 5%
//!   more peak memory on the fragmentation workload; see
//!   docs/benchmarks.md.)
//! - **Caches.** A freed block of up to `CACHE_MAX` (1 KiB) bytes is not
//!   merged but pushed on a singly linked cache list for its exact size
//!   (flag `CACHED`, still marked in use, so neighbours do not merge with
//!   it); a request of that block size with alignment <= 16 pops it (last
//!   in, first out) without touching the free list. Before the heap would
//!   grow memory, [`Heap::flush`] returns every cached block to the free
//!   list (merging it) and the search is repeated, so caching never makes
//!   memory grow. Statistics count cached blocks as freed.
//! - **Alignment.** Payloads are always 16-aligned. For a larger alignment
//!   (any power of two; 64 KiB and beyond) the heap looks for
//!   `size + align - 16` bytes, splits off and frees the front so the
//!   payload lands on the boundary, and frees the back.
//! - **realloc** shrinks in place (freeing the tail) and grows in place when
//!   the next block is free and large enough (absorbing it); otherwise it
//!   allocates, copies the requested bytes and frees the old block. On
//!   failure the old block is untouched.
//! - **Growth.** When no free block fits, the heap first takes more of
//!   the memory it already owns, then flushes its caches (below), and only
//!   then grows memory. On wasm32 its page source (`Linear`) hands out
//!   memory from `__heap_base` up, just enough each time rounded up to a 4
//!   KiB chunk ([`CHUNK`]): the rest of the linker's initial memory first,
//!   then pages from `memory.grow` (just enough 64 KiB pages, counting a
//!   free block at the end of the heap). Memory that directly follows the
//!   heap extends it; if other code grew memory in between, the heap starts
//!   a new region. Why chunks: a region ends in a sentinel header and its
//!   free tail in a footer, and an engine keeps every written page
//!   resident; a heap handed the whole initial area, or a whole grown page,
//!   would write one page per instance that nothing else uses. Memory is
//!   never returned to the engine (wasm cannot shrink memory) but always to
//!   the free list.
//! - **Out of memory.** `malloc`, `calloc`, `realloc`, `aligned_alloc`
//!   return null and set `errno` to `ENOMEM` (`posix_memalign` returns it);
//!   Rust then reports an allocation failure. `cabi_realloc` traps
//!   (`unreachable`), as the Canonical ABI has no failure path.
//! - **Dangling pointers.** No block lies below 64 KiB ([`MAX_ALIGN`]).
//!   `free`/`realloc` treat null and every pointer `<= MAX_ALIGN` as "no
//!   allocation": `cabi_realloc` with `new_size == 0` returns `align` itself
//!   (non-null, aligned, never touching the heap), and freeing it is a no-op.
//! - **Statistics.** [`Stats`]: live bytes (exact sum of requested sizes),
//!   peak, live allocation count, pages grown; `stats()` (wasm32) or the
//!   `weld_alloc_stats` export.
//! - **Checks.** Debug builds trap on a double free or a pointer that does
//!   not look like a live block (best effort).
//! - **Threads.** Single-threaded: the heap is a plain global without locks.
//!   wasi-threads (shared memory) is not supported; building with the
//!   `atomics` target feature is a compile error.
//!
//! - **Code size.** One out-of-line copy of each path: the allocation
//!   fast path (cache pop) in `claim`, header and statistics in `mark`
//!   (shared with in-place `realloc`), the list search and alignment in
//!   `find`, the cache push or free in `discard` (shared by `free` and
//!   `realloc`), merging and linking in `release`, growth (with the wasm32
//!   page source inlined) in `grow`. The C entry points are thin wrappers.
//!   `#[inline(never)]` marks these choices. Under 2 KiB of wasm code at
//!   `opt-level = 3` in a weld-ld module, about 2.1 KiB with every C entry
//!   point (docs/benchmarks.md).
//!
//! The algorithm ([`Heap`]) is target-independent and generic over
//! [`Pages`], so host tests run it over a [`Buffer`]; [`Heap::check`]
//! verifies all invariants. The wasm32 page source is `Linear`.

mod block;
mod check;
mod heap;
mod pages;
mod stats;

#[cfg(target_arch = "wasm32")]
mod c_api;
#[cfg(test)]
mod tests;

pub use block::MAX_ALIGN;
pub use check::Census;
pub use heap::Heap;
#[cfg(target_arch = "wasm32")]
pub use pages::Linear;
pub use pages::{Buffer, CHUNK, MIN_OFFSET, PAGE_SIZE, Pages};
pub use stats::Stats;

/// The statistics of the module's global heap (wasm32 only).
#[cfg(target_arch = "wasm32")]
pub fn stats() -> Stats {
    c_api::stats()
}

/// Checks every invariant of the module's global heap ([`Heap::check`]),
/// for tests (wasm32 only; costs no code unless called). Assumes that no
/// other code grows memory.
///
/// # Errors
///
/// The first violated invariant.
#[cfg(target_arch = "wasm32")]
pub fn check_global() -> Result<Census, &'static str> {
    c_api::check()
}
