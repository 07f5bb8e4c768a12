//! Calls `port:test/jobs` with wit-bindgen 0.63's async API from a
//! synchronous export through `block_on`: async calls, a stream written
//! while another crate reads it, a stream and a future read, and pending
//! stream and future operations cancelled with `cancel()`. Exports
//! `port:test/async-checks`, one line per check.

wit_bindgen::generate!({
    path: "../wit",
    world: "async-client",
});

use exports::port::test::async_checks::Guest;
use port::test::jobs::{self, Job};
use std::future::{Future, IntoFuture};
use std::pin::{Pin, pin};
use std::task::{Context, Waker};
use wit_bindgen::{AbiBuffer, FutureReader, StreamResult, StreamWriter};

struct Component;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what) }
}

/// Polls `f` once with a waker that does nothing: whether it is pending.
fn pending_once<F: Future + ?Sized>(f: Pin<&mut F>) -> bool {
    f.poll(&mut Context::from_waker(Waker::noop())).is_pending()
}

/// Writes `values` in buffers of `chunk`, then drops the writer (the end
/// of the stream); returns what the reader left.
async fn feed(mut tx: StreamWriter<u32>, values: Vec<u32>, chunk: usize) -> usize {
    let mut left = 0;
    for part in values.chunks(chunk) {
        let (result, rest): (StreamResult, AbiBuffer<_>) = tx.write(part.to_vec()).await;
        left += rest.remaining();
        if result == StreamResult::Dropped {
            break;
        }
    }
    left
}

const CHECKS: &[(&str, Check)] = &[
    ("async: calls", || {
        let got = wit_bindgen::block_on(jobs::run(Job {
            id: 7,
            name: String::from("wëld"),
        }));
        ensure(got == "7:WËLD", got)
    }),
    (
        "async: a stream written while another crate reads it",
        || {
            let (tx, rx) = wit_stream::new::<u32>();
            let values: Vec<u32> = (1..=1000).collect();
            let writer = wit_bindgen::spawn_local(feed(tx, values, 64));
            let sum = wit_bindgen::block_on(jobs::total(rx));
            let left = wit_bindgen::block_on(writer);
            ensure(sum == 500_500 && left == Some(0), format!("{sum} {left:?}"))
        },
    ),
    ("async: a stream and a future read", || {
        let words = wit_bindgen::block_on(jobs::words("un deux  trois").collect());
        ensure(words == ["un", "deux", "trois"], format!("{words:?}"))?;
        let square: FutureReader<u64> = jobs::square_later(12);
        let got = wit_bindgen::block_on(square.into_future());
        ensure(got == 144, format!("{got}"))
    }),
    ("async: cancelled stream and future operations", || {
        let (mut tx, mut rx) = wit_stream::new::<u32>();
        let mut write = pin!(tx.write(vec![1, 2, 3]));
        ensure(
            pending_once(write.as_mut()),
            String::from("the write completed at once"),
        )?;
        let (result, rest) = write.as_mut().cancel();
        ensure(
            result == StreamResult::Cancelled && rest.into_vec() == [1, 2, 3],
            format!("write: {result:?}"),
        )?;
        let mut read = pin!(rx.read(Vec::with_capacity(4)));
        ensure(
            pending_once(read.as_mut()),
            String::from("the read completed at once"),
        )?;
        let (result, buf) = read.as_mut().cancel();
        ensure(
            result == StreamResult::Cancelled && buf.is_empty(),
            format!("read: {result:?}"),
        )?;
        let mut later = pin!(jobs::square_later(3).into_future());
        ensure(
            pending_once(later.as_mut()),
            String::from("the future was ready at once"),
        )?;
        let reader = match later.as_mut().cancel() {
            Ok(v) => return Err(format!("a value before the cancel: {v}")),
            Err(reader) => reader,
        };
        let got = wit_bindgen::block_on(reader.into_future());
        ensure(got == 9, format!("{got}"))
    }),
];

impl Guest for Component {
    fn run() -> Vec<String> {
        CHECKS
            .iter()
            .map(|(name, check)| match check() {
                Ok(()) => format!("ok {name}"),
                Err(e) => format!("FAIL {name}: {e}"),
            })
            .collect()
    }
}

export!(Component);
