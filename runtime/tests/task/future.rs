//! The shared one-shot future slot.

use crate::counting::no_leak;
use crate::{counting_waker, wakes};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};
use weld::task::future::future_new;

#[test]
fn value_reaches_a_waiting_reader_and_wakes_it() {
    no_leak(|| {
        let (w, r) = future_new::<u64>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut r = pin!(r);
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Pending);
        assert_eq!(wakes(&count), 0);
        w.send(0xdead_beef_0000_0001);
        assert_eq!(wakes(&count), 1, "the writer must wake the reader");
        assert_eq!(
            r.as_mut().poll(&mut cx),
            Poll::Ready(Some(0xdead_beef_0000_0001))
        );
    });
}

#[test]
fn a_string_moves_through_the_slot_without_a_copy() {
    no_leak(|| {
        let (w, r) = future_new::<String>();
        let s = String::from("héllo, wörld");
        let addr = s.as_ptr();
        w.send(s);
        let (_, waker) = counting_waker();
        let mut r = pin!(r);
        match r.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(Some(got)) => {
                assert_eq!(got, "héllo, wörld");
                assert_eq!(
                    got.as_ptr(),
                    addr,
                    "the reader's String is the writer's buffer"
                );
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn write_completes_when_the_reader_took_the_value() {
    no_leak(|| {
        let (w, r) = future_new::<u32>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut write = pin!(w.write(7));
        assert_eq!(write.as_mut().poll(&mut cx), Poll::Pending);
        let mut r = pin!(r);
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Ready(Some(7)));
        assert!(wakes(&count) >= 1, "taking the value wakes the writer");
        assert_eq!(write.as_mut().poll(&mut cx), Poll::Ready(Ok(())));
    });
}

#[test]
fn writer_dropped_without_a_value_ends_the_reader_with_none() {
    no_leak(|| {
        let (w, r) = future_new::<String>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut r = pin!(r);
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Pending);
        drop(w);
        assert_eq!(wakes(&count), 1, "dropping the writer wakes the reader");
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Ready(None));
        assert!(r.writer_gone());
    });
}

#[test]
fn reader_dropped_first_gives_the_value_back_to_a_write() {
    no_leak(|| {
        let (w, r) = future_new::<String>();
        drop(r);
        assert!(w.reader_gone());
        let (_, waker) = counting_waker();
        let mut write = pin!(w.write(String::from("unread")));
        match write.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(Err(v)) => assert_eq!(v, "unread"),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn reader_dropped_while_a_write_waits_returns_the_value_and_wakes_the_writer() {
    no_leak(|| {
        let (w, r) = future_new::<String>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut write = pin!(w.write(String::from("late")));
        assert!(write.as_mut().poll(&mut cx).is_pending());
        drop(r);
        assert_eq!(wakes(&count), 1, "dropping the reader wakes the writer");
        match write.as_mut().poll(&mut cx) {
            Poll::Ready(Err(v)) => assert_eq!(v, "late"),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn an_unread_value_is_freed_with_the_last_end() {
    // `send` leaves the value in the slot; the reader goes without reading:
    // the String's buffer must be freed by the slot (no_leak checks it).
    no_leak(|| {
        let (w, r) = future_new::<String>();
        w.send(String::from("never read, still freed"));
        drop(r);
    });
    no_leak(|| {
        let (w, r) = future_new::<String>();
        drop(r);
        w.send(String::from("reader already gone"));
    });
    no_leak(|| {
        let (w, r) = future_new::<String>();
        let (_, waker) = counting_waker();
        let mut write = Box::pin(w.write(String::from("write future dropped")));
        assert!(
            write
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        drop(write);
        drop(r);
    });
}

#[test]
fn the_handle_is_the_objects_address_on_both_ends() {
    no_leak(|| {
        let (w, r) = future_new::<u8>();
        assert_eq!(w.handle(), r.handle());
        assert_ne!(w.handle(), 0);
        assert_eq!(
            w.handle() % std::mem::align_of::<weld::task::future::FutureObj>(),
            0
        );
    });
}

#[test]
fn a_future_without_payload_signals_completion() {
    no_leak(|| {
        let (w, r) = future_new::<()>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut r = pin!(r);
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Pending);
        w.send(());
        assert_eq!(wakes(&count), 1);
        assert_eq!(r.as_mut().poll(&mut cx), Poll::Ready(Some(())));
    });
}
