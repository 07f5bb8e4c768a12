//! Exports `store`: a resource with async methods and an async static, and
//! futures and streams of lists, options, results, tuples, resources and
//! nested ends, each processed by a task of the module's executor. Counts
//! box destructor runs, cancelled `describe` calls and box writes that
//! came back because the reader went away.

#[weld::shared_world(path = "../async-types-wit", world = "provider")]
mod bindings {}

use bindings::exports::test::types::store::{Box as BoxHandle, BoxBorrow, Entry, Guest, GuestBox};
use bindings::{wit_future, wit_stream};
use std::cell::Cell;
use weld::rt::{FutureReader, Map, StreamReader, spawn, yield_async};

/// `echo-wide`'s element: a tuple of ten types.
type Wide = (u8, u16, u32, u64, i8, i16, i32, i64, String, char);

thread_local! {
    static DROPPED: Cell<u32> = const { Cell::new(0) };
    static CANCELLED: Cell<u32> = const { Cell::new(0) };
    static RETURNED: Cell<u32> = const { Cell::new(0) };
}

fn bump(counter: &'static std::thread::LocalKey<Cell<u32>>, by: u32) {
    counter.with(|c| c.set(c.get() + by));
}

/// A box's representation.
struct LabelBox {
    label: String,
}

impl Drop for LabelBox {
    fn drop(&mut self) {
        bump(&DROPPED, 1);
    }
}

fn new_box(label: impl Into<String>) -> BoxHandle {
    BoxHandle::new(LabelBox {
        label: label.into(),
    })
}

/// Counts a cancellation when dropped before `done` is set.
struct Guard {
    done: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.done {
            bump(&CANCELLED, 1);
        }
    }
}

impl GuestBox for LabelBox {
    fn new(label: String) -> Self {
        LabelBox { label }
    }

    fn label(&self) -> String {
        self.label.clone()
    }

    async fn size(&self) -> u32 {
        self.label.len() as u32
    }

    async fn describe(&self, suffix: String, yields: u32) -> String {
        let mut guard = Guard { done: false };
        for _ in 0..yields {
            yield_async().await;
        }
        guard.done = true;
        // `self` is still the box: it is lent to the call until here.
        format!("{}{suffix}", self.label)
    }

    async fn twin(&self) -> BoxHandle {
        yield_async().await;
        new_box(self.label.repeat(2))
    }

    async fn absorb(&self, mut s: StreamReader<Entry>) -> (u32, u64) {
        let (mut count, mut sum) = (0, 0);
        while let Some(buf) = s.next_buf().await {
            for e in buf.iter().filter(|e| e.key.starts_with(&self.label)) {
                count += 1;
                sum += u64::from(e.value);
            }
        }
        (count, sum)
    }

    async fn pair(&self, other: BoxBorrow<'_>, yields: u32) -> String {
        for _ in 0..yields {
            yield_async().await;
        }
        format!("{}<->{}", self.label, other.get::<LabelBox>().label)
    }

    async fn make(label: String) -> BoxHandle {
        yield_async().await;
        new_box(label)
    }
}

/// A stream whose elements are `f` of the input's, written buffer by
/// buffer by a task.
fn map_stream<T: weld::task::Elem + 'static, U: weld::task::Elem + 'static>(
    mut input: StreamReader<T>,
    f: fn(T) -> U,
) -> StreamReader<U> {
    let (mut w, r) = wit_stream::new::<U>();
    spawn(async move {
        while let Some(buf) = input.next_buf().await {
            let out: Vec<U> = buf.into_iter().map(f).collect();
            if !w.write_all(out).await.is_empty() {
                break;
            }
        }
    });
    r
}

struct Store;

impl Guest for Store {
    type Box = LabelBox;

    async fn peek(b: BoxBorrow<'_>) -> String {
        yield_async().await;
        b.get::<LabelBox>().label.clone()
    }

    fn dropped() -> u32 {
        DROPPED.with(Cell::get)
    }

    fn cancelled() -> u32 {
        CANCELLED.with(Cell::get)
    }

    fn returned() -> u32 {
        RETURNED.with(Cell::get)
    }

    fn echo_lists(s: StreamReader<Vec<String>>) -> StreamReader<Vec<String>> {
        map_stream(s, |l| {
            l.into_iter()
                .rev()
                .map(|s| s.chars().rev().collect())
                .collect()
        })
    }

    fn echo_options(s: StreamReader<Option<Entry>>) -> StreamReader<Option<Entry>> {
        map_stream(s, |o| {
            o.map(|e| Entry {
                key: e.key,
                value: e.value.wrapping_add(1),
            })
        })
    }

