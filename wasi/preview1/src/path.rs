//! Functions on paths relative to a directory descriptor: `path_open`,
//! `path_filestat_*`, `path_create_directory`, `path_remove_directory`,
//! `path_unlink_file`, `path_rename`, `path_readlink`, `path_symlink`,
//! `path_link`.

use crate::abi::{self, Errno};
use crate::bindings::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, OpenFlags, PathFlags,
};
use crate::errno::{from_code, run};
use crate::fs::{filestat, timestamp};
use crate::mem;
use crate::state::{self, Entry, FileIo};

/// File I/O through `wasi:filesystem/types`, for the files `path_open`
/// opens (see [`FileIo`]).
static FILE_IO: FileIo = FileIo {
    read: |d, len, at| d.read(len, at),
    write: |d, bytes, at| d.write(bytes, at),
    size: |d| d.stat().map(|s| s.size),
};

fn path_flags(lookup: i32) -> PathFlags {
    if lookup & abi::LOOKUP_SYMLINK_FOLLOW != 0 {
        PathFlags::SYMLINK_FOLLOW
    } else {
        PathFlags::empty()
    }
}

fn open_flags(oflags: i32) -> OpenFlags {
    let mut f = OpenFlags::empty();
    for (bit, flag) in [
        (abi::O_CREAT, OpenFlags::CREATE),
        (abi::O_DIRECTORY, OpenFlags::DIRECTORY),
        (abi::O_EXCL, OpenFlags::EXCLUSIVE),
        (abi::O_TRUNC, OpenFlags::TRUNCATE),
    ] {
        if oflags & bit != 0 {
            f |= flag;
        }
    }
    f
}

/// Read and write access from preview 1's rights; a directory is opened
/// for reading only.
fn descriptor_flags(rights: i64, oflags: i32) -> DescriptorFlags {
    let mut f = DescriptorFlags::empty();
    if rights & (abi::RIGHT_FD_READ | abi::RIGHT_FD_READDIR) != 0 || oflags & abi::O_DIRECTORY != 0
    {
        f |= DescriptorFlags::READ;
    }
    if rights & abi::RIGHT_FD_WRITE != 0 && oflags & abi::O_DIRECTORY == 0 {
        f |= DescriptorFlags::WRITE;
    }
    f
}

/// Runs `f` on directory descriptor `fd` and the UTF-8 path at `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must be readable.
unsafe fn at_path(
    fd: i32,
    ptr: i32,
    len: i32,
    f: impl FnOnce(&Descriptor, &str) -> Result<(), Errno>,
) -> Errno {
    run(|| {
        // SAFETY: forwarded to the caller's obligations.
        let path = unsafe { mem::path(ptr, len) }?;
        state::with(|t| f(t.get(fd)?.dir()?, path))
    })
}

/// `path_open`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments, reason = "preview 1's signature")]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_open(
    fd: i32,
    lookup: i32,
    path: i32,
    path_len: i32,
    oflags: i32,
    rights: i64,
    _inheriting: i64,
    fdflags: i32,
    out: i32,
) -> Errno {
    let flags = descriptor_flags(rights, oflags);
    let mut opened = None;
    // SAFETY: wasi-libc passes a path of `path_len` bytes.
    let e = unsafe {
        at_path(fd, path, path_len, |dir, p| {
            let desc = dir
                .open_at(path_flags(lookup), p, open_flags(oflags), flags)
                .map_err(from_code)?;
            opened = Some(desc);
            Ok(())
        })
    };
    let Some(desc) = opened else { return e };
    run(|| {
        let entry = match desc.get_type().map_err(from_code)? {
            DescriptorType::Directory => Entry::Dir {
                desc,
                preopen: None,
            },
            _ => Entry::File {
                desc,
                pos: 0,
                append: fdflags & abi::FDFLAGS_APPEND != 0,
                io: &FILE_IO,
            },
        };
        let new = state::with(|t| t.insert(entry));
        // SAFETY: wasi-libc passes an `fd` out parameter.
        unsafe { mem::store(out, new) };
        Ok(())
    })
}

/// `path_filestat_get`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_filestat_get(
    fd: i32,
    lookup: i32,
    path: i32,
    len: i32,
    out: i32,
) -> Errno {
    // SAFETY: wasi-libc passes a path and a `filestat` out parameter.
    unsafe {
        at_path(fd, path, len, |dir, p| {
            let stat = dir.stat_at(path_flags(lookup), p).map_err(from_code)?;
            mem::store(out, filestat(&stat));
            Ok(())
        })
    }
}

