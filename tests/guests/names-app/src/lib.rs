//! Imports `store` under two names and `tally` under two names, and checks
//! that each name reaches its own slot: `primary` and `backup` the
//! provider's two exports (their own state, their own resources), `local`
//! the provider, `remote` the host (tests/tests/several_names.rs).

#[weld::shared_world(path = "../names-wit", world = "names-app")]
mod bindings {}

use ::weld_test_names_provider as _;
use bindings::{backup, local, primary, remote};

struct App;

type Check = fn() -> Result<(), String>;

const CHECKS: &[(&str, Check)] = &[
    ("names", names),
    ("state per name", state),
    ("resources per name", cursors),
    ("provider and host", tallies),
];

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

fn names() -> Result<(), String> {
    expect("primary::name", primary::name(), String::from("primary"))?;
    expect("backup::name", backup::name(), String::from("backup"))
}

fn keys_p(all: Vec<primary::Entry>) -> Vec<(String, u32)> {
    all.into_iter().map(|e| (e.key, e.value)).collect()
}

fn keys_b(all: Vec<backup::Entry>) -> Vec<(String, u32)> {
    all.into_iter().map(|e| (e.key, e.value)).collect()
}

fn state() -> Result<(), String> {
    let p = keys_p(primary::put(&primary::Entry {
        key: String::from("ä"),
        value: 1,
    }));
    let b = keys_b(backup::put(&backup::Entry {
        key: String::from("b"),
        value: 2,
    }));
    expect(
        "primary has its entry",
        p.contains(&(String::from("ä"), 1)),
        true,
    )?;
    expect(
        "primary lacks backup's",
        p.iter().any(|(k, _)| k == "b"),
        false,
    )?;
    expect(
        "backup has its entry",
        b.contains(&(String::from("b"), 2)),
        true,
    )?;
    expect(
        "backup lacks primary's",
        b.iter().any(|(k, _)| k == "ä"),
        false,
    )
}

fn cursors() -> Result<(), String> {
    let p = primary::Cursor::new(5);
    let b = backup::Cursor::new(5);
    expect("primary cursor", (p.next(), p.next()), (6, 7))?;
    expect("backup cursor", (b.next(), b.next()), (15, 25))?;
    let (p, b) = (primary::open(), backup::open());
    expect("opened cursors", (p.next(), b.next()), (1, 10))
}

fn tallies() -> Result<(), String> {
    let start = local::bump(0);
    expect("local::bump", local::bump(2), start + 2)?;
    expect("remote::bump (the host adds 1000)", remote::bump(2), 1002)
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

    fn stress(n: u32) -> u32 {
        let mut calls = 0;
        for _ in 0..n {
            for (name, check) in CHECKS {
                if let Err(why) = check() {
                    panic!("{name}: {why}");
                }
                calls += 1;
            }
        }
        calls
    }
}

impl bindings::exports::mirror::Guest for App {
    fn bump(by: u32) -> u32 {
        by * 2
    }
}

bindings::export!(App with_types_in bindings);
