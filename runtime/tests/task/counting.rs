//! A global allocator over `System` that counts, per thread, live bytes,
//! live allocations and the peak of live bytes, so that parallel tests do
//! not see each other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

#[global_allocator]
static GLOBAL: Counting = Counting;

thread_local! {
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
    static LIVE_ALLOCS: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn add(bytes: isize, allocs: isize) {
    let _ = LIVE_BYTES.try_with(|b| {
        let now = b.get() + bytes;
        b.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
    let _ = LIVE_ALLOCS.try_with(|a| a.set(a.get() + allocs));
}

// SAFETY: forwards to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            add(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded.
        unsafe { System.dealloc(ptr, layout) };
        add(-(layout.size() as isize), -1);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            add(new_size as isize - layout.size() as isize, 0);
        }
        p
    }
}

/// This thread's live bytes and allocations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Live {
    pub bytes: isize,
    pub allocs: isize,
}

/// This thread's counters now.
pub fn live() -> Live {
    Live {
        bytes: LIVE_BYTES.with(Cell::get),
        allocs: LIVE_ALLOCS.with(Cell::get),
    }
}

/// Resets this thread's peak to its current live bytes.
pub fn reset_peak() {
    let now = LIVE_BYTES.with(Cell::get);
    PEAK.with(|p| p.set(now));
}

/// The peak of this thread's live bytes since [`reset_peak`].
pub fn peak() -> isize {
    PEAK.with(Cell::get)
}

/// Runs `f` and asserts that it left no allocation of this thread live.
pub fn no_leak<R>(f: impl FnOnce() -> R) -> R {
    let before = live();
    let r = f();
    let after = live();
    assert_eq!(after, before, "allocations left live");
    r
}
