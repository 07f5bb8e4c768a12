//! The block format: constants and region layout shared by
//! the heap and its checker. Pure arithmetic: nothing here touches memory.
//!
//! Memory is split into *blocks* whose sizes are multiples of 16. A block
//! starts 8 bytes before a 16-aligned address (its *payload*) with a `u32`
//! header: the block size ORed with flags ([`INUSE`], [`PINUSE`]: the block
//! before is in use, [`CACHED`]). A used block's second word holds the
//! requested size, so it is known at free time (exact statistics). A free
//! block holds a `next` and `prev` link (heap offsets) after the header and
//! a copy of its size in its last 4 bytes (the *footer*), so freeing can
//! merge with the block before.
//!
//! Invariants: no two free blocks are adjacent; every free block is in the
//! free list; a used block is exactly `max(16, round_up(req + 8, 16))`
//! bytes (remainders, always multiples of 16, are split off).
//!
//! A *region* is a run of blocks from one or more contiguous memory grants;
//! it ends in a 4-byte sentinel header (size 0, [`INUSE`]) that stops
//! merging. When new pages directly follow the current region, its sentinel
//! becomes the header of the new free block, which merges with a free tail.
//!
//! This module must not know about wasm, C or global state.

use super::pages::MIN_OFFSET;

/// Header bytes in front of every payload: the header word and, in a used
/// block, the requested size.
pub(super) const HDR: u32 = 8;
/// Block size granule and the payload alignment every block gets.
pub(super) const GRAIN: u32 = 16;
/// Header flag: this block is in use.
pub(super) const INUSE: u32 = 1;
/// Header flag: the block before this one is in use (so no footer there).
pub(super) const PINUSE: u32 = 2;
/// Header flag: this block (also [`INUSE`]) is freed but parked in a
/// cache list of `Heap::cache` instead of the free list.
pub(super) const CACHED: u32 = 8;
/// Mask of the header bits that are not size.
pub(super) const FLAGS: u32 = GRAIN - 1;
/// Largest block size kept in a cache list when freed: one list per block
/// size 16..=`CACHE_MAX`, indexed by `size / GRAIN`.
pub(super) const CACHE_MAX: u32 = 1024;
/// Entries of `Heap::cache` (index 0 unused, so that `size / GRAIN` needs no
/// subtraction and no bounds check).
pub(super) const NCACHE: usize = (CACHE_MAX / GRAIN) as usize + 1;

/// Pointers at or below this address are never heap pointers: `free` and
/// `realloc` treat them as "no allocation" (null and the dangling, aligned
/// pointers that zero-size allocations return).
pub const MAX_ALIGN: usize = 65536;

/// The block size for a request of `size` bytes, and the request as `u32`.
pub(super) fn block_size(size: usize) -> Option<(u32, u32)> {
    let req = u32::try_from(size).ok()?;
    let need = req.checked_add(HDR + GRAIN - 1)? & !FLAGS;
    Some((need.max(GRAIN), req))
}

/// True for null and the other pointers no heap ever returns.
pub(super) fn is_dangling(ptr: *const u8) -> bool {
    ptr.addr() <= MAX_ALIGN
}

/// Stops on a detected misuse (double free, foreign pointer).
#[cold]
#[inline(never)]
pub(super) fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("weld allocator: free or realloc of a pointer that is not a live allocation");
}

/// The first block and the sentinel of a region over `[start, end)`, or
/// `None` if the range is too small to be worth a region (under 64 bytes).
/// Regions skip offsets below
/// [`MIN_OFFSET`] and align to 16: blocks start at 8 mod 16.
pub(super) fn region_bounds(start: u32, end: u32) -> Option<(u32, u32)> {
    let start = start.max(MIN_OFFSET);
    // After alignment at least one block remains.
    if end.saturating_sub(start) < 64 {
        return None;
    }
    let first = start.next_multiple_of(GRAIN) + GRAIN - HDR;
    Some((first, (end & !FLAGS) - HDR))
}
