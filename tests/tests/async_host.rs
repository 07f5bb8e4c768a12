//! Async exports at the host boundary (abi-spec/ASYNC.md section 11): the
//! root crate tests/guests/async-host-app exports async functions in the
//! Canonical ABI's callback form, and wasmtime (component-model async on)
//! calls them concurrently: calls that return at once, calls pending while
//! the linked leaf crate's tasks yield, a call pending across host calls
//! until a synchronous export gives it a value, a world-level async
//! export, and many calls at once; the allocator's live bytes and
//! allocations end where they started.

use std::path::PathBuf;
use wasmtime::component::{Accessor, Component, ComponentType, Instance, Lift, Linker, TypedFunc};
use wasmtime::{Config, Engine, Result, Store};
use weld_tests::{component, paths};

/// The component, built once for all tests (they run in parallel).
fn built_component() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let module = paths::built_wasm("weld-test-async-host-app").unwrap();
            let out = paths::target_dir()
                .join("weld-tests")
                .join("async-host-app.component.wasm");
            component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
            out
        })
        .clone()
}

const INTERFACE: &str = "test:calls/host-calls@0.1.0";

type S = Store<component::Host>;

/// A fresh store and instance, with component-model async on.
fn instantiate() -> (S, Instance) {
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    let engine = Engine::new(&config).unwrap();
    let component = Component::from_file(&engine, built_component()).unwrap();
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    let mut store = Store::new(&engine, component::Host::new());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    (store, instance)
}

/// The typed function `name` of the `host-calls` interface.
fn func<P, R>(store: &mut S, instance: &Instance, name: &str) -> TypedFunc<P, R>
where
    P: wasmtime::component::ComponentNamedList + wasmtime::component::Lower,
    R: wasmtime::component::ComponentNamedList + wasmtime::component::Lift,
{
    let iface = instance
        .get_export_index(&mut *store, None, INTERFACE)
        .unwrap();
    let f = instance
        .get_export_index(&mut *store, Some(&iface), name)
        .unwrap_or_else(|| panic!("no export `{name}`"));
    instance.get_typed_func::<P, R>(&mut *store, &f).unwrap()
}

/// `host-calls.tally`.
#[derive(ComponentType, Lift, Debug, PartialEq)]
#[component(record)]
struct Tally {
    count: u32,
    total: u64,
    label: String,
}

/// `host-calls.wide`: 16 numbers and a string, 18 flat values.
#[derive(ComponentType, Lift, wasmtime::component::Lower, Debug, PartialEq, Clone)]
#[component(record)]
struct Wide {
    a: u32,
    b: u32,
    c: u32,
    d: u32,
    e: u32,
    f: u32,
    g: u32,
    h: u32,
    i: u32,
    j: u32,
    k: u32,
    l: u32,
    m: u32,
    n: u32,
    o: u32,
    p: u32,
    label: String,
}

impl Wide {
    fn new(base: u32, label: &str) -> Wide {
        Wide {
            a: base,
            b: base + 1,
            c: base + 2,
            d: base + 3,
            e: base + 4,
            f: base + 5,
            g: base + 6,
            h: base + 7,
            i: base + 8,
            j: base + 9,
            k: base + 10,
            l: base + 11,
            m: base + 12,
            n: base + 13,
            o: base + 14,
            p: base + 15,
            label: label.to_string(),
        }
    }
}

/// The functions the tests call.
struct Calls {
    add_one: TypedFunc<(u32,), (u32,)>,
    echo: TypedFunc<(String, u32), (String,)>,
    summarize: TypedFunc<(Vec<u32>, String), (Tally,)>,
    widen: TypedFunc<(Wide,), (Wide,)>,
    touch: TypedFunc<(), ()>,
    touched: TypedFunc<(), (u32,)>,
    held: TypedFunc<(String,), (String,)>,
    release: TypedFunc<(String,), (u32,)>,
    holding: TypedFunc<(), (u32,)>,
    live: TypedFunc<(), ((u64, u64),)>,
    reverse: TypedFunc<(String,), (String,)>,
}

