//! Uses the `counter` resource that the provider crate exports, through
//! its weld imports, and checks every way a handle can cross: constructor,
//! methods, statics, `own` and `borrow` parameters, results, and handles
//! inside records, variants, options, results and lists. The host calls
//! `run-checks` and `churn`.

#[weld::shared_world(path = "../resource-wit", world = "runner")]
mod bindings {}

use bindings::test::resources::counters::{self as c, Counter, Holder, Pair, Slot};
use bindings::test::resources::tally;
use weld_test_resource_provider as _;

struct Runner;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

/// Asserts that exactly `n` destructors ran during `f`.
fn drops<T>(n: u64, f: impl FnOnce() -> T) -> Result<T, String> {
    let before = c::dropped();
    let out = f();
    let ran = c::dropped() - before;
    ensure(
        ran == n,
        &format!("expected {n} destructor runs, saw {ran}"),
    )?;
    Ok(out)
}

const CHECKS: &[(&str, Check)] = &[
    ("constructor and methods", || {
        drops(1, || {
            let a = Counter::new(5);
            ensure(a.get() == 5, "get")?;
            ensure(a.add(3) == 8, "add")?;
            ensure(a.get() == 8, "get after add")?;
            ensure(a.label() == "counter-5", "label")
        })?
    }),
    ("static functions", || {
        drops(3, || {
            let z = Counter::zero();
            ensure(z.get() == 0, "zero")?;
            ensure(Counter::sum(Counter::new(2), Counter::new(40)) == 42, "sum")
        })?
    }),
    ("borrow parameter", || {
        drops(3, || {
            let a = Counter::new(10);
            let b = Counter::new(32);
            ensure(c::peek(&a) == 10, "peek")?;
            let m = a.merge(&b);
            ensure(m.get() == 42, "merge")?;
            ensure(
                a.get() == 10 && b.get() == 32,
                "borrowed counters unchanged",
            )
        })?
    }),
    ("own parameter", || {
        let a = Counter::new(9);
        let v = drops(1, || c::consume(a))?;
        ensure(v == 9, "consume")
    }),
    ("own result", || {
        let a = drops(0, || c::pass_through(Counter::new(4)))?;
        ensure(a.get() == 4, "pass-through")?;
        drops(1, || drop(a))
    }),
    ("record", || {
        let h = drops(0, || c::wrap("h", Counter::new(6)))?;
        ensure(h.name == "h" && h.c.get() == 6, "wrap")?;
        let back = drops(0, || {
            c::unwrap(Holder {
                name: "x".into(),
                c: h.c,
            })
        })?;
        ensure(back.get() == 6, "unwrap")?;
        drops(1, || drop(back))
    }),
    ("option", || {
        drops(1, || {
            ensure(c::maybe(None).is_none(), "none")?;
            let s = c::maybe(Some(Counter::new(3))).ok_or("some")?;
            ensure(s.get() == 3, "some value")
        })?
    }),
    ("result", || {
        drops(1, || {
            let ok = c::checked(5).map_err(|e| e.to_string())?;
            ensure(ok.get() == 5, "ok")?;
            match c::checked(500) {
                Err(e) => ensure(e == "500 is too large", "err message"),
                Ok(_) => Err(String::from("expected an error")),
            }
        })?
    }),
    ("variant", || {
        drops(2, || {
            let Slot::Full(x) = c::fill(Slot::Empty) else {
                return Err(String::from("empty slot not filled"));
            };
            ensure(x.get() == 7, "filled")?;
            let Slot::Full(y) = c::fill(Slot::Full(Counter::new(1))) else {
                return Err(String::from("full slot emptied"));
            };
            ensure(y.get() == 1, "kept")
        })?
    }),
    ("list", || {
        drops(5, || {
            let cs = c::many(5);
            ensure(cs.iter().map(Counter::get).eq(0..5), "many")?;
            ensure(c::total(cs) == 10, "total")?;
            ensure(c::many(0).is_empty(), "empty list")
        })?
    }),
    ("a resource used from another interface", || {
        drops(4, || {
            let a = Counter::new(2);
            // `b` moves to the provider and is dropped there; the result
            // is a new counter, dropped here with `a`; the holder's counter
            // is dropped by the provider.
            let c = tally::combine(&a, Counter::new(5));
            ensure(c.get() == 7, "combine")?;
            let h = Holder {
                name: "h".into(),
                c: Counter::new(4),
            };
            ensure(tally::value_of(h) == 4, "a record of the other interface")
        })?
    }),
    ("borrows inside types", || {
        drops(2, || {
            let (a, b) = (Counter::new(2), Counter::new(3));
            drops(0, || {
                let pair = Pair { a: &a, b: &b };
                ensure(c::sum_pair(&pair) == 5, "record of borrows")?;
                ensure(c::sum_borrowed(&[&a, &b, &a]) == 7, "list of borrows")?;
                ensure(c::sum_borrowed(&[]) == 0, "empty list of borrows")?;
                ensure(c::peek_maybe(Some(&b)) == Some(3), "some borrow")?;
                ensure(c::peek_maybe(None).is_none(), "no borrow")?;
                let pairs = [Pair { a: &a, b: &a }, Pair { a: &b, b: &b }];
                ensure(c::sum_pairs(&pairs) == 10, "list of records of borrows")
            })??;
            // The checked mode of the debug build traps here if a borrow
            // was still counted.
            drop((a, b));
            Ok(())
        })?
    }),
];

impl bindings::Guest for Runner {
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
        let before = c::dropped();
        for i in 0..n {
            let a = Counter::new(i);
            assert_eq!(a.add(1), i + 1);
        }
        (c::dropped() - before) as u32
    }

    fn misuse(case: u32) -> u32 {
        let a = Counter::new(1);
        let stale = a.handle();
        match case {
            0 => {
                drop(a);
                // SAFETY: deliberately wrong: the handle is dead.
                let b = unsafe { Counter::from_handle(stale) };
                b.get()
            }
            1 => {
                drop(a);
                // SAFETY: deliberately wrong: the handle is dropped twice.
                drop(unsafe { Counter::from_handle(stale) });
                0
            }
            _ => {
                c::keep(&a);
                a.get()
            }
        }
    }
}

bindings::export!(Runner with_types_in bindings);
