//! The root crate of the async type round trips: synchronous exports that
//! call async-types-provider's `store` through `weld::rt::block_on`:
//! async resource methods and statics, and streams and futures of lists,
//! options, results, tuples, resources and nested ends, both ways, with
//! every value checked on arrival and every early drop counted.

#[weld::shared_world(path = "../async-types-wit", world = "app")]
mod bindings {}

use bindings::test::types::store::{self, Box as BoxHandle, Entry};
use bindings::{wit_future, wit_stream};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use weld::rt::{Map, StreamReader, block_on, spawn};
use weld_test_async_types_provider as _;

struct App;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

/// Polls `f` once with a waker that does nothing.
fn poll_once<F: Future>(f: &mut Pin<Box<F>>) -> Poll<F::Output> {
    let mut cx = Context::from_waker(Waker::noop());
    f.as_mut().poll(&mut cx)
}

/// Writes `values` into a new stream from a spawned task (one write per
/// value, so that the reader sees several buffers), hands its reader to
/// `call`, and reads everything `call`'s stream gives back.
fn through<T, U>(values: Vec<T>, call: fn(StreamReader<T>) -> StreamReader<U>) -> Vec<U>
where
    T: weld::task::Elem + 'static,
    U: weld::task::Elem + 'static,
{
    let (mut w, r) = wit_stream::new::<T>();
    spawn(async move {
        for v in values {
            if w.write_one(v).await.is_some() {
                break;
            }
        }
    });
    let out = call(r);
    block_on(out.collect())
}

/// Runs `f` and returns how many box destructors ran meanwhile.
fn drops_during(f: impl FnOnce() -> Result<(), String>) -> Result<u32, String> {
    let before = store::dropped();
    f()?;
    Ok(store::dropped() - before)
}

