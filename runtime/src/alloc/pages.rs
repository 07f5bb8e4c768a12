//! Where a [`Heap`](super::Heap) gets its memory: the [`Pages`] trait and a
//! host implementation over a caller-provided buffer.
//!
//! The heap addresses memory with 32-bit *offsets*. On wasm32 an offset is the
//! linear-memory address itself; on a host it is a position inside a buffer.
//! This module must not allocate or know anything about blocks.

/// Size of a WebAssembly page: the unit the heap grows by.
pub const PAGE_SIZE: u32 = 65536;

/// Offsets below this are never used for blocks (see [`Heap`](super::Heap)).
///
/// On wasm32 offsets are addresses, so this keeps every payload above
/// [`MAX_ALIGN`](super::MAX_ALIGN), the range reserved for dangling pointers.
pub const MIN_OFFSET: u32 = 65536;

/// A source of memory for a [`Heap`](super::Heap): grows by 64 KiB pages and
/// maps the heap's 32-bit offsets to pointers.
///
/// # Safety
///
/// Implementations promise that:
/// - memory handed out by [`grow`](Pages::grow) or [`initial`](Pages::initial)
///   is valid for reads and writes through [`ptr`](Pages::ptr), used by
///   nothing else, and stays so for the life of the heap;
/// - every range handed out lies above all memory handed out before it and
///   ends at or below `u32::MAX` (the heap computes `start + len` in `u32`);
/// - `ptr(o)` is 16-byte aligned whenever `o` is, and
///   `offset(ptr(o)) == o` for every offset of that memory.
pub unsafe trait Pages {
    /// Memory the heap may use before it first grows, as `(start, end)`
    /// offsets (any alignment), or `None`. Called only while the heap has no
    /// memory yet.
    fn initial(&mut self) -> Option<(u32, u32)>;

    /// Grows by `pages` pages of [`PAGE_SIZE`] bytes and returns the offset
    /// of the first new byte (a multiple of 16), or `None` if out of memory.
    fn grow(&mut self, pages: u32) -> Option<u32>;

    /// The pointer for heap offset `offset`.
    fn ptr(&self, offset: u32) -> *mut u8;

    /// The heap offset of `ptr`, which points into memory of this `Pages`.
    fn offset(&self, ptr: *const u8) -> u32;
}

/// [`Pages`] carved from one caller-provided buffer, for hosts and tests.
///
/// Offsets start at [`MIN_OFFSET`] (which maps to the buffer's first byte),
/// so no buffer space is lost to the heap's low-address rule.
#[derive(Debug)]
pub struct Buffer {
    base: *mut u8,
    len: u32,
    used: u32,
}

impl Buffer {
    /// A page source over the `len` bytes at `base`.
    ///
    /// # Safety
    ///
    /// `base` is 16-byte aligned and valid for reads and writes of `len`
    /// bytes for as long as this value or a heap using it exists, and nothing
    /// else uses that memory meanwhile.
    pub unsafe fn new(base: *mut u8, len: usize) -> Self {
        let cap = (u32::MAX - MIN_OFFSET) as usize;
        Self {
            base,
            len: len.min(cap) as u32,
            used: 0,
        }
    }

    /// Bytes handed out so far (whole pages, including any skipped).
    pub fn used(&self) -> u32 {
        self.used
    }
}

// SAFETY: pages are disjoint slices of the buffer handed out in increasing
// order; `new`'s contract makes them valid; the offset mapping is a fixed
// shift, so it preserves 16-byte alignment given an aligned base.
unsafe impl Pages for Buffer {
    fn initial(&mut self) -> Option<(u32, u32)> {
        None
    }

    fn grow(&mut self, pages: u32) -> Option<u32> {
        let bytes = pages.checked_mul(PAGE_SIZE)?;
        let used = self.used.checked_add(bytes).filter(|&u| u <= self.len)?;
        let at = MIN_OFFSET + self.used;
        self.used = used;
        Some(at)
    }

    fn ptr(&self, offset: u32) -> *mut u8 {
        self.base.wrapping_add((offset - MIN_OFFSET) as usize)
    }

    fn offset(&self, ptr: *const u8) -> u32 {
        (ptr.addr().wrapping_sub(self.base.addr()) as u32).wrapping_add(MIN_OFFSET)
    }
}

/// The step in which the wasm32 page source (`Linear`) hands out the
/// linker's initial area: the hosts' smallest virtual-memory page.
pub const CHUNK: u32 = 4096;

/// The wasm32 linear memory: starts with the first [`CHUNK`] of the
/// linker's `[__heap_base, __heap_end)` and grows with `memory.grow`,
/// handing out the rest of that area first.
///
/// Why a chunk: a heap writes the end of every range it gets (a region's
/// sentinel, and the footer of its free tail), and an engine keeps every
/// written page resident. The whole initial area would cost each instance
/// one page that nothing else uses.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Default)]
pub struct Linear {
    /// End of the memory handed out so far.
    next: u32,
    /// End of the memory this page source owns: `__heap_end`, then the
    /// memory size after its last `memory.grow`. If memory has grown
    /// since, other code grew it, and `[next, owned)` is left unused.
    owned: u32,
}

#[cfg(target_arch = "wasm32")]
impl Linear {
    /// A page source that has handed out nothing yet.
    pub const fn new() -> Self {
        Self { next: 0, owned: 0 }
    }
}

#[cfg(target_arch = "wasm32")]
unsafe extern "C" {
    /// First byte after static data and the stack (wasm-ld).
    static __heap_base: u8;
    /// End of the initial memory (wasm-ld).
    static __heap_end: u8;
}

// SAFETY: `[__heap_base, __heap_end)` is unused by the linker's layout and
// handed out in increasing, disjoint ranges; `memory.grow` adds fresh pages
// above all existing memory, and a grant starts at the current memory size
// unless this source grew memory last; refusing to reach 4 GiB keeps every
// end offset within `u32`; offsets are addresses.
#[cfg(target_arch = "wasm32")]
unsafe impl Pages for Linear {
    fn initial(&mut self) -> Option<(u32, u32)> {
        let start = (&raw const __heap_base).addr() as u32;
        let end = (&raw const __heap_end).addr() as u32;
        // At least a usable region (64 bytes), to a chunk boundary.
        self.next = (start + 64).next_multiple_of(CHUNK).min(end);
        self.owned = end;
        Some((start, self.next))
    }

    fn grow(&mut self, pages: u32) -> Option<u32> {
        use core::arch::wasm32::{memory_grow, memory_size};
        if memory_size(0) + pages as usize >= 65536 {
            return None;
        }
        let at = memory_grow(0, pages as usize);
        if at == usize::MAX {
            return None;
        }
        let old_end = at as u32 * PAGE_SIZE;
        // Unless other code grew memory since, the rest of the owned
        // memory comes first (its size is less than a page, as wasm-ld
        // ends the initial area at the first page boundary, and stays so).
        let start = if old_end == self.owned {
            self.next
        } else {
            old_end
        };
        self.owned = old_end + pages * PAGE_SIZE;
        self.next = start + pages * PAGE_SIZE;
        Some(start)
    }

    fn ptr(&self, offset: u32) -> *mut u8 {
        core::ptr::with_exposed_provenance_mut(offset as usize)
    }

    fn offset(&self, ptr: *const u8) -> u32 {
        ptr.expose_provenance() as u32
    }
}
