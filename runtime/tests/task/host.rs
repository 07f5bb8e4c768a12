//! The host boundary's registry of waits and callback codes
//! (`weld::task::host`, ASYNC.md section 11), and its names and codes
//! against weld-abi's.

use crate::counting_waker;
use weld::task::executor::Executor;
use weld::task::host::{self, HostEvent, Waits, next_code};
use weld_abi::host_async as abi;

#[test]
fn the_runtime_imports_the_builtins_weld_abi_lists() {
    assert_eq!(host::BUILTINS, abi::RUNTIME_BUILTINS);
    for name in host::BUILTINS {
        assert!(abi::is_builtin(abi::BUILTIN_MODULE, name), "{name}");
    }
}

#[test]
fn codes_match_weld_abi() {
    assert_eq!(host::CALLBACK_EXIT, abi::CALLBACK_EXIT);
    assert_eq!(host::CALLBACK_YIELD, abi::CALLBACK_YIELD);
    assert_eq!(host::CALLBACK_WAIT, abi::CALLBACK_WAIT);
    assert_eq!(host::EVENT_NONE, abi::EVENT_NONE);
    assert_eq!(host::EVENT_SUBTASK, abi::EVENT_SUBTASK);
    assert_eq!(host::EVENT_STREAM_READ, abi::EVENT_STREAM_READ);
    assert_eq!(host::EVENT_STREAM_WRITE, abi::EVENT_STREAM_WRITE);
    assert_eq!(host::EVENT_FUTURE_READ, abi::EVENT_FUTURE_READ);
    assert_eq!(host::EVENT_FUTURE_WRITE, abi::EVENT_FUTURE_WRITE);
    assert_eq!(host::EVENT_CANCEL, abi::EVENT_CANCEL);
    assert_eq!(host::BLOCKED, abi::BLOCKED);
    assert_eq!(host::STATUS_STARTING, abi::STATUS_STARTING);
    assert_eq!(host::STATUS_STARTED, abi::STATUS_STARTED);
    assert_eq!(host::STATUS_RETURNED, abi::STATUS_RETURNED);
    assert_eq!(host::COPY_DROPPED, abi::COPY_DROPPED);
    assert_eq!(host::COPY_COMPLETED, abi::COPY_COMPLETED);
}

#[test]
fn an_event_wakes_the_waiter_of_its_waitable_only() {
    let waits = Waits::new();
    let (a, wa) = counting_waker();
    let (b, wb) = counting_waker();
    assert!(waits.register(7, 1, &wa));
    assert!(waits.register(9, 1, &wb));
    assert!(!waits.register(7, 1, &wb), "one wait per waitable");
    assert_eq!(waits.pending_in(1), 2);
    let ev = HostEvent {
        event: host::EVENT_SUBTASK,
        code: 2,
    };
    assert!(waits.deliver(7, ev));
    assert_eq!(crate::wakes(&a), 1);
    assert_eq!(crate::wakes(&b), 0);
    assert_eq!(
        waits.pending_in(1),
        1,
        "the delivered wait is no longer pending"
    );
    assert_eq!(waits.take(9), None, "no event for 9 yet");
    assert_eq!(waits.take(7), Some((ev, 1)));
    assert_eq!(waits.take(7), None, "taken once");
    assert!(!waits.deliver(7, ev), "no wait registered any more");
    assert_eq!(waits.remove(9), Some(1));
    assert_eq!(waits.pending_in(1), 0);
}

#[test]
fn a_repoll_replaces_the_waker_and_sets_are_counted_apart() {
    let waits = Waits::new();
    let (a, wa) = counting_waker();
    let (b, wb) = counting_waker();
    waits.register(3, 10, &wa);
    waits.register(4, 20, &wa);
    waits.update(3, &wb);
    assert_eq!((waits.pending_in(10), waits.pending_in(20)), (1, 1));
    waits.deliver(
        3,
        HostEvent {
            event: host::EVENT_STREAM_READ,
            code: 5 << 4,
        },
    );
    assert_eq!((crate::wakes(&a), crate::wakes(&b)), (0, 1));
    // An exiting call takes the completed, untaken wait out of its set.
    assert_eq!(waits.leave_set(10), vec![3]);
    assert_eq!(waits.pending_in(10), 0);
    assert_eq!(
        waits.take(3).map(|(e, set)| (e.code, set)),
        Some((5 << 4, 0))
    );
}

