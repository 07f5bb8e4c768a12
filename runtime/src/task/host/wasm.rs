//! The wasm32 half of the host boundary: the built-ins, the module's
//! registry of waits, the export-call records and the [`Wait`] future.
//!
//! Single-threaded: the statics below are only touched by the module's
//! one thread (SPEC.md section 5).

use super::{
    BLOCKED, CALLBACK_EXIT, CALLBACK_YIELD, EVENT_CANCEL, EVENT_NONE, HostEvent, Waits, next_code,
};
use crate::rust_alloc::boxed::Box;
use crate::task::Elem;
use crate::task::executor::{Call, Executor, Stalled};
use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// The Canonical ABI built-ins (names: `super::BUILTINS`).
mod sys {
    #[link(wasm_import_module = "$root")]
    unsafe extern "C" {
        #[link_name = "[waitable-set-new]"]
        pub fn waitable_set_new() -> u32;
        #[link_name = "[waitable-set-wait]"]
        pub fn waitable_set_wait(set: u32, out: *mut u32) -> u32;
        #[link_name = "[waitable-set-poll]"]
        pub fn waitable_set_poll(set: u32, out: *mut u32) -> u32;
        #[link_name = "[waitable-set-drop]"]
        pub fn waitable_set_drop(set: u32);
        #[link_name = "[waitable-join]"]
        pub fn waitable_join(waitable: u32, set: u32);
        #[link_name = "[context-get-0]"]
        pub fn context_get() -> u32;
        #[link_name = "[context-set-0]"]
        pub fn context_set(value: u32);
        #[link_name = "[thread-yield]"]
        pub fn thread_yield() -> u32;
        #[link_name = "[subtask-drop]"]
        pub fn subtask_drop(subtask: u32);
        #[link_name = "[subtask-cancel]"]
        pub fn subtask_cancel(subtask: u32) -> u32;
        #[link_name = "[stream-new-unit]"]
        pub fn stream_new_unit() -> u64;
        #[link_name = "[async-lower][stream-read-unit]"]
        pub fn stream_read_unit(end: u32, ptr: *mut u8, n: usize) -> u32;
        #[link_name = "[async-lower][stream-write-unit]"]
        pub fn stream_write_unit(end: u32, ptr: *const u8, n: usize) -> u32;
        #[link_name = "[stream-cancel-read-unit]"]
        pub fn stream_cancel_read_unit(end: u32) -> u32;
        #[link_name = "[stream-drop-readable-unit]"]
        pub fn stream_drop_readable_unit(end: u32);
        #[link_name = "[stream-drop-writable-unit]"]
        pub fn stream_drop_writable_unit(end: u32);
    }

    #[link(wasm_import_module = "[export]$root")]
    unsafe extern "C" {
        #[link_name = "[task-cancel]"]
        pub fn task_cancel();
    }
}

/// The module's host-boundary state (single-threaded module): one per
/// module, like the executor's, under weld-abi's `HOST_BOUNDARY`.
/// `repr(C)` fixes the order of its own fields; the types inside them
/// (`Waits`, `Cell`s) are laid out by rustc, so the copies of the runtime
/// in one link (separately built staticlibs) agree on the whole layout
/// when they are the same weld version built by the same compiler, as
/// for `weld_executor`.
#[repr(C)]
struct Global {
    waits: Waits,
    /// The set of waits registered outside any async export call (0:
    /// not created yet); only polled.
    sync_set: Cell<u32>,
    /// Something runs the module's executor (an export call's drive, or
    /// a `block_on`): a task queued now will run.
    driving: Cell<u32>,
    /// The async export calls alive (a list through `CallRecord::next`).
    calls: Cell<*const CallRecord>,
    /// [`park`], once the module uses the host boundary (an async export
    /// call or a [`Wait`]): `block_on` calls it through this pointer, so
    /// that a module that never crosses it imports no built-in and still
    /// runs as a plain core module.
    park: Cell<Option<fn() -> bool>>,
}

