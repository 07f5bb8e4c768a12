//! The module's executor: single-threaded, one run queue, shared by every
//! linked crate (ASYNC.md, "The executor").
//!
//! A task is one allocation: a [`TaskHeader`] followed by the task's
//! future. Its waker *is* the header's address: waking pushes the task on
//! the run queue of the executor it belongs to (an intrusive list through
//! the headers, no allocation), whichever crate's code holds the waker. A
//! task is referenced by the run queue while queued or running and by each
//! waker; when the last reference goes while its future is still pending,
//! nothing can ever wake it again, so it is dropped (cancelled) then and
//! freed. That is how "no leaks" holds without a list of all tasks.
//!
//! [`Executor::block_on`] runs one future to completion, running spawned
//! tasks while it waits; when nothing is runnable it asks its `park`
//! function for events (on wasm32 this is where the module will wait on the
//! host's waitable set; not wired yet) and reports [`Stalled`] if there are
//! none, instead of spinning or panicking.
//!
//! Must not: poll a task that is already being polled (a nested
//! `block_on` inside a task skips the tasks on the stack), allocate per
//! wake, or use threads.

use super::Elem;
use super::future::{FutureReader, future_new};
use crate::rust_alloc::boxed::Box;
use core::cell::{Cell, UnsafeCell};
use core::fmt;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::pin::{Pin, pin};
use core::ptr::{self, NonNull};
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// The task is on the run queue.
const QUEUED: u32 = 1;
/// The task is being polled (its future is borrowed on the stack).
const RUNNING: u32 = 2;
/// The task's future completed (and was dropped).
const DONE: u32 = 4;
/// Cancelled while being polled: its future is dropped when the poll
/// returns.
const CANCEL: u32 = 8;

/// The functions of one task type (one per future type).
#[repr(C)]
struct TaskVtable {
    /// Polls the future; true when it completed (the future is dropped).
    poll: unsafe fn(NonNull<TaskHeader>, &mut Context<'_>) -> bool,
    /// Drops the future (if not done) and frees the task.
    destroy: unsafe fn(NonNull<TaskHeader>),
    /// Drops the future (if not done), keeping the task.
    cancel: unsafe fn(NonNull<TaskHeader>),
}

/// The start of every task: what wakers, the run queue and the executor
/// see of it. Its address is the task's waker data.
#[repr(C)]
pub struct TaskHeader {
    /// The run queue's reference (while queued or running) plus one per
    /// waker.
    refs: Cell<u32>,
    /// `QUEUED`, `RUNNING`, `DONE`.
    state: Cell<u32>,
    /// Next task on the run queue.
    next: Cell<*const TaskHeader>,
    /// The executor the task belongs to (the task holds a reference).
    exec: NonNull<ExecState>,
    vtable: &'static TaskVtable,
}

// The layout on wasm32 is part of the draft ABI (ASYNC.md, "The executor").
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<TaskHeader>() == 20 && align_of::<TaskHeader>() == 4);

/// A task: the header, then the future (`None` once done).
#[repr(C)]
struct Task<F> {
    header: TaskHeader,
    future: UnsafeCell<Option<F>>,
}

/// The state of an executor, shared by the owner, its tasks and the
/// wakers of `block_on`'s future: freed when all are gone.
#[repr(C)]
pub struct ExecState {
    refs: Cell<usize>,
    head: Cell<*const TaskHeader>,
    tail: Cell<*const TaskHeader>,
    /// Tasks alive (spawned and not yet freed).
    live: Cell<usize>,
    /// The future of the innermost `block_on` was woken.
    root_woken: Cell<bool>,
    /// The owner dropped the executor: wakes no longer queue tasks (the
    /// last waker of a task then frees it).
    closed: Cell<bool>,
    /// Called when a task is queued on an empty queue (the module
    /// executor's: the host boundary makes sure someone will run it).
    idle_hook: Cell<Option<fn()>>,
}

