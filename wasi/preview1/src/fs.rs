//! What a descriptor is and holds: `fd_fdstat_*`, `fd_filestat_*`,
//! `fd_prestat_*`, `fd_readdir`, `fd_sync`, `fd_datasync`, `fd_advise`,
//! `fd_allocate`.

use crate::abi::{self, EBADF, ENAMETOOLONG, ENOTSUP, Errno, Fdstat, Filestat, Prestat};
use crate::bindings::wasi::filesystem::types::{
    Advice, Descriptor, DescriptorStat, DescriptorType, NewTimestamp,
};
use crate::clocks::nanos;
use crate::errno::{from_code, run};
use crate::mem;
use crate::state::{self, Entry};
use alloc::string::String;
use alloc::vec::Vec;

/// The preview 1 `filetype` of a WASI 0.2 descriptor type.
pub fn filetype(t: DescriptorType) -> u8 {
    match t {
        DescriptorType::BlockDevice => abi::FILETYPE_BLOCK_DEVICE,
        DescriptorType::CharacterDevice => abi::FILETYPE_CHARACTER_DEVICE,
        DescriptorType::Directory => abi::FILETYPE_DIRECTORY,
        DescriptorType::RegularFile => abi::FILETYPE_REGULAR_FILE,
        DescriptorType::SymbolicLink => abi::FILETYPE_SYMBOLIC_LINK,
        DescriptorType::Socket => abi::FILETYPE_SOCKET_STREAM,
        DescriptorType::Unknown | DescriptorType::Fifo => abi::FILETYPE_UNKNOWN,
    }
}

/// A preview 1 `filestat` of a WASI 0.2 stat.
pub fn filestat(s: &DescriptorStat) -> Filestat {
    let time = |t: Option<_>| t.and_then(nanos).unwrap_or(0);
    Filestat {
        filetype: filetype(s.type_),
        nlink: s.link_count,
        size: s.size,
        atim: time(s.data_access_timestamp),
        mtim: time(s.data_modification_timestamp),
        ctim: time(s.status_change_timestamp),
        ..Filestat::default()
    }
}

/// A WASI 0.2 timestamp from preview 1's time and its two `fstflags` bits.
pub fn timestamp(time: i64, flags: i32, set: i32, now: i32) -> NewTimestamp {
    if flags & now != 0 {
        NewTimestamp::Now
    } else if flags & set != 0 {
        let t = time as u64;
        NewTimestamp::Timestamp(crate::bindings::wasi::clocks::wall_clock::Datetime {
            seconds: t / 1_000_000_000,
            nanoseconds: (t % 1_000_000_000) as u32,
        })
    } else {
        NewTimestamp::NoChange
    }
}

fn fdstat(entry: &Entry) -> Result<Fdstat, Errno> {
    let (filetype, flags) = match entry {
        Entry::Stdin(_) | Entry::Stdout(_) | Entry::Stderr(_) => {
            (abi::FILETYPE_CHARACTER_DEVICE, 0)
        }
        Entry::Dir { .. } => (abi::FILETYPE_DIRECTORY, 0),
        Entry::File { desc, append, .. } => (
            filetype(desc.get_type().map_err(from_code)?),
            if *append {
                abi::FDFLAGS_APPEND as u16
            } else {
                0
            },
        ),
    };
    Ok(Fdstat {
        filetype,
        flags,
        rights_base: abi::RIGHTS_ALL,
        rights_inheriting: abi::RIGHTS_ALL,
    })
}

/// `fd_fdstat_get`: every right is granted; WASI 0.2 checks access itself.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_fdstat_get(
    fd: i32,
    out: i32,
) -> Errno {
    run(|| {
        let stat = state::with(|t| fdstat(t.get(fd)?))?;
        // SAFETY: wasi-libc passes an `fdstat` out parameter.
        unsafe { mem::store(out, stat) };
        Ok(())
    })
}

/// `fd_fdstat_set_flags`: only `append` can change, on files.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_fdstat_set_flags(
    fd: i32,
    flags: i32,
) -> Errno {
    run(|| {
        state::with(|t| match t.get(fd)? {
            Entry::File { append, .. } => {
                *append = flags & abi::FDFLAGS_APPEND != 0;
                Ok(())
            }
            _ if flags & abi::FDFLAGS_APPEND == 0 => Ok(()),
            _ => Err(ENOTSUP),
        })
    })
}

/// `fd_fdstat_set_rights`: rights are not narrowed (WASI 0.2 has none).
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_fdstat_set_rights(
    fd: i32,
    _base: i64,
    _inheriting: i64,
) -> Errno {
    run(|| state::with(|t| t.get(fd).map(drop)))
}

/// `fd_filestat_get`: stdio is a character device with no other facts.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_filestat_get(
    fd: i32,
    out: i32,
) -> Errno {
    run(|| {
        let stat = state::with(|t| match t.get(fd)? {
            Entry::Stdin(_) | Entry::Stdout(_) | Entry::Stderr(_) => Ok::<_, Errno>(Filestat {
                filetype: abi::FILETYPE_CHARACTER_DEVICE,
                ..Filestat::default()
            }),
            e => Ok(filestat(&e.desc()?.stat().map_err(from_code)?)),
        })?;
        // SAFETY: wasi-libc passes a `filestat` out parameter.
        unsafe { mem::store(out, stat) };
        Ok(())
    })
}