// SAFETY: wasm32-wasip1 modules are single-threaded (SPEC.md section 5).
unsafe impl Sync for Global {}

/// The state every copy of the runtime in the module shares: an
/// unmangled symbol, so `--allow-multiple-definition` binds every copy's
/// references to one definition, as for `weld_executor` (ASYNC.md
/// section 10). A wait one copy registers is then found when another
/// copy's export call receives its event.
#[unsafe(export_name = "weld_host_boundary")]
static GLOBAL: Global = Global {
    waits: Waits::new(),
    sync_set: Cell::new(0),
    driving: Cell::new(0),
    calls: Cell::new(core::ptr::null()),
    park: Cell::new(None),
};

/// Delivers host events for `block_on` if the module uses the host
/// boundary ([`park`]); false otherwise (nothing can arrive).
pub fn park_if_used() -> bool {
    GLOBAL.park.get().is_some_and(|park| park())
}

/// Marks the module's executor as driven while alive.
pub struct Driving(());

impl Driving {
    /// Starts driving (nested drives count).
    pub fn start() -> Driving {
        GLOBAL.driving.set(GLOBAL.driving.get() + 1);
        Driving(())
    }
}

impl Drop for Driving {
    fn drop(&mut self) {
        GLOBAL.driving.set(GLOBAL.driving.get() - 1);
    }
}

/// The module executor's idle hook: a task was queued on the empty run
/// queue. If nothing is driving the executor (a synchronous export woke
/// or spawned it, outside `block_on`), one waiting async export call is
/// woken through its wake-up line, and its drive runs the queue.
fn idle_wake() {
    if GLOBAL.driving.get() > 0 {
        return;
    }
    let mut p = GLOBAL.calls.get();
    // SAFETY: the list holds live records only (`exit` unlinks first).
    while let Some(r) = unsafe { p.as_ref() } {
        if r.reading.get() {
            r.wake();
            return;
        }
        p = r.next.get();
    }
}

/// Moves `waitable` into `set` (0: out of any set): `[waitable-join]`.
pub fn join(waitable: u32, set: u32) {
    // SAFETY: a built-in; a bad handle traps in the host, it cannot
    // corrupt memory.
    unsafe { sys::waitable_join(waitable, set) }
}

/// Drops a subtask that returned (or was cancelled): `[subtask-drop]`.
pub fn subtask_drop(subtask: u32) {
    // SAFETY: as in `join`.
    unsafe { sys::subtask_drop(subtask) }
}

/// Cancels a subtask, blocking until it acknowledged: `[subtask-cancel]`;
/// returns its final status. Only in an async export call (a synchronous
/// task traps if the subtask does not finish at once).
pub fn subtask_cancel(subtask: u32) -> u32 {
    // SAFETY: as in `join`.
    unsafe { sys::subtask_cancel(subtask) }
}

/// Yields to the host (`[thread-yield]`); true when the current task was
/// cancelled meanwhile.
pub fn thread_yield() -> bool {
    // SAFETY: a built-in without memory arguments.
    unsafe { sys::thread_yield() != 0 }
}

/// The record of the async export call that is running, if any (its
/// address is the context slot 0 of the call's task).
fn current_record() -> Option<&'static CallRecord> {
    // SAFETY: a built-in without arguments.
    let p = unsafe { sys::context_get() } as usize as *const CallRecord;
    // SAFETY: only `export_lift` sets the slot, to a live record, and
    // `exit` clears it before freeing the record.
    unsafe { p.as_ref() }
}

/// Whether an async export call is running (its record is the task's
/// context): false in a synchronous export.
pub fn in_async_export() -> bool {
    current_record().is_some()
}