impl ExecState {
    const fn new() -> Self {
        ExecState {
            refs: Cell::new(1),
            head: Cell::new(ptr::null()),
            tail: Cell::new(ptr::null()),
            live: Cell::new(0),
            root_woken: Cell::new(false),
            closed: Cell::new(false),
            idle_hook: Cell::new(None),
        }
    }

    /// Appends `t`. Takes the task's pointer, not a reference to its
    /// header: the queue's pointers are used for the whole task.
    fn push(&self, t: NonNull<TaskHeader>) {
        let t = t.as_ptr().cast_const();
        // SAFETY: a task being queued is alive.
        unsafe { (*t).next.set(ptr::null()) };
        let tail = self.tail.replace(t);
        if tail.is_null() {
            self.head.set(t);
            if let Some(hook) = self.idle_hook.get() {
                hook();
            }
        } else {
            // SAFETY: a queued task is alive (the queue holds a reference).
            unsafe { (*tail).next.set(t) };
        }
    }

    /// The number of queued tasks.
    fn queued(&self) -> usize {
        let mut n = 0;
        let mut p = self.head.get();
        while !p.is_null() {
            n += 1;
            // SAFETY: queued tasks are alive.
            p = unsafe { (*p).next.get() };
        }
        n
    }

    fn pop(&self) -> Option<NonNull<TaskHeader>> {
        let head = NonNull::new(self.head.get().cast_mut())?;
        // SAFETY: queued tasks are alive.
        let next = unsafe { head.as_ref() }.next.get();
        self.head.set(next);
        if next.is_null() {
            self.tail.set(ptr::null());
        }
        Some(head)
    }

    /// Drops one reference.
    ///
    /// # Safety
    /// The caller must own a reference to `this`.
    unsafe fn release(this: NonNull<ExecState>) {
        // SAFETY: alive while the caller's reference is.
        let s = unsafe { this.as_ref() };
        let refs = s.refs.get() - 1;
        s.refs.set(refs);
        if refs == 0 {
            // SAFETY: only `Executor::new` states reach zero (the global
            // one keeps its own reference forever); allocated as a `Box`.
            drop(unsafe { Box::from_raw(this.as_ptr()) });
        }
    }
}

/// The module's executor state, shared by every copy of the runtime in a
/// link (see [`Executor::module`]); its layout is `#[repr(C)]`, the same
/// in every copy.
#[cfg(target_arch = "wasm32")]
#[repr(transparent)]
struct Global(ExecState);

// SAFETY: wasm32-wasip1 modules are single-threaded (SPEC.md section 5).
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Global {}

/// The state behind [`Executor::module`], under weld-abi's `EXECUTOR`.
#[cfg(target_arch = "wasm32")]
#[unsafe(export_name = "weld_executor")]
static WELD_EXECUTOR: Global = Global(ExecState::new());

/// What [`Executor::block_on`] returns when its future cannot make
/// progress: it is pending, no task is runnable and `park` reported no
/// event. The future is dropped (cancelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stalled;

impl fmt::Display for Stalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("weld: the future waits for something no task or host event will deliver")
    }
}

/// A single-threaded executor. A weld module has one (`Executor::module`
/// on wasm32); host tests make their own.
pub struct Executor {
    state: NonNull<ExecState>,
}

impl Default for Executor {
    fn default() -> Self {
        Self::new()
    }
}

impl Executor {
    /// A new executor with an empty run queue.
    pub fn new() -> Self {
        Executor {
            state: NonNull::from(Box::leak(Box::new(ExecState::new()))),
        }
    }

    /// The module's executor (wasm32): the one every crate's tasks run on.
    /// Its state is the unmangled static `weld_executor` (weld-abi's
    /// `EXECUTOR`), so when separately built staticlibs each carry a copy
    /// of the runtime, the link binds every copy to one state (ASYNC.md
    /// section 10).
    #[cfg(target_arch = "wasm32")]
    pub fn module() -> ManuallyDrop<Executor> {
        // The static's reference count starts at 1 and this executor is
        // never dropped, so `ExecState::release` never frees it.
        ManuallyDrop::new(Executor {
            state: NonNull::from(&WELD_EXECUTOR.0),
        })
    }

