//! The error-context object.

use crate::counting::no_leak;
use weld::task::error_context::ErrorContext;

#[test]
fn the_message_is_kept_in_place_and_freed_with_the_last_reference() {
    no_leak(|| {
        let msg = String::from("disk full: /var/lög");
        let addr = msg.as_ptr();
        let e = ErrorContext::new(msg);
        assert_eq!(e.debug_message(), "disk full: /var/lög");
        assert_eq!(e.message().as_ptr(), addr, "the message is not copied");
        let kept = e.clone();
        assert_eq!((e.refs(), kept.handle() == e.handle()), (2, true));
        drop(e);
        assert_eq!(kept.refs(), 1);
        assert_eq!(kept.debug_message(), "disk full: /var/lög");
    });
}

#[test]
fn handles_move_one_reference_and_borrowed_ones_are_cloned() {
    no_leak(|| {
        let e = ErrorContext::new(String::new());
        assert_eq!(e.debug_message(), "");
        // A parameter: lent for the call; the callee keeps its own.
        // SAFETY: `e` is alive during the call.
        let kept = unsafe { ErrorContext::from_borrowed(e.handle()) };
        assert_eq!(e.refs(), 2);
        // A result: the reference moves.
        let h = e.into_handle();
        // SAFETY: `h` carries the reference `into_handle` gave away, taken
        // once.
        let back = unsafe { ErrorContext::from_handle(h) };
        assert_eq!(back.refs(), 2);
        drop(back);
        assert_eq!(kept.refs(), 1);
        assert_eq!(format!("{kept:?}"), "ErrorContext { debug_message: \"\" }");
    });
}

#[test]
fn as_a_future_or_stream_element_each_value_carries_one_reference() {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};
    use weld::task::future::future_new;
    use weld::task::stream::stream_new;
    no_leak(|| {
        let e = ErrorContext::new(String::from("element"));
        let mut cx = Context::from_waker(Waker::noop());
        // A future read: the reference moves through the slot.
        let (w, mut r) = future_new::<ErrorContext>();
        w.send(e.clone());
        assert_eq!(e.refs(), 2);
        match Pin::new(&mut r).poll(&mut cx) {
            Poll::Ready(Some(got)) => assert!(got == e && got.message() == "element"),
            other => panic!("{other:?}"),
        }
        assert_eq!(e.refs(), 1, "the value read was dropped");
        // A future dropped unread: `drop_elems` gives the reference up.
        let (w, r) = future_new::<ErrorContext>();
        w.send(e.clone());
        drop(r);
        assert_eq!(e.refs(), 1);
        // A stream whose reader goes first: the unread values come back.
        let (mut w, r) = stream_new::<ErrorContext>();
        let mut write = w.write(vec![e.clone(), e.clone()]);
        assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
        assert_eq!(e.refs(), 3);
        drop(r);
        match Pin::new(&mut write).poll(&mut cx) {
            Poll::Ready(Err(rest)) => assert_eq!(rest.len(), 2),
            other => panic!("{:?}", other.map(|r| r.map(|_| ()))),
        }
        drop(write);
        assert_eq!(e.refs(), 1);
    });
}
