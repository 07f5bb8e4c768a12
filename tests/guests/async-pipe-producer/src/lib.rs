//! The pipeline's first stage: a stream of buffers, each written once and
//! handed over whole (the reader gets this allocation); and `texts`,
//! streams of strings and records both ways.

#[weld::shared_world(path = "../async-pipe-wit", world = "producer-provider")]
mod bindings {}

use bindings::exports::test::pipe::producer::Guest;
pub use bindings::exports::test::pipe::texts::Entry;
use bindings::exports::test::pipe::texts::Guest as TextsGuest;
use std::cell::Cell;
use weld::rt::{StreamReader, StreamResult, spawn};

struct Producer;

impl Guest for Producer {
    fn produce(total: u64, chunk: u32) -> StreamReader<u8> {
        let (mut tx, rx) = bindings::wit_stream::new::<u8>();
        weld::rt::spawn(async move {
            let mut sent = 0u64;
            let mut k = 0u64;
            while sent < total {
                let n = (total - sent).min(u64::from(chunk)) as usize;
                let rest = tx.write_all(vec![k as u8; n]).await;
                if !rest.is_empty() {
                    break;
                }
                sent += n as u64;
                k += 1;
            }
        });
        rx
    }

    fn count(n: u32) -> StreamReader<u32> {
        let (mut tx, rx) = bindings::wit_stream::new::<u32>();
        weld::rt::spawn(async move {
            for i in 0..n {
                if tx.write_one(i).await.is_some() {
                    break;
                }
            }
        });
        rx
    }
}

bindings::export!(Producer with_types_in bindings);

/// Value `i` of the `texts` streams: non-ASCII, of varying length, empty
/// for every seventh.
pub fn word(i: u32) -> String {
    if i % 7 == 3 {
        return String::new();
    }
    format!("wört-{i}-{}", "ü".repeat((i % 5) as usize))
}

/// Entry `i` of the `texts` streams.
pub fn entry(i: u32) -> Entry {
    Entry {
        id: i,
        text: word(i),
        weight: u64::from(i) * 3,
    }
}

/// Whether `e` is entry `i`.
pub fn is_entry(e: &Entry, i: u32) -> bool {
    e.id == i && e.text == word(i) && e.weight == u64::from(i) * 3
}

thread_local! {
    static RETURNED: Cell<u64> = const { Cell::new(0) };
}

/// Writes `make(0..n)` in batches of `batch`; counts what comes back.
fn write_batches<T: weld::task::Elem + 'static>(
    n: u32,
    batch: u32,
    make: fn(u32) -> T,
) -> StreamReader<T> {
    let (mut tx, rx) = bindings::wit_stream::new::<T>();
    spawn(async move {
        let mut i = 0;
        while i < n {
            let end = n.min(i + batch.max(1));
            let rest = tx.write_all((i..end).map(make).collect()).await;
            if !rest.is_empty() {
                RETURNED.with(|r| r.set(r.get() + rest.len() as u64));
                break;
            }
            i = end;
        }
    });
    rx
}

/// Reads `input` to its end in reads of at most `max`; counts the values
/// that arrived right and in order.
async fn check_all<T: weld::task::Elem>(
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

/// Reads `k` values one at a time, then drops `input`.
async fn take<T: weld::task::Elem>(
    mut input: StreamReader<T>,
    k: u32,
    right: fn(&T, u32) -> bool,
) -> u32 {
    let mut ok = 0;
    for i in 0..k {
        match input.next().await {
            Some(v) if right(&v, i) => ok += 1,
            _ => break,
        }
    }
    ok
}

impl TextsGuest for Producer {
    fn words(n: u32, batch: u32) -> StreamReader<String> {
        write_batches(n, batch, word)
    }

    fn entries(n: u32, batch: u32) -> StreamReader<Entry> {
        write_batches(n, batch, entry)
    }

    async fn check_words(input: StreamReader<String>, max: u32) -> u32 {
        check_all(input, max, |v, i| *v == word(i)).await
    }

    async fn check_entries(input: StreamReader<Entry>, max: u32) -> u32 {
        check_all(input, max, is_entry).await
    }

    async fn take_words(input: StreamReader<String>, k: u32) -> u32 {
        take(input, k, |v, i| *v == word(i)).await
    }

    async fn take_entries(input: StreamReader<Entry>, k: u32) -> u32 {
        take(input, k, is_entry).await
    }

    fn returned() -> u64 {
        RETURNED.with(Cell::get)
    }
}
