//! Arguments, environment, exit and random bytes: `args_*`, `environ_*`,
//! `proc_exit`, `random_get`.

use crate::abi::{EOVERFLOW, Errno, SUCCESS};
use crate::bindings::wasi::cli::{environment, exit};
use crate::bindings::wasi::random::random;
use crate::mem;
use alloc::string::String;
use alloc::vec::Vec;

/// Writes `items` as preview 1 does: a table of pointers at `table`, the
/// NUL-terminated strings one after another at `buf`.
///
/// # Safety
/// `table` and `buf` must have the room the matching `*_sizes_get`
/// reported.
unsafe fn write_strings(items: &[String], table: i32, buf: i32) -> Errno {
    let mut at = buf;
    for (i, s) in items.iter().enumerate() {
        // SAFETY: the table has one pointer per item.
        unsafe { mem::store::<i32>(table + 4 * i as i32, at) };
        // SAFETY: the buffer has room for every string and its NUL.
        let dst = unsafe { mem::bytes_mut(at, s.len() as u32 + 1) };
        dst[..s.len()].copy_from_slice(s.as_bytes());
        dst[s.len()] = 0;
        at += s.len() as i32 + 1;
    }
    SUCCESS
}

/// Writes the count and total size (with NULs) of `items`.
///
/// # Safety
/// Both pointers must be writable `u32`s.
unsafe fn write_sizes(items: &[String], count: i32, size: i32) -> Errno {
    let total: usize = items.iter().map(|s| s.len() + 1).sum();
    let Ok(total) = u32::try_from(total) else {
        return EOVERFLOW;
    };
    // SAFETY: the caller guarantees both out parameters.
    unsafe {
        mem::store(count, items.len() as u32);
        mem::store(size, total);
    }
    SUCCESS
}

fn environ() -> Vec<String> {
    environment::get_environment()
        .into_iter()
        .map(|(k, v)| alloc::format!("{k}={v}"))
        .collect()
}

/// `args_sizes_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_args_sizes_get(
    count: i32,
    size: i32,
) -> Errno {
    // SAFETY: wasi-libc passes two out parameters.
    unsafe { write_sizes(&environment::get_arguments(), count, size) }
}

/// `args_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_args_get(argv: i32, buf: i32) -> Errno {
    // SAFETY: wasi-libc sized both from `args_sizes_get`.
    unsafe { write_strings(&environment::get_arguments(), argv, buf) }
}

/// `environ_sizes_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_environ_sizes_get(
    count: i32,
    size: i32,
) -> Errno {
    // SAFETY: wasi-libc passes two out parameters.
    unsafe { write_sizes(&environ(), count, size) }
}

/// `environ_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_environ_get(
    environ_ptrs: i32,
    buf: i32,
) -> Errno {
    // SAFETY: wasi-libc sized both from `environ_sizes_get`.
    unsafe { write_strings(&environ(), environ_ptrs, buf) }
}

/// `proc_exit`: `wasi:cli/exit.exit`, with success for status 0 and failure
/// otherwise (WASI 0.2.0's `exit` carries no code; `exit-with-code` is too
/// new for some hosts).
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_proc_exit(code: i32) -> ! {
    exit::exit(if code == 0 { Ok(()) } else { Err(()) });
    // `exit` does not return; a provider that does is a bug, and the
    // instance must not go on.
    core::arch::wasm32::unreachable()
}

/// `random_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_random_get(buf: i32, len: i32) -> Errno {
    let mut at = buf;
    let mut left = len as u32;
    while left > 0 {
        let bytes = random::get_random_bytes(u64::from(left));
        if bytes.is_empty() {
            return crate::abi::EIO;
        }
        let n = bytes.len().min(left as usize);
        // SAFETY: `buf..buf + len` is the caller's buffer.
        unsafe { mem::bytes_mut(at, n as u32) }.copy_from_slice(&bytes[..n]);
        at += n as i32;
        left -= n as u32;
    }
    SUCCESS
}
