//! Unit tests of the heap over host memory (the property test lives in
//! `runtime/tests/alloc_props.rs`).

extern crate std;

use super::block::{CACHE_MAX, HDR};
use super::*;
use std::alloc::{Layout, alloc_zeroed, dealloc};

/// A zeroed, 16-byte aligned host buffer freed on drop.
struct Mem(*mut u8, Layout);

impl Mem {
    fn new(pages: usize) -> Self {
        let layout = Layout::from_size_align(pages * PAGE_SIZE as usize, 16).unwrap();
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc_zeroed(layout) };
        assert!(!ptr.is_null());
        Self(ptr, layout)
    }

    fn heap(&self) -> Heap<Buffer> {
        // SAFETY: the buffer outlives the heap in every test below.
        Heap::new(unsafe { Buffer::new(self.0, self.1.size()) })
    }
}

impl Drop for Mem {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.0, self.1) }
    }
}

/// Checks `heap` (one contiguous region) and returns the census.
fn check(heap: &Heap<Buffer>) -> Census {
    let used = heap.pages().used();
    let regions = [(MIN_OFFSET, MIN_OFFSET + used)];
    let regions = if used == 0 {
        &regions[..0]
    } else {
        &regions[..]
    };
    heap.check(regions).unwrap()
}

#[test]
fn alloc_free_keeps_exact_stats() {
    let mem = Mem::new(16);
    let mut heap = mem.heap();
    let a = heap.alloc(8, 1);
    let b = heap.alloc(0, 1);
    let c = heap.alloc(1000, 8);
    assert!(!a.is_null() && !b.is_null() && !c.is_null());
    assert!([a, b, c].iter().all(|p| p.addr().is_multiple_of(16)));
    // 8 bytes + the 8-byte header fit one 16-byte block.
    assert_eq!(b.addr() - a.addr(), 16);
    let s = heap.stats();
    assert_eq!(
        (s.live_bytes, s.peak_bytes, s.live_allocs, s.pages_grown),
        (1008, 1008, 3, 1)
    );
    // SAFETY: live allocations of this heap.
    unsafe {
        assert_eq!(heap.usable_size(a), 8);
        assert_eq!(heap.usable_size(c), 1000);
        heap.free(c);
        heap.free(a);
    }
    let census = check(&heap);
    assert_eq!((census.used_blocks, census.used_bytes), (1, 0));
    let s = heap.stats();
    assert_eq!((s.live_bytes, s.peak_bytes, s.live_allocs), (0, 1008, 1));
}

#[test]
fn freed_neighbours_merge() {
    let mem = Mem::new(16);
    let mut heap = mem.heap();
    // Blocks above `CACHE_MAX`, so that `free` releases them at once.
    let p: [_; 4] = core::array::from_fn(|_| heap.alloc(CACHE_MAX as usize, 1));
    // SAFETY: live allocations, each freed once.
    unsafe {
        heap.free(p[0]);
        heap.free(p[2]);
        assert_eq!(check(&heap).free_blocks, 3, "p0, p2 and the tail");
        heap.free(p[1]);
        assert_eq!(check(&heap).free_blocks, 2, "p0..p2 and the tail");
        heap.free(p[3]);
    }
    let census = check(&heap);
    assert_eq!((census.free_blocks, census.used_blocks), (1, 0));
    // One page minus region overhead (16).
    assert_eq!(census.free_bytes, u64::from(PAGE_SIZE - 16));
}

#[test]
fn the_free_list_is_first_fit_most_recently_freed_first() {
    let mem = Mem::new(16);
    let mut heap = mem.heap();
    // Blocks above `CACHE_MAX` (so freeing releases them), kept apart by
    // live guards so they do not merge.
    let a = heap.alloc(4000, 1);
    let _g1 = heap.alloc(1, 1);
    let b = heap.alloc(2000, 1);
    let _g2 = heap.alloc(1, 1);
    // SAFETY: live allocations, each freed once.
    unsafe {
        heap.free(a);
        heap.free(b);
    }
    assert_eq!(heap.alloc(1500, 1), b, "freed last, fits");
    // `b`'s 496-byte remainder is now first; it does not fit, `a` does.
    assert_eq!(heap.alloc(3000, 1), a);
    assert_eq!(check(&heap).free_blocks, 3, "a's and b's rests, the tail");
}