/// `path_filestat_set_times`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments, reason = "preview 1's signature")]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_filestat_set_times(
    fd: i32,
    lookup: i32,
    path: i32,
    len: i32,
    atim: i64,
    mtim: i64,
    flags: i32,
) -> Errno {
    let a = timestamp(atim, flags, abi::FST_ATIM, abi::FST_ATIM_NOW);
    let m = timestamp(mtim, flags, abi::FST_MTIM, abi::FST_MTIM_NOW);
    // SAFETY: wasi-libc passes a path of `len` bytes.
    unsafe {
        at_path(fd, path, len, |dir, p| {
            dir.set_times_at(path_flags(lookup), p, a, m)
                .map_err(from_code)
        })
    }
}

/// `path_create_directory`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_create_directory(
    fd: i32,
    path: i32,
    len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes a path of `len` bytes.
    unsafe {
        at_path(fd, path, len, |d, p| {
            d.create_directory_at(p).map_err(from_code)
        })
    }
}

/// `path_remove_directory`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_remove_directory(
    fd: i32,
    path: i32,
    len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes a path of `len` bytes.
    unsafe {
        at_path(fd, path, len, |d, p| {
            d.remove_directory_at(p).map_err(from_code)
        })
    }
}

/// `path_unlink_file`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_unlink_file(
    fd: i32,
    path: i32,
    len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes a path of `len` bytes.
    unsafe { at_path(fd, path, len, |d, p| d.unlink_file_at(p).map_err(from_code)) }
}

/// `path_readlink`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_readlink(
    fd: i32,
    path: i32,
    len: i32,
    buf: i32,
    buf_len: i32,
    used: i32,
) -> Errno {
    // SAFETY: wasi-libc passes a path, a buffer and a `size` out parameter.
    unsafe {
        at_path(fd, path, len, |d, p| {
            let target = d.readlink_at(p).map_err(from_code)?;
            let n = target.len().min(buf_len as u32 as usize);
            mem::bytes_mut(buf, n as u32).copy_from_slice(&target.as_bytes()[..n]);
            mem::store(used, n as u32);
            Ok(())
        })
    }
}

/// `path_symlink`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_symlink(
    old: i32,
    old_len: i32,
    fd: i32,
    new: i32,
    new_len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes two paths.
    unsafe {
        at_path(fd, new, new_len, |d, new| {
            d.symlink_at(mem::path(old, old_len)?, new)
                .map_err(from_code)
        })
    }
}

/// Runs `f` on two directories and two paths (`path_rename`, `path_link`).
///
/// # Safety
/// Both paths must be readable.
unsafe fn two_paths(
    (fd, ptr, len): (i32, i32, i32),
    (fd2, ptr2, len2): (i32, i32, i32),
    f: impl FnOnce(&Descriptor, &str, &Descriptor, &str) -> Result<(), Errno>,
) -> Errno {
    run(|| {
        // SAFETY: forwarded to the caller's obligations.
        let (a, b) = unsafe { (mem::path(ptr, len)?, mem::path(ptr2, len2)?) };
        state::with(|t| {
            if fd == fd2 {
                let d = t.get(fd)?.dir()?;
                return f(d, a, d, b);
            }
            // Two borrows of the table: take the second descriptor's
            // handle out for the call and put it back.
            let second = t.remove(fd2)?;
            let result = second.dir().and_then(|d2| {
                t.get(fd)
                    .and_then(|e| e.dir())
                    .and_then(|d1| f(d1, a, d2, b))
            });
            t.restore(fd2, second);
            result
        })
    })
}

/// `path_rename`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_rename(
    fd: i32,
    old: i32,
    old_len: i32,
    fd2: i32,
    new: i32,
    new_len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes two paths.
    unsafe {
        two_paths((fd, old, old_len), (fd2, new, new_len), |d1, a, d2, b| {
            d1.rename_at(a, d2, b).map_err(from_code)
        })
    }
}

/// `path_link`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments, reason = "preview 1's signature")]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_path_link(
    fd: i32,
    lookup: i32,
    old: i32,
    old_len: i32,
    fd2: i32,
    new: i32,
    new_len: i32,
) -> Errno {
    // SAFETY: wasi-libc passes two paths.
    unsafe {
        two_paths((fd, old, old_len), (fd2, new, new_len), |d1, a, d2, b| {
            d1.link_at(path_flags(lookup), a, d2, b).map_err(from_code)
        })
    }
}
