//! The root crate of the wrapper test: imports `kv`, `cells` and `clock`,
//! which the layer crate exports by wrapping the store crate's. Every
//! check sees the layer's change on top of the store's value, and counts
//! both crates' destructor runs. The host calls `run-checks` and `churn`.

#[weld::shared_world(path = "../wrap-wit", world = "app")]
mod bindings {}

use bindings::test::wrap::cells::{self, Cell};
use bindings::test::wrap::{clock, kv, layer_stats};
use weld_test_wrap_layer as _;
use weld_test_wrap_store as _;

struct App;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

/// Runs `f` and checks that it ran exactly `n` destructors in the layer
/// and `n` in the store.
fn drops<T>(n: u64, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let (layer, store) = (layer_stats::drops(), cells::dropped());
    let out = f()?;
    let layer = layer_stats::drops() - layer;
    let store = cells::dropped() - store;
    ensure(
        layer == n && store == n,
        &format!(
            "expected {n} destructor runs in each crate, saw {layer} in the layer and {store} in the store"
        ),
    )?;
    Ok(out)
}

const CHECKS: &[(&str, Check)] = &[
    ("functions through the layer", || {
        let calls = layer_stats::calls();
        kv::put("greeting", "hello");
        kv::put("_hidden", "x");
        ensure(kv::get("greeting").as_deref() == Some("layer:HELLO"), "get")?;
        ensure(kv::get("missing").is_none(), "get of a missing key")?;
        ensure(kv::keys() == ["greeting"], "keys")?;
        ensure(
            layer_stats::calls() - calls == 5,
            "the layer saw every call",
        )
    }),
    ("the store behind the layer keeps its state", || {
        let (a, b) = (clock::now(), clock::now());
        ensure(
            a > 1_000_000 && b == a + 1,
            "the store's clock, offset by the layer",
        )
    }),
    ("resource constructor and methods", || {
        drops(1, || {
            let c = Cell::new(5);
            ensure(c.get() == 105, "get")?;
            ensure(c.add(10) == 115, "add")?;
            ensure(c.get() == 115, "get after add")
        })
    }),
    ("static function", || {
        drops(1, || ensure(Cell::zero().get() == 0, "zero"))
    }),
    ("borrowed parameters", || {
        drops(2, || {
            let (a, b) = (Cell::new(1), Cell::new(2));
            ensure(cells::total(&a, &b) == 203, "total")?;
            ensure(a.get() == 101 && b.get() == 102, "borrowed cells unchanged")
        })
    }),
    ("owned parameter", || {
        drops(1, || ensure(cells::consume(Cell::new(7)) == 107, "consume"))
    }),
];

impl bindings::Guest for App {
    fn run_checks() -> String {
        let mut out = String::new();
        for (name, check) in CHECKS {
            match check() {
                Ok(()) => out.push_str(&format!("ok {name}\n")),
                Err(e) => out.push_str(&format!("FAILED {name}: {e}\n")),
            }
        }
        out
    }

    fn churn(n: u32) -> u32 {
        let before = cells::dropped();
        for i in 0..n {
            let c = Cell::new(i);
            let d = Cell::zero();
            std::hint::black_box(cells::total(&c, &d));
            drop(c);
            cells::consume(d);
        }
        u32::try_from(cells::dropped() - before).unwrap_or(u32::MAX)
    }
}

bindings::export!(App with_types_in bindings);