    fn state(&self) -> &ExecState {
        // SAFETY: the executor holds a reference.
        unsafe { self.state.as_ref() }
    }

    /// Sets the function called whenever a task is queued on an empty run
    /// queue (woken or spawned), wherever that happens: the host boundary
    /// uses it to make an async export call run the queue when a task was
    /// woken outside any running executor (ASYNC.md section 11).
    pub fn set_idle_hook(&self, hook: fn()) {
        self.state().idle_hook.set(Some(hook));
    }

    /// Tasks alive: spawned and not yet completed or dropped.
    pub fn live_tasks(&self) -> usize {
        self.state().live.get()
    }

    /// A new task with one reference (the caller's), not queued.
    fn new_task<F: Future<Output = ()> + 'static>(&self, future: F) -> NonNull<TaskHeader> {
        let task = Box::new(Task {
            header: TaskHeader {
                refs: Cell::new(1),
                state: Cell::new(0),
                next: Cell::new(ptr::null()),
                exec: self.state,
                vtable: &TaskVtable {
                    poll: poll_task::<F>,
                    destroy: destroy_task::<F>,
                    cancel: cancel_task::<F>,
                },
            },
            future: UnsafeCell::new(Some(future)),
        });
        let s = self.state();
        s.refs.set(s.refs.get() + 1);
        s.live.set(s.live.get() + 1);
        NonNull::from(Box::leak(task)).cast::<TaskHeader>()
    }

    /// Spawns `future` as a task; it first runs when the executor next
    /// runs its queue.
    pub fn spawn<F: Future<Output = ()> + 'static>(&self, future: F) {
        let t = self.new_task(future);
        // SAFETY: just created, alive; its one reference becomes the
        // queue's.
        let h = unsafe { t.as_ref() };
        h.state.set(QUEUED);
        self.state().push(t);
    }

    /// The callee's side of an async call between crates (ASYNC.md section
    /// 4): runs `future` as a task and polls it once, at once. If it
    /// completes, its value is returned ([`Call::Returned`]: the entry
    /// point returns 0); otherwise the caller gets the readable end of a
    /// future the task will write ([`Call::Pending`]: the entry point
    /// returns its address). Dropping that end before the value is
    /// written cancels the task synchronously: its future is dropped
    /// before the drop returns (or, if it is being polled further up the
    /// stack, as soon as that poll returns).
    pub fn call<T, F>(&self, future: F) -> Call<T>
    where
        T: Elem + 'static,
        F: Future<Output = T> + 'static,
    {
        let (writer, mut reader) = future_new::<T>();
        let t = self.new_task(async move { writer.send(future.await) });
        // SAFETY: `t` is alive; the hook gets a reference of its own, and
        // `cancel_hook` only touches the task.
        unsafe {
            let h = t.as_ref();
            h.refs.set(h.refs.get() + 1);
            reader.set_cancel_hook(cancel_hook, t.as_ptr().cast_const().cast());
        }
        // SAFETY: our reference acts as the run queue's for one poll.
        unsafe { poll_one(t) };
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(&mut reader).poll(&mut cx) {
            Poll::Ready(Some(v)) => Call::Returned(v),
            _ => Call::Pending(reader),
        }
    }

    /// Runs queued tasks until the queue is empty (or, inside `block_on`,
    /// until its future was woken). Returns the number of polls.
    pub fn run(&self) -> usize {
        run_queue(self.state, false)
    }

    /// Runs one round: polls at most the tasks queued when it starts (a
    /// task that wakes itself, or is woken meanwhile, waits for the next
    /// round). Returns whether tasks are still queued: what lets an async
    /// export's drive give the host its turn (ASYNC.md section 10)
    /// instead of polling a self-waking task forever.
    pub fn run_round(&self) -> bool {
        let s = self.state();
        let mut budget = s.queued();
        run_queue_limited(self.state, false, &mut budget);
        !s.head.get().is_null()
    }

    /// Runs `future` to completion on this executor, running spawned tasks
    /// while it is pending. When it is pending and nothing is runnable,
    /// calls `park`, which returns whether it delivered an event (woke
    /// something); if not, `future` is dropped and this returns
    /// [`Stalled`].
    pub fn block_on_with<F: Future>(
        &self,
        future: F,
        mut park: impl FnMut() -> bool,
    ) -> Result<F::Output, Stalled> {
        let mut future = pin!(future);
        let s = self.state();
        s.refs.set(s.refs.get() + 1);
        // SAFETY: the waker owns the reference just taken.
        let waker = unsafe { Waker::from_raw(RawWaker::new(self.state.as_ptr().cast(), &ROOT)) };
        let mut cx = Context::from_waker(&waker);
        s.root_woken.set(true);
        let result = loop {
            // After a pending poll the queue runs (at least one task) before
            // the next poll, even if the future woke itself: a future that
            // yields must not starve the tasks it waits for.
            if s.root_woken.replace(false)
                && let Poll::Ready(v) = future.as_mut().poll(&mut cx)
            {
                break Ok(v);
            }
            if run_queue(self.state, true) > 0 || s.root_woken.get() {
                continue;
            }
            if !park() {
                break Err(Stalled);
            }
        };
        // An enclosing `block_on` may have been woken meanwhile (the flag is
        // shared): let it poll once more rather than lose the wake.
        s.root_woken.set(true);
        result
    }

    /// [`block_on_with`](Self::block_on_with) without host events: returns
    /// [`Stalled`] as soon as nothing is runnable.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Stalled> {
        self.block_on_with(future, || false)
    }
}