    fn echo_results(s: StreamReader<Result<String, u32>>) -> StreamReader<Result<String, u32>> {
        map_stream(s, |r| match r {
            Ok(s) => Err(s.len() as u32),
            Err(n) => Ok(n.to_string()),
        })
    }

    fn echo_tuples(s: StreamReader<(bool, char, String)>) -> StreamReader<(bool, char, String)> {
        map_stream(s, |(b, c, mut s)| {
            s.push(c);
            (!b, c.to_uppercase().next().unwrap_or(c), s)
        })
    }

    fn echo_maps(s: StreamReader<Map<String, Vec<u32>>>) -> StreamReader<Map<String, Vec<u32>>> {
        map_stream(s, |m| {
            let n = m.len() as u32;
            let mut m: Map<String, Vec<u32>> = m
                .into_iter()
                .map(|(k, mut v)| {
                    v.reverse();
                    (k, v)
                })
                .collect();
            m.insert("n".into(), vec![n]);
            m
        })
    }

    fn echo_wide(s: StreamReader<Wide>) -> StreamReader<Wide> {
        map_stream(s, |(a, b, c, d, e, f, g, h, s, ch)| {
            let up = ch.to_uppercase().next().unwrap_or(ch);
            let s = s.chars().rev().collect();
            (
                a + 1,
                b + 1,
                c + 1,
                d + 1,
                e + 1,
                f + 1,
                g + 1,
                h + 1,
                s,
                up,
            )
        })
    }

    fn box_map(labels: Vec<String>) -> FutureReader<Map<String, BoxHandle>> {
        let (w, r) = wit_future::new::<Map<String, BoxHandle>>(Map::new);
        let boxes = labels
            .into_iter()
            .map(|l| (l.clone(), new_box(l)))
            .collect();
        // Written before the reader exists on the other side, and not
        // awaited: the map stays in the slot, so a reader dropped unread
        // drops the boxes through the element type's drop (`drop_elems`).
        drop(w.write(boxes));
        r
    }

    fn boxes(n: u32) -> StreamReader<BoxHandle> {
        let (mut w, r) = wit_stream::new::<BoxHandle>();
        spawn(async move {
            let all = (0..n).map(|i| new_box(format!("b{i}"))).collect();
            let back = w.write_all(all).await;
            // Boxes the reader did not take come back; dropping them runs
            // their destructors here, once.
            bump(&RETURNED, back.len() as u32);
        });
        r
    }

    fn take_boxes(s: StreamReader<BoxHandle>) -> FutureReader<String> {
        let (w, r) = wit_future::new::<String>(String::new);
        spawn(async move {
            let labels: Vec<String> = s
                .collect()
                .await
                .iter()
                .map(|b| b.get::<LabelBox>().label.clone())
                .collect();
            let _ = w.write(labels.join(",")).await;
        });
        r
    }

    fn take_first(mut s: StreamReader<BoxHandle>) -> FutureReader<String> {
        let (w, r) = wit_future::new::<String>(String::new);
        spawn(async move {
            let first = s.next().await;
            drop(s);
            let label = first.map(|b| b.get::<LabelBox>().label.clone());
            let _ = w.write(label.unwrap_or_default()).await;
        });
        r
    }

    fn nested(n: u32) -> FutureReader<StreamReader<u8>> {
        let (fw, fr) = wit_future::new::<StreamReader<u8>>(|| wit_stream::new::<u8>().1);
        spawn(async move {
            let (mut w, r) = wit_stream::new::<u8>();
            if fw.write(r).await.is_ok() {
                w.write_all((0..n).map(|i| i as u8).collect()).await;
            }
        });
        fr
    }

    fn join(mut s: StreamReader<FutureReader<String>>) -> FutureReader<String> {
        let (w, r) = wit_future::new::<String>(String::new);
        spawn(async move {
            let mut parts = Vec::new();
            while let Some(f) = s.next().await {
                parts.push(f.await);
            }
            let _ = w.write(parts.join("+")).await;
        });
        r
    }

    fn abandoned_box() -> FutureReader<BoxHandle> {
        let (w, r) = wit_future::new::<BoxHandle>(|| new_box("default"));
        drop(w);
        r
    }

    fn maybe_box(label: Option<String>) -> FutureReader<Option<BoxHandle>> {
        let (w, r) = wit_future::new::<Option<BoxHandle>>(|| None);
        spawn(async move {
            yield_async().await;
            let _ = w.write(label.map(new_box)).await;
        });
        r
    }
}

bindings::export!(Store with_types_in bindings);
