//! The executor: tasks of different "crates" waking each other through the
//! shared objects, orphaned tasks dropped, stalls reported, nesting.

use crate::counting::no_leak;
use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::rc::Rc;
use std::task::Poll;
use weld::task::executor::{Executor, Stalled};
use weld::task::future::future_new;
use weld::task::stream::stream_new;

/// Sets its flag when dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// Pending once (waking itself), then ready.
fn yield_now() -> impl Future<Output = ()> {
    let mut yielded = false;
    poll_fn(move |cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
}

#[test]
fn a_task_awaiting_another_crates_future_completes_without_the_host() {
    no_leak(|| {
        let exec = Executor::new();
        // "Crate B" computes a value after yielding twice; "crate A" (the
        // block_on future) awaits it through the shared slot.
        let (w, r) = future_new::<String>();
        exec.spawn(async move {
            yield_now().await;
            yield_now().await;
            w.send(String::from("from crate B"));
        });
        let got = exec.block_on(r);
        assert_eq!(got, Ok(Some(String::from("from crate B"))));
        assert_eq!(exec.live_tasks(), 0);
    });
}

#[test]
fn wakes_go_through_the_task_pointer_and_run_each_task_to_completion() {
    no_leak(|| {
        let exec = Executor::new();
        let log = Rc::new(Cell::new(0u32));
        let (mut w, mut r) = stream_new::<u32>();
        let l = log.clone();
        exec.spawn(async move {
            for i in 1..=100 {
                w.write(vec![i]).await.expect("the reader is alive");
            }
        });
        exec.spawn(async move {
            while let Some(v) = r.read(8).await {
                l.set(l.get() + v.iter().sum::<u32>());
            }
        });
        assert_eq!(exec.live_tasks(), 2);
        let polls = exec.run();
        assert_eq!(log.get(), 5050);
        assert_eq!(exec.live_tasks(), 0);
        assert!(
            polls >= 200,
            "each value needs the writer and the reader: {polls} polls"
        );
    });
}

#[test]
fn a_task_nothing_can_wake_is_dropped_and_freed() {
    no_leak(|| {
        let exec = Executor::new();
        let dropped = Rc::new(Cell::new(false));
        let flag = DropFlag(dropped.clone());
        let (w, r) = future_new::<u8>();
        exec.spawn(async move {
            let _flag = flag;
            let _ = r.await;
        });
        exec.run();
        assert_eq!(exec.live_tasks(), 1, "waiting on the future");
        assert!(!dropped.get());
        // The writer goes without writing: the reader task is woken, sees
        // None and completes.
        drop(w);
        exec.run();
        assert!(dropped.get());
        assert_eq!(exec.live_tasks(), 0);

        // A task that drops its own waker and never registers it anywhere:
        // once polled, nothing references it, so it is cancelled and freed.
        let dropped = Rc::new(Cell::new(false));
        let flag = DropFlag(dropped.clone());
        exec.spawn(async move {
            let _flag = flag;
            poll_fn(|_| Poll::<()>::Pending).await;
        });
        exec.run();
        assert!(dropped.get(), "an orphaned task is dropped");
        assert_eq!(exec.live_tasks(), 0);
    });
}

#[test]
fn block_on_reports_a_stall_and_resumes_on_host_events() {
    no_leak(|| {
        let exec = Executor::new();
        let (w, r) = future_new::<u32>();
        assert_eq!(exec.block_on(r), Err(Stalled));

        // A "host" event delivered by park: the first park writes the
        // future, as the host completing a subtask would.
        let (w2, r2) = future_new::<u32>();
        let mut host = Some(w2);
        let mut parks = 0;
        let got = exec.block_on_with(r2, || {
            parks += 1;
            match host.take() {
                Some(w) => {
                    w.send(42);
                    true
                }
                None => false,
            }
        });
        assert_eq!((got, parks), (Ok(Some(42)), 1));
        drop(w);
        assert!(Stalled.to_string().contains("weld"));
    });
}

#[test]
fn dropping_the_executor_cancels_its_queued_tasks() {
    no_leak(|| {
        let dropped = Rc::new(Cell::new(false));
        let flag = DropFlag(dropped.clone());
        let (w, r) = future_new::<u8>();
        {
            let exec = Executor::new();
            exec.spawn(async move {
                let _flag = flag;
                let _ = r.await;
            });
            exec.run();
            assert!(!dropped.get());
        }
        // The task is still referenced by the waker stored in the future:
        // waking it after its executor is gone must not run or crash, and
        // dropping the last reference frees it.
        assert!(!dropped.get());
        w.send(1);
        assert!(
            dropped.get(),
            "the woken task was only referenced by the waker"
        );
    });
}

#[test]
fn a_nested_block_on_does_not_poll_the_task_it_runs_in() {
    no_leak(|| {
        let exec = Rc::new(Executor::new());
        let polls = Rc::new(Cell::new(0));
        let (w, r) = future_new::<u8>();
        let e = exec.clone();
        let p = polls.clone();
        exec.spawn(async move {
            p.set(p.get() + 1);
            // Wake ourselves, then block inside the task (as a synchronous
            // export called from a task would): the inner run must skip
            // this task, which is on the stack.
            yield_now_wake_only().await;
            let inner = e.block_on(r);
            assert_eq!(inner, Ok(Some(5)));
            p.set(p.get() + 1);
        });
        exec.spawn(async move {
            w.send(5);
        });
        exec.run();
        assert_eq!(polls.get(), 2);
        assert_eq!(exec.live_tasks(), 0);
    });
}

/// Wakes the task and completes at once (the task is queued while it runs).
fn yield_now_wake_only() -> impl Future<Output = ()> {
    poll_fn(|cx| {
        cx.waker().wake_by_ref();
        Poll::Ready(())
    })
}

#[test]
fn a_million_stream_operations_leak_nothing() {
    no_leak(|| {
        let exec = Executor::new();
        let (mut w, mut r) = stream_new::<u32>();
        let total = Rc::new(Cell::new(0u64));
        let t = total.clone();
        const N: u32 = if cfg!(miri) { 300 } else { 500_000 };
        exec.spawn(async move {
            for i in 0..N {
                w.write(vec![i]).await.expect("the reader is alive");
            }
        });
        exec.spawn(async move {
            while let Some(v) = r.read(1).await {
                t.set(t.get() + u64::from(v[0]));
            }
        });
        exec.run();
        // N writes and N reads (plus the end-of-stream read).
        assert_eq!(total.get(), u64::from(N) * u64::from(N - 1) / 2);
        assert_eq!(exec.live_tasks(), 0);
    });
}

mod calls {
    //! `Executor::call`: the callee side of an async call between crates.

    use super::{DropFlag, yield_now};
    use crate::counting::no_leak;
    use std::cell::{Cell, RefCell};
    use std::future::poll_fn;
    use std::rc::Rc;
    use std::task::Poll;
    use weld::task::executor::{Call, Executor};
    use weld::task::future::{FutureReader, future_new};

    #[test]
    fn a_call_that_does_not_suspend_returns_its_value_at_once() {
        no_leak(|| {
            let exec = Executor::new();
            match exec.call(async { String::from("ready") }) {
                Call::Returned(v) => assert_eq!(v, "ready"),
                Call::Pending(_) => panic!("expected Returned"),
            }
            assert_eq!(
                exec.live_tasks(),
                0,
                "the task is freed when it returns at once"
            );
        });
    }

    #[test]
    fn a_call_without_result_completes_through_a_payload_less_future() {
        no_leak(|| {
            let exec = Executor::new();
            let done = Rc::new(Cell::new(false));
            let d = done.clone();
            let Call::Pending(result) = exec.call(async move {
                yield_now().await;
                d.set(true);
            }) else {
                panic!("expected Pending");
            };
            assert!(!done.get());
            assert_eq!(exec.block_on(result), Ok(Some(())));
            assert!(done.get());
            assert_eq!(exec.live_tasks(), 0);
        });
    }

    #[test]
    fn a_pending_call_delivers_its_result_through_the_future() {
        no_leak(|| {
            let exec = Executor::new();
            let (w, r) = future_new::<u32>();
            let call = exec.call(async move { r.await.unwrap_or(0) * 2 });
            let Call::Pending(result) = call else {
                panic!("expected Pending");
            };
            assert_ne!(
                result.handle(),
                0,
                "the entry point would return this address"
            );
            exec.spawn(async move { w.send(21) });
            assert_eq!(exec.block_on(result), Ok(Some(42)));
            assert_eq!(exec.live_tasks(), 0);
        });
    }

    #[test]
    fn dropping_the_result_future_cancels_the_call_synchronously() {
        no_leak(|| {
            let exec = Executor::new();
            let dropped = Rc::new(Cell::new(false));
            let flag = DropFlag(dropped.clone());
            let (w, r) = future_new::<u8>();
            let call = exec.call(async move {
                let _flag = flag;
                let _ = r.await;
                String::from("never")
            });
            let Call::Pending(result) = call else {
                panic!("expected Pending");
            };
            assert!(!dropped.get());
            drop(result);
            assert!(
                dropped.get(),
                "the callee's future is dropped before the drop returns"
            );
            assert!(w.reader_gone(), "and with it what it owned");
            drop(w);
            assert_eq!(exec.live_tasks(), 0);
            assert_eq!(exec.run(), 0, "nothing left to run");
        });
    }

    #[test]
    fn a_result_written_but_never_read_is_freed() {
        no_leak(|| {
            let exec = Executor::new();
            let call = exec.call(async {
                yield_now().await;
                String::from("written, then dropped unread")
            });
            let Call::Pending(result) = call else {
                panic!("expected Pending");
            };
            exec.run();
            assert_eq!(exec.live_tasks(), 0, "the task finished");
            drop(result);
        });
    }

    #[test]
    fn a_call_cancelled_while_it_is_being_polled_is_dropped_after_the_poll() {
        no_leak(|| {
            let exec = Executor::new();
            let dropped = Rc::new(Cell::new(false));
            let flag = DropFlag(dropped.clone());
            let cell: Rc<RefCell<Option<FutureReader<u32>>>> = Rc::new(RefCell::new(None));
            let c = cell.clone();
            let seen_after = Rc::new(Cell::new(false));
            let after = seen_after.clone();
            // The task keeps a waker alive outside itself, so only the
            // cancellation (not the orphan rule) can drop it.
            let kept: Rc<RefCell<Option<std::task::Waker>>> = Rc::new(RefCell::new(None));
            let k = kept.clone();
            let mut polls = 0;
            let call = exec.call(poll_fn(move |cx| {
                let _keep = &flag;
                polls += 1;
                if polls == 1 {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                // Re-entrant: the callee drops its own caller's result
                // future while being polled (as a chain A -> B -> A could).
                drop(c.borrow_mut().take());
                after.set(true);
                *k.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }));
            let Call::Pending(result) = call else {
                panic!("expected Pending");
            };
            *cell.borrow_mut() = Some(result);
            exec.run();
            assert!(seen_after.get(), "the poll went on after the cancellation");
            assert!(
                dropped.get(),
                "the future was dropped once the poll returned"
            );
            assert_eq!(exec.live_tasks(), 1, "the kept waker still holds the task");
            drop(kept.borrow_mut().take());
            assert_eq!(exec.live_tasks(), 0);
        });
    }
}

#[test]
fn a_block_on_future_that_wakes_itself_does_not_starve_the_tasks_it_waits_for() {
    no_leak(|| {
        let exec = Executor::new();
        let flag = Rc::new(Cell::new(false));
        let f = flag.clone();
        exec.spawn(async move { f.set(true) });
        let seen = flag.clone();
        let got = exec.block_on(async move {
            let mut yields = 0u32;
            while !seen.get() {
                yield_now().await;
                yields += 1;
            }
            yields
        });
        assert_eq!(got, Ok(1), "the spawned task ran after the first yield");
        assert_eq!(exec.live_tasks(), 0);
    });
}
