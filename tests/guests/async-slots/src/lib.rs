//! Exports `slots`: futures of plain data, strings and records written by
//! this crate's tasks, a future read from another crate, and both early
//! drops (the reader's: the value comes back; the writer's: the reader
//! gets the default).

#[weld::shared_world(path = "../async-wit", world = "slots-provider")]
mod bindings {}

use bindings::exports::test::calls::slots::{Guest, Point};
use bindings::wit_future;
use std::cell::Cell;
use weld::rt::{FutureReader, spawn, yield_async};

thread_local! {
    static RETURNED: Cell<u32> = const { Cell::new(0) };
}

struct Slots;

impl Guest for Slots {
    fn later_double(x: u32, yields: u32) -> FutureReader<u32> {
        let (w, r) = wit_future::new::<u32>(|| 0);
        spawn(async move {
            for _ in 0..yields {
                yield_async().await;
            }
            let _ = w.write(x * 2).await;
        });
        r
    }

    fn later_text(s: String) -> FutureReader<String> {
        let (w, r) = wit_future::new::<String>(String::new);
        spawn(async move {
            yield_async().await;
            if w.write(s.chars().rev().collect()).await.is_err() {
                RETURNED.with(|n| n.set(n.get() + 1));
            }
        });
        r
    }

    fn later_point(p: Point) -> FutureReader<Point> {
        let (w, r) = wit_future::new::<Point>(|| Point {
            x: 0,
            y: 0,
            label: String::new(),
        });
        spawn(async move {
            yield_async().await;
            let moved = Point {
                x: p.x + 1,
                y: p.y - 1,
                label: p.label + "'",
            };
            let _ = w.write(moved).await;
        });
        r
    }

    async fn await_text(f: FutureReader<String>) -> String {
        f.await + " seen"
    }

    fn abandoned() -> FutureReader<String> {
        let (w, r) = wit_future::new::<String>(|| String::from("default"));
        drop(w);
        r
    }

    fn drop_unread(f: FutureReader<Point>) {
        drop(f);
    }

    fn returned_writes() -> u32 {
        RETURNED.with(Cell::get)
    }
}

bindings::export!(Slots with_types_in bindings);
