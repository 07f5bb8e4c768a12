//! WASI preview 1's numbers and layouts, as wasi-libc reads them.

/// `errno`: a preview 1 result; 0 is success.
pub type Errno = i32;

pub const SUCCESS: Errno = 0;
pub const EBADF: Errno = 8;
pub const EINVAL: Errno = 28;
pub const EIO: Errno = 29;
pub const EISDIR: Errno = 31;
pub const ENAMETOOLONG: Errno = 37;
pub const ENOSYS: Errno = 52;
pub const ENOTDIR: Errno = 54;
pub const ENOTSUP: Errno = 58;
pub const EOVERFLOW: Errno = 61;
pub const EPIPE: Errno = 64;
pub const ESPIPE: Errno = 70;

/// `filetype`.
pub const FILETYPE_UNKNOWN: u8 = 0;
pub const FILETYPE_BLOCK_DEVICE: u8 = 1;
pub const FILETYPE_CHARACTER_DEVICE: u8 = 2;
pub const FILETYPE_DIRECTORY: u8 = 3;
pub const FILETYPE_REGULAR_FILE: u8 = 4;
pub const FILETYPE_SOCKET_STREAM: u8 = 6;
pub const FILETYPE_SYMBOLIC_LINK: u8 = 7;

/// `clockid`.
pub const CLOCK_REALTIME: i32 = 0;
pub const CLOCK_MONOTONIC: i32 = 1;
pub const CLOCK_PROCESS_CPUTIME: i32 = 2;
pub const CLOCK_THREAD_CPUTIME: i32 = 3;

/// `whence`.
pub const WHENCE_SET: i32 = 0;
pub const WHENCE_CUR: i32 = 1;
pub const WHENCE_END: i32 = 2;

/// `oflags`.
pub const O_CREAT: i32 = 1;
pub const O_DIRECTORY: i32 = 2;
pub const O_EXCL: i32 = 4;
pub const O_TRUNC: i32 = 8;

/// `fdflags`.
pub const FDFLAGS_APPEND: i32 = 1;

/// `lookupflags`.
pub const LOOKUP_SYMLINK_FOLLOW: i32 = 1;

/// `rights`: reading and writing, and every right preview 1 defines.
pub const RIGHT_FD_READ: i64 = 1 << 1;
pub const RIGHT_FD_WRITE: i64 = 1 << 6;
pub const RIGHT_FD_READDIR: i64 = 1 << 14;
pub const RIGHTS_ALL: u64 = (1 << 29) - 1;

/// `fstflags`.
pub const FST_ATIM: i32 = 1;
pub const FST_ATIM_NOW: i32 = 2;
pub const FST_MTIM: i32 = 4;
pub const FST_MTIM_NOW: i32 = 8;

/// `eventtype`.
pub const EVENT_CLOCK: u8 = 0;
pub const EVENT_FD_READ: u8 = 1;
pub const EVENT_FD_WRITE: u8 = 2;

/// `subclockflags`: the timeout is an absolute time.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;

/// `iovec` and `ciovec`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Iovec {
    pub buf: u32,
    pub len: u32,
}

/// `fdstat`.
#[repr(C)]
pub struct Fdstat {
    pub filetype: u8,
    pub flags: u16,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

/// `filestat`.
#[repr(C)]
#[derive(Default)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// `prestat` of a directory (tag 0).
#[repr(C)]
pub struct Prestat {
    pub tag: u8,
    pub name_len: u32,
}

/// A `dirent` (24 bytes: `d_next` u64, `d_ino` u64, `d_namlen` u32,
/// `d_type` u8, 3 bytes of padding), which the buffer follows with its
/// name.
pub fn dirent(next: u64, ino: u64, name_len: u32, filetype: u8) -> [u8; 24] {
    let mut out = [0; 24];
    out[..8].copy_from_slice(&next.to_le_bytes());
    out[8..16].copy_from_slice(&ino.to_le_bytes());
    out[16..20].copy_from_slice(&name_len.to_le_bytes());
    out[20] = filetype;
    out
}

/// `subscription`: the union's clock and fd arms are read from `u`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Subscription {
    pub userdata: u64,
    pub tag: u8,
    pub u: SubscriptionU,
}

/// `subscription_clock`; an fd subscription reads `id` as its fd.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SubscriptionU {
    pub id: u32,
    pub timeout: u64,
    pub precision: u64,
    pub flags: u16,
}

/// `event`.
#[repr(C)]
pub struct Event {
    pub userdata: u64,
    pub error: u16,
    pub kind: u8,
    pub nbytes: u64,
    pub flags: u16,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<Iovec>() == 8);
    assert!(size_of::<Fdstat>() == 24 && offset_of!(Fdstat, flags) == 2);
    assert!(offset_of!(Fdstat, rights_base) == 8);
    assert!(size_of::<Filestat>() == 64 && offset_of!(Filestat, filetype) == 16);
    assert!(offset_of!(Filestat, nlink) == 24 && offset_of!(Filestat, ctim) == 56);
    assert!(size_of::<Prestat>() == 8 && offset_of!(Prestat, name_len) == 4);
    assert!(size_of::<Subscription>() == 48 && offset_of!(Subscription, u) == 16);
    assert!(offset_of!(SubscriptionU, timeout) == 8 && offset_of!(SubscriptionU, flags) == 24);
    assert!(size_of::<Event>() == 32 && offset_of!(Event, kind) == 10);
    assert!(offset_of!(Event, nbytes) == 16 && offset_of!(Event, flags) == 24);
};