#[test]
fn a_delivered_event_runs_the_waiting_task_on_the_executor() {
    // The registry's waker is a task's: delivering queues the task, and
    // its next poll takes the event (what an export's callback does).
    let exec = Executor::new();
    let waits = std::rc::Rc::new(Waits::new());
    let got = std::rc::Rc::new(std::cell::Cell::new(None));
    let (w, g) = (waits.clone(), got.clone());
    exec.spawn(std::future::poll_fn(move |cx| {
        if let Some((e, _)) = w.take(42) {
            g.set(Some(e));
            return std::task::Poll::Ready(());
        }
        w.register(42, 1, cx.waker());
        std::task::Poll::Pending
    }));
    exec.run();
    assert_eq!(got.get(), None);
    assert_eq!(exec.live_tasks(), 1);
    let ev = HostEvent {
        event: host::EVENT_FUTURE_READ,
        code: 0,
    };
    assert!(waits.deliver(42, ev));
    exec.run();
    assert_eq!(got.get(), Some(ev));
    assert_eq!(exec.live_tasks(), 0);
}

#[test]
fn a_call_exits_only_once_returned_with_no_wait_pending() {
    let wait = |set: u32| host::CALLBACK_WAIT | (set << 4);
    assert_eq!(next_code(true, 0, 3), host::CALLBACK_EXIT);
    assert_eq!(next_code(true, 2, 3), wait(3), "returns early, exits late");
    assert_eq!(next_code(false, 0, 3), wait(3));
    assert_eq!(next_code(false, 1, 5), wait(5));
}

thread_local! {
    static IDLE_CALLS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn count_idle() {
    IDLE_CALLS.with(|c| c.set(c.get() + 1));
}

#[test]
fn the_idle_hook_fires_when_a_task_is_queued_on_an_empty_queue() {
    // What makes an async export call run a task woken by a synchronous
    // export (or spawned there): the hook fires once per empty-to-busy
    // change of the run queue, not for every task queued behind another.
    let exec = Executor::new();
    exec.set_idle_hook(count_idle);
    let idle = || IDLE_CALLS.with(std::cell::Cell::get);
    exec.spawn(async {});
    exec.spawn(async {});
    assert_eq!(idle(), 1);
    exec.run();
    let (w, r) = weld::task::future::future_new::<u32>();
    let got = std::rc::Rc::new(std::cell::Cell::new(None));
    let g = got.clone();
    exec.spawn(async move { g.set(r.await) });
    assert_eq!(idle(), 2);
    exec.run();
    assert_eq!(idle(), 2, "the task waits; the queue stays empty");
    w.send(7);
    assert_eq!(idle(), 3, "the write woke the task onto the empty queue");
    exec.run();
    assert_eq!(got.get(), Some(7));
}

#[test]
fn a_round_polls_a_self_waking_task_once_and_reports_work_left() {
    // What lets an async export's drive return `YIELD` to the host: a
    // task in a `yield_async` loop, waiting for something only another
    // export call (or a host event) gives, is polled once per round.
    let exec = Executor::new();
    let ready = std::rc::Rc::new(std::cell::Cell::new(false));
    let polls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let (r, p) = (ready.clone(), polls.clone());
    exec.spawn(async move {
        while !r.get() {
            p.set(p.get() + 1);
            // `yield_async`: pending once, waking itself.
            let mut yielded = false;
            std::future::poll_fn(|cx| {
                if std::mem::replace(&mut yielded, true) {
                    return std::task::Poll::Ready(());
                }
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            })
            .await;
        }
    });
    exec.spawn(async {});
    assert!(exec.run_round(), "the yielding task is queued again");
    assert_eq!(polls.get(), 1);
    assert_eq!(exec.live_tasks(), 1, "the other task ran in the round");
    assert!(exec.run_round());
    assert_eq!(polls.get(), 2, "one poll per round");
    ready.set(true);
    assert!(!exec.run_round(), "nothing left");
    assert_eq!(exec.live_tasks(), 0);
}

#[test]
fn a_call_adopts_the_pending_waits_of_the_synchronous_set() {
    // A synchronous export left waits in the synchronous set (only
    // polled); the async call about to wait moves them into its own set,
    // so it waits for them (is not let exit) and their events reach it.
    let (sync, call) = (1, 5);
    let waits = Waits::new();
    let (a, wa) = counting_waker();
    waits.register(7, sync, &wa);
    waits.register(8, sync, &wa);
    waits.register(9, 3, &wa);
    let ev = HostEvent {
        event: host::EVENT_SUBTASK,
        code: 2,
    };
    waits.deliver(8, ev);
    assert_eq!(waits.adopt(sync, call), vec![7], "the pending wait only");
    assert_eq!(waits.pending_in(sync), 0);
    assert_eq!(waits.pending_in(call), 1);
    assert_ne!(
        next_code(true, waits.pending_in(call), call),
        host::CALLBACK_EXIT
    );
    assert_eq!(waits.pending_in(3), 1, "other sets untouched");
    assert!(waits.deliver(7, ev));
    assert_eq!(crate::wakes(&a), 2);
    assert_eq!(waits.take(7), Some((ev, call)));
    assert_eq!(waits.take(8), Some((ev, sync)), "the completed wait stays");
}