impl Calls {
    fn new(store: &mut S, instance: &Instance) -> Calls {
        Calls {
            add_one: func(store, instance, "add-one"),
            echo: func(store, instance, "echo"),
            summarize: func(store, instance, "summarize"),
            widen: func(store, instance, "widen"),
            touch: func(store, instance, "touch"),
            touched: func(store, instance, "touched"),
            held: func(store, instance, "held"),
            release: func(store, instance, "release"),
            holding: func(store, instance, "holding"),
            live: func(store, instance, "live"),
            reverse: instance
                .get_typed_func::<(String,), (String,)>(&mut *store, "reverse")
                .unwrap(),
        }
    }
}

/// Runs `f` inside the store's event loop (a tokio runtime drives it).
fn run<R: Send + 'static>(
    store: &mut S,
    f: impl AsyncFnOnce(&Accessor<component::Host>) -> Result<R>,
) -> R {
    wasmtime_wasi::runtime::in_tokio(store.run_concurrent(f))
        .unwrap()
        .unwrap()
}

/// One round of every call that does not wait for the host.
async fn round(a: &Accessor<component::Host>, c: &Calls) -> Result<()> {
    let (v,) = c.add_one.call_concurrent(a, (41,)).await?;
    assert_eq!(v, 42, "returns at once");
    let (s,) = c
        .echo
        .call_concurrent(a, ("héllo wörld ✓".to_string(), 3))
        .await?;
    assert_eq!(s, "héllo wörld ✓!", "pending while the leaf crate yields");
    let (s,) = c.echo.call_concurrent(a, (String::new(), 0)).await?;
    assert_eq!(s, "!", "an empty string, no yield");
    let (t,) = c
        .summarize
        .call_concurrent(a, (vec![1, 2, 3, u32::MAX], "ünïcödé".to_string()))
        .await?;
    let expected = Tally {
        count: 4,
        total: 6 + u64::from(u32::MAX),
        label: "ÜNÏCÖDÉ".to_string(),
    };
    assert_eq!(t, expected, "a record with a string, from a list");
    let (t,) = c
        .summarize
        .call_concurrent(a, (Vec::new(), String::new()))
        .await?;
    let expected = Tally {
        count: 0,
        total: 0,
        label: String::new(),
    };
    assert_eq!(t, expected, "empty list and string");
    let (w,) = c
        .widen
        .call_concurrent(a, (Wide::new(u32::MAX / 4, "wïde"),))
        .await?;
    let mut expected = Wide::new(u32::MAX / 4, "wïdewïde");
    for v in [
        &mut expected.a,
        &mut expected.b,
        &mut expected.c,
        &mut expected.d,
        &mut expected.e,
        &mut expected.f,
        &mut expected.g,
        &mut expected.h,
        &mut expected.i,
        &mut expected.j,
        &mut expected.k,
        &mut expected.l,
        &mut expected.m,
        &mut expected.n,
        &mut expected.o,
        &mut expected.p,
    ] {
        *v *= 2;
    }
    assert_eq!(w, expected, "parameters and result past 16 flat values");
    let (before,) = c.touched.call_concurrent(a, ()).await?;
    c.touch.call_concurrent(a, ()).await?;
    let (after,) = c.touched.call_concurrent(a, ()).await?;
    assert_eq!(after, before + 1, "no result: the call completed");
    let (s,) = c.reverse.call_concurrent(a, ("abc✓".to_string(),)).await?;
    assert_eq!(s, "✓cba", "world-level async export");
    Ok(())
}

