//! The allocation algorithm over the block format of [`super::block`]:
//! boundary-tagged blocks in one free list plus per-size caches,
//! independent of the target and generic over [`Pages`]. It must not know
//! about wasm, C or global state.

use super::block::{
    CACHE_MAX, CACHED, FLAGS, GRAIN, HDR, INUSE, NCACHE, PINUSE, block_size, is_dangling, trap,
};
use super::pages::{MIN_OFFSET, Pages};
use super::stats::{Counters, Stats};
use core::ptr;

/// A heap over memory from `P`. The [allocator docs](super) describe the
/// design; the block format is documented in the source (`heap.rs`).
///
/// Not thread-safe: all methods take `&mut self`.
#[derive(Debug)]
pub struct Heap<P> {
    pages: P,
    /// The first block of the free list (0 if empty): a doubly linked list
    /// of all free blocks, through link words at +4 (next) and +8 (prev, 0
    /// for the first).
    pub(super) free: u32,
    /// Sentinel header of the current (highest) region; 0 before the first.
    pub(super) top: u32,
    /// Cache lists: `cache[size / GRAIN]` is the last freed block of that
    /// size (up to [`CACHE_MAX`]) not yet returned to the free list, 0 if
    /// none; each cached block's request word links to the next.
    pub(super) cache: [u32; NCACHE],
    stats: Counters,
}

impl<P: Pages> Heap<P> {
    /// An empty heap that takes memory from `pages` when it needs some.
    pub const fn new(pages: P) -> Self {
        Self {
            pages,
            free: 0,
            top: 0,
            cache: [0; NCACHE],
            stats: Counters::ZERO,
        }
    }

    /// The page source.
    pub fn pages(&self) -> &P {
        &self.pages
    }

    /// The current statistics.
    pub fn stats(&self) -> Stats {
        self.stats.stats(self.pages.grown())
    }

