//! wit-bindgen 0.63's operation types over the objects (`weld::rt`'s
//! `StreamWrite`, `StreamRead`, `FutureWrite`, `FutureRead`): their
//! `cancel()` and the `AbiBuffer` a write gives back.

use crate::counting::no_leak;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use weld::task::ends::{FutureWriteCancel, StreamResult, future_pair, stream_pair};

fn cx() -> Context<'static> {
    Context::from_waker(Waker::noop())
}

#[test]
fn a_cancelled_stream_write_gives_back_what_the_reader_did_not_take() {
    no_leak(|| {
        let (mut w, mut r) = stream_pair::<String>();
        let values: Vec<String> = ["a", "bé", "c"].map(String::from).to_vec();
        let mut write = w.write(values);
        assert!(Pin::new(&mut write).poll(&mut cx()).is_pending());
        // The reader takes one of the three (a partial read).
        let mut read = r.read(Vec::with_capacity(1));
        match Pin::new(&mut read).poll(&mut cx()) {
            Poll::Ready((StreamResult::Complete(1), got)) => assert_eq!(got, ["a"]),
            other => panic!("{other:?}"),
        }
        drop(read);
        let (result, rest) = Pin::new(&mut write).cancel();
        assert_eq!(result, StreamResult::Complete(1));
        assert_eq!(rest.remaining(), 2);
        assert_eq!(rest.into_vec(), ["bé", "c"]);
        drop(write);
        // Nothing was left in the stream: the reader waits for more.
        let mut read = r.read(Vec::with_capacity(4));
        assert!(Pin::new(&mut read).poll(&mut cx()).is_pending());
        let (result, buf) = Pin::new(&mut read).cancel();
        assert_eq!((result, buf.len()), (StreamResult::Cancelled, 0));
    });
}

#[test]
fn a_write_whose_reader_went_away_completes_with_the_values_back() {
    no_leak(|| {
        let (mut w, r) = stream_pair::<u32>();
        let mut write = w.write(vec![1, 2, 3]);
        assert!(Pin::new(&mut write).poll(&mut cx()).is_pending());
        drop(r);
        match Pin::new(&mut write).poll(&mut cx()) {
            Poll::Ready((StreamResult::Dropped, rest)) => assert_eq!(rest.into_vec(), [1, 2, 3]),
            other => panic!("{:?}", other.map(|(r, b)| (r, b.remaining()))),
        }
    });
}

#[test]
fn a_cancelled_future_write_gives_back_the_value_and_the_writer() {
    no_leak(|| {
        let (w, r) = future_pair::<String>(|| String::from("default"));
        let mut write = w.write(String::from("first"));
        assert!(Pin::new(&mut write).poll(&mut cx()).is_pending());
        let FutureWriteCancel::Cancelled(value, w) = Pin::new(&mut write).cancel() else {
            panic!("not cancelled");
        };
        assert_eq!(value, "first");
        // The writer writes again; the reader gets the second value.
        let mut write = w.write(String::from("second"));
        let mut read = r.into_future();
        assert_eq!(
            Pin::new(&mut read).poll(&mut cx()),
            Poll::Ready(String::from("second"))
        );
        assert!(matches!(
            Pin::new(&mut write).cancel(),
            FutureWriteCancel::AlreadySent
        ));
        // And a reader gone first gives the value back as `Dropped`.
        let (w, r) = future_pair::<String>(String::new);
        let mut write = w.write(String::from("unread"));
        drop(r);
        match Pin::new(&mut write).cancel() {
            FutureWriteCancel::Dropped(v) => assert_eq!(v, "unread"),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn a_cancelled_future_read_gives_back_the_reader_or_the_value() {
    no_leak(|| {
        let (w, r) = future_pair::<u64>(|| 0);
        let mut read = r.into_future();
        assert!(Pin::new(&mut read).poll(&mut cx()).is_pending());
        let r = Pin::new(&mut read).cancel().expect_err("no value yet");
        drop(read);
        drop(w); // writes the default
        let mut read = r.into_future();
        assert_eq!(Pin::new(&mut read).cancel().ok(), Some(0));
    });
}
