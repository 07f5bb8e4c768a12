//! A consistency checker for [`Heap`], for tests and debugging.
//!
//! It walks every block and every free list and reports the first broken
//! invariant. It is never called by the allocator itself (so it costs no code
//! in a linked module unless used) and must not modify the heap.

use super::block::{CACHED, FLAGS, GRAIN, HDR, INUSE, PINUSE, region_bounds};
use super::heap::Heap;
use super::pages::Pages;

/// What [`Heap::check`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Number of used blocks (live allocations; not counting cached ones).
    pub used_blocks: u64,
    /// Sum of the requested sizes of the used blocks.
    pub used_bytes: u64,
    /// Number of free blocks.
    pub free_blocks: u64,
    /// Total size of the free blocks.
    pub free_bytes: u64,
    /// Size of the largest free block.
    pub largest_free: u32,
    /// Number of freed blocks parked in cache lists (see [`Heap::flush`]).
    pub cached_blocks: u64,
}

impl<P: Pages> Heap<P> {
    /// Checks every invariant of the heap whose memory consists of `regions`:
    /// `(start, end)` offset ranges as handed out by [`Pages`], in increasing
    /// order, with directly adjacent ranges merged into one. A region ends
    /// at its sentinel, which may lie before the range's end (the rest is
    /// spare, not yet used).
    ///
    /// # Errors
    ///
    /// A description of the first violated invariant.
    pub fn check(&self, regions: &[(u32, u32)]) -> Result<Census, &'static str> {
        let mut census = Census::default();
        for &(start, end) in regions {
            let (first, last) = region_bounds(start, end).ok_or("unusable region")?;
            // SAFETY: the caller names memory of this heap; the walk stops at
            // the sentinel and checks each size before using it.
            unsafe { self.walk(first, last, &mut census)? };
        }
        // SAFETY: as for the walk; list nodes are checked to be free blocks
        // of the walked regions only through their counts.
        let listed = unsafe { self.walk_lists(census.free_blocks)? };
        if listed != census.free_blocks {
            return Err("free block missing from the free list");
        }
        // SAFETY: as for the free list.
        let cached = unsafe { self.walk_caches(census.cached_blocks)? };
        if cached != census.cached_blocks {
            return Err("cached block missing from the cache lists");
        }
        Ok(census)
    }

    /// Walks the blocks from `first` to the region's sentinel, which lies at
    /// or before `last`, adding to `census`.
    ///
    /// # Safety
    ///
    /// `[first, last + 4)` is memory of this heap.
    unsafe fn walk(&self, first: u32, last: u32, census: &mut Census) -> Result<(), &'static str> {
        let mut b = first;
        let mut prev_used = true;
        // SAFETY: every size is checked to stay inside the range.
        unsafe {
            loop {
                if b > last {
                    return Err("bad region sentinel");
                }
                let h = self.get(b);
                let size = h & !FLAGS;
                if size == 0 {
                    if h & INUSE == 0 {
                        return Err("bad region sentinel");
                    }
                    if (h & PINUSE != 0) != prev_used {
                        return Err("sentinel PINUSE disagrees with the last block");
                    }
                    return Ok(());
                }
                if size < GRAIN || size > last - b {
                    return Err("block size out of range");
                }
                if (h & PINUSE != 0) != prev_used {
                    return Err("PINUSE flag disagrees with the previous block");
                }
                prev_used = h & INUSE != 0;
                if prev_used {
                    self.count_used(b, size, h, census)?;
                } else {
                    self.check_free(b, size, h)?;
                    census.free_blocks += 1;
                    census.free_bytes += u64::from(size);
                    census.largest_free = census.largest_free.max(size);
                }
                b += size;
            }
        }
    }

    /// Counts used (or cached) block `b` of `size` bytes with header `h`.
    ///
    /// # Safety
    ///
    /// `b` is a block of `size` bytes of this heap.
    unsafe fn count_used(
        &self,
        b: u32,
        size: u32,
        h: u32,
        census: &mut Census,
    ) -> Result<(), &'static str> {
        if h & CACHED != 0 {
            // Its request word holds the cache link.
            census.cached_blocks += 1;
            return Ok(());
        }
        // SAFETY: a used block's second word is its request.
        let req = unsafe { self.requested(b) };
        let exact = (req + HDR).next_multiple_of(GRAIN).max(GRAIN);
        if size != exact {
            return Err("used block not exactly sized");
        }
        census.used_blocks += 1;
        census.used_bytes += u64::from(req);
        Ok(())
    }

    /// Checks free block `b` of `size` bytes with header `h`.
    ///
    /// # Safety
    ///
    /// `b` is a block of `size` bytes of this heap.
    unsafe fn check_free(&self, b: u32, size: u32, h: u32) -> Result<(), &'static str> {
        if h & PINUSE == 0 {
            return Err("two adjacent free blocks");
        }
        // SAFETY: the footer is the block's last word.
        if unsafe { self.get(b + size - 4) } != size {
            return Err("free block footer differs from its size");
        }
        Ok(())
    }

    /// Walks all cache lists; returns the number of nodes.
    ///
    /// # Safety
    ///
    /// The cache heads point at blocks of this heap.
    unsafe fn walk_caches(&self, limit: u64) -> Result<u64, &'static str> {
        let mut count = 0;
        for (i, &first) in self.cache.iter().enumerate() {
            let mut b = first;
            while b != 0 {
                count += 1;
                if count > limit {
                    return Err("cache list longer than the cached blocks (cycle?)");
                }
                // SAFETY: counted nodes are cached blocks with a link.
                let (h, next) = unsafe { (self.get(b), self.get(b + 4)) };
                let marked = INUSE | CACHED;
                if h & marked != marked || (h & !FLAGS) / GRAIN != i as u32 {
                    return Err("cache list node is not a cached block of its size");
                }
                b = next;
            }
        }
        Ok(count)
    }

    /// Walks the free list; returns the number of nodes.
    ///
    /// # Safety
    ///
    /// The list head points at blocks of this heap.
    unsafe fn walk_lists(&self, limit: u64) -> Result<u64, &'static str> {
        let mut count = 0;
        let mut prev = 0;
        let mut b = self.free;
        while b != 0 {
            count += 1;
            if count > limit {
                return Err("free list longer than the free blocks (cycle?)");
            }
            // SAFETY: counted nodes are free blocks with links.
            let (h, back, next) = unsafe { (self.get(b), self.get(b + 8), self.get(b + 4)) };
            if h & INUSE != 0 || back != prev {
                return Err("free list node is used or mislinked");
            }
            prev = b;
            b = next;
        }
        Ok(count)
    }
}
