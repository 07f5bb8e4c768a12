//! Reading, writing and moving through descriptors: `fd_read`,
//! `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`, `fd_close`,
//! `fd_renumber`. Stdio goes through `wasi:io/streams`; files through
//! `descriptor.read` and `write` at the descriptor's position.

use crate::abi::{EBADF, EINVAL, EISDIR, ESPIPE, Errno, WHENCE_CUR, WHENCE_END, WHENCE_SET};
use crate::errno::{from_code, from_stream, run};
use crate::mem;
use crate::state::{self, Entry};
use alloc::vec::Vec;

/// `blocking-write-and-flush` takes at most this many bytes a call.
const STREAM_CHUNK: usize = 4096;

/// Writes `data` to `entry` at `offset` (its position when `None`);
/// returns the bytes written.
fn write_entry(entry: &mut Entry, data: &[u8], offset: Option<u64>) -> Result<usize, Errno> {
    if let Some(out) = entry.output() {
        for chunk in data.chunks(STREAM_CHUNK) {
            out.blocking_write_and_flush(chunk).map_err(from_stream)?;
        }
        return Ok(data.len());
    }
    let Entry::File {
        desc,
        pos,
        append,
        io,
    } = entry
    else {
        return Err(EBADF);
    };
    let at = match offset {
        Some(at) => at,
        None if *append => (io.size)(desc).map_err(from_code)?,
        None => *pos,
    };
    let n = (io.write)(desc, data, at).map_err(from_code)?;
    if offset.is_none() {
        *pos = at + n;
    }
    Ok(n as usize)
}

/// Reads up to `len` bytes from `entry` at `offset` (its position when
/// `None`). An empty result is the end of the file or stream.
fn read_entry(entry: &mut Entry, len: usize, offset: Option<u64>) -> Result<Vec<u8>, Errno> {
    if let Some(input) = entry.input() {
        return match input.blocking_read(len as u64) {
            Ok(bytes) => Ok(bytes),
            Err(crate::bindings::wasi::io::streams::StreamError::Closed) => Ok(Vec::new()),
            Err(e) => Err(from_stream(e)),
        };
    }
    let Entry::File { desc, pos, io, .. } = entry else {
        return Err(if matches!(entry, Entry::Dir { .. }) {
            EISDIR
        } else {
            EBADF
        });
    };
    let at = offset.unwrap_or(*pos);
    let (bytes, _end) = (io.read)(desc, len as u64, at).map_err(from_code)?;
    if offset.is_none() {
        *pos = at + bytes.len() as u64;
    }
    Ok(bytes)
}

/// The shared body of `fd_write` and `fd_pwrite`.
///
/// # Safety
/// As for [`mem::gather`], and `out` must be a writable `u32`.
unsafe fn write(fd: i32, iovs: i32, count: i32, offset: Option<u64>, out: i32) -> Errno {
    // SAFETY: forwarded to the caller's obligations.
    let data = unsafe { mem::gather(iovs, count) };
    run(|| {
        let n = state::with(|t| write_entry(t.get(fd)?, &data, offset))?;
        // SAFETY: `out` is the caller's out parameter.
        unsafe { mem::store(out, n as u32) };
        Ok(())
    })
}

/// The shared body of `fd_read` and `fd_pread`.
///
/// # Safety
/// As for [`mem::scatter`], and `out` must be a writable `u32`.
unsafe fn read(fd: i32, iovs: i32, count: i32, offset: Option<u64>, out: i32) -> Errno {
    // SAFETY: forwarded to the caller's obligations.
    let len = unsafe { mem::total_len(iovs, count) };
    run(|| {
        let data = state::with(|t| read_entry(t.get(fd)?, len, offset))?;
        // SAFETY: as above.
        let n = unsafe { mem::scatter(iovs, count, &data) };
        // SAFETY: `out` is the caller's out parameter.
        unsafe { mem::store(out, n as u32) };
        Ok(())
    })
}

/// `fd_write`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_write(
    fd: i32,
    iovs: i32,
    count: i32,
    written: i32,
) -> Errno {
    // SAFETY: wasi-libc passes valid ciovecs and an out parameter.
    unsafe { write(fd, iovs, count, None, written) }
}

/// `fd_pwrite`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_pwrite(
    fd: i32,
    iovs: i32,
    count: i32,
    offset: i64,
    written: i32,
) -> Errno {
    // SAFETY: as for `fd_write`.
    unsafe { write(fd, iovs, count, Some(offset as u64), written) }
}

/// `fd_read`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_read(
    fd: i32,
    iovs: i32,
    count: i32,
    read_out: i32,
) -> Errno {
    // SAFETY: wasi-libc passes valid iovecs and an out parameter.
    unsafe { read(fd, iovs, count, None, read_out) }
}

/// `fd_pread`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_pread(
    fd: i32,
    iovs: i32,
    count: i32,
    offset: i64,
    read_out: i32,
) -> Errno {
    // SAFETY: as for `fd_read`.
    unsafe { read(fd, iovs, count, Some(offset as u64), read_out) }
}

/// The new position of a seek, or `EINVAL` before the start.
fn seek_to(entry: &mut Entry, offset: i64, whence: i32) -> Result<u64, Errno> {
    let Entry::File { desc, pos, io, .. } = entry else {
        return Err(if matches!(entry, Entry::Dir { .. }) {
            EBADF
        } else {
            ESPIPE
        });
    };
    let base = match whence {
        WHENCE_SET => 0,
        WHENCE_CUR => *pos,
        WHENCE_END => (io.size)(desc).map_err(from_code)?,
        _ => return Err(EINVAL),
    };
    let to = base.checked_add_signed(offset).ok_or(EINVAL)?;
    *pos = to;
    Ok(to)
}

/// `fd_seek`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_seek(
    fd: i32,
    offset: i64,
    whence: i32,
    out: i32,
) -> Errno {
    run(|| {
        let to = state::with(|t| seek_to(t.get(fd)?, offset, whence))?;
        // SAFETY: wasi-libc passes a `filesize` out parameter.
        unsafe { mem::store(out, to) };
        Ok(())
    })
}

/// `fd_tell`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_tell(fd: i32, out: i32) -> Errno {
    // SAFETY: forwarded: a seek by 0 from the current position.
    unsafe { __imported_wasi_snapshot_preview1_fd_seek(fd, 0, WHENCE_CUR, out) }
}

/// `fd_close`: drops the descriptor's handles.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_close(fd: i32) -> Errno {
    run(|| state::with(|t| t.remove(fd)).map(drop))
}

/// `fd_renumber`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_renumber(from: i32, to: i32) -> Errno {
    run(|| state::with(|t| t.renumber(from, to)))
}
