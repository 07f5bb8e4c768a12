//! Element types that are not named in WIT (`weld::task::compound`):
//! lists, options, results, tuples, `bool`, `char` and nested stream
//! ends cross a stream with their values intact, and unread ones are
//! dropped with everything they own.

use crate::counting::no_leak;
use crate::counting_waker;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use weld::task::Elem;
use weld::task::stream::stream_new;

fn ready<F: Future + Unpin>(f: &mut F, cx: &mut Context<'_>) -> F::Output {
    match Pin::new(f).poll(cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("expected the operation to be ready"),
    }
}

/// Writes `values` in one buffer, reads them back one at a time and in
/// whole, and checks they arrive equal.
fn round_trip<T: Elem + Clone + PartialEq + std::fmt::Debug>(values: Vec<T>) {
    no_leak(|| {
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let (mut w, mut r) = stream_new::<T>();
        let mut write = w.write(values.clone());
        let first = ready(&mut r.read(1), &mut cx).expect("one value");
        let rest = ready(&mut r.read(usize::MAX), &mut cx).expect("the rest");
        assert_eq!(ready(&mut write, &mut cx), Ok(values.len()));
        let got: Vec<T> = first.into_iter().chain(rest).collect();
        assert_eq!(got, values);
    });
}

#[test]
fn compound_values_arrive_intact() {
    round_trip(vec![true, false, true]);
    round_trip(vec!['a', 'é', '🦀', '\u{10ffff}']);
    round_trip(vec![
        vec![],
        vec!["x".to_string(), "ünï".into()],
        vec![String::new()],
    ]);
    round_trip(vec![vec![1u64, u64::MAX], vec![]]);
    round_trip(vec![Some("some".to_string()), None, Some(String::new())]);
    round_trip(vec![
        Ok::<String, u32>("ok".into()),
        Err(7),
        Ok(String::new()),
    ]);
    round_trip(vec![Ok::<(), ()>(()), Err(())]);
    round_trip(vec![
        (1u8, "t".to_string(), 'z', 2u64),
        (0, String::new(), '\0', 0),
    ]);
    round_trip(vec![Some(vec![Some(3u16), None]), None]);
}

#[test]
fn unread_compound_values_are_dropped_with_what_they_own() {
    no_leak(|| {
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let (mut w, r) = stream_new::<Vec<Option<String>>>();
        let value = vec![Some("a".repeat(100)), None];
        let mut write = w.write(vec![value.clone(), value.clone(), value]);
        assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
        drop(r);
        let back = ready(&mut write, &mut cx).expect_err("the reader went away");
        assert_eq!(back.len(), 3, "the unread values come back to the writer");
    });
}

/// Polls `f` once, pinned on the stack: it must be ready.
fn now<F: Future>(f: F, cx: &mut Context<'_>) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("expected the operation to be ready"),
    }
}

#[test]
fn nested_streams_cross_a_stream() {
    no_leak(|| {
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let (mut outer_w, mut outer_r) = stream_new::<weld::task::ends::StreamReader<u8>>();
        let (mut inner_w, inner_r) = weld::task::ends::stream_pair::<u8>();
        let mut write = outer_w.write(vec![inner_r]);
        let mut got = ready(&mut outer_r.read(usize::MAX), &mut cx).expect("the inner end");
        assert!(matches!(ready(&mut write, &mut cx), Ok(1)));
        drop(write);
        let mut inner_r = got.pop().expect("one end");
        let mut w2 = std::pin::pin!(inner_w.write(vec![1, 2, 3]));
        assert!(w2.as_mut().poll(&mut cx).is_pending());
        let (_, buf) = now(inner_r.read(Vec::with_capacity(8)), &mut cx);
        assert_eq!(buf, vec![1, 2, 3]);
        assert!(w2.as_mut().poll(&mut cx).is_ready());
    });
}

#[test]
fn a_dropped_stream_of_streams_drops_the_unread_ends() {
    no_leak(|| {
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let (mut outer_w, outer_r) = stream_new::<weld::task::ends::StreamReader<String>>();
        let (inner_w, inner_r) = weld::task::ends::stream_pair::<String>();
        let mut write = outer_w.write(vec![inner_r]);
        assert!(Pin::new(&mut write).poll(&mut cx).is_pending());
        drop(outer_r);
        drop(ready(&mut write, &mut cx).expect_err("unread"));
        drop(inner_w);
    });
}