#[test]
fn realloc_grows_and_shrinks_in_place() {
    let mem = Mem::new(16);
    let mut heap = mem.heap();
    // `b`'s block (2064 bytes) is above `CACHE_MAX`: freeing releases it.
    const _: () = assert!(CACHE_MAX < 2064);
    let a = heap.alloc(40, 1);
    let b = heap.alloc(2060, 1);
    let guard = heap.alloc(1, 1);
    // SAFETY: live allocations; `a` stays valid as realloc returns it.
    unsafe {
        a.write_bytes(0xAB, 40);
        heap.free(b);
        assert_eq!(heap.realloc(a, 300, 1), a, "absorbs the free successor");
        assert_eq!(*a.add(39), 0xAB);
        assert_eq!(heap.realloc(a, 2108, 1), a, "exactly a + b");
        assert_eq!(heap.stats().live_bytes, 2109);
        assert_eq!(heap.realloc(a, 20, 1), a, "shrinks in place");
        assert_eq!(*a.add(19), 0xAB);
        let census = check(&heap);
        assert_eq!(census.free_blocks, 2, "the freed tail and the heap tail");
        let moved = heap.realloc(a, 5000, 1);
        assert!(moved != a && !moved.is_null());
        assert_eq!(*moved.add(19), 0xAB);
        assert_eq!(heap.stats().live_bytes, 5001);
        assert_eq!(heap.stats().peak_bytes, 5001, "a move is not counted twice");
        heap.free(moved);
        heap.free(guard);
    }
    assert_eq!(check(&heap).cached_blocks, 2, "a's old block and the guard");
    assert!(heap.flush());
    assert_eq!(check(&heap).free_blocks, 1);
}

#[test]
fn large_alignments_are_honoured_and_the_gaps_reused() {
    let mem = Mem::new(64);
    let mut heap = mem.heap();
    let mut live = std::vec::Vec::new();
    for shift in 0..=16 {
        let align = 1usize << shift;
        let p = heap.alloc(24, align);
        assert!(
            !p.is_null() && p.addr().is_multiple_of(align),
            "align {align}"
        );
        live.push(p);
    }
    let census = check(&heap);
    assert_eq!(census.used_blocks, 17);
    assert!(
        heap.stats().pages_grown <= 4,
        "gaps are given back, not leaked"
    );
    for p in live {
        // SAFETY: live allocations, each freed once.
        unsafe { heap.free(p) };
    }
    heap.flush();
    assert_eq!(check(&heap).free_blocks, 1);
}

#[test]
fn small_blocks_are_cached_and_flushed_before_growing() {
    let mem = Mem::new(4);
    let mut heap = mem.heap();
    let a = heap.alloc(100, 1);
    let b = heap.alloc(100, 1);
    let c = heap.alloc(20, 1);
    // SAFETY: live allocations, each freed once.
    unsafe {
        heap.free(a);
        heap.free(b);
        let census = check(&heap);
        assert_eq!((census.cached_blocks, census.used_blocks), (2, 1));
        assert_eq!(heap.alloc(97, 1), b, "same block size, last freed first");
        assert_eq!(heap.alloc(100, 16), a);
        let e = heap.alloc(100, 32);
        assert!(e.addr().is_multiple_of(32), "not from the cache");
        for p in [a, b, c, e] {
            heap.free(p);
        }
    }
    assert_eq!(heap.stats().pages_grown, 1);
    // Only the whole first region, all cached blocks merged, fits this.
    let whole = PAGE_SIZE - 16 - HDR;
    assert!(!heap.alloc(whole as usize, 1).is_null());
    assert_eq!(heap.stats().pages_grown, 1, "flushed instead of grown");
    assert_eq!(check(&heap).cached_blocks, 0);
}

#[test]
fn dangling_pointers_are_not_allocations() {
    let mem = Mem::new(4);
    let mut heap = mem.heap();
    // SAFETY: pointers `<= MAX_ALIGN` are documented as ignored.
    unsafe {
        heap.free(core::ptr::null_mut());
        heap.free(core::ptr::without_provenance_mut(8));
        heap.free(core::ptr::without_provenance_mut(MAX_ALIGN));
        assert_eq!(heap.usable_size(core::ptr::without_provenance_mut(4)), 0);
        let p = heap.realloc(core::ptr::without_provenance_mut(4), 10, 4);
        assert!(!p.is_null() && p.addr() > MAX_ALIGN);
        heap.free(p);
    }
    assert_eq!(heap.stats().live_allocs, 0);
}

