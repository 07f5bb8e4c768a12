//! The floor of the app benchmark: the crossing probes of examples/many
//! (`echo-n`, `sum-n`) as plain Rust calls to functions in the same
//! module, which no linker can beat. `echo` takes `&str` and returns an
//! owned `String` (one copy, as a Rust API would); `sum` borrows the slice.
//! Built for wasm32-wasip1 and called by `weld-bench app` through the core
//! API.

use std::hint::black_box;

/// `s`, copied into a new `String`.
#[inline(never)]
fn echo(s: &str) -> String {
    s.to_string()
}

/// The sum of `xs`.
#[inline(never)]
fn sum(xs: &[u32]) -> u64 {
    xs.iter().map(|&x| u64::from(x)).sum()
}

/// `len` bytes for the host to write arguments into (leaked).
#[unsafe(no_mangle)]
pub extern "C" fn plain_alloc(len: usize) -> *mut u8 {
    Vec::<u8>::with_capacity(len).leak().as_mut_ptr()
}

/// `n` calls of `echo` on the UTF-8 string at `ptr`; the total length.
///
/// # Safety
/// `ptr..ptr + len` must be valid UTF-8 in this module's memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plain_echo_n(ptr: *const u8, len: usize, n: u32) -> u64 {
    // SAFETY: the caller passes `len` initialized bytes at `ptr`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let s = std::str::from_utf8(bytes).unwrap_or_default();
    (0..n).map(|_| echo(black_box(s)).len() as u64).sum()
}

/// `n` calls of `sum` on the `len` u32s at `ptr`; the total.
///
/// # Safety
/// `ptr` must point to `len` u32s (4-byte aligned) in this module's memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plain_sum_n(ptr: *const u32, len: usize, n: u32) -> u64 {
    // SAFETY: the caller passes `len` aligned u32s at `ptr`.
    let xs = unsafe { std::slice::from_raw_parts(ptr, len) };
    (0..n).map(|_| sum(black_box(xs))).sum()
}