    /// Allocates `size` bytes aligned to `align` (a power of two; every
    /// block is at least 16-aligned). Returns null if `align` is not a power
    /// of two or memory is exhausted. `size == 0` gets a unique pointer.
    #[inline]
    pub fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        // SAFETY: `claim` relies only on the heap's invariants, which every
        // method of this type maintains.
        unsafe { self.claim(size, align, 0) }
    }

    /// Frees `ptr`. Null and other pointers `<= MAX_ALIGN` are ignored.
    ///
    /// # Safety
    ///
    /// `ptr` is such a pointer or a live allocation of this heap. In debug
    /// builds, some violations (double free, foreign pointer) trap.
    #[inline]
    pub unsafe fn free(&mut self, ptr: *mut u8) {
        if is_dangling(ptr) {
            return;
        }
        // SAFETY: the caller passes a live allocation of this heap.
        unsafe {
            let b = self.block_of(ptr);
            self.stats.sub(self.requested(b));
            self.discard(b);
        }
    }

    /// Returns every cached block to the free list, merging it with its
    /// free neighbours (the heap does this itself before it grows memory).
    /// True if there was any.
    #[inline(never)]
    pub fn flush(&mut self) -> bool {
        let mut any = false;
        for i in 0..NCACHE {
            let mut b = core::mem::take(&mut self.cache[i]);
            while b != 0 {
                // SAFETY: cached blocks are unlisted blocks marked used, so
                // `release` may free them; the link is read first.
                unsafe {
                    let next = self.get(b + 4);
                    self.release(b);
                    b = next;
                }
                any = true;
            }
        }
        any
    }

    /// Resizes `ptr` to `size` bytes aligned to `align`, in place when the
    /// block or its free successor is large enough and `ptr` is aligned,
    /// else by moving. A dangling `ptr` (see [`free`](Self::free)) makes
    /// this an [`alloc`](Self::alloc). On failure returns null and leaves
    /// `ptr` allocated and unchanged.
    ///
    /// # Safety
    ///
    /// As for [`free`](Self::free).
    #[inline(never)]
    pub unsafe fn realloc(&mut self, ptr: *mut u8, size: usize, align: usize) -> *mut u8 {
        if is_dangling(ptr) {
            return self.alloc(size, align);
        }
        if !align.is_power_of_two() {
            return ptr::null_mut();
        }
        // SAFETY: the caller passes a live allocation of this heap; `claim`
        // returns a block disjoint from it, so the copy does not overlap.
        unsafe {
            let b = self.block_of(ptr);
            let old = self.requested(b);
            // Both paths count a new allocation replacing `old` bytes; the
            // old one goes away below.
            let new = if ptr.addr() & (align - 1) == 0 && self.resize_in_place(b, size, old) {
                ptr
            } else {
                let new = self.claim(size, align, old);
                if new.is_null() {
                    return new;
                }
                ptr::copy_nonoverlapping(ptr, new, size.min(old as usize));
                self.discard(b);
                new
            };
            self.stats.forget_one();
            new
        }
    }

    /// The requested size of the live allocation `ptr` (0 for dangling).
    ///
    /// # Safety
    ///
    /// As for [`free`](Self::free).
    pub unsafe fn usable_size(&self, ptr: *mut u8) -> usize {
        if is_dangling(ptr) {
            return 0;
        }
        // SAFETY: the caller passes a live allocation of this heap.
        unsafe { self.requested(self.block_of(ptr)) as usize }
    }

    /// Allocates a block for `size` bytes at `align` and counts it in the
    /// statistics as a new allocation replacing one of `old` bytes (0 for
    /// none). Null if impossible.
    ///
    /// # Safety
    ///
    /// The heap's invariants hold.
    #[inline(never)]
    unsafe fn claim(&mut self, size: usize, align: usize, old: u32) -> *mut u8 {
        let Some((need, req)) = block_size(size) else {
            return ptr::null_mut();
        };
        if !align.is_power_of_two() {
            return ptr::null_mut();
        }
        // SAFETY: a cached block is unlisted, marked used and of size `need`;
        // `find` returns a prepared block of `need` bytes.
        unsafe {
            let mut b = 0;
            if align <= GRAIN as usize && need <= CACHE_MAX {
                let i = (need / GRAIN) as usize;
                b = self.cache[i];
                if b != 0 {
                    self.cache[i] = self.get(b + 4);
                }
            }
            if b == 0 {
                b = self.find(need, align);
                if b == 0 {
                    return ptr::null_mut();
                }
            }
            self.mark(b, need, req, old);
            self.pages.ptr(b + HDR)
        }
    }

    /// A block of exactly `need` bytes whose payload is aligned to `align`
    /// (a power of two), taken from the free list, which is first
    /// refilled from the caches and then by growing, if needed; 0 if out of
    /// memory. The block is [`split`](Self::split) but not yet marked.
    ///
    /// # Safety
    ///
    /// The heap's invariants hold.
    #[inline(never)]
    unsafe fn find(&mut self, need: u32, align: usize) -> u32 {
        let Ok(align32) = u32::try_from(align) else {
            return 0;
        };
        let extra = align32.max(GRAIN) - GRAIN;
        let Some(want) = need.checked_add(extra) else {
            return 0;
        };
        // SAFETY: blocks come from the free list, which holds free blocks.
        unsafe {
            let mut count_tail = true;
            let mut b = loop {
                let b = self.take(want);
                if b != 0 {
                    break b;
                }
                // Memory the page source holds first, then cached blocks,
                // then more memory.
                if self.grow(want, true, false) || self.flush() {
                    continue;
                }
                if !self.grow(want, count_tail, true) {
                    return 0;
                }
                count_tail = false;
            };
            if extra != 0 {
                b = self.align_front(b, align);
            }
            self.split(b, need);
            b
        }
    }

    /// Puts used block `b`, no longer live, on its cache list if it is
    /// small, else frees it ([`release`](Self::release)).
    ///
    /// # Safety
    ///
    /// As for [`release`](Self::release); `b` is marked used.
    #[inline(never)]
    unsafe fn discard(&mut self, b: u32) {
        // SAFETY: `b` is a used block, so its request word is free to
        // hold the link.
        unsafe {
            let h = self.get(b);
            let size = h & !FLAGS;
            if size <= CACHE_MAX {
                let i = (size / GRAIN) as usize;
                self.set(b + 4, self.cache[i]);
                self.set(b, h | CACHED);
                self.cache[i] = b;
            } else {
                self.release(b);
            }
        }
    }

    /// Unlinks and returns the first free block of at least `want` bytes,
    /// or 0.
    ///
    /// # Safety
    ///
    /// The heap's invariants hold.
    #[inline]
    unsafe fn take(&mut self, want: u32) -> u32 {
        let mut b = self.free;
        // SAFETY: the list holds free blocks with valid headers and links.
        unsafe {
            while b != 0 {
                if self.get(b) & !FLAGS >= want {
                    self.unlink(b);
                    break;
                }
                b = self.get(b + 4);
            }
        }
        b
    }

    /// Splits off and frees the front of unlinked free block `b` so the
    /// payload of what remains is aligned to `align`; returns that block.
    ///
    /// # Safety
    ///
    /// `b` is an unlinked free block with room for the alignment gap.
    #[inline]
    unsafe fn align_front(&mut self, b: u32, align: usize) -> u32 {
        let addr = self.pages.ptr(b + HDR).addr();
        let gap = (addr.wrapping_neg() & (align - 1)) as u32;
        if gap != 0 {
            // SAFETY: the gap is a multiple of 16 inside `b`, so both parts
            // are valid blocks; marking the back part used stops `release`
            // from merging the front part into it.
            unsafe {
                let h = self.get(b);
                self.set(b + gap, ((h & !FLAGS) - gap) | INUSE);
                self.set(b, gap | (h & PINUSE));
                self.release(b);
            }
        }
        b + gap
    }

    /// Cuts block `b` (unlinked free, or used) to `need` bytes, freeing
    /// any remainder, and marks the block after it as following a used
    /// block (`b` is about to be [`mark`](Self::mark)ed used).
    ///
    /// # Safety
    ///
    /// `b` is at least `need` bytes and not in a free list.
    #[inline(never)]
    unsafe fn split(&mut self, b: u32, need: u32) {
        // SAFETY: `b` and the block after it are valid blocks; a non-zero
        // remainder is a multiple of 16, hence a valid block of its own.
        unsafe {
            let size = self.get(b) & !FLAGS;
            if size > need {
                self.set(b + need, (size - need) | PINUSE);
                self.release(b + need);
            } else {
                let n = b + size;
                self.set(n, self.get(n) | PINUSE);
            }
        }
    }

    /// Writes the header and the request word of `b` as a used block of
    /// exactly `need` bytes holding `req` bytes, keeping its `PINUSE`, and
    /// counts it as a new allocation replacing one of `old` bytes (out of
    /// line: `claim` and `resize_in_place` share it).
    ///
    /// # Safety
    ///
    /// `b` is a block of `need` bytes that [`split`](Self::split) prepared
    /// or that was cached at that size.
    #[inline(never)]
    unsafe fn mark(&mut self, b: u32, need: u32, req: u32, old: u32) {
        // SAFETY: both header words lie in the block.
        unsafe {
            let h = self.get(b);
            self.set(b, need | INUSE | (h & PINUSE));
            self.set(b + 4, req);
        }
        self.stats.add(old, req);
    }

    /// Resizes `b` (used, holding `old` bytes) in place to `size` bytes if
    /// it or it plus its free successor is large enough, counting it as a
    /// new allocation ([`mark`](Self::mark)); false if not.
    ///
    /// # Safety
    ///
    /// `b` is a used block of this heap.
    unsafe fn resize_in_place(&mut self, b: u32, size: usize, old: u32) -> bool {
        let Some((need, req)) = block_size(size) else {
            return false;
        };
        // SAFETY: `b` is used, so its size and its successor are valid.
        unsafe {
            let h = self.get(b);
            let size = h & !FLAGS;
            let n = b + size;
            let nh = self.get(n);
            let avail = if nh & INUSE == 0 {
                size + (nh & !FLAGS)
            } else {
                size
            };
            if avail < need {
                return false;
            }
            if avail != size {
                self.unlink(n);
                self.set(b, avail | (h & PINUSE));
            }
            self.split(b, need);
            self.mark(b, need, req, old);
        }
        true
    }

    /// Marks block `b` free, merges it with free neighbours and links it.
    ///
    /// # Safety
    ///
    /// `b` has a valid header and is not in a free list; the block after it
    /// is valid; if `PINUSE` is clear the block before is a linked free block.
    #[inline(never)]
    pub(super) unsafe fn release(&mut self, b: u32) {
        // SAFETY: neighbours found through sizes and footers are valid
        // blocks by the heap's invariants.
        unsafe {
            let h = self.get(b);
            if cfg!(debug_assertions) {
                // So a second free of `b` fails the `INUSE` check even when
                // `b` is merged into the block before it.
                self.set(b, h & !INUSE);
            }
            let mut start = b;
            let mut size = h & !FLAGS;
            let nh = self.get(b + size);
            if nh & INUSE == 0 {
                self.unlink(b + size);
                size += nh & !FLAGS;
            }
            if h & PINUSE == 0 {
                let prev = self.get(b - 4);
                start -= prev;
                self.unlink(start);
                size += prev;
            }
            self.set(start, size | PINUSE);
            self.set(start + size - 4, size);
            let n = start + size;
            self.set(n, self.get(n) & !PINUSE);
            self.link(start);
        }
    }

    /// Pushes free block `b` on the free list.
    ///
    /// # Safety
    ///
    /// `b` is a free block not in the list.
    #[inline]
    unsafe fn link(&mut self, b: u32) {
        let first = self.free;
        // SAFETY: `b` and the first node are free blocks with link words.
        unsafe {
            self.set(b + 4, first);
            self.set(b + 8, 0);
            if first != 0 {
                self.set(first + 8, b);
            }
        }
        self.free = b;
    }

    /// Removes free block `b` from the free list.
    ///
    /// # Safety
    ///
    /// `b` is a free block in the list.
    #[inline(never)]
    unsafe fn unlink(&mut self, b: u32) {
        // SAFETY: `b`'s list neighbours are free blocks.
        unsafe {
            let next = self.get(b + 4);
            let prev = self.get(b + 8);
            if next != 0 {
                self.set(next + 8, prev);
            }
            if prev != 0 {
                self.set(prev + 4, next);
            } else {
                self.free = next;
            }
        }
    }

    /// Adds memory so that a free block of `want` bytes exists: just enough
    /// from the page source, as a free block that extends the current
    /// region if it directly follows it, else starts a new region. False if
    /// out of memory.
    ///
    /// With `count_tail`, grows only by what the free block at the end of
    /// the current region lacks, which suffices if the new memory directly
    /// follows it. Otherwise (a retry, after something else grew memory in
    /// between) grows by all of `want`, which always suffices. Without
    /// `more`, takes only memory the page source already holds.
    ///
    /// # Safety
    ///
    /// The heap's invariants hold.
    #[inline(never)]
    unsafe fn grow(&mut self, want: u32, count_tail: bool, more: bool) -> bool {
        // SAFETY: memory from `pages` is valid and unused (trait contract);
        // the free tail's footer sits just before the sentinel; the new
        // header, sentinel and (when extending) the old sentinel all lie in
        // memory the heap owns.
        unsafe {
            let Some((first, sentinel)) = (|| {
                let mut short = want;
                if count_tail && self.top != 0 && self.get(self.top) & PINUSE == 0 {
                    // The free tail is smaller than `want`, or `take` had
                    // found it.
                    short -= self.get(self.top - 4);
                }
                let (start, end) = self.pages.grow(short.checked_add(GRAIN)?, more)?;
                // Both are multiples of 16 (trait contract): the region's
                // first block and sentinel, as `region_bounds` finds them.
                Some((start + GRAIN - HDR, end - HDR))
            })() else {
                return false;
            };
            let (b, flags) = if first == self.top + GRAIN {
                (self.top, self.get(self.top) & PINUSE)
            } else {
                (first, PINUSE)
            };
            self.set(b, (sentinel - b) | flags);
            self.set(sentinel, INUSE);
            self.top = sentinel;
            self.release(b);
        }
        true
    }

    /// The block of allocation `ptr`; traps in debug builds if `ptr` does
    /// not look like a live allocation.
    ///
    /// # Safety
    ///
    /// `ptr` is a live allocation of this heap.
    unsafe fn block_of(&self, ptr: *mut u8) -> u32 {
        let b = self.pages.offset(ptr).wrapping_sub(HDR);
        if cfg!(debug_assertions) {
            // SAFETY: only reads inside the heap's range, after checking.
            let live = unsafe { self.looks_live(ptr, b) };
            if !live {
                trap();
            }
        }
        b
    }

    /// Best-effort check that `b` is the block of live allocation `ptr`.
    ///
    /// # Safety
    ///
    /// Memory from the lowest region to `self.top` is readable.
    unsafe fn looks_live(&self, ptr: *mut u8, b: u32) -> bool {
        if !ptr.addr().is_multiple_of(GRAIN as usize) || b < MIN_OFFSET || b >= self.top {
            return false;
        }
        // SAFETY: `b` and `b + size` are checked to lie below the sentinel.
        unsafe {
            let h = self.get(b);
            let size = h & !FLAGS;
            h & (INUSE | CACHED) == INUSE
                && size >= GRAIN
                && size <= self.top - b
                && self.get(b + size) & PINUSE != 0
        }
    }

    /// The requested size of used block `b`.
    ///
    /// # Safety
    ///
    /// `b` is a used block.
    #[inline]
    pub(super) unsafe fn requested(&self, b: u32) -> u32 {
        // SAFETY: a used block's second header word is its request.
        unsafe { self.get(b + 4) }
    }

    /// Reads the `u32` at offset `at`.
    ///
    /// # Safety
    ///
    /// `at` is 4-aligned heap memory.
    pub(super) unsafe fn get(&self, at: u32) -> u32 {
        // SAFETY: forwarded to the caller.
        unsafe { self.pages.ptr(at).cast::<u32>().read() }
    }

    /// Writes the `u32` at offset `at`.
    ///
    /// # Safety
    ///
    /// `at` is 4-aligned heap memory not part of a live payload.
    unsafe fn set(&mut self, at: u32, value: u32) {
        // SAFETY: forwarded to the caller.
        unsafe { self.pages.ptr(at).cast::<u32>().write(value) }
    }
}
