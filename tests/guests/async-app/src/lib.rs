//! The root crate of the async round trips: synchronous exports that call
//! the leaf and middle crates' async functions through `weld::rt::block_on`
//! (no host boundary of async yet). Each check polls a call once by hand
//! first, to see whether it returned at once or is pending.

#[weld::shared_world(path = "../async-wit", world = "app")]
mod bindings {}

use bindings::test::calls::slots::{self, Point};
use bindings::test::calls::{leaf, mid};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use weld::rt::block_on;
use weld_test_async_leaf as _;
use weld_test_async_mid as _;
use weld_test_async_slots as _;

struct App;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

/// Polls `f` once with a waker that does nothing: `true` if it is pending.
fn pending_once<F: Future>(f: &mut Pin<Box<F>>) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    f.as_mut().poll(&mut cx).is_pending()
}

const CHECKS: &[(&str, Check)] = &[
    ("returns at once", || {
        let mut f = Box::pin(leaf::double(21));
        let mut cx = Context::from_waker(Waker::noop());
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => ensure(v == 42, &format!("double(21) = {v}")),
            Poll::Pending => Err("double was pending".into()),
        }
    }),
    ("pending, then completed", || {
        let text = String::from("héllo wörld ✓");
        let mut f = Box::pin(leaf::echo_later(text, 3));
        ensure(pending_once(&mut f), "echo-later returned at once")?;
        let got = block_on(f);
        ensure(got == "héllo wörld ✓!", &format!("echo-later gave {got:?}"))
    }),
    ("pending after awaiting another crate", || {
        let mut f = Box::pin(mid::relay(String::from("ab"), 21));
        ensure(pending_once(&mut f), "relay returned at once")?;
        let got = block_on(f);
        ensure(got == "ab! 42", &format!("relay gave {got:?}"))
    }),
    ("record, list and string", || {
        let got = block_on(leaf::summarize(
            vec![1, 2, 3, u32::MAX],
            String::from("ünïcödé"),
        ));
        ensure(
            got.count == 4 && got.total == 6 + u64::from(u32::MAX) && got.label == "ünïcödé",
            &format!("{got:?}"),
        )
    }),
    ("empty list and string", || {
        let got = block_on(leaf::summarize(Vec::new(), String::new()));
        ensure(
            got.count == 0 && got.total == 0 && got.label.is_empty(),
            &format!("{got:?}"),
        )
    }),
    ("no result", || {
        let before = leaf::touched();
        let mut f = Box::pin(leaf::touch());
        ensure(pending_once(&mut f), "touch returned at once")?;
        block_on(f);
        ensure(leaf::touched() == before + 1, "touch did not complete")
    }),
    ("dropping a pending call cancels it in both crates", || {
        let before = leaf::cancelled();
        let mut f = Box::pin(mid::relay(String::from("x"), 1));
        ensure(pending_once(&mut f), "relay returned at once")?;
        drop(f);
        ensure(
            leaf::cancelled() == before + 1,
            "the leaf's echo-later was not dropped with the relay",
        )
    }),
    ("spawned tasks run while block_on waits", || {
        let cell = Rc::new(Cell::new(0u32));
        let c = cell.clone();
        weld::rt::spawn(async move { c.set(leaf::double(50).await) });
        let seen = cell.clone();
        block_on(async move {
            while seen.get() == 0 {
                weld::rt::yield_async().await;
            }
        });
        ensure(
            cell.get() == 100,
            &format!("spawned task wrote {}", cell.get()),
        )
    }),
    ("future<u32> written by another crate", || {
        let f = slots::later_double(21, 2);
        let got = block_on(async move { f.await });
        ensure(got == 42, &format!("later-double gave {got}"))
    }),
    ("future<string> written by another crate", || {
        let f = slots::later_text("héllo ✓");
        let got = block_on(async move { f.await });
        ensure(got == "✓ olléh", &format!("later-text gave {got:?}"))
    }),
    ("future<record> written by another crate", || {
        let f = slots::later_point(&Point {
            x: i32::MAX - 1,
            y: i32::MIN + 1,
            label: String::from("pünkt"),
        });
        let got = block_on(async move { f.await });
        ensure(
            got.x == i32::MAX && got.y == i32::MIN && got.label == "pünkt'",
            &format!("later-point gave {got:?}"),
        )
    }),
    ("future passed to another crate", || {
        let (w, r) = bindings::wit_future::new::<String>(String::new);
        let written = Rc::new(Cell::new(false));
        let done = written.clone();
        weld::rt::spawn(async move {
            done.set(w.write(String::from("from the app")).await.is_ok());
        });
        let got = block_on(slots::await_text(r));
        ensure(
            got == "from the app seen",
            &format!("await-text gave {got:?}"),
        )?;
        block_on(weld::rt::yield_async());
        ensure(written.get(), "the write did not see its value taken")
    }),
    (
        "reader dropped before the value: it comes back to the writer",
        || {
            let before = slots::returned_writes();
            drop(slots::later_text("nobody reads this"));
            block_on(async {
                for _ in 0..4 {
                    weld::rt::yield_async().await;
                }
            });
            ensure(
                slots::returned_writes() == before + 1,
                "the writer did not get its value back",
            )
        },
    ),
    (
        "writer dropped without writing: the reader gets the default",
        || {
            let f = slots::abandoned();
            let got = block_on(async move { f.await });
            ensure(got == "default", &format!("abandoned gave {got:?}"))
        },
    ),
    (
        "future dropped unread by another crate: the value comes back",
        || {
            let (w, r) = bindings::wit_future::new::<Point>(|| Point {
                x: 0,
                y: 0,
                label: String::new(),
            });
            slots::drop_unread(r);
            let value = Point {
                x: 7,
                y: 8,
                label: String::from("zurück"),
            };
            match block_on(w.write(value)) {
                Err(e) => ensure(
                    e.value.x == 7 && e.value.y == 8 && e.value.label == "zurück",
                    &format!("came back as {:?}", e.value),
                ),
                Ok(()) => Err("the write succeeded without a reader".into()),
            }
        },
    ),
    (
        "future<record> with a string, its writer and then its reader dropped in another crate: the default's string is freed",
        || {
            // Twice: the first run warms up the allocator's size classes.
            let mut live = Vec::with_capacity(2);
            for _ in 0..2 {
                let before = weld::alloc::stats().live_bytes;
                let (w, r) = bindings::wit_future::new::<Point>(|| Point {
                    x: 1,
                    y: 2,
                    label: "a default label that owns its bytes".repeat(8),
                });
                // The writer's default moves into the future; the slots
                // crate drops the reader with it unread, which drops the
                // value through this crate's element type.
                drop(w);
                slots::drop_unread(r);
                live.push(weld::alloc::stats().live_bytes as i64 - before as i64);
            }
            ensure(live[1] == 0, &format!("live bytes changed by {live:?}"))
        },
    ),
];

impl bindings::Guest for App {
    fn run_checks() -> String {
        let mut report = String::new();
        for (name, check) in CHECKS {
            match check() {
                Ok(()) => report.push_str(&format!("ok {name}\n")),
                Err(why) => report.push_str(&format!("FAIL {name}: {why}\n")),
            }
        }
        report
    }

    fn churn(n: u32) -> u32 {
        let mut ok = 0;
        for i in 0..n {
            let got = block_on(mid::relay(i.to_string(), i));
            if got == format!("{i}! {}", i * 2) {
                ok += 1;
            }
        }
        ok
    }
}

bindings::export!(App with_types_in bindings);
