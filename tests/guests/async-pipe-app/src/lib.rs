//! The pipeline's root: links the three stages, runs them on the module's
//! executor with `block_on`, and reports what crossed the two streams;
//! and streams of strings and records to and from the producer crate.

#[weld::shared_world(path = "../async-pipe-wit", world = "pipeline")]
mod bindings {}

use bindings::test::pipe::texts::{self, Entry};
use bindings::test::pipe::{consumer, producer, transformer};
use std::cell::Cell;
use std::rc::Rc;
use weld::rt::{StreamReader, StreamResult, block_on, spawn};
use weld::task::Elem;
use weld_test_async_pipe_consumer as _;
use weld_test_async_pipe_producer::word;
use weld_test_async_pipe_transformer as _;

struct App;

impl bindings::Guest for App {
    fn run(total: u64, chunk: u32) -> String {
        let (moved0, copied0) = weld::rt::stream_bytes();
        let input = producer::produce(total, chunk);
        let output = transformer::transform(input);
        let tally = weld::rt::block_on(consumer::consume(output));
        let (moved, copied) = weld::rt::stream_bytes();
        format!(
            "bytes={} buffers={} checksum={} moved={} copied={}",
            tally.bytes,
            tally.buffers,
            tally.checksum,
            moved - moved0,
            copied - copied0
        )
    }

    fn churn(n: u32) -> u32 {
        let mut input = producer::count(n);
        weld::rt::block_on(async move {
            let mut in_order = 0;
            while let Some(v) = input.next().await {
                if v == in_order {
                    in_order += 1;
                }
            }
            in_order
        })
    }

    fn run_texts(n: u32, batch: u32, max: u32) -> String {
        run_texts(n, batch, max)
    }

    fn drop_early(n: u32, k: u32) -> String {
        drop_early(n, k)
    }
}

/// Entry `i` as the producer writes it.
fn entry(i: u32) -> Entry {
    Entry {
        id: i,
        text: word(i),
        weight: u64::from(i) * 3,
    }
}

fn is_entry(e: &Entry, i: u32) -> bool {
    e.id == i && e.text == word(i) && e.weight == u64::from(i) * 3
}

/// Reads `input` to its end in reads of at most `max`: how many values
/// arrived right and in order.
async fn check_all<T: Elem>(
    mut input: StreamReader<T>,
    max: u32,
    right: fn(&T, u32) -> bool,
) -> u32 {
    let mut i = 0;
    loop {
        let (result, buf) = input.read(Vec::with_capacity(max.max(1) as usize)).await;
        if result == StreamResult::Dropped {
            return i;
        }
        for v in &buf {
            if !right(v, i) {
                return i;
            }
            i += 1;
        }
    }
}

/// A stream of `make(0..n)` written in batches of `batch` by a task of
/// this crate; `returned` counts the values that came back unread.
fn write_batches<T: Elem + 'static>(
    n: u32,
    batch: u32,
    make: fn(u32) -> T,
    returned: Rc<Cell<u64>>,
) -> StreamReader<T> {
    let (mut tx, rx) = bindings::wit_stream::new::<T>();
    spawn(async move {
        let mut i = 0;
        while i < n {
            let end = n.min(i + batch.max(1));
            let rest = tx.write_all((i..end).map(make).collect()).await;
            if !rest.is_empty() {
                returned.set(returned.get() + rest.len() as u64);
                break;
            }
            i = end;
        }
    });
    rx
}

/// Reads `k` values one at a time, then drops `input`.
async fn take<T: Elem>(mut input: StreamReader<T>, k: u32, right: fn(&T, u32) -> bool) -> u32 {
    let mut ok = 0;
    for i in 0..k {
        match input.next().await {
            Some(v) if right(&v, i) => ok += 1,
            _ => break,
        }
    }
    ok
}

/// Runs the executor until the tasks woken by a dropped end have run.
fn settle() {
    block_on(async {
        for _ in 0..4 {
            weld::rt::yield_async().await;
        }
    });
}

/// The `run-texts` export.
fn run_texts(n: u32, batch: u32, max: u32) -> String {
    let words_in = block_on(check_all(texts::words(n, batch), max, |v, i| *v == word(i)));
    let entries_in = block_on(check_all(texts::entries(n, batch), max, is_entry));
    let unused = Rc::new(Cell::new(0));
    let out = write_batches(n, batch, word, unused.clone());
    let words_out = block_on(texts::check_words(out, max));
    let out = write_batches(n, batch, entry, unused.clone());
    let entries_out = block_on(texts::check_entries(out, max));
    format!(
        "words-in={words_in} entries-in={entries_in} words-out={words_out} entries-out={entries_out} returned={}",
        unused.get()
    )
}

/// The `drop-early` export.
fn drop_early(n: u32, k: u32) -> String {
    let back = Rc::new(Cell::new(0));
    let before = texts::returned();
    let mut right = block_on(take(texts::words(n, n), k, |v, i| *v == word(i)));
    right += block_on(take(texts::entries(n, n), k, is_entry));
    right += block_on(texts::take_words(
        write_batches(n, n, word, back.clone()),
        k,
    ));
    right += block_on(texts::take_entries(
        write_batches(n, n, entry, back.clone()),
        k,
    ));
    settle();
    let returned = texts::returned() - before + back.get();
    format!("right={right} returned={returned}")
}

bindings::export!(App with_types_in bindings);
