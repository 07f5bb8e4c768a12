//! Async exports to the host whose parameters and results hold resource
//! handles (abi-spec/ASYNC.md section 11): the root crate
//! tests/guests/async-res-app, called by wasmtime 48 with component-model
//! async. `handle` has `wasi:http/handler.handle`'s shape over the host's
//! `request` and `response` (wasmtime resources in the host's table);
//! `counter` is the root crate's own resource: returned by async
//! exports, lent (`borrow`) and moved (`own`, also in a list) back to
//! them, and called through its async method and static. Each call
//! returns at once and waits for the linked leaf crate's task; the host's
//! destructors run exactly once per handle the guest owned, and the
//! allocator's live bytes end where they started.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use wasmtime::component::{
    Accessor, Component, ComponentType, Instance, Lift, Linker, Lower, Resource, ResourceAny,
    ResourceType, TypedFunc,
};
use wasmtime::{Config, Engine, Result, Store};
use weld_tests::{component, paths};

const HANDLER: &str = "test:calls/web-handler@0.1.0";
const TYPES: &str = "test:calls/web-types@0.1.0";

/// The component, built once for all tests (they run in parallel).
fn built_component() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let module = paths::built_wasm("weld-test-async-res-app").unwrap();
            let out = paths::target_dir()
                .join("weld-tests")
                .join("async-res-app.component.wasm");
            component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
            out
        })
        .clone()
}

/// The host's `request` (its rep indexes [`Web::requests`]).
struct HostRequest;

/// The host's `response` (its rep indexes [`Web::responses`]).
struct HostResponse;

/// `web-types.error-code`.
#[derive(ComponentType, Lift, Lower, Debug, PartialEq)]
#[component(variant)]
enum ErrorCode {
    #[component(name = "not-found")]
    NotFound(String),
    #[component(name = "internal")]
    Internal,
}

/// The host's requests and responses, and the reps the guest dropped.
#[derive(Default)]
struct Web {
    /// Each request's path; `None` once dropped.
    requests: Vec<Option<String>>,
    /// Each response's status and body.
    responses: Vec<(u16, String)>,
    /// Requests dropped by the guest's `[resource-drop]`, by rep.
    dropped_requests: Vec<u32>,
    /// Responses dropped likewise (the guest moves them all to the host).
    dropped_responses: Vec<u32>,
}

type S = Store<component::Host>;

/// A fresh store and instance with the host's `web-types`.
fn instantiate(web: &Arc<Mutex<Web>>) -> (S, Instance) {
    instantiate_from(&built_component(), web)
}

/// A fresh store and instance of the component at `path`.
fn instantiate_from(path: &std::path::Path, web: &Arc<Mutex<Web>>) -> (S, Instance) {
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    let engine = Engine::new(&config).unwrap();
    let component = Component::from_file(&engine, path).unwrap();
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    define_web_types(&mut linker, web).unwrap();
    let mut store = Store::new(&engine, component::Host::new());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    (store, instance)
}

/// The host's `web-types`: `request.path` and `response`'s constructor;
/// each destructor records the rep it dropped.
fn define_web_types(linker: &mut Linker<component::Host>, web: &Arc<Mutex<Web>>) -> Result<()> {
    let mut types = linker.instance(TYPES)?;
    let w = web.clone();
    types.resource(
        "request",
        ResourceType::host::<HostRequest>(),
        move |_, rep| {
            let mut w = w.lock().unwrap();
            w.requests[rep as usize].take().expect("a live request");
            w.dropped_requests.push(rep);
            Ok(())
        },
    )?;
    let w = web.clone();
    types.resource(
        "response",
        ResourceType::host::<HostResponse>(),
        move |_, rep| {
            w.lock().unwrap().dropped_responses.push(rep);
            Ok(())
        },
    )?;
    let w = web.clone();
    types.func_wrap(
        "[method]request.path",
        move |_, (me,): (Resource<HostRequest>,)| {
            assert!(!me.owned(), "the receiver is borrowed");
            let w = w.lock().unwrap();
            Ok((w.requests[me.rep() as usize]
                .clone()
                .expect("a live request"),))
        },
    )?;
    let w = web.clone();
    types.func_wrap(
        "[constructor]response",
        move |_, (status, body): (u16, String)| {
            let mut w = w.lock().unwrap();
            w.responses.push((status, body));
            Ok((Resource::<HostResponse>::new_own(
                w.responses.len() as u32 - 1,
            ),))
        },
    )?;
    Ok(())
}

