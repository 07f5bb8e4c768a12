//! The preview 1 functions WASI 0.2's interfaces used here cannot serve:
//! sockets (preview 1 has no way to create one; `wasi:sockets` is not in
//! this layer) and signals. They are defined so that no preview 1 import
//! is left in the module; each says so with its `errno`.

use crate::abi::{ENOSYS, ENOTSUP, Errno};

/// `proc_raise`: WASI 0.2 has no signals.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_proc_raise(_sig: i32) -> Errno {
    ENOSYS
}

/// `sock_accept`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_sock_accept(
    _fd: i32,
    _f: i32,
    _o: i32,
) -> Errno {
    ENOTSUP
}

/// `sock_recv`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_sock_recv(
    _fd: i32,
    _data: i32,
    _len: i32,
    _flags: i32,
    _n: i32,
    _oflags: i32,
) -> Errno {
    ENOTSUP
}

/// `sock_send`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_sock_send(
    _fd: i32,
    _data: i32,
    _len: i32,
    _flags: i32,
    _n: i32,
) -> Errno {
    ENOTSUP
}

/// `sock_shutdown`.
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_sock_shutdown(_fd: i32, _how: i32) -> Errno {
    ENOTSUP
}