const CHECKS: &[(&str, Check)] = &[
    ("async method returns at once", || {
        let b = BoxHandle::new("größe");
        let mut f = Box::pin(b.size());
        match poll_once(&mut f) {
            Poll::Ready(n) => ensure(n == 7, &format!("size gave {n}")),
            Poll::Pending => Err("size was pending".into()),
        }
    }),
    ("async method pending, then completed", || {
        let b = BoxHandle::new("héllo");
        let mut f = Box::pin(b.describe(String::from(" wörld ✓"), 3));
        ensure(poll_once(&mut f).is_pending(), "describe returned at once")?;
        let got = block_on(f);
        ensure(got == "héllo wörld ✓", &format!("describe gave {got:?}"))?;
        ensure(b.label() == "héllo", "the box changed")
    }),
    ("async method returning an own handle", || {
        let n = drops_during(|| {
            let b = BoxHandle::new("ab");
            let t = block_on(b.twin());
            ensure(t.label() == "abab", &format!("twin is {:?}", t.label()))
        })?;
        ensure(n == 2, &format!("{n} destructor runs for two boxes"))
    }),
    (
        "async method borrowing another box, and a function borrowing one",
        || {
            let n = drops_during(|| {
                let a = BoxHandle::new("links");
                let b = BoxHandle::new("rechts");
                let mut f = Box::pin(a.pair(&b, 2));
                ensure(poll_once(&mut f).is_pending(), "pair returned at once")?;
                let got = block_on(f);
                ensure(got == "links<->rechts", &format!("pair gave {got:?}"))?;
                let got = block_on(store::peek(&b));
                ensure(got == "rechts", &format!("peek gave {got:?}"))
            })?;
            ensure(n == 2, &format!("{n} destructor runs for two boxes"))
        },
    ),
    ("async static", || {
        let b = block_on(BoxHandle::make(String::from("statisch")));
        ensure(
            b.label() == "statisch",
            &format!("make gave {:?}", b.label()),
        )
    }),
    (
        "dropping a pending async method call cancels it, then the box drops once",
        || {
            let before = store::cancelled();
            let n = drops_during(|| {
                let b = BoxHandle::new("c");
                let mut f = Box::pin(b.describe(String::from("x"), 5));
                ensure(poll_once(&mut f).is_pending(), "describe returned at once")?;
                drop(f);
                ensure(
                    store::cancelled() == before + 1,
                    "describe was not cancelled",
                )
            })?;
            ensure(n == 1, &format!("{n} destructor runs"))
        },
    ),
    ("async method taking a stream of records", || {
        let b = BoxHandle::new("k");
        let (mut w, r) = wit_stream::new::<Entry>();
        spawn(async move {
            let entries = (0..10)
                .map(|i| Entry {
                    key: if i % 2 == 0 {
                        format!("k{i}")
                    } else {
                        format!("x{i}")
                    },
                    value: i,
                })
                .collect();
            w.write_all(entries).await;
        });
        let got = block_on(b.absorb(r));
        ensure(got == (5, 20), &format!("absorb gave {got:?}"))
    }),
    ("stream<list<string>> both ways", || {
        let sent = vec![
            vec![String::from("ab"), String::from("ünï")],
            Vec::new(),
            vec![String::new()],
        ];
        let got = through(sent, store::echo_lists);
        let want = vec![
            vec![String::from("ïnü"), String::from("ba")],
            Vec::new(),
            vec![String::new()],
        ];
        ensure(got == want, &format!("echo-lists gave {got:?}"))
    }),
    ("stream<option<record>> both ways", || {
        let sent = vec![
            Some(Entry {
                key: "ä".into(),
                value: 1,
            }),
            None,
            Some(Entry {
                key: String::new(),
                value: u32::MAX,
            }),
        ];
        let got = through(sent, store::echo_options);
        let ok = got.len() == 3
            && got[0]
                .as_ref()
                .is_some_and(|e| e.key == "ä" && e.value == 2)
            && got[1].is_none()
            && got[2]
                .as_ref()
                .is_some_and(|e| e.key.is_empty() && e.value == 0);
        ensure(ok, &format!("echo-options gave {got:?}"))
    }),
    ("stream<result<string, u32>> both ways", || {
        let sent = vec![Ok(String::from("drei")), Err(42), Ok(String::new())];
        let got = through(sent, store::echo_results);
        let want = vec![Err(4), Ok(String::from("42")), Err(0)];
        ensure(got == want, &format!("echo-results gave {got:?}"))
    }),
    ("stream<tuple<bool, char, string>> both ways", || {
        let sent = vec![(true, 'ß', String::from("a")), (false, '🦀', String::new())];
        let got = through(sent, store::echo_tuples);
        let want = vec![
            (false, 'S', String::from("aß")),
            (true, '🦀', String::from("🦀")),
        ];
        ensure(got == want, &format!("echo-tuples gave {got:?}"))
    }),
    ("stream<map<string, list<u32>>> both ways", || {
        let one: Map<String, Vec<u32>> =
            Map::from([("a".into(), vec![1, 2, 3]), ("ü".into(), vec![])]);
        let got = through(vec![one, Map::new()], store::echo_maps);
        let want: Vec<Map<String, Vec<u32>>> = vec![
            Map::from([
                ("a".into(), vec![3, 2, 1]),
                ("ü".into(), vec![]),
                ("n".into(), vec![2]),
            ]),
            Map::from([("n".into(), vec![0])]),
        ];
        ensure(got == want, &format!("echo-maps gave {got:?}"))
    }),
    ("stream<tuple of 10 types> both ways", || {
        let sent = vec![
            (0, 1, 2, 3, -4, -5, -6, -7, String::from("ab"), 'é'),
            (254, 0, 0, u64::MAX - 1, 0, 0, 0, 0, String::new(), '1'),
        ];
        let got = through(sent, store::echo_wide);
        let want = vec![
            (1, 2, 3, 4, -3, -4, -5, -6, String::from("ba"), 'É'),
            (255, 1, 1, u64::MAX, 1, 1, 1, 1, String::new(), '1'),
        ];
        ensure(got == want, &format!("echo-wide gave {got:?}"))
    }),
    (
        "future<map<string, box>> read, and dropped unread: its boxes drop once (drop_elems)",
        || {
            let n = drops_during(|| {
                let got = block_on(async { store::box_map(&["p".into(), "q".into()]).await });
                let labels: Vec<(String, String)> =
                    got.iter().map(|(k, b)| (k.clone(), b.label())).collect();
                let want = [("p".to_string(), "p".to_string()), ("q".into(), "q".into())];
                ensure(labels == want, &format!("box-map gave {labels:?}"))
            })?;
            ensure(
                n == 2,
                &format!("{n} destructor runs for the two boxes read"),
            )?;
            let n = drops_during(|| {
                // The provider wrote the map before returning the reader.
                let r = store::box_map(&["r".into(), "s".into(), "t".into()]);
                drop(r);
                Ok(())
            })?;
            ensure(
                n == 3,
                &format!("{n} destructor runs for three boxes dropped unread"),
            )
        },
    ),
    ("stream<box> from the provider", || {
        let n = drops_during(|| {
            let got = block_on(store::boxes(3).collect());
            let labels: Vec<String> = got.iter().map(|b| b.label()).collect();
            ensure(
                labels == ["b0", "b1", "b2"],
                &format!("boxes gave {labels:?}"),
            )
        })?;
        ensure(n == 3, &format!("{n} destructor runs for three boxes"))
    }),
    ("stream<box> to the provider", || {
        let n = drops_during(|| {
            let (mut w, r) = wit_stream::new::<BoxHandle>();
            let boxes = vec![
                BoxHandle::new("x"),
                BoxHandle::new("ÿ"),
                BoxHandle::new("z"),
            ];
            spawn(async move {
                w.write_all(boxes).await;
            });
            let got = block_on(async move { store::take_boxes(r).await });
            ensure(got == "x,ÿ,z", &format!("take-boxes gave {got:?}"))
        })?;
        ensure(n == 3, &format!("{n} destructor runs for three boxes"))
    }),
    (
        "stream<box> read in part by the provider: the unread boxes come back and drop once",
        || {
            let n = drops_during(|| {
                let (mut w, r) = wit_stream::new::<BoxHandle>();
                let boxes = vec![
                    BoxHandle::new("first"),
                    BoxHandle::new("2"),
                    BoxHandle::new("3"),
                ];
                let label = store::take_first(r);
                let back = block_on(w.write_all(boxes));
                ensure(back.len() == 2, &format!("{} boxes came back", back.len()))?;
                let labels: Vec<String> = back.iter().map(|b| b.label()).collect();
                ensure(labels == ["2", "3"], &format!("came back: {labels:?}"))?;
                drop(back);
                let got = block_on(async move { label.await });
                ensure(got == "first", &format!("take-first gave {got:?}"))
            })?;
            ensure(n == 3, &format!("{n} destructor runs for three boxes"))
        },
    ),
    (
        "stream<box> dropped by the reader after one: the provider's unread boxes drop once",
        || {
            let before = store::returned();
            let n = drops_during(|| {
                let mut s = store::boxes(4);
                let first = block_on(s.next());
                ensure(
                    first.as_ref().is_some_and(|b| b.label() == "b0"),
                    "the first box",
                )?;
                // The provider wrote four in one buffer; this read took one.
                drop(s);
                block_on(async {
                    for _ in 0..4 {
                        weld::rt::yield_async().await;
                    }
                });
                ensure(
                    store::returned() == before + 3,
                    "the unread boxes did not come back",
                )
            })?;
            // The three unread boxes, and the one read (dropped here).
            ensure(n == 4, &format!("{n} destructor runs for four boxes"))
        },
    ),
    ("future<stream<u8>> from the provider", || {
        let f = store::nested(5);
        let got = block_on(async move { f.await.collect().await });
        ensure(got == [0, 1, 2, 3, 4], &format!("nested gave {got:?}"))
    }),
    ("stream<future<string>> to the provider", || {
        let (mut w, r) = wit_stream::new::<weld::rt::FutureReader<String>>();
        let mut writers = Vec::new();
        let mut readers = Vec::new();
        for _ in 0..3 {
            let (fw, fr) = wit_future::new::<String>(String::new);
            writers.push(fw);
            readers.push(fr);
        }
        spawn(async move {
            w.write_all(readers).await;
        });
        for (i, fw) in writers.into_iter().enumerate() {
            spawn(async move {
                let _ = fw.write(format!("f{i}✓")).await;
            });
        }
        let got = block_on(async move { store::join(r).await });
        ensure(got == "f0✓+f1✓+f2✓", &format!("join gave {got:?}"))
    }),
    (
        "future<box> written by default, read: the default box",
        || {
            let n = drops_during(|| {
                let b = block_on(async { store::abandoned_box().await });
                ensure(b.label() == "default", &format!("got {:?}", b.label()))
            })?;
            ensure(n == 1, &format!("{n} destructor runs"))
        },
    ),
    (
        "future<box> dropped unread: the box in it drops once (its element type's drop)",
        || {
            let n = drops_during(|| {
                drop(store::abandoned_box());
                Ok(())
            })?;
            ensure(n == 1, &format!("{n} destructor runs"))
        },
    ),
    ("future<option<box>> both cases", || {
        let n = drops_during(|| {
            let some = block_on(async { store::maybe_box(Some("da")).await });
            let none = block_on(async { store::maybe_box(None).await });
            ensure(
                some.as_ref().is_some_and(|b| b.label() == "da") && none.is_none(),
                "maybe-box",
            )
        })?;
        ensure(n == 1, &format!("{n} destructor runs"))
    }),
];

