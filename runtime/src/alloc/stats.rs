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

    /// Records the release of an allocation of `bytes` requested bytes.
    pub(super) fn sub(&mut self, bytes: u32) {
        self.live_allocs -= 1;
        self.live_bytes -= u64::from(bytes);
    }

    /// Records an allocation changing from `old` to `new` requested bytes.
    #[inline]
    pub(super) fn resize(&mut self, old: u32, new: u32) {
        self.live_bytes = self.live_bytes - u64::from(old) + u64::from(new);
        self.peak_bytes = self.peak_bytes.max(self.live_bytes);
    }
}
