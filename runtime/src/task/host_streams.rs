//! Streams and futures crossing the host boundary (ASYNC.md section 11,
//! "Host streams and futures"): a pump task on the module's executor
//! bridges a weld stream or future object and a Canonical ABI end that the
//! host holds the other side of.
//!
//! - From the host ([`stream_from_host`], [`future_from_host`]): the host
//!   gave the module a readable end; a new weld object's reader goes to the
//!   crate, and the pump reads from the host with
//!   `[async-lower][stream-read-N]f` into a buffer it then hands over to
//!   the weld object's reader (no second copy: the host's copy into linear
//!   memory is the Canonical ABI's and unavoidable).
//! - To the host ([`stream_to_host`], [`future_to_host`]): a crate passes
//!   a weld reader; the pump creates a Canonical stream
//!   (`[stream-new-N]f`), gives its readable end to the host, and writes
//!   each weld buffer it takes over with `[async-lower][stream-write-N]f`,
//!   freeing it once the host has consumed it.
//!
//! Generated code passes the built-ins of the function and type (imported
//! from the function's interface) as [`StreamBuiltins`] and
//! [`FutureBuiltins`]. wasm32 only. Must not: copy a buffer beyond the
//! host's own copy, or drop a Canonical end while an operation on it is
//! pending.

use super::elem::alloc_elems;
use super::future::future_new;
use super::stream::stream_new;
use super::{Elem, RawBuf, host};
use crate::rust_alloc::alloc::{Layout, alloc, dealloc};

use core::future::poll_fn;
use core::pin::Pin;
use core::task::Poll;
use host::{BLOCKED, COPY_COMPLETED, COPY_DROPPED};

/// Elements read from the host per buffer.
const READ_CHUNK: usize = 64 * 1024;

/// The most elements one stream copy may name: wasmtime 48 traps on a
/// count of `1 << 28` or more (`ItemCount::MAX`, "stream operation too
/// big"), so a larger weld buffer goes out in several writes.
const MAX_COPY: usize = (1 << 28) - 1;

/// The built-ins of one `stream<T>` of one function, imported from its
/// interface (`N` is the type's index in the function's
/// `find_futures_and_streams`).
#[derive(Clone, Copy, Debug)]
pub struct StreamBuiltins {
    /// `[stream-new-N]f`: readable end in the low 32 bits, writable in the high.
    pub new: unsafe extern "C" fn() -> u64,
    /// `[async-lower][stream-read-N]f`.
    pub read: unsafe extern "C" fn(u32, *mut u8, usize) -> u32,
    /// `[async-lower][stream-write-N]f`.
    pub write: unsafe extern "C" fn(u32, *const u8, usize) -> u32,
    /// `[stream-cancel-read-N]f` (blocking form): cancels the pending
    /// read of a readable end, returning its copy result.
    pub cancel_read: unsafe extern "C" fn(u32) -> u32,
    /// `[stream-drop-readable-N]f`.
    pub drop_readable: unsafe extern "C" fn(u32),
    /// `[stream-drop-writable-N]f`.
    pub drop_writable: unsafe extern "C" fn(u32),
    /// Frees what `n` lowered elements at a pointer still own once the
    /// host copied them (their memory), when their handles moved to the
    /// host with the copy; `None` when they hold no handle (the elements
    /// are then dropped whole: the host's copy left them ours).
    pub moved: Option<unsafe extern "C" fn(*mut u8, usize)>,
}

/// The built-ins of one `future<T>` of one function, imported from its
/// interface.
#[derive(Clone, Copy, Debug)]
pub struct FutureBuiltins {
    /// `[future-new-N]f`: readable end low, writable end high.
    pub new: unsafe extern "C" fn() -> u64,
    /// `[async-lower][future-read-N]f`.
    pub read: unsafe extern "C" fn(u32, *mut u8) -> u32,
    /// `[async-lower][future-write-N]f`.
    pub write: unsafe extern "C" fn(u32, *const u8) -> u32,
    /// `[future-cancel-read-N]f` (blocking form): cancels the pending
    /// read of a readable end, returning its copy result.
    pub cancel_read: unsafe extern "C" fn(u32) -> u32,
    /// `[future-drop-readable-N]f`.
    pub drop_readable: unsafe extern "C" fn(u32),
    /// `[future-drop-writable-N]f`.
    pub drop_writable: unsafe extern "C" fn(u32),
    /// Frees what `n` lowered elements at a pointer still own once the
    /// host copied them (their memory), when their handles moved to the
    /// host with the copy; `None` when they hold no handle (the elements
    /// are then dropped whole: the host's copy left them ours).
    pub moved: Option<unsafe extern "C" fn(*mut u8, usize)>,
}