/// The typed function `name` of `web-handler`.
fn func<P, R>(store: &mut S, instance: &Instance, name: &str) -> TypedFunc<P, R>
where
    P: wasmtime::component::ComponentNamedList + Lower,
    R: wasmtime::component::ComponentNamedList + Lift,
{
    let iface = instance
        .get_export_index(&mut *store, None, HANDLER)
        .unwrap();
    let f = instance
        .get_export_index(&mut *store, Some(&iface), name)
        .unwrap_or_else(|| panic!("no export `{name}`"));
    instance.get_typed_func::<P, R>(&mut *store, &f).unwrap()
}

type Handled = Result<Resource<HostResponse>, ErrorCode>;

/// `first`: the first counter and the sum, if any.
type First = (Option<(ResourceAny, u32)>,);

/// The functions the tests call.
struct Calls {
    handle: TypedFunc<(Resource<HostRequest>, u32), (Handled,)>,
    path_of: TypedFunc<(Resource<HostRequest>, u32), (String,)>,
    fetch: TypedFunc<(Resource<HostRequest>, u32), (Resource<HostResponse>,)>,
    open: TypedFunc<(u32, u32), (ResourceAny,)>,
    peek: TypedFunc<(ResourceAny, u32), (u32,)>,
    consume: TypedFunc<(ResourceAny, u32), (u32,)>,
    first: TypedFunc<(Vec<ResourceAny>, u32), First>,
    new: TypedFunc<(u32,), (ResourceAny,)>,
    get: TypedFunc<(ResourceAny,), (u32,)>,
    add: TypedFunc<(ResourceAny, u32, u32), (u32,)>,
    make: TypedFunc<(u32, u32), (ResourceAny,)>,
    counters: TypedFunc<(), (u32,)>,
    live: TypedFunc<(), ((u64, u64),)>,
}