/// The waitable set that waitables created now should join: the running
/// async export call's, or (in a synchronous export) the module's
/// synchronous set, created on first use.
pub fn current_set() -> u32 {
    if let Some(r) = current_record() {
        return r.set;
    }
    let set = GLOBAL.sync_set.get();
    if set != 0 {
        return set;
    }
    // SAFETY: a built-in without memory arguments.
    let set = unsafe { sys::waitable_set_new() };
    GLOBAL.sync_set.set(set);
    set
}

/// Waits for the next event on host waitable `waitable` (a subtask, or a
/// Canonical stream or future end with an operation pending): the
/// future joins it to [`current_set`] when first polled and completes
/// with the event the host delivers for it, taking it out of the set
/// again. Dropping the future unregisters the wait and takes the
/// waitable out of the set.
///
/// One `Wait` per waitable at a time. Drop (or complete) the `Wait`
/// before dropping or cancelling the waitable itself: a synchronous
/// cancel traps while the waitable is in a set.
pub fn wait(waitable: u32) -> Wait {
    Wait {
        waitable,
        registered: false,
    }
}

/// The future of [`wait`].
#[derive(Debug)]
pub struct Wait {
    waitable: u32,
    registered: bool,
}

impl Future for Wait {
    type Output = HostEvent;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<HostEvent> {
        let w = self.waitable;
        if !self.registered {
            GLOBAL.park.set(Some(park));
            let set = current_set();
            assert!(
                GLOBAL.waits.register(w, set, cx.waker()),
                "weld: two waits for host waitable {w} at once"
            );
            join(w, set);
            self.registered = true;
            return Poll::Pending;
        }
        if let Some((event, _)) = GLOBAL.waits.take(w) {
            self.registered = false;
            join(w, 0);
            return Poll::Ready(event);
        }
        GLOBAL.waits.update(w, cx.waker());
        Poll::Pending
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        if self.registered && GLOBAL.waits.remove(self.waitable).is_some() {
            join(self.waitable, 0);
        }
    }
}

/// Delivers every event already in the synchronous set; true if any.
fn poll_sync_set() -> bool {
    let set = GLOBAL.sync_set.get();
    if set == 0 || GLOBAL.waits.pending_in(set) == 0 {
        return false;
    }
    let mut delivered = false;
    loop {
        let mut out = [0u32; 2];
        // SAFETY: `out` has room for the waitable and the code.
        let event = unsafe { sys::waitable_set_poll(set, out.as_mut_ptr()) };
        if event == EVENT_NONE {
            return delivered;
        }
        let code = out[1];
        GLOBAL.waits.deliver(out[0], HostEvent { event, code });
        delivered = true;
    }
}

/// Moves the waits pending in the synchronous set into `set` (an async
/// export call's, about to wait): the synchronous set is only polled, so
/// a task waiting there would otherwise never run again.
fn adopt_sync_waits(set: u32) {
    let sync = GLOBAL.sync_set.get();
    if sync == 0 {
        return;
    }
    for w in GLOBAL.waits.adopt(sync, set) {
        join(w, set);
    }
}

/// The `park` of `block_on` on the module's executor: delivers events
/// that already arrived in the synchronous set; in an async export call
/// with waits pending in its set, blocks in `[waitable-set-wait]` for the
/// next event (wasmtime 48 forbids that in a synchronous export before it
/// returns, so there it never blocks). True when something was delivered.
pub fn park() -> bool {
    if poll_sync_set() {
        return true;
    }
    let Some(r) = current_record() else {
        return false;
    };
    if GLOBAL.waits.pending_in(r.set) == 0 {
        return false;
    }
    let mut out = [0u32; 2];
    // SAFETY: `out` has room for the waitable and the code; an async
    // export's task may block.
    let event = unsafe { sys::waitable_set_wait(r.set, out.as_mut_ptr()) };
    r.dispatch(event, out[0], out[1]);
    true
}