/// The result code of a copy that returned `rc`: waits for the end's
/// event when it was `BLOCKED`.
async fn finished(end: u32, rc: u32) -> u32 {
    if rc == BLOCKED {
        host::wait(end).await.code
    } else {
        rc
    }
}

/// The result code of a read of `readable` that returned `rc`, and
/// whether it was cancelled: while the read is pending, the weld reader
/// the pump feeds may be dropped (`reader_gone` is ready); the pump then
/// cancels the host's read (`cancel`, `[stream-cancel-read-N]f` or
/// `[future-cancel-read-N]f`) at once rather than when the host next
/// writes (which may be never), and the code is the cancel's (what was
/// copied before it is in the buffer).
async fn read_or_cancel(
    readable: u32,
    rc: u32,
    mut reader_gone: impl FnMut(&mut core::task::Context<'_>) -> Poll<()>,
    cancel: unsafe extern "C" fn(u32) -> u32,
) -> (u32, bool) {
    if rc != BLOCKED {
        return (rc, false);
    }
    let mut wait = host::wait(readable);
    let event = poll_fn(|cx| {
        if let Poll::Ready(e) = Pin::new(&mut wait).poll(cx) {
            return Poll::Ready(Some(e.code));
        }
        reader_gone(cx).map(|()| None)
    })
    .await;
    if let Some(code) = event {
        return (code, false);
    }
    // The wait leaves the set first: a synchronous cancel traps on a
    // member.
    drop(wait);
    // SAFETY: a read is pending on our end.
    let code = unsafe { cancel(readable) };
    (code, true)
}

/// A weld stream fed from the host's readable end `readable` (which moves
/// here): returns the weld reader's handle.
pub fn stream_from_host<T: Elem + 'static>(readable: u32, ops: StreamBuiltins) -> usize {
    let (mut writer, reader) = stream_new::<T>();
    super::executor::Executor::module().spawn(async move {
        loop {
            let ty = T::TYPE;
            let chunk = READ_CHUNK
                .checked_div(ty.size)
                .map_or(READ_CHUNK, |n| n.max(1));
            let buf = alloc_elems(chunk, ty);
            // SAFETY: `buf` has room for `chunk` elements; the host writes
            // at most that many lowered, owned elements.
            let rc = unsafe { (ops.read)(readable, buf.ptr, chunk) };
            let reader_gone = |cx: &mut core::task::Context<'_>| writer.poll_reader_gone(cx);
            let (rc, cancelled) = read_or_cancel(readable, rc, reader_gone, ops.cancel_read).await;
            let (count, result) = ((rc >> 4) as usize, rc & 0xf);
            let buf = RawBuf { len: count, ..buf };
            let mut reader_gone = cancelled;
            if cancelled {
                // SAFETY: the host wrote `count` owned elements, which
                // nobody will read.
                unsafe { buf.drop_from(0, ty) };
            } else if count > 0 {
                // SAFETY: the host wrote `count` owned elements.
                let values = unsafe { T::lift_vec(buf) };
                reader_gone = writer.write(values).await.is_err();
            } else {
                // SAFETY: nothing was written into it.
                unsafe { buf.free(ty) };
            }
            if result == COPY_DROPPED || reader_gone {
                break;
            }
        }
        // SAFETY: no operation is pending on the end, which is ours.
        unsafe { (ops.drop_readable)(readable) };
        drop(writer);
    });
    reader.into_handle()
}

/// A Canonical stream fed from the weld reader `handle` (which moves
/// here): returns the readable end to give the host.
///
/// # Safety
/// `handle` must be an owned weld reader of a `stream<T>`.
pub unsafe fn stream_to_host<T: Elem + 'static>(handle: usize, ops: StreamBuiltins) -> u32 {
    // SAFETY: the caller's contract.
    let mut reader = unsafe { super::stream::StreamReader::<T>::from_handle(handle) };
    // SAFETY: a built-in without memory arguments.
    let ends = unsafe { (ops.new)() };
    let (readable, writable) = (ends as u32, (ends >> 32) as u32);
    super::executor::Executor::module().spawn(async move {
        while let Some(values) = reader.read(usize::MAX).await {
            let buf = T::lower_vec(values);
            let mut done = 0;
            let mut dropped = false;
            while done < buf.len && !dropped {
                let n = (buf.len - done).min(MAX_COPY);
                // SAFETY: elements `done..done + n` are initialised; the
                // host copies them out during the write.
                let rc = unsafe { (ops.write)(writable, buf.ptr.add(done * T::TYPE.size), n) };
                let rc = finished(writable, rc).await;
                done += (rc >> 4) as usize;
                // Once told the reader is gone, another write traps
                // (wasmtime: "cannot write after being notified that the
                // readable end dropped").
                dropped = rc & 0xf == COPY_DROPPED;
            }
            // The host copied out the elements it took (what they own is
            // still ours: the host's lift copies, but their handles moved
            // with them); the others it never saw.
            // SAFETY: `len` initialised, owned elements, the first `done`
            // copied by the host.
            unsafe {
                match ops.moved {
                    Some(moved) => {
                        moved(buf.ptr, done);
                        buf.drop_from(done, T::TYPE);
                    }
                    None => buf.drop_from(0, T::TYPE),
                }
            }
            if dropped {
                break;
            }
        }
        // SAFETY: no operation is pending on the end, which is ours.
        unsafe { (ops.drop_writable)(writable) };
    });
    readable
}

