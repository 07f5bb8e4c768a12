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
        assert_eq!(format!("{kept:?}"), "ErrorContext(\"\")");
    });
}
