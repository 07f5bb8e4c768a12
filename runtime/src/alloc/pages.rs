//! Where a [`Heap`](super::Heap) gets its memory: the [`Pages`] trait and a
//! host implementation over a caller-provided buffer.
//!
//! The heap addresses memory with 32-bit *offsets*. On wasm32 an offset is the
//! linear-memory address itself; on a host it is a position inside a buffer.
//! This module must not allocate or know anything about blocks.

/// Size of a WebAssembly page: the unit `memory.grow` counts in, and
/// [`Buffer`]'s unit of growth.
pub const PAGE_SIZE: u32 = 65536;

/// The granularity of the wasm32 page source: the hosts' smallest
/// virtual-memory page (see `Linear`).
pub const CHUNK: u32 = 4096;

/// Offsets below this are never used for blocks (see [`Heap`](super::Heap)).
///
/// On wasm32 offsets are addresses, so this keeps every payload above
/// [`MAX_ALIGN`](super::MAX_ALIGN), the range reserved for dangling pointers.
pub const MIN_OFFSET: u32 = 65536;

/// A source of memory for a [`Heap`](super::Heap): hands out memory in
/// increasing ranges, each rounded up to its own granularity, and maps the
/// heap's 32-bit offsets to pointers.
///
/// # Safety
///
/// Implementations promise that:
/// - memory handed out by [`grow`](Pages::grow) is valid for reads and
///   writes through [`ptr`](Pages::ptr), used by nothing else, and stays so
///   for the life of the heap;
/// - every range handed out lies above all memory handed out before it and
///   ends at or below `u32::MAX` (the heap computes `start + len` in `u32`);
/// - `ptr(o)` is 16-byte aligned whenever `o` is, and
///   `offset(ptr(o)) == o` for every offset of that memory.
pub unsafe trait Pages {
    /// Hands out at least `bytes` more bytes of memory, as `(start, end)`
    /// offsets (both multiples of 16, `start` at least [`MIN_OFFSET`]), or
    /// `None` if out of memory. With `more` false, only memory it holds
    /// already (for wasm32, within the memory's current size), else `None`.
    fn grow(&mut self, bytes: u32, more: bool) -> Option<(u32, u32)>;

    /// The 64 KiB pages this source has grown memory by, for the heap's
    /// statistics.
    fn grown(&self) -> u32;

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
    /// Whole 64 KiB pages, only with `more`.
    fn grow(&mut self, bytes: u32, more: bool) -> Option<(u32, u32)> {
        if !more {
            return None;
        }
        let bytes = bytes.checked_next_multiple_of(PAGE_SIZE)?;
        let used = self.used.checked_add(bytes).filter(|&u| u <= self.len)?;
        let at = MIN_OFFSET + self.used;
        self.used = used;
        Some((at, at + bytes))
    }

    fn grown(&self) -> u32 {
        self.used / PAGE_SIZE
    }

    fn ptr(&self, offset: u32) -> *mut u8 {
        self.base.wrapping_add((offset - MIN_OFFSET) as usize)
    }

    fn offset(&self, ptr: *const u8) -> u32 {
        (ptr.addr().wrapping_sub(self.base.addr()) as u32).wrapping_add(MIN_OFFSET)
    }
}

/// The wasm32 linear memory, handed out in 4 KiB chunks ([`CHUNK`]): from
/// the linker's `__heap_base` up, growing memory with `memory.grow` by
/// whole pages as the chunks need them.
///
/// Why chunks: a heap writes the end of every range it gets (a region's
/// sentinel, and the footer of its free tail), and an engine keeps every
/// written page resident. Handed the rest of the initial memory, or a
/// whole grown page, at once, the heap would make each instance keep a page
/// resident that nothing else uses.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Default)]
pub struct Linear {
    /// End of the memory handed out so far (0 before the first grant).
    next: u32,
    /// End of the memory this page source owns: `__heap_end`, then the
    /// memory size after its last `memory.grow`. If memory has grown
    /// since, other code grew it, and `[next, owned)` is left unused.
    owned: u32,
    /// Pages grown by `memory.grow`.
    grown: u32,
}

#[cfg(target_arch = "wasm32")]
impl Linear {
    /// A page source that has handed out nothing yet.
    pub const fn new() -> Self {
        Self {
            next: 0,
            owned: 0,
            grown: 0,
        }
    }

    /// Where the first grant starts: `__heap_base` (which wasm-ld aligns
    /// to 16, and places above the 1 MiB stack).
    pub fn start() -> u32 {
        (&raw const __heap_base).addr() as u32
    }
}

#[cfg(target_arch = "wasm32")]
unsafe extern "C" {
    /// First byte after static data and the stack (wasm-ld).
    static __heap_base: u8;
    /// End of the initial memory (wasm-ld).
    static __heap_end: u8;
}

// SAFETY: `[__heap_base, __heap_end)` is unused by the linker's layout;
// grants are disjoint and increasing: each starts where the last ended
// unless other code grew memory since, then at the memory's end;
// `memory.grow` adds fresh pages above all existing memory; ends are
// computed with checked `u32` arithmetic; offsets are addresses.
#[cfg(target_arch = "wasm32")]
unsafe impl Pages for Linear {
    /// To the end of a 4 KiB chunk of linear memory.
    fn grow(&mut self, bytes: u32, more: bool) -> Option<(u32, u32)> {
        use core::arch::wasm32::{memory_grow, memory_size};
        // 0 for a full 4 GiB: then every grant fails (out of memory).
        let mem_end = (memory_size(0) as u32).wrapping_mul(PAGE_SIZE);
        if self.next == 0 {
            self.next = Self::start();
            self.owned = (&raw const __heap_end).addr() as u32;
        }
        let start = if mem_end == self.owned {
            self.next
        } else {
            mem_end
        };
        let end = start.checked_add(bytes)?.checked_next_multiple_of(CHUNK)?;
        if end > mem_end {
            let pages = (end - mem_end).div_ceil(PAGE_SIZE);
            if !more || memory_grow(0, pages as usize) == usize::MAX {
                return None;
            }
            // Wraps to 0 at 4 GiB, as `mem_end` then does.
            self.owned = mem_end.wrapping_add(pages.wrapping_mul(PAGE_SIZE));
            self.grown += pages;
        }
        self.next = end;
        Some((start, end))
    }

    fn grown(&self) -> u32 {
        self.grown
    }

    fn ptr(&self, offset: u32) -> *mut u8 {
        core::ptr::with_exposed_provenance_mut(offset as usize)
    }

    fn offset(&self, ptr: *const u8) -> u32 {
        ptr.expose_provenance() as u32
    }
}