/// An area for one `T` in canonical layout (null for size 0).
fn alloc_one<T: Elem>() -> *mut u8 {
    let ty = T::TYPE;
    if ty.size == 0 {
        return core::ptr::null_mut();
    }
    // SAFETY: non-zero size, power-of-two alignment.
    let p = unsafe { alloc(Layout::from_size_align_unchecked(ty.size, ty.align)) };
    assert!(!p.is_null(), "weld: out of memory for a future's value");
    p
}

/// Frees an area from [`alloc_one`].
///
/// # Safety
/// `p` must come from `alloc_one::<T>()`.
unsafe fn free_one<T: Elem>(p: *mut u8) {
    let ty = T::TYPE;
    if ty.size != 0 {
        // SAFETY: allocated with this layout.
        unsafe { dealloc(p, Layout::from_size_align_unchecked(ty.size, ty.align)) }
    }
}

/// A weld future fed from the host's readable end `readable` (which moves
/// here): returns the weld reader's handle. If the host drops its writer
/// without a value, the weld writer goes away without writing.
pub fn future_from_host<T: Elem + 'static>(readable: u32, ops: FutureBuiltins) -> usize {
    let (writer, reader) = future_new::<T>();
    super::executor::Executor::module().spawn(async move {
        let area = alloc_one::<T>();
        // SAFETY: `area` has room for one lowered `T`.
        let rc = unsafe { (ops.read)(readable, area) };
        let reader_gone = |cx: &mut core::task::Context<'_>| writer.poll_reader_gone(cx);
        let (rc, cancelled) = read_or_cancel(readable, rc, reader_gone, ops.cancel_read).await;
        if rc & 0xf == COPY_COMPLETED {
            // SAFETY: the host wrote an owned lowered value, which goes to
            // the weld reader or, if it is gone, is dropped.
            let value = unsafe { T::lift_one(area) };
            if cancelled {
                drop(value);
            } else {
                writer.send(value);
            }
        }
        // SAFETY: from `alloc_one`, its value moved out (or never written);
        // the end is ours, with no operation pending.
        unsafe {
            free_one::<T>(area);
            (ops.drop_readable)(readable);
        }
    });
    reader.into_handle()
}

/// A Canonical future written with the value of the weld reader `handle`
/// (which moves here): returns the readable end to give the host.
///
/// # Safety
/// `handle` must be an owned weld reader of a `future<T>`.
pub unsafe fn future_to_host<T: Elem + 'static>(handle: usize, ops: FutureBuiltins) -> u32 {
    // SAFETY: the caller's contract.
    let reader = unsafe { super::future::FutureReader::<T>::from_handle(handle) };
    // SAFETY: a built-in without memory arguments.
    let ends = unsafe { (ops.new)() };
    let (readable, writable) = (ends as u32, (ends >> 32) as u32);
    super::executor::Executor::module().spawn(async move {
        if let Some(value) = reader.await {
            let area = alloc_one::<T>();
            // SAFETY: `area` has room for one lowered `T`.
            unsafe { T::lower_one(value, area) };
            // SAFETY: the host copies the value out during the write.
            let rc = unsafe { (ops.write)(writable, area) };
            let copied = finished(writable, rc).await & 0xf != COPY_DROPPED;
            // SAFETY: the value was copied (its handles moved with it,
            // what else it owns is still ours) or refused (all ours).
            unsafe {
                match ops.moved {
                    Some(moved) if copied => moved(area, 1),
                    _ => (T::TYPE.drop_elems)(area, 1),
                }
                free_one::<T>(area);
            }
        }
        // SAFETY: no operation pending on our end.
        unsafe { (ops.drop_writable)(writable) };
    });
    readable
}