impl Drop for Executor {
    /// Drops the queued tasks that nothing else references (cancelling
    /// them); tasks still referenced by wakers are freed with the last one.
    fn drop(&mut self) {
        let s = self.state();
        s.closed.set(true);
        while let Some(t) = s.pop() {
            // SAFETY: queued, so alive and holding the queue's reference,
            // which is given up here.
            unsafe {
                t.as_ref().state.set(t.as_ref().state.get() & !QUEUED);
                release_task(t);
            }
        }
        // SAFETY: the owner's reference.
        unsafe { ExecState::release(self.state) }
    }
}

/// The outcome of [`Executor::call`].
pub enum Call<T: Elem> {
    /// The call completed during its first poll.
    Returned(T),
    /// The call is pending: its result will arrive in this future.
    Pending(FutureReader<T>),
}

/// The cancel hook of a call's result future ([`Executor::call`]).
///
/// # Safety
/// `data` is a task holding a reference for the hook.
unsafe fn cancel_hook(data: *const (), cancel: bool) {
    // SAFETY: the hook's reference keeps the task alive; never null.
    let t = unsafe { NonNull::new_unchecked(data.cast_mut().cast::<TaskHeader>()) };
    // SAFETY: as above.
    let h = unsafe { t.as_ref() };
    let state = h.state.get();
    if cancel && state & DONE == 0 {
        if state & RUNNING != 0 {
            h.state.set(state | CANCEL);
        } else {
            h.state.set(state | DONE);
            // SAFETY: not being polled, so the future may be dropped.
            unsafe { (h.vtable.cancel)(t) };
        }
    }
    // SAFETY: the hook's reference.
    unsafe { release_task(t) };
}

/// Polls task `t` once (it must not be queued), marks it done if its future
/// completed (or it was cancelled meanwhile), and gives up the caller's
/// reference.
///
/// # Safety
/// The caller must own a reference to the live task `t`, which is not
/// being polled.
unsafe fn poll_one(t: NonNull<TaskHeader>) -> bool {
    // SAFETY: alive (the caller's reference).
    let h = unsafe { t.as_ref() };
    h.state.set((h.state.get() & !QUEUED) | RUNNING);
    // A waker borrowing the caller's reference (not dropped).
    // SAFETY: `t` is a live task header.
    let waker =
        ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(t.as_ptr().cast(), &TASK)) });
    let mut cx = Context::from_waker(&waker);
    // SAFETY: the task is alive and, being marked RUNNING, polled by no
    // one else.
    let mut done = unsafe { (h.vtable.poll)(t, &mut cx) };
    if h.state.get() & CANCEL != 0 && !done {
        // SAFETY: the poll returned; nothing borrows the future. (Still
        // marked RUNNING while its destructors run.)
        unsafe { (h.vtable.cancel)(t) };
        done = true;
    }
    // Read after the destructors above: they may have queued the task.
    let state = h.state.get() & !(RUNNING | CANCEL);
    h.state.set(if done { state | DONE } else { state });
    // SAFETY: give up the caller's reference (a wake while running took a
    // new one).
    unsafe { release_task(t) };
    done
}