/// `map<K, V>` (`weld::rt::Map`) crosses as its `list<tuple<K, V>>`.
#[test]
fn maps_arrive_intact() {
    use weld::rt::Map;
    let map = |pairs: &[(&str, &[u32])]| -> Map<String, Vec<u32>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect()
    };
    round_trip(vec![
        map(&[("b", &[2, 3]), ("a", &[]), ("ünï", &[u32::MAX])]),
        Map::new(),
        map(&[("", &[0])]),
    ]);
    round_trip(vec![Some(Map::from([(1u8, 'x'), (0, 'y')])), None]);
    // Its layout is the list's: (address, length).
    let word = std::mem::size_of::<usize>();
    assert_eq!(<Map<String, u64> as Elem>::TYPE.size, 2 * word);
    assert_eq!(<Map<String, u64> as Elem>::TYPE.align, word);
}

/// A map in a future dropped unread frees its pairs' buffers
/// (`drop_elems`), and one read arrives whole.
#[test]
fn a_map_in_a_future_read_or_dropped_unread() {
    use std::task::Waker;
    use weld::rt::Map;
    use weld::task::future::future_new;
    no_leak(|| {
        let mut cx = Context::from_waker(Waker::noop());
        let value: Map<String, String> =
            (0..20).map(|i| (format!("k{i}"), "v".repeat(i))).collect();
        let (w, mut r) = future_new::<Map<String, String>>();
        w.send(value.clone());
        match Pin::new(&mut r).poll(&mut cx) {
            Poll::Ready(Some(got)) => assert_eq!(got, value),
            _ => panic!("the map was written"),
        }
        let (w, r) = future_new::<Map<String, String>>();
        w.send(value);
        drop(r);
    });
}

/// Tuples of 9 to 16 types cross like records of their fields.
#[test]
fn long_tuples_arrive_intact() {
    round_trip(vec![
        (
            1u8,
            2u16,
            3u32,
            4u64,
            "5".to_string(),
            '6',
            true,
            8i8,
            9.5f64,
        ),
        (0, 0, 0, 0, String::new(), '\0', false, -1, -0.5),
    ]);
    // 12 types: std's `Debug`, `Clone` and `PartialEq` stop there.
    let t12 = (
        0u8,
        1u8,
        2u16,
        "3".to_string(),
        4u32,
        5u64,
        vec![6u8],
        '7',
        8u8,
        Some(9u32),
        10i64,
        "11".to_string(),
    );
    round_trip(vec![t12.clone(), t12]);
    // 16 types, through a future: the fields arrive at their offsets.
    no_leak(|| {
        use std::task::Waker;
        use weld::task::future::future_new;
        let mut cx = Context::from_waker(Waker::noop());
        let s = |x: &str| x.to_string();
        let v = (
            0u8,
            1u16,
            2u8,
            3u32,
            4u8,
            5u64,
            6u8,
            s("7"),
            8u8,
            '9',
            10u8,
            Some(11u16),
            12u8,
            vec![13u8],
            14u8,
            s("15"),
        );
        let (w, mut r) = future_new::<(
            u8,
            u16,
            u8,
            u32,
            u8,
            u64,
            u8,
            String,
            u8,
            char,
            u8,
            Option<u16>,
            u8,
            Vec<u8>,
            u8,
            String,
        )>();
        w.send(v);
        let Poll::Ready(Some(got)) = Pin::new(&mut r).poll(&mut cx) else {
            panic!("the tuple was written");
        };
        assert_eq!(
            (got.0, got.1, got.2, got.3, got.4, got.5),
            (0, 1, 2, 3, 4, 5)
        );
        assert_eq!((got.6, got.7.as_str(), got.8, got.9), (6, "7", 8, '9'));
        assert_eq!((got.10, got.11, got.12), (10, Some(11), 12));
        assert_eq!((got.13, got.14, got.15.as_str()), (vec![13], 14, "15"));
    });
}
