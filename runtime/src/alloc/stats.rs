//! Allocation statistics, kept exactly by every heap operation.
//!
//! `Stats` crosses the ABI (`weld_alloc_stats` writes it for hosts), so its
//! layout is fixed: four little-endian `u64`s, 32 bytes, 8-byte aligned.

/// Counters of one heap. All byte counts are *requested* sizes, not block
/// sizes, so they do not depend on the allocator's rounding.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Sum of the requested sizes of all live allocations.
    pub live_bytes: u64,
    /// Largest value `live_bytes` has had.
    pub peak_bytes: u64,
    /// Number of live allocations.
    pub live_allocs: u64,
    /// 64 KiB pages the heap has grown memory by (not counting the linker's
    /// initial heap area).
    pub pages_grown: u64,
}

const _: () = assert!(size_of::<Stats>() == 32 && align_of::<Stats>() == 8);
const _: () = assert!(core::mem::offset_of!(Stats, pages_grown) == 24);

impl Stats {
    /// All counters zero.
    pub const ZERO: Self = Self {
        live_bytes: 0,
        peak_bytes: 0,
        live_allocs: 0,
        pages_grown: 0,
    };
}

/// One live allocation in [`Counters::live`].
const ONE: u64 = 1 << 32;

/// A heap's running counters, from which [`Stats`] are made on request.
///
/// Packed so that `malloc` and `free` update them with few instructions:
/// `live` holds the number of live allocations in its high half and their
/// requested bytes in its low half, so one add or subtract updates both.
/// Every count fits 32 bits: the requested bytes of a live allocation are
/// fewer than its block's, and the blocks are disjoint in a 32-bit address
/// space. Wrapping arithmetic on the whole word is exact because each final
/// half is in range.
#[derive(Clone, Copy, Debug)]
pub(super) struct Counters {
    live: u64,
    peak: u32,
}

impl Counters {
    /// All counters zero.
    pub(super) const ZERO: Self = Self { live: 0, peak: 0 };

    /// Records a new allocation of `new` requested bytes that replaces `old`
    /// live bytes (0 for a plain allocation).
    #[inline]
    pub(super) fn add(&mut self, old: u32, new: u32) {
        self.live = self
            .live
            .wrapping_add(ONE + u64::from(new))
            .wrapping_sub(u64::from(old));
        self.peak = self.peak.max(self.live as u32);
    }

    /// Records the release of an allocation of `bytes` requested bytes.
    #[inline]
    pub(super) fn sub(&mut self, bytes: u32) {
        self.live = self.live.wrapping_sub(ONE + u64::from(bytes));
    }

    /// Records that one allocation went away whose bytes were already
    /// accounted (the old block of a moving `realloc`).
    #[inline]
    pub(super) fn forget_one(&mut self) {
        self.live = self.live.wrapping_sub(ONE);
    }

    /// The counters as [`Stats`], with the pages grown that the page source
    /// counts.
    pub(super) fn stats(&self, pages_grown: u32) -> Stats {
        Stats {
            live_bytes: self.live & (ONE - 1),
            peak_bytes: u64::from(self.peak),
            live_allocs: self.live >> 32,
            pages_grown: u64::from(pages_grown),
        }
    }
}