/// The panic message of a `block_on` that stalled while waits are
/// pending in the synchronous set (a synchronous export cannot block for
/// the host), if they are; reads no built-in.
pub fn sync_stall() -> Option<&'static str> {
    let set = GLOBAL.sync_set.get();
    (set != 0 && GLOBAL.waits.pending_in(set) > 0).then_some(
        "weld: the future waits for the host in a synchronous export, which cannot block (wasmtime: \"cannot block a synchronous task before returning\"); make the export `async`",
    )
}

/// Why a `block_on` of the module stalled, for its panic message:
/// [`sync_stall`]'s, or [`Stalled`]'s.
pub fn stall_message(stalled: Stalled) -> &'static str {
    let _ = stalled;
    sync_stall()
        .unwrap_or("weld: the future waits for something no task or host event will deliver")
}

/// The record of one async export call (ASYNC.md section 11): its
/// waitable set, its result until `[task-return]`, and its wake-up line.
struct CallRecord {
    set: u32,
    /// `[task-return]` (or `[task-cancel]`) was called.
    returned: Cell<bool>,
    /// Polls the call's result future; on a value, calls `[task-return]`
    /// and returns true. Dropping it cancels the call's task.
    result: Cell<Option<Box<dyn FnMut() -> bool>>>,
    /// The wake-up line: a payload-less stream (0: not created yet).
    wake_reader: Cell<u32>,
    wake_writer: Cell<u32>,
    /// A read of the line is pending in the set.
    reading: Cell<bool>,
    /// A unit was written and its read event not delivered yet.
    woken: Cell<bool>,
    /// The next live call (`GLOBAL.calls`).
    next: Cell<*const CallRecord>,
}

impl CallRecord {
    /// Handles one event of the call's set (from the callback or a
    /// blocking wait).
    fn dispatch(&self, event: u32, waitable: u32, code: u32) {
        match event {
            EVENT_NONE => {}
            EVENT_CANCEL => self.cancel(),
            _ if waitable != 0 && waitable == self.wake_reader.get() => {
                self.reading.set(false);
                self.woken.set(false);
            }
            _ => {
                // An event for no registered wait (its future was dropped
                // after the event was queued) is dropped.
                GLOBAL.waits.deliver(waitable, HostEvent { event, code });
            }
        }
    }

    /// Delivers every event already in the call's set
    /// (`[waitable-set-poll]`): what a call that yields to the host
    /// instead of waiting would otherwise never see.
    fn poll_set(&self) {
        loop {
            let mut out = [0u32; 2];
            // SAFETY: `out` has room for the waitable and the code.
            let event = unsafe { sys::waitable_set_poll(self.set, out.as_mut_ptr()) };
            if event == EVENT_NONE {
                return;
            }
            self.dispatch(event, out[0], out[1]);
        }
    }

    /// The caller cancelled the call: the task is dropped (cancelled
    /// synchronously, ASYNC.md section 8) and, unless it already
    /// returned, the cancellation is acknowledged with `[task-cancel]`.
    fn cancel(&self) {
        drop(self.result.take());
        if !self.returned.replace(true) {
            // SAFETY: a built-in without arguments, called once, from the
            // call's own task.
            unsafe { sys::task_cancel() };
        }
    }

    /// Wakes the call from another context (its future completed there):
    /// writes one unit on its wake-up line if its read is pending.
    fn wake(&self) {
        if self.reading.get() && !self.woken.replace(true) {
            // SAFETY: the writable end of the record's own unit stream; a
            // unit stream reads and writes no memory.
            let rc =
                unsafe { sys::stream_write_unit(self.wake_writer.get(), core::ptr::null(), 1) };
            debug_assert_ne!(rc, BLOCKED, "a pending read takes the unit at once");
        }
    }