/// Pops and polls tasks until the queue is empty, or (`stop_on_root`)
/// the innermost `block_on` future was woken. Tasks already being polled
/// further up the stack are put back afterwards, not polled.
fn run_queue(exec: NonNull<ExecState>, stop_on_root: bool) -> usize {
    let mut unlimited = usize::MAX;
    run_queue_limited(exec, stop_on_root, &mut unlimited)
}

/// [`run_queue`], popping at most `budget` tasks (decremented per pop).
fn run_queue_limited(exec: NonNull<ExecState>, stop_on_root: bool, budget: &mut usize) -> usize {
    // SAFETY: the caller holds a reference to the executor.
    let s = unsafe { exec.as_ref() };
    let mut polls = 0;
    let mut skipped = Skipped::default();
    while *budget > 0
        && let Some(t) = s.pop()
    {
        *budget -= 1;
        // SAFETY: queued tasks are alive and hold the queue's reference.
        let h = unsafe { t.as_ref() };
        if h.state.get() & RUNNING != 0 {
            skipped.push(t);
            continue;
        }
        // SAFETY: the queue's reference moves to `poll_one`; the task is
        // not being polled (checked above).
        unsafe { poll_one(t) };
        polls += 1;
        if stop_on_root && s.root_woken.get() {
            break;
        }
    }
    skipped.requeue(s);
    polls
}

/// Tasks found on the queue while being polled further up the stack.
#[derive(Default)]
struct Skipped {
    head: Option<NonNull<TaskHeader>>,
    tail: Option<NonNull<TaskHeader>>,
}

impl Skipped {
    fn push(&mut self, t: NonNull<TaskHeader>) {
        // SAFETY: `t` is alive (its queue reference moved here).
        unsafe { t.as_ref() }.next.set(ptr::null());
        match self.tail.replace(t) {
            // SAFETY: alive, as above.
            Some(prev) => unsafe { prev.as_ref() }.next.set(t.as_ptr()),
            None => self.head = Some(t),
        }
    }

    fn requeue(self, s: &ExecState) {
        let mut cur = self.head;
        while let Some(t) = cur {
            // SAFETY: alive, holding the queue reference it had.
            let h = unsafe { t.as_ref() };
            cur = NonNull::new(h.next.get().cast_mut());
            s.push(t);
        }
    }
}

/// Drops one reference to a task; the last one destroys it.
///
/// # Safety
/// The caller must own a reference to the live task `t`.
unsafe fn release_task(t: NonNull<TaskHeader>) {
    // SAFETY: alive while the caller's reference is.
    let h = unsafe { t.as_ref() };
    let refs = h.refs.get() - 1;
    h.refs.set(refs);
    if refs == 0 {
        let exec = h.exec;
        // SAFETY: no reference is left, and a task with references
        // neither queued nor running is not on the stack.
        unsafe { (h.vtable.destroy)(t) };
        // SAFETY: the task's reference to its executor.
        unsafe {
            let s = exec.as_ref();
            s.live.set(s.live.get() - 1);
            ExecState::release(exec);
        }
    }
}