/// One round of `churn`: every kind of box crossing and early drop.
fn churn_round(i: u32) {
    // Boxes from the provider, read in part, the rest returned.
    let mut s = store::boxes(3);
    let first = block_on(s.next());
    drop((first, s));
    // Boxes to the provider, all read.
    let (mut w, r) = wit_stream::new::<BoxHandle>();
    let label = store::take_boxes(r);
    let sent = vec![BoxHandle::new(&i.to_string()), BoxHandle::new("y")];
    spawn(async move {
        w.write_all(sent).await;
    });
    block_on(async move { label.await });
    // A future holding a box, dropped unread.
    drop(store::abandoned_box());
    // An async method call, cancelled; then one completed.
    let b = BoxHandle::new("m");
    let mut f = Box::pin(b.describe(String::new(), 2));
    let _ = poll_once(&mut f);
    drop(f);
    let t = block_on(b.twin());
    drop((t, b));
    // Let the provider's tasks finish.
    block_on(async {
        for _ in 0..4 {
            weld::rt::yield_async().await;
        }
    });
}

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
        let before = store::dropped();
        for i in 0..n {
            churn_round(i);
        }
        store::dropped() - before
    }

    fn leak_then_drop(case: u32) -> u32 {
        let b = BoxHandle::new("lent");
        if case == 0 {
            let mut f = Box::pin(b.describe(String::new(), 1));
            let _ = poll_once(&mut f);
            std::mem::forget(f);
        } else {
            let mut f = Box::pin(store::peek(&b));
            let _ = poll_once(&mut f);
            std::mem::forget(f);
        }
        // The provider's task still borrows the box: dropping it traps.
        drop(b);
        case
    }
}

bindings::export!(App with_types_in bindings);