#[test]
fn out_of_memory_returns_null_and_keeps_the_block() {
    let mem = Mem::new(2);
    let mut heap = mem.heap();
    assert!(heap.alloc(3 * PAGE_SIZE as usize, 1).is_null());
    assert!(heap.alloc(usize::MAX, 1).is_null());
    assert!(
        heap.alloc(8, 3).is_null(),
        "alignment must be a power of two"
    );
    let a = heap.alloc(1000, 1);
    // SAFETY: `a` is live until freed below.
    unsafe {
        a.write_bytes(7, 1000);
        assert!(heap.realloc(a, 2 * PAGE_SIZE as usize, 1).is_null());
        assert_eq!(heap.usable_size(a), 1000);
        assert_eq!(*a.add(999), 7);
        heap.free(a);
    }
    let census = check(&heap);
    assert_eq!((census.free_blocks, census.used_blocks), (1, 0));
    assert_eq!(heap.stats().live_bytes, 0);
}

#[test]
fn whole_pages_are_usable_when_the_tail_is_free() {
    let mem = Mem::new(8);
    let mut heap = mem.heap();
    let a = heap.alloc(100, 1);
    // The tail (64 KiB - 16 - 112) plus exactly one more page,
    // leaving a 16-byte free block.
    let tail = PAGE_SIZE - 16 - 112;
    let b = heap.alloc((tail + PAGE_SIZE - HDR - 16) as usize, 1);
    assert!(!b.is_null());
    assert_eq!(heap.stats().pages_grown, 2);
    assert_eq!(check(&heap).free_blocks, 1, "a 16-byte tail remains");
    // SAFETY: live allocations.
    unsafe {
        heap.free(a);
        heap.free(b);
    }
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "not a live allocation")]
fn double_free_traps_in_debug_builds() {
    let mem = Mem::new(4);
    let mut heap = mem.heap();
    let a = heap.alloc(10, 1);
    let _b = heap.alloc(10, 1);
    // SAFETY: deliberately wrong: the second free must be caught.
    unsafe {
        heap.free(a);
        heap.free(a);
    }
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "not a live allocation")]
fn freeing_an_interior_pointer_traps_in_debug_builds() {
    let mem = Mem::new(4);
    let mut heap = mem.heap();
    let a = heap.alloc(100, 1);
    // SAFETY: deliberately wrong: an interior pointer must be caught.
    unsafe { heap.free(a.add(32)) };
}

/// Pages that skip one page before every grant, as if other code grew
/// memory each time in between.
struct Holey {
    inner: Buffer,
    /// Pages skipped (grown by "other code").
    skipped: u32,
}

// SAFETY: delegates to `Buffer`; skipped pages are never handed out.
unsafe impl Pages for Holey {
    fn grow(&mut self, bytes: u32, more: bool) -> Option<(u32, u32)> {
        self.inner.grow(1, more)?;
        self.skipped += 1;
        self.inner.grow(bytes, more)
    }

    fn grown(&self) -> u32 {
        self.inner.grown() - self.skipped
    }

    fn ptr(&self, offset: u32) -> *mut u8 {
        self.inner.ptr(offset)
    }

    fn offset(&self, ptr: *const u8) -> u32 {
        self.inner.offset(ptr)
    }
}

#[test]
fn growth_terminates_when_every_grant_is_discontiguous() {
    let mem = Mem::new(16);
    // SAFETY: the buffer outlives the heap.
    let mut heap = Heap::new(Holey {
        inner: unsafe { Buffer::new(mem.0, mem.1.size()) },
        skipped: 0,
    });
    let a = heap.alloc(100, 1);
    // Counting the free tail, one more page would do if it were contiguous;
    // it is not, so the heap must then ask for the whole size.
    let b = heap.alloc(PAGE_SIZE as usize, 1);
    assert!(!a.is_null() && !b.is_null());
    assert_eq!(heap.stats().pages_grown, 1 + 1 + 2);
}