impl Calls {
    fn new(s: &mut S, i: &Instance) -> Calls {
        Calls {
            handle: func(s, i, "handle"),
            path_of: func(s, i, "path-of"),
            fetch: i.get_typed_func(&mut *s, "fetch").unwrap(),
            open: func(s, i, "open"),
            peek: func(s, i, "peek"),
            consume: func(s, i, "consume"),
            first: func(s, i, "first"),
            new: func(s, i, "[constructor]counter"),
            get: func(s, i, "[method]counter.get"),
            add: func(s, i, "[method]counter.add"),
            make: func(s, i, "[static]counter.make"),
            counters: func(s, i, "counters"),
            live: func(s, i, "live"),
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

/// A new host request for `path`.
fn request(web: &Arc<Mutex<Web>>, path: &str) -> Resource<HostRequest> {
    let mut w = web.lock().unwrap();
    w.requests.push(Some(path.to_string()));
    Resource::new_own(w.requests.len() as u32 - 1)
}

/// `handle` on `path`: the response's status and body, or the error.
async fn handle(
    a: &Accessor<component::Host>,
    c: &Calls,
    web: &Arc<Mutex<Web>>,
    path: &str,
    yields: u32,
) -> Result<std::result::Result<(u16, String), ErrorCode>> {
    let req = request(web, path);
    let (r,) = c.handle.call_concurrent(a, (req, yields)).await?;
    Ok(r.map(|resp| {
        assert!(resp.owned(), "the response moved to the host");
        web.lock().unwrap().responses[resp.rep() as usize].clone()
    }))
}

/// One round of every call, each returning at once (`yields` 0) or after
/// the leaf crate's task yielded.
async fn round(
    a: &Accessor<component::Host>,
    c: &Calls,
    web: &Arc<Mutex<Web>>,
    yields: u32,
) -> Result<()> {
    let got = handle(a, c, web, "/hé✓", yields).await?;
    assert_eq!(got, Ok((200, "/hé✓!".to_string())), "yields {yields}");
    let got = handle(a, c, web, "/missing", yields).await?;
    assert_eq!(
        got,
        Err(ErrorCode::NotFound("/missing".to_string())),
        "yields {yields}"
    );
    // A world-level async export.
    let req = request(web, "/wörld");
    let (resp,) = c.fetch.call_concurrent(a, (req, yields)).await?;
    let got = web.lock().unwrap().responses[resp.rep() as usize].clone();
    assert_eq!(got, (200, "/wörld".to_string()), "yields {yields}");
    // A host request lent to the call: the guest drops its borrow handle
    // before the value goes back (wasmtime traps otherwise); the request
    // stays the host's.
    let borrowed = request(web, "/bórrowed");
    let rep = borrowed.rep();
    let lent = Resource::<HostRequest>::new_borrow(rep);
    let (p,) = c.path_of.call_concurrent(a, (lent, yields)).await?;
    assert_eq!(p, "/bórrowed", "yields {yields}");
    {
        let mut w = web.lock().unwrap();
        assert!(!w.dropped_requests.contains(&rep), "a borrow drops nothing");
        // The host is done with it.
        w.requests[rep as usize] = None;
    }
    // The root crate's counter: returned by an async export, lent to one,
    // called through its async method, moved back to one.
    let (k,) = c.open.call_concurrent(a, (5, yields)).await?;
    let (v,) = c.add.call_concurrent(a, (k, 10, yields)).await?;
    assert_eq!(v, 15, "async method, yields {yields}");
    let (v,) = c.peek.call_concurrent(a, (k, yields)).await?;
    assert_eq!(v, 15, "borrowed by an async export, yields {yields}");
    let (v,) = c.get.call_concurrent(a, (k,)).await?;
    assert_eq!(v, 15, "still the host's after the lend");
    let (m,) = c.make.call_concurrent(a, (7, yields)).await?;
    let (v,) = c.add.call_concurrent(a, (m, 1, yields)).await?;
    assert_eq!(v, 8, "async static's counter, yields {yields}");
    let (n,) = c.new.call_concurrent(a, (100,)).await?;
    // Handles nested in a list, and in an option of a tuple.
    let (first,) = c.first.call_concurrent(a, (vec![k, m, n], yields)).await?;
    let (k, sum) = first.expect("a first counter");
    assert_eq!(sum, 15 + 8 + 100, "yields {yields}");
    let (none,) = c.first.call_concurrent(a, (Vec::new(), yields)).await?;
    assert!(none.is_none());
    let (v,) = c.consume.call_concurrent(a, (k, yields)).await?;
    assert_eq!(v, 15, "moved back and dropped, yields {yields}");
    let (alive,) = c.counters.call_concurrent(a, ()).await?;
    assert_eq!(alive, 0, "every counter dropped once, yields {yields}");
    Ok(())
}

#[test]
fn async_exports_pass_handles_to_and_from_the_host() {
    let web = Arc::new(Mutex::new(Web::default()));
    let (mut store, instance) = instantiate(&web);
    let c = Calls::new(&mut store, &instance);
    let w = web.clone();
    let (start, end) = run(&mut store, async move |a| {
        round(a, &c, &w, 0).await?;
        round(a, &c, &w, 3).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        for i in 0..10 {
            round(a, &c, &w, i % 4).await?;
        }
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((start, end))
    });
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
    let w = web.lock().unwrap();
    // 12 rounds of three requests moved to the guest (and one lent to
    // it, every fourth rep): each moved one dropped by the guest exactly
    // once.
    let mut dropped = w.dropped_requests.clone();
    dropped.sort_unstable();
    let moved: Vec<u32> = (0..48).filter(|r| r % 4 != 3).collect();
    assert_eq!(dropped, moved);
    assert!(w.requests.iter().all(Option::is_none));
    // Every response went to the host: none dropped by the guest.
    assert_eq!(w.responses.len(), 24);
    assert!(w.dropped_responses.is_empty(), "{:?}", w.dropped_responses);
}

#[test]
fn pending_calls_with_handles_run_concurrently() {
    let web = Arc::new(Mutex::new(Web::default()));
    let (mut store, instance) = instantiate(&web);
    let c = Calls::new(&mut store, &instance);
    let w = web.clone();
    let (outs, start, end) = run(&mut store, async move |a| {
        round(a, &c, &w, 1).await?;
        let (start,) = c.live.call_concurrent(a, ()).await?;
        let (k,) = c.open.call_concurrent(a, (0, 0)).await?;
        // Twenty calls started at once: handles and async methods on one
        // lent counter.
        let calls = a.with(|mut s| -> Result<Vec<_>> {
            (0..10u32)
                .map(|i| {
                    let req = request(&w, &format!("/{i}"));
                    let h = c.handle.start_call_concurrent(&mut s, (req, i % 4))?;
                    let m = c.add.start_call_concurrent(&mut s, (k, 1, i % 3))?;
                    Ok((h, m))
                })
                .collect()
        })?;
        let mut outs = Vec::new();
        for (h, m) in calls {
            let (r,) = c.handle.finish_call_concurrent(a, h).await?;
            let resp = r.expect("a response");
            outs.push(w.lock().unwrap().responses[resp.rep() as usize].1.clone());
            c.add.finish_call_concurrent(a, m).await?;
        }
        let (v,) = c.consume.call_concurrent(a, (k, 0)).await?;
        assert_eq!(v, 10, "ten async method calls on one counter");
        let (end,) = c.live.call_concurrent(a, ()).await?;
        Ok((outs, start, end))
    });
    let expected: Vec<String> = (0..10).map(|i| format!("/{i}!")).collect();
    assert_eq!(outs, expected);
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}

#[test]
fn the_module_exports_the_callback_form_of_resource_functions() {
    let path = paths::built_wasm("weld-test-async-res-app").unwrap();
    let summary = weld_tests::inspect::inspect(&std::fs::read(&path).unwrap()).unwrap();
    for f in [
        "handle",
        "path-of",
        "open",
        "peek",
        "consume",
        "first",
        "[method]counter.add",
        "[static]counter.make",
    ] {
        for name in [
            weld_abi::host_async::async_lift_name(Some(HANDLER), f),
            weld_abi::host_async::callback_name(Some(HANDLER), f),
        ] {
            assert!(
                summary.exports.contains(&name),
                "{name}: {:?}",
                summary.exports
            );
        }
    }
    assert!(summary.exports.contains(&"[async-lift]fetch".to_string()));
    let wit = component::world_wit(&std::fs::read(built_component()).unwrap()).unwrap();
    assert!(
        wit.contains("export test:calls/web-handler@0.1.0;"),
        "{wit}"
    );
}

/// The app composed by `wac` with a canceller component
/// (tests/guests/async-res-app/compose/): its `run` opens a counter,
/// starts `[method]counter.add` on it (pending on the leaf crate's task),
/// cancels it with `subtask.cancel` and drops the counter. Needs `wac`
/// (`cargo xtask setup` installs it).
fn composed_with_canceller() -> PathBuf {
    let runs = std::process::Command::new("wac")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "`wac` is not installed: run `cargo xtask setup` (or `cargo install wac-cli`)"
    );
    let compose = paths::workspace_root().join("tests/guests/async-res-app/compose");
    let dir = paths::target_dir()
        .join("weld-tests")
        .join("async-res-cancel");
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
fn a_cancelled_async_method_ends_its_receivers_lend() {
    let web = Arc::new(Mutex::new(Web::default()));
    let (mut store, instance) = instantiate_from(&composed_with_canceller(), &web);
    let cancel = instance
        .get_typed_func::<(), (u32,)>(&mut store, "run")
        .unwrap();
    let counters: TypedFunc<(), (u32,)> = func(&mut store, &instance, "counters");
    let live: TypedFunc<(), ((u64, u64),)> = func(&mut store, &instance, "live");
    let (statuses, alive, start, end) = run(&mut store, async move |a| {
        // A first cancellation warms up what one allocates once.
        cancel.call_concurrent(a, ()).await?;
        let (start,) = live.call_concurrent(a, ()).await?;
        let mut statuses = Vec::new();
        for _ in 0..5 {
            statuses.push(cancel.call_concurrent(a, ()).await?.0);
        }
        let (alive,) = counters.call_concurrent(a, ()).await?;
        let (end,) = live.call_concurrent(a, ()).await?;
        Ok((statuses, alive, start, end))
    });
    // STATUS_RETURN_CANCELLED: each call was cancelled before it returned,
    // its lend of the receiver ended (the canceller's drop of the counter
    // would otherwise trap: a lent handle), and the counter dropped once.
    assert_eq!(
        statuses,
        vec![weld_abi::host_async::STATUS_RETURN_CANCELLED; 5]
    );
    assert_eq!(alive, 0, "every counter dropped");
    assert_eq!(start, end, "live (bytes, allocations) back to the start");
}
