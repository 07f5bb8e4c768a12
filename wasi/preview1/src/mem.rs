//! Reading and writing the caller's memory. wasi-libc passes addresses in
//! this module's own linear memory as `i32`s; these helpers are the only
//! place that turns them into Rust references.

use crate::abi::Iovec;
use alloc::vec::Vec;

/// Writes `value` at `ptr`.
///
/// # Safety
/// `ptr` must be valid for a write of `T` (wasi-libc passes a live out
/// parameter).
pub unsafe fn store<T>(ptr: i32, value: T) {
    // SAFETY: the caller guarantees the address; `write_unaligned` needs no
    // alignment.
    unsafe { (ptr as usize as *mut T).write_unaligned(value) }
}

/// Reads a `T` at `ptr`.
///
/// # Safety
/// `ptr` must be valid for a read of `T`.
pub unsafe fn load<T>(ptr: i32) -> T {
    // SAFETY: the caller guarantees the address.
    unsafe { (ptr as usize as *const T).read_unaligned() }
}

/// The `len` bytes at `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must be readable memory not written during `'a`.
pub unsafe fn bytes<'a>(ptr: i32, len: i32) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller guarantees the range.
    unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len as u32 as usize) }
}

/// The `len` writable bytes at `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must be writable memory nothing else uses during `'a`.
pub unsafe fn bytes_mut<'a>(ptr: i32, len: u32) -> &'a mut [u8] {
    if len == 0 {
        return &mut [];
    }
    // SAFETY: the caller guarantees the range.
    unsafe { core::slice::from_raw_parts_mut(ptr as usize as *mut u8, len as usize) }
}

/// A path argument: `len` bytes of UTF-8 at `ptr`.
///
/// # Safety
/// As for [`bytes`].
pub unsafe fn path<'a>(ptr: i32, len: i32) -> Result<&'a str, crate::abi::Errno> {
    // SAFETY: forwarded to the caller's obligations.
    core::str::from_utf8(unsafe { bytes(ptr, len) }).map_err(|_| crate::abi::EINVAL)
}

/// The `count` (c)iovecs at `ptr`.
///
/// # Safety
/// `ptr` must hold `count` iovecs.
pub unsafe fn iovecs(ptr: i32, count: i32) -> Vec<Iovec> {
    (0..count.max(0))
        // SAFETY: the caller guarantees `count` iovecs at `ptr`.
        .map(|i| unsafe { load::<Iovec>(ptr + i * 8) })
        .collect()
}

/// The bytes the ciovecs at `ptr` point to, concatenated.
///
/// # Safety
/// As for [`iovecs`], and each iovec's buffer must be readable.
pub unsafe fn gather(ptr: i32, count: i32) -> Vec<u8> {
    let mut out = Vec::new();
    // SAFETY: forwarded to the caller's obligations.
    for iov in unsafe { iovecs(ptr, count) } {
        // SAFETY: as above, for each buffer.
        out.extend_from_slice(unsafe { bytes(iov.buf as i32, iov.len as i32) });
    }
    out
}

/// Copies `data` into the iovecs at `ptr` in order; returns the bytes
/// copied.
///
/// # Safety
/// As for [`iovecs`], and each iovec's buffer must be writable.
pub unsafe fn scatter(ptr: i32, count: i32, mut data: &[u8]) -> usize {
    let mut copied = 0;
    // SAFETY: forwarded to the caller's obligations.
    for iov in unsafe { iovecs(ptr, count) } {
        let n = data.len().min(iov.len as usize);
        // SAFETY: as above, for each buffer.
        unsafe { bytes_mut(iov.buf as i32, n as u32) }.copy_from_slice(&data[..n]);
        data = &data[n..];
        copied += n;
    }
    copied
}

/// The total length of the iovecs at `ptr`.
///
/// # Safety
/// As for [`iovecs`].
pub unsafe fn total_len(ptr: i32, count: i32) -> usize {
    // SAFETY: forwarded to the caller's obligations.
    unsafe { iovecs(ptr, count) }
        .iter()
        .map(|i| i.len as usize)
        .sum()
}