/// Runs `f` on the filesystem descriptor of `fd`.
fn on_desc(fd: i32, f: impl FnOnce(&Descriptor) -> Result<(), Errno>) -> Errno {
    run(|| state::with(|t| f(t.get(fd)?.desc()?)))
}

/// `fd_filestat_set_size`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_filestat_set_size(
    fd: i32,
    size: i64,
) -> Errno {
    on_desc(fd, |d| d.set_size(size as u64).map_err(from_code))
}

/// `fd_filestat_set_times`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_filestat_set_times(
    fd: i32,
    atim: i64,
    mtim: i64,
    flags: i32,
) -> Errno {
    let a = timestamp(atim, flags, abi::FST_ATIM, abi::FST_ATIM_NOW);
    let m = timestamp(mtim, flags, abi::FST_MTIM, abi::FST_MTIM_NOW);
    on_desc(fd, |d| d.set_times(a, m).map_err(from_code))
}

/// `fd_sync`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_sync(fd: i32) -> Errno {
    on_desc(fd, |d| d.sync().map_err(from_code))
}

/// `fd_datasync`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_datasync(fd: i32) -> Errno {
    on_desc(fd, |d| d.sync_data().map_err(from_code))
}

/// `fd_advise`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_advise(
    fd: i32,
    offset: i64,
    len: i64,
    advice: i32,
) -> Errno {
    let advice = match advice {
        0 => Advice::Normal,
        1 => Advice::Sequential,
        2 => Advice::Random,
        3 => Advice::WillNeed,
        4 => Advice::DontNeed,
        5 => Advice::NoReuse,
        _ => return abi::EINVAL,
    };
    on_desc(fd, |d| {
        d.advise(offset as u64, len as u64, advice)
            .map_err(from_code)
    })
}

/// `fd_allocate`: WASI 0.2 has no such operation.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_fd_allocate(
    _fd: i32,
    _o: i64,
    _l: i64,
) -> Errno {
    ENOTSUP
}

fn preopen_name(entry: &Entry) -> Result<String, Errno> {
    match entry {
        Entry::Dir {
            preopen: Some(name),
            ..
        } => Ok(name.clone()),
        _ => Err(EBADF),
    }
}

/// `fd_prestat_get`: wasi-libc walks descriptors from 3 until `EBADF`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_prestat_get(
    fd: i32,
    out: i32,
) -> Errno {
    run(|| {
        let name = state::with(|t| {
            t.load_preopens();
            preopen_name(t.get(fd)?)
        })?;
        let stat = Prestat {
            tag: 0,
            name_len: name.len() as u32,
        };
        // SAFETY: wasi-libc passes a `prestat` out parameter.
        unsafe { mem::store(out, stat) };
        Ok(())
    })
}

/// `fd_prestat_dir_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_prestat_dir_name(
    fd: i32,
    path: i32,
    len: i32,
) -> Errno {
    run(|| {
        let name = state::with(|t| {
            t.load_preopens();
            preopen_name(t.get(fd)?)
        })?;
        if name.len() > len as u32 as usize {
            return Err(ENAMETOOLONG);
        }
        // SAFETY: the caller's buffer holds `len` bytes.
        unsafe { mem::bytes_mut(path, name.len() as u32) }.copy_from_slice(name.as_bytes());
        Ok(())
    })
}

/// The entries of directory `desc` as preview 1 lists them: `.` and `..`
/// first, then what `read-directory` gives.
fn entries(desc: &Descriptor) -> Result<Vec<(u8, String)>, Errno> {
    let dir = abi::FILETYPE_DIRECTORY;
    let mut out = alloc::vec![(dir, String::from(".")), (dir, String::from(".."))];
    let stream = desc.read_directory().map_err(from_code)?;
    while let Some(e) = stream.read_directory_entry().map_err(from_code)? {
        out.push((filetype(e.type_), e.name));
    }
    Ok(out)
}

/// Serialises `entries` from index `cookie` into `buf`; returns the bytes
/// used. A last entry that does not fit is cut, which tells wasi-libc to
/// call again with a larger buffer.
fn fill(entries: &[(u8, String)], cookie: u64, buf: &mut [u8]) -> usize {
    let mut used = 0;
    for (i, (kind, name)) in entries.iter().enumerate().skip(cookie as usize) {
        let head = abi::dirent(i as u64 + 1, 0, name.len() as u32, *kind);
        for part in [&head[..], name.as_bytes()] {
            let n = part.len().min(buf.len() - used);
            buf[used..used + n].copy_from_slice(&part[..n]);
            used += n;
            if used == buf.len() {
                return used;
            }
        }
    }
    used
}

/// `fd_readdir`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __imported_wasi_snapshot_preview1_fd_readdir(
    fd: i32,
    buf: i32,
    len: i32,
    cookie: i64,
    used: i32,
) -> Errno {
    run(|| {
        let list = state::with(|t| entries(t.get(fd)?.dir()?))?;
        // SAFETY: the caller's buffer holds `len` bytes.
        let n = fill(&list, cookie as u64, unsafe {
            mem::bytes_mut(buf, len as u32)
        });
        // SAFETY: wasi-libc passes a `size` out parameter.
        unsafe { mem::store(used, n as u32) };
        Ok(())
    })
}