    /// Makes sure a read of the wake-up line is pending in the set;
    /// false if it completed at once (the call was woken meanwhile).
    fn arm(&self) -> bool {
        if self.reading.get() {
            return true;
        }
        if self.wake_reader.get() == 0 {
            // SAFETY: a built-in without memory arguments.
            let ends = unsafe { sys::stream_new_unit() };
            self.wake_reader.set(ends as u32);
            self.wake_writer.set((ends >> 32) as u32);
            join(self.wake_reader.get(), self.set);
        }
        // SAFETY: the record's own readable end; a unit stream reads no
        // memory.
        let rc = unsafe { sys::stream_read_unit(self.wake_reader.get(), core::ptr::null_mut(), 1) };
        self.reading.set(rc == BLOCKED);
        rc == BLOCKED
    }

    /// Takes the call's result if its task finished, calling
    /// `[task-return]`.
    fn try_return(&self) {
        if self.returned.get() {
            return;
        }
        if let Some(mut poll) = self.result.take() {
            if poll() {
                self.returned.set(true);
            } else {
                self.result.set(Some(poll));
            }
        }
    }
}

/// The rounds of the executor one drive runs at most (each polls the
/// tasks queued when it starts) before it gives the host its turn with
/// `YIELD`: enough for the few yields of ordinary tasks (a `YIELD`ed
/// callback is low priority in wasmtime 48: busy host calls delay it),
/// bounded for a task that yields until another call or a host event
/// lets it go.
const DRIVE_ROUNDS: u32 = 64;

/// Runs the module's executor for the running call and returns the
/// callback code (ASYNC.md section 11): tasks run, events already in the
/// synchronous set are delivered, the result goes back by `[task-return]`
/// as soon as it exists, and the call exits once it returned and no wait
/// in its set is pending.
///
/// # Safety
/// `rec` must be the running call's record, allocated by `export_lift`.
unsafe fn drive(rec: *mut CallRecord) -> u32 {
    // SAFETY: the caller's record, alive until `exit`.
    let r = unsafe { &*rec };
    let exec = Executor::module();
    let more = {
        let _driving = Driving::start();
        let mut rounds = 0;
        loop {
            let more = exec.run_round();
            rounds += 1;
            r.try_return();
            let delivered = poll_sync_set();
            if !more && !delivered {
                break false;
            }
            if more && rounds >= DRIVE_ROUNDS {
                break true;
            }
        }
    };
    if more {
        // Tasks are still queued (one woke itself: a `yield_async` loop
        // waiting for another call or a host event): the host gets its
        // turn, events already in the call's set are delivered, and the
        // call is called back.
        r.poll_set();
        return CALLBACK_YIELD;
    }
    adopt_sync_waits(r.set);
    let code = next_code(r.returned.get(), GLOBAL.waits.pending_in(r.set), r.set);
    if code == CALLBACK_EXIT {
        // SAFETY: the record of the running call, not used afterwards.
        unsafe { exit(rec) };
        return code;
    }
    if !r.returned.get() && !r.arm() {
        return CALLBACK_YIELD;
    }
    code
}

/// Ends the running call: takes what is left out of its set (waits that
/// completed and were not taken yet), closes its wake-up line, drops its
/// set, clears the context and frees the record.
///
/// # Safety
/// `rec` must be the running call's record; it is freed.
unsafe fn exit(rec: *mut CallRecord) {
    // SAFETY: alive until freed below.
    let r = unsafe { &*rec };
    unlink(r);
    for w in GLOBAL.waits.leave_set(r.set) {
        join(w, 0);
    }
    let reader = r.wake_reader.get();
    if reader != 0 {
        // SAFETY: the record's own stream ends; the reader leaves the set
        // before a synchronous cancel (which traps on a member).
        unsafe {
            if r.reading.get() {
                join(reader, 0);
                sys::stream_cancel_read_unit(reader);
            }
            sys::stream_drop_readable_unit(reader);
            sys::stream_drop_writable_unit(r.wake_writer.get());
        }
    }
    // SAFETY: the call's own set, now without members or waiters; the
    // context is cleared before the record goes.
    unsafe {
        sys::waitable_set_drop(r.set);
        sys::context_set(0);
        drop(Box::from_raw(rec));
    }
}