/// Polls the future of a `Task<F>`.
///
/// # Safety
/// `t` must be a live `Task<F>` that no one else is polling.
unsafe fn poll_task<F: Future<Output = ()>>(t: NonNull<TaskHeader>, cx: &mut Context<'_>) -> bool {
    let task = t.cast::<Task<F>>();
    // SAFETY: the caller guarantees exclusive access to the future, which
    // never moves (the task is a box freed only in `destroy_task`).
    let slot = unsafe { &mut *task.as_ref().future.get() };
    let Some(f) = slot.as_mut() else {
        return true;
    };
    // SAFETY: as above: pinned in its box.
    if unsafe { Pin::new_unchecked(f) }.poll(cx).is_ready() {
        *slot = None;
        return true;
    }
    false
}

/// Drops a `Task<F>`'s future, keeping the task.
///
/// # Safety
/// `t` must be a live `Task<F>` that is not being polled.
unsafe fn cancel_task<F>(t: NonNull<TaskHeader>) {
    let task = t.cast::<Task<F>>();
    // SAFETY: not being polled, so no one borrows the future.
    let slot = unsafe { &mut *task.as_ref().future.get() };
    drop(slot.take());
}

/// Drops a `Task<F>`'s future (cancelling it if pending) and frees it.
///
/// # Safety
/// `t` must be a `Task<F>` without references.
unsafe fn destroy_task<F>(t: NonNull<TaskHeader>) {
    // SAFETY: allocated as a `Box<Task<F>>` in `spawn`; nothing refers to
    // it any more.
    drop(unsafe { Box::from_raw(t.cast::<Task<F>>().as_ptr()) });
}

/// Wakers of tasks: the data is the task header.
static TASK: RawWakerVTable =
    RawWakerVTable::new(task_clone, task_wake, task_wake_by_ref, task_drop);

unsafe fn task_clone(p: *const ()) -> RawWaker {
    // SAFETY: a waker's task is alive (the waker holds a reference).
    let h = unsafe { &*p.cast::<TaskHeader>() };
    h.refs.set(h.refs.get() + 1);
    RawWaker::new(p, &TASK)
}

unsafe fn task_wake(p: *const ()) {
    // SAFETY: the waker's reference keeps the task alive until dropped.
    unsafe {
        task_wake_by_ref(p);
        task_drop(p);
    }
}

unsafe fn task_wake_by_ref(p: *const ()) {
    // SAFETY: as in `task_clone`.
    let h = unsafe { &*p.cast::<TaskHeader>() };
    let state = h.state.get();
    // SAFETY: the task holds a reference to its executor.
    if state & (QUEUED | DONE) != 0 || unsafe { h.exec.as_ref() }.closed.get() {
        return;
    }
    h.state.set(state | QUEUED);
    h.refs.set(h.refs.get() + 1);
    // SAFETY: the task holds a reference to its executor; `p` is the
    // task's pointer (from `poll_one` or a clone of it).
    unsafe {
        h.exec
            .as_ref()
            .push(NonNull::new_unchecked(p.cast_mut().cast()))
    };
}

unsafe fn task_drop(p: *const ()) {
    // SAFETY: the waker owned a reference.
    unsafe { release_task(NonNull::new_unchecked(p.cast_mut().cast())) }
}

/// The waker of `block_on`'s future: the data is the executor state.
static ROOT: RawWakerVTable =
    RawWakerVTable::new(root_clone, root_wake, root_wake_by_ref, root_drop);

unsafe fn root_clone(p: *const ()) -> RawWaker {
    // SAFETY: the waker holds a reference to the state.
    let s = unsafe { &*p.cast::<ExecState>() };
    s.refs.set(s.refs.get() + 1);
    RawWaker::new(p, &ROOT)
}

unsafe fn root_wake(p: *const ()) {
    // SAFETY: as in `root_clone`; the reference is then dropped.
    unsafe {
        root_wake_by_ref(p);
        root_drop(p);
    }
}

unsafe fn root_wake_by_ref(p: *const ()) {
    // SAFETY: as in `root_clone`.
    unsafe { &*p.cast::<ExecState>() }.root_woken.set(true);
}

unsafe fn root_drop(p: *const ()) {
    // SAFETY: the waker owned a reference.
    unsafe { ExecState::release(NonNull::new_unchecked(p.cast_mut().cast())) }
}
