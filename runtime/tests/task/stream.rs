//! The stream object: hand-over, partial reads, backpressure, early drops.

use crate::counting::no_leak;
use crate::{counting_waker, wakes};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use weld::task::stream::stream_new;

fn ready<F: Future + Unpin>(f: &mut F, cx: &mut Context<'_>) -> F::Output {
    match Pin::new(f).poll(cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("expected the operation to be ready"),
    }
}

#[test]
fn a_read_takes_the_writers_buffer_itself() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<u8>();
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let data: Vec<u8> = (0..=255).collect();
        let addr = data.as_ptr();
        let mut write = w.write(data);
        let got = ready(&mut r.read(usize::MAX), &mut cx).expect("a buffer");
        assert_eq!(
            got.as_ptr(),
            addr,
            "zero copy: the reader got the writer's allocation"
        );
        assert_eq!(got, (0..=255).collect::<Vec<u8>>());
        assert_eq!(ready(&mut write, &mut cx), Ok(256));
        drop(write);
        assert_eq!((r.obj().moved_bytes(), r.obj().copied_bytes()), (256, 0));
    });
}

#[test]
fn a_smaller_read_moves_a_part_and_counts_the_copy() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<u32>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut write = w.write(vec![1, 2, 3, 4, 5]);
        assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
        assert_eq!(ready(&mut r.read(2), &mut cx), Some(vec![1, 2]));
        assert!(
            Pin::new(&mut write).poll(&mut cx).is_pending(),
            "3 values still unread"
        );
        assert_eq!(ready(&mut r.read(2), &mut cx), Some(vec![3, 4]));
        let woken = wakes(&count);
        assert_eq!(ready(&mut r.read(2), &mut cx), Some(vec![5]));
        assert_eq!(
            wakes(&count),
            woken + 1,
            "consuming the buffer wakes the writer"
        );
        assert_eq!(ready(&mut write, &mut cx), Ok(5));
        drop(write);
        assert_eq!(r.obj().copied_bytes(), 5 * 4);
        assert_eq!(r.obj().moved_bytes(), 0);
    });
}

#[test]
fn the_writer_cannot_run_ahead_of_the_reader() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<u8>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut read = r.read(16);
        assert!(
            Pin::new(&mut read).poll(&mut cx).is_pending(),
            "nothing written yet"
        );
        {
            let mut write = w.write(vec![9; 8]);
            assert_eq!(wakes(&count), 1, "a write wakes the waiting reader");
            // The write stays pending until the reader took the buffer: the
            // writer has no way to put a second one in (it is borrowed).
            for _ in 0..3 {
                assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
            }
            assert_eq!(ready(&mut r.read(16), &mut cx), Some(vec![9; 8]));
            assert_eq!(ready(&mut write, &mut cx), Ok(8));
        }
        let mut read = r.read(16);
        assert!(
            Pin::new(&mut read).poll(&mut cx).is_pending(),
            "the stream is empty again"
        );
    });
}

#[test]
fn reader_dropped_returns_the_unread_values_to_the_writer() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<String>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut write = w.write(vec!["a".into(), "bé".into(), "c".into()]);
        assert_eq!(
            ready(&mut r.read(1), &mut cx),
            Some(vec![String::from("a")])
        );
        assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
        drop(r);
        assert!(wakes(&count) >= 1, "dropping the reader wakes the writer");
        assert_eq!(
            ready(&mut write, &mut cx),
            Err(vec![String::from("bé"), String::from("c")])
        );
        drop(write);
        assert!(w.reader_gone());
        let mut again = w.write(vec!["x".into()]);
        assert_eq!(ready(&mut again, &mut cx), Err(vec![String::from("x")]));
    });
}

#[test]
fn writer_dropped_ends_the_stream_after_what_was_written() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<u16>();
        let (count, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        {
            let mut write = w.write(vec![1, 2, 3]);
            assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
            // Dropping the pending write cancels it: the values are dropped.
            drop(write);
        }
        let mut read = r.read(10);
        assert!(
            Pin::new(&mut read).poll(&mut cx).is_pending(),
            "the cancelled write left nothing"
        );
        let write = w.write(vec![4, 5]);
        assert_eq!(ready(&mut r.read(1), &mut cx), Some(vec![4]));
        assert_eq!(write.cancel(), vec![5], "cancel returns the unread rest");
        let before = wakes(&count);
        let mut read = r.read(10);
        assert!(Pin::new(&mut read).poll(&mut cx).is_pending());
        drop(w);
        assert_eq!(
            wakes(&count),
            before + 1,
            "dropping the writer wakes the reader"
        );
        assert!(r.writer_gone());
        assert_eq!(ready(&mut r.read(10), &mut cx), None, "end of stream");
    });
}

#[test]
fn strings_move_and_unread_ones_are_freed() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<String>();
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let words: Vec<String> = ["ein", "zwei", "drei"].map(String::from).to_vec();
        let addrs: Vec<*const u8> = words.iter().map(|s| s.as_ptr()).collect();
        let mut write = w.write(words);
        let got = ready(&mut r.read(3), &mut cx).unwrap();
        assert_eq!(got, ["ein", "zwei", "drei"]);
        let got_addrs: Vec<*const u8> = got.iter().map(|s| s.as_ptr()).collect();
        assert_eq!(got_addrs, addrs, "each string's bytes moved, not copied");
        assert_eq!(ready(&mut write, &mut cx), Ok(3));
        drop(write);
        // Values left in the stream when both ends go are freed.
        let mut pending = w.write(vec!["left".into(), "behind".into()]);
        assert!(Pin::new(&mut pending).poll(&mut cx).is_pending());
        // A leaked write future: the stream still owns the buffer.
        std::mem::forget(pending);
        drop(r);
        drop(w);
    });
}

#[test]
fn an_empty_write_completes_at_once_and_a_zero_read_too() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<u64>();
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        assert_eq!(ready(&mut w.write(Vec::new()), &mut cx), Ok(0));
        assert_eq!(ready(&mut r.read(0), &mut cx), Some(Vec::new()));
        let mut read = pin!(r.read(1));
        assert!(
            read.as_mut().poll(&mut cx).is_pending(),
            "an empty write puts nothing in"
        );
    });
}

#[test]
fn a_unit_stream_carries_counts_and_allocates_no_buffer() {
    no_leak(|| {
        let (mut w, mut r) = stream_new::<()>();
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let before = crate::counting::live();
        let mut write = w.write(vec![(); 5]);
        assert_eq!(ready(&mut r.read(2), &mut cx).map(|v| v.len()), Some(2));
        assert_eq!(ready(&mut r.read(10), &mut cx).map(|v| v.len()), Some(3));
        assert_eq!(ready(&mut write, &mut cx), Ok(5));
        drop(write);
        assert_eq!(
            crate::counting::live(),
            before,
            "no buffer for unit elements"
        );
        assert_eq!(r.obj().copied_bytes(), 0);
        drop(w);
        assert_eq!(ready(&mut r.read(1), &mut cx), None);
    });
}