#[test]
fn async_exports_return_at_once_or_after_the_linked_crates_tasks() {
    let (mut store, instance) = instantiate();
    let c = Calls::new(&mut store, &instance);
    let (start, end) = run(&mut store, async |a| {
        round(a, &c).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        for _ in 0..20 {
            round(a, &c).await?;
        }
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((start, end))
    });
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

#[test]
fn an_async_export_stays_pending_across_host_calls() {
    let (mut store, instance) = instantiate();
    let c = Calls::new(&mut store, &instance);
    let (results, released, start, end) = run(&mut store, async |a| {
        round(a, &c).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        // Two calls that wait (after the leaf crate's task) for a value
        // only a later host call gives.
        let calls = a.with(|mut s| -> Result<_> {
            Ok([
                c.held.start_call_concurrent(&mut s, ("a✓".to_string(),))?,
                c.held.start_call_concurrent(&mut s, ("b".to_string(),))?,
            ])
        })?;
        let mut waiting = 0;
        for _ in 0..100 {
            (waiting,) = c.holding.call_concurrent(a, ()).await?;
            if waiting == 2 {
                break;
            }
        }
        assert_eq!(waiting, 2, "both calls reached their wait");
        // Other calls run while they wait.
        round(a, &c).await?;
        let (released,) = c.release.call_concurrent(a, ("v".to_string(),)).await?;
        let [x, y] = calls;
        let (x,) = c.held.finish_call_concurrent(a, x).await?;
        let (y,) = c.held.finish_call_concurrent(a, y).await?;
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok(([x, y], released, start, end))
    });
    assert_eq!(released, 2);
    assert_eq!(results, ["a✓! v".to_string(), "b! v".to_string()]);
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

#[test]
fn a_yield_async_loop_waiting_for_another_call_gives_the_host_its_turn() {
    // `spin` yields until `open-gate` runs. Before the drive bounded its
    // rounds of the executor and returned `YIELD` with work left, the loop
    // was polled again at once and `spin`'s first entry never returned to
    // the host: this test hung.
    let (mut store, instance) = instantiate();
    let c = Calls::new(&mut store, &instance);
    let spin: TypedFunc<(), (u32,)> = func(&mut store, &instance, "spin");
    let open: TypedFunc<(), ()> = func(&mut store, &instance, "open-gate");
    let (yields, start, end) = run(&mut store, async |a| {
        round(a, &c).await?;
        let mut start = (0, 0);
        let mut yields = Vec::new();
        for i in 0..4 {
            if i == 1 {
                // After one call: what the first allocates once stays.
                (start,) = c.live.call_concurrent(a, ()).await?;
            }
            let call = a.with(|mut s| spin.start_call_concurrent(&mut s, ()))?;
            // Other calls run while it spins.
            let (v,) = c.add_one.call_concurrent(a, (1,)).await?;
            assert_eq!(v, 2);
            open.call_concurrent(a, ()).await?;
            yields.push(spin.finish_call_concurrent(a, call).await?.0);
        }
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((yields, start, end))
    });
    assert!(
        yields.iter().all(|&n| n >= 1),
        "each call yielded: {yields:?}"
    );
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

#[test]
fn a_hundred_concurrent_async_calls_complete_and_leak_nothing() {
    let (mut store, instance) = instantiate();
    let c = Calls::new(&mut store, &instance);
    let (outs, start, end) = run(&mut store, async |a| {
        round(a, &c).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        let calls = a.with(|mut s| -> Result<Vec<_>> {
            (0..100u32)
                .map(|i| {
                    c.echo
                        .start_call_concurrent(&mut s, (format!("#{i}"), i % 5))
                })
                .collect()
        })?;
        let mut outs = Vec::new();
        for call in calls {
            outs.push(c.echo.finish_call_concurrent(a, call).await?.0);
        }
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((outs, start, end))
    });
    let expected: Vec<String> = (0..100).map(|i| format!("#{i}!")).collect();
    assert_eq!(outs, expected);
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

#[test]
fn the_module_exports_the_callback_form_of_the_root_only() {
    let path = paths::built_wasm("weld-test-async-host-app").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let summary = weld_tests::inspect::inspect(&bytes).unwrap();
    for f in ["add-one", "echo", "summarize", "widen", "touch", "held"] {
        for name in [
            weld_abi::host_async::async_lift_name(Some(INTERFACE), f),
            weld_abi::host_async::callback_name(Some(INTERFACE), f),
        ] {
            assert!(
                summary.exports.contains(&name),
                "{name}: {:?}",
                summary.exports
            );
        }
    }
    assert!(summary.exports.contains(&"[async-lift]reverse".to_string()));
    // The leaf crate's async functions stay inside the module: neither its
    // `[async]f` entry points nor its own callback-form exports leave it.
    let leaked: Vec<&String> = summary
        .exports
        .iter()
        .chain(summary.imports.iter().map(|(_, n)| n))
        .filter(|n| n.contains("[async]") || n.contains("calls/leaf"))
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    let wit = component::world_wit(&std::fs::read(built_component()).unwrap()).unwrap();
    assert!(
        wit.contains("export reverse: async func(s: string) -> string;"),
        "{wit}"
    );
    assert!(wit.contains("export test:calls/host-calls@0.1.0;"), "{wit}");
}

/// The async-host-app component composed by `wac` with a canceller
/// component (tests/guests/async-host-app/compose/): the canceller's
/// `run` starts `held`, which waits for `release`, cancels it with
/// `subtask.cancel` and returns the status that gave. Needs `wac`
/// (`cargo xtask setup` installs it; `cargo xtask test` runs that first).
fn composed_with_canceller() -> PathBuf {
    let runs = std::process::Command::new("wac")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "`wac` is not installed: run `cargo xtask setup` (or `cargo install wac-cli`)"
    );
    let compose = paths::workspace_root().join("tests/guests/async-host-app/compose");
    let dir = paths::target_dir().join("weld-tests").join("async-cancel");
    std::fs::create_dir_all(&dir).unwrap();
    let canceller = dir.join("canceller.wasm");
    let wat = std::fs::read_to_string(compose.join("canceller.wat")).unwrap();
    std::fs::write(&canceller, wat::parse_str(&wat).unwrap()).unwrap();
    let out = dir.join("composed.wasm");
    let c = std::process::Command::new("wac")
        .arg("compose")
        .arg(compose.join("cancel.wac"))
        .arg("-d")
        .arg(format!("test:app={}", built_component().display()))
        .arg("-d")
        .arg(format!("test:canceller={}", canceller.display()))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        c.status.success(),
        "wac compose: {}",
        String::from_utf8_lossy(&c.stderr)
    );
    out
}

#[test]
fn an_async_export_cancelled_by_its_caller_drops_its_task() {
    let path = composed_with_canceller();
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    let engine = Engine::new(&config).unwrap();
    let component = Component::from_file(&engine, &path).unwrap();
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    let mut store = Store::new(&engine, component::Host::new());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let c = Calls::new(&mut store, &instance);
    let cancelled = func::<(), (u32,)>(&mut store, &instance, "held-cancelled");
    let cancel = instance
        .get_typed_func::<(), (u32,)>(&mut store, "run")
        .unwrap();
    let (statuses, dropped, holding, start, end) = run(&mut store, async |a| {
        round(a, &c).await?;
        // A first cancellation warms up what a cancellation allocates once.
        cancel.call_concurrent(a, ()).await?;
        c.release.call_concurrent(a, (String::new(),)).await?;
        // `release` (a synchronous export) only spawns the writes; with no
        // async call waiting, they run in the next call's drive.
        round(a, &c).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        let (before,) = cancelled.call_concurrent(a, ()).await?;
        let mut statuses = Vec::new();
        for _ in 0..10 {
            statuses.push(cancel.call_concurrent(a, ()).await?.0);
        }
        let (after,) = cancelled.call_concurrent(a, ()).await?;
        // The cancelled calls' writers are still held: releasing them
        // finds every reader gone (the values come back and are dropped).
        let (holding,) = c.release.call_concurrent(a, ("late".to_string(),)).await?;
        round(a, &c).await?;
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((statuses, after - before, holding, start, end))
    });
    // STATUS_RETURN_CANCELLED: the call was cancelled before it returned.
    assert_eq!(
        statuses,
        vec![weld_abi::host_async::STATUS_RETURN_CANCELLED; 10]
    );
    assert_eq!(dropped, 10, "each cancelled call's task was dropped");
    assert_eq!(holding, 10);
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

/// What tests/js/async-browser.mjs prints when every call behaves as in
/// wasmtime (the values are those `round` checks).
const BROWSER_LINES: &str = r#"live before: ["0","0"]
add-one: 42
echo, pending: "héllo wörld ✓!"
echo, at once: "!"
summarize: {"count":4,"total":"4294967301","label":"ÜNÏCÖDÉ"}
touch: 1
reverse: "✓cba"
ten at once: ["e0!","e1!","e2!","e3!","e4!","e5!","e6!","e7!","e8!","e9!"]
spin until the gate opens: true
live after: ["0","0"]
"#;

#[test]
fn async_exports_run_in_chromium_and_firefox_through_jco() {
    if !weld_tests::jco::have_jco() {
        println!("SKIPPED: node or jco (tests/js, `cargo xtask setup`) is not installed");
        return;
    }
    let runs =
        weld_tests::jco::run_in_browsers(&built_component(), "async-browser", "async-browser.mjs");
    for (browser, body) in &runs {
        assert_eq!(body, BROWSER_LINES, "in {browser}");
    }
    println!("ran in {} browsers", runs.len());
}