/// Takes `r` out of the list of live calls.
fn unlink(r: &CallRecord) {
    let me: *const CallRecord = r;
    let next = r.next.get();
    if core::ptr::eq(GLOBAL.calls.get(), me) {
        GLOBAL.calls.set(next);
        return;
    }
    let mut p = GLOBAL.calls.get();
    // SAFETY: the list holds live records only.
    while let Some(c) = unsafe { p.as_ref() } {
        if core::ptr::eq(c.next.get(), me) {
            c.next.set(next);
            return;
        }
        p = c.next.get();
    }
}

/// The entry point of an async export, callback form
/// (`[async-lift]<key>#f`): starts the call's task with `future` on the
/// module's executor and drives it (`drive`); the value goes back to
/// the host through `task_return` (the generated call of
/// `[task-return]f`, which lowers it), possibly in a later callback.
///
/// # Safety
/// Only from an `[async-lift]` export: the current task must be a fresh
/// async export call (its context slot 0 unused), and `task_return`
/// must be the `[task-return]` of that export.
pub unsafe fn export_lift<T, F>(future: F, task_return: fn(T)) -> u32
where
    T: Elem + 'static,
    F: Future<Output = T> + 'static,
{
    let exec = Executor::module();
    exec.set_idle_hook(idle_wake);
    GLOBAL.park.set(Some(park));
    let driving = Driving::start();
    // SAFETY: a built-in without memory arguments.
    let set = unsafe { sys::waitable_set_new() };
    let rec = Box::into_raw(Box::new(CallRecord {
        set,
        returned: Cell::new(false),
        result: Cell::new(None),
        wake_reader: Cell::new(0),
        wake_writer: Cell::new(0),
        reading: Cell::new(false),
        woken: Cell::new(false),
        next: Cell::new(GLOBAL.calls.get()),
    }));
    GLOBAL.calls.set(rec);
    // SAFETY: the slot of this call's task; `exit` clears it.
    unsafe { sys::context_set(rec as usize as u32) };
    let me = rec.cast_const();
    let task = async move {
        let value = future.await;
        if !core::ptr::eq(
            current_record().map_or(core::ptr::null(), |r| r as *const CallRecord),
            me,
        ) {
            // SAFETY: the record lives until the call exits, which needs
            // this value first (or a cancellation, which drops this task
            // before the record).
            unsafe { (*me).wake() };
        }
        value
    };
    match exec.call(task) {
        Call::Returned(value) => {
            task_return(value);
            // SAFETY: just allocated, alive.
            unsafe { (*rec).returned.set(true) };
        }
        Call::Pending(mut reader) => {
            let poll = move || {
                let mut cx = Context::from_waker(Waker::noop());
                match Pin::new(&mut reader).poll(&mut cx) {
                    Poll::Ready(Some(value)) => {
                        task_return(value);
                        true
                    }
                    Poll::Ready(None) => {
                        panic!("weld: the task of an async export ended without its result")
                    }
                    Poll::Pending => false,
                }
            };
            // SAFETY: just allocated, alive.
            unsafe { (*rec).result.set(Some(Box::new(poll))) };
        }
    }
    drop(driving);
    // SAFETY: the running call's record.
    unsafe { drive(rec) }
}

/// The callback of an async export (`[callback][async-lift]<key>#f`):
/// delivers the event (`EVENT_CANCEL` cancels the call), then drives the
/// call (`drive`).
///
/// # Safety
/// Only from the callback export of a call `export_lift` started.
pub unsafe fn export_callback(event: u32, waitable: u32, code: u32) -> u32 {
    let r = current_record().expect("weld: an async export callback without its call record");
    {
        // The drive below runs what the event wakes: no wake-up line.
        let _driving = Driving::start();
        r.dispatch(event, waitable, code);
    }
    // SAFETY: the running call's record, allocated by `export_lift`.
    unsafe { drive((r as *const CallRecord).cast_mut()) }
}
