//! Async functions the host implements (abi-spec/ASYNC.md section 11),
//! imported by linked crates: tests/guests/host-async-app (the root) calls
//! tests/guests/host-async-mid's async `relay`, which awaits the host's
//! `reverse-later` and `tick`, and the host's `tally` (more than 4 flat
//! parameters: they cross in memory) itself. No linked crate exports
//! `test:host-async/host-io`: weld-ld binds each `[async]f` to the
//! importer's host adapter, which calls the Canonical ABI's
//! `[async-lower]f`. The host functions are wasmtime's concurrent host
//! functions (`func_wrap_concurrent`); with `yields > 0` they suspend that
//! many times before answering.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use wasmtime::StoreContextMut;
use wasmtime::component::{
    Component, ComponentType, Destination, ErrorContext, FutureConsumer, FutureReader, Instance,
    Lift, Linker, Lower, Resource, ResourceType, Source, StreamConsumer, StreamProducer,
    StreamReader, StreamResult, VecBuffer,
};
use wasmtime::{Config, Engine, Store};
use weld_tests::concurrent::{block_on, suspend};
use weld_tests::{component, paths};

const HOST_IO: &str = "test:host-async/host-io@0.1.0";
const HOST_FILES: &str = "test:host-async/host-files@0.1.0";
const HOST_WASI: &str = "test:host-async/host-wasi@0.1.0";

/// The host's view of `host-io.summary`.
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq, Eq)]
#[component(record)]
struct Summary {
    count: u32,
    total: u64,
    label: String,
}

/// The component, built once for all tests (they run in parallel).
fn built_component() -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let module = paths::built_wasm("weld-test-host-async-app").unwrap();
            let out = paths::target_dir()
                .join("weld-tests")
                .join("host-async-app.component.wasm");
            component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
            out
        })
        .clone()
}

/// What the host's consumer of a guest stream saw.
#[derive(Default)]
struct Consumed {
    count: u64,
    sum: u64,
    /// Every byte was `count % 256` when it arrived.
    in_order: bool,
    writes: u32,
    done: bool,
    waker: Option<Waker>,
}

/// Reads a guest's `stream<u8>` (`consume`), summing its bytes; dropped
/// (`done`) when the guest drops its writer.
struct Consumer(Arc<Mutex<Consumed>>);

impl StreamConsumer<component::Host> for Consumer {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        mut store: StoreContextMut<'_, component::Host>,
        mut source: Source<'_, u8>,
        _: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let mut buf = Vec::with_capacity(source.remaining(&mut store));
        source.read(&mut store, &mut buf)?;
        let mut s = self.0.lock().unwrap();
        if s.writes == 0 {
            s.in_order = true;
        }
        s.writes += 1;
        for b in buf {
            s.in_order &= u64::from(b) == s.count % 256;
            s.count += 1;
            s.sum += u64::from(b);
        }
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

impl Drop for Consumer {
    fn drop(&mut self) {
        let mut s = self.0.lock().unwrap();
        s.done = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

/// Ready once the consumer is dropped (the guest's stream ended).
struct ConsumerDone(Arc<Mutex<Consumed>>);

impl Future for ConsumerDone {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.0.lock().unwrap();
        if s.done {
            return Poll::Ready(());
        }
        s.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// The value a guest's future delivered to the host (`await-value`).
#[derive(Default)]
struct Slot {
    value: Option<String>,
    waker: Option<Waker>,
}

/// Reads a guest's `future<string>` into a [`Slot`].
struct ValueConsumer(Arc<Mutex<Slot>>);

impl FutureConsumer<component::Host> for ValueConsumer {
    type Item = String;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        store: StoreContextMut<'_, component::Host>,
        mut source: Source<'_, String>,
        _: bool,
    ) -> Poll<wasmtime::Result<()>> {
        let mut value = None;
        source.read(store, &mut value)?;
        let mut s = self.0.lock().unwrap();
        s.value = value;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
        Poll::Ready(Ok(()))
    }
}

/// Ready with the slot's value once it arrived.
struct SlotFilled(Arc<Mutex<Slot>>);

impl Future for SlotFilled {
    type Output = String;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<String> {
        let mut s = self.0.lock().unwrap();
        match s.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// The host's `host-files.file` (its rep indexes [`Files::open`]).
struct HostFile;

/// The world's `gauge` (its rep indexes [`Files::gauges`]).
struct HostGauge;

/// The host's files and gauges, and the reps it dropped.
#[derive(Default)]
struct Files {
    /// Each file's contents; `None` once dropped.
    open: Vec<Option<String>>,
    /// Each gauge's value; `None` once dropped.
    gauges: Vec<Option<u32>>,
    /// Files dropped by the guest's `[resource-drop]` (by rep).
    dropped_files: Vec<u32>,
    /// Gauges dropped likewise.
    dropped_gauges: Vec<u32>,
}

/// What the host counts.
#[derive(Default)]
struct Counters {
    /// The host's resources.
    files: Arc<Mutex<Files>>,
    /// `tick` calls completed.
    ticks: Arc<AtomicU32>,
    /// `reverse-later` calls dropped before they finished (cancelled).
    dropped: Arc<AtomicU32>,
    /// Error-contexts the host's `take-error` and `take-error-later`
    /// lifted.
    errors_taken: Arc<AtomicU32>,
    /// The host's `host-wasi` resources.
    wasi: Arc<Mutex<Wasi>>,
}

/// Counts a host call dropped while `.1` (unfinished).
struct Unfinished(Arc<AtomicU32>, bool);

impl Drop for Unfinished {
    fn drop(&mut self) {
        if self.1 {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The host's implementation of `host-io`, counting in `counters`.
fn define_host_io(
    linker: &mut Linker<component::Host>,
    counters: &Counters,
) -> wasmtime::Result<()> {
    let ticks = counters.ticks.clone();
    linker
        .root()
        .func_wrap_concurrent("shout", |_, (s, yields): (String, u32)| {
            Box::pin(async move {
                suspend(yields).await;
                Ok((s.to_uppercase(),))
            })
        })?;
    let mut io = linker.instance(HOST_IO)?;
    let dropped = counters.dropped.clone();
    io.func_wrap_concurrent("reverse-later", move |_, (s, yields): (String, u32)| {
        let guard = Unfinished(dropped.clone(), true);
        Box::pin(async move {
            let mut guard = guard;
            suspend(yields).await;
            guard.1 = false;
            Ok((s.chars().rev().collect::<String>(),))
        })
    })?;
    io.func_wrap_concurrent(
        "tally",
        |_, (a, b, c, bytes, label, yields): (u32, u64, u32, Vec<u8>, String, u32)| {
            Box::pin(async move {
                suspend(yields).await;
                let total = u64::from(a)
                    .wrapping_add(b)
                    .wrapping_add(u64::from(c))
                    .wrapping_add(bytes.iter().map(|&x| u64::from(x)).sum::<u64>());
                Ok((Summary {
                    count: bytes.len() as u32,
                    total,
                    label: format!("{label}?"),
                },))
            })
        },
    )?;
    io.func_wrap("bytes", |mut store, (n,): (u32,)| {
        let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
        Ok((StreamReader::new(&mut store, data)?,))
    })?;
    io.func_wrap("triple-later", |mut store, (x,): (u32,)| {
        let value = async move { Ok::<_, wasmtime::Error>(x * 3) };
        Ok((FutureReader::new(&mut store, value)?,))
    })?;
    io.func_wrap_concurrent("open-later", |accessor, (n, yields): (u32, u32)| {
        Box::pin(async move {
            suspend(yields).await;
            let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
            let reader = accessor.with(|mut store| StreamReader::new(&mut store, data))?;
            Ok((reader,))
        })
    })?;
    io.func_wrap("words", |mut store, (n,): (u32,)| {
        let words: Vec<String> = (0..n).map(|i| format!("w{i}-ü")).collect();
        Ok((StreamReader::new(&mut store, words)?,))
    })?;
    io.func_wrap_concurrent("await-value", |accessor, (v,): (FutureReader<String>,)| {
        Box::pin(async move {
            let slot = Arc::new(Mutex::new(Slot::default()));
            let consumer = ValueConsumer(slot.clone());
            accessor.with(|mut store| v.pipe(&mut store, consumer))?;
            let value = SlotFilled(slot).await;
            Ok((format!("{value}?"),))
        })
    })?;
    io.func_wrap_concurrent("consume", |accessor, (data,): (StreamReader<u8>,)| {
        Box::pin(async move {
            let state = Arc::new(Mutex::new(Consumed::default()));
            let consumer = Consumer(state.clone());
            accessor.with(|mut store| data.pipe(&mut store, consumer))?;
            ConsumerDone(state.clone()).await;
            let s = state.lock().unwrap();
            Ok((s.count << 32 | s.sum,))
        })
    })?;
    let taken = counters.errors_taken.clone();
    io.func_wrap("take-error", move |_, (_e,): (ErrorContext,)| {
        Ok((taken.fetch_add(1, Ordering::SeqCst) + 1,))
    })?;
    let taken = counters.errors_taken.clone();
    io.func_wrap_concurrent(
        "take-error-later",
        move |_, (_e, yields): (ErrorContext, u32)| {
            let taken = taken.clone();
            Box::pin(async move {
                suspend(yields).await;
                Ok((taken.fetch_add(1, Ordering::SeqCst) + 1,))
            })
        },
    )?;
    io.func_wrap_concurrent("tick", move |_, (yields,): (u32,)| {
        let ticks = ticks.clone();
        Box::pin(async move {
            suspend(yields).await;
            ticks.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    })?;
    define_host_files(linker, &counters.files)?;
    define_host_wasi(linker, &counters.wasi)
}

/// The host's `host-files.file` and the world's `gauge`, with async
/// functions (concurrent host functions) that suspend `yields` times.
fn define_host_files(
    linker: &mut Linker<component::Host>,
    files: &Arc<Mutex<Files>>,
) -> wasmtime::Result<()> {
    let mut io = linker.instance(HOST_FILES)?;
    let f = files.clone();
    io.resource("file", ResourceType::host::<HostFile>(), move |_, rep| {
        let mut f = f.lock().unwrap();
        f.open[rep as usize].take().expect("a live file");
        f.dropped_files.push(rep);
        Ok(())
    })?;
    let f = files.clone();
    io.func_wrap_concurrent(
        "[static]file.open-later",
        move |_, (name, yields): (String, u32)| {
            let f = f.clone();
            Box::pin(async move {
                suspend(yields).await;
                let mut f = f.lock().unwrap();
                f.open.push(Some(name));
                let rep = f.open.len() as u32 - 1;
                Ok((Resource::<HostFile>::new_own(rep),))
            })
        },
    )?;
    let f = files.clone();
    io.func_wrap_concurrent(
        "[method]file.read-later",
        move |_, (me, yields): (Resource<HostFile>, u32)| {
            let f = f.clone();
            Box::pin(async move {
                assert!(!me.owned(), "the receiver is borrowed");
                suspend(yields).await;
                let f = f.lock().unwrap();
                Ok((f.open[me.rep() as usize].clone().expect("a live file"),))
            })
        },
    )?;
    let f = files.clone();
    io.func_wrap_concurrent(
        "[method]file.append-later",
        move |_, (me, other, yields): (Resource<HostFile>, Resource<HostFile>, u32)| {
            let f = f.clone();
            Box::pin(async move {
                assert!(other.owned(), "`other` moved to the host");
                suspend(yields).await;
                let mut f = f.lock().unwrap();
                let more = f.open[other.rep() as usize].take().expect("a live file");
                f.open[me.rep() as usize]
                    .as_mut()
                    .expect("a live file")
                    .push_str(&more);
                Ok(())
            })
        },
    )?;
    let f = files.clone();
    io.func_wrap_concurrent(
        "[method]file.framed-later",
        move |_,
              (me, prefix, suffix, other, yields): (
            Resource<HostFile>,
            String,
            String,
            Resource<HostFile>,
            u32,
        )| {
            let f = f.clone();
            Box::pin(async move {
                assert!(!me.owned() && other.owned());
                suspend(yields).await;
                let mut f = f.lock().unwrap();
                f.open[other.rep() as usize].take().expect("a live file");
                let body = f.open[me.rep() as usize].clone().expect("a live file");
                Ok((format!("{prefix}{body}{suffix}"),))
            })
        },
    )?;
    let mut root = linker.root();
    let f = files.clone();
    root.resource("gauge", ResourceType::host::<HostGauge>(), move |_, rep| {
        let mut f = f.lock().unwrap();
        f.gauges[rep as usize].take().expect("a live gauge");
        f.dropped_gauges.push(rep);
        Ok(())
    })?;
    let f = files.clone();
    root.func_wrap_concurrent(
        "[static]gauge.make-later",
        move |_, (v, yields): (u32, u32)| {
            let f = f.clone();
            Box::pin(async move {
                suspend(yields).await;
                let mut f = f.lock().unwrap();
                f.gauges.push(Some(v));
                let rep = f.gauges.len() as u32 - 1;
                Ok((Resource::<HostGauge>::new_own(rep),))
            })
        },
    )?;
    let f = files.clone();
    root.func_wrap_concurrent(
        "[method]gauge.bump-later",
        move |_, (me, by, yields): (Resource<HostGauge>, u32, u32)| {
            let f = f.clone();
            Box::pin(async move {
                suspend(yields).await;
                let mut f = f.lock().unwrap();
                let g = f.gauges[me.rep() as usize].as_mut().expect("a live gauge");
                *g += by;
                Ok((*g,))
            })
        },
    )?;
    Ok(())
}

/// An instance of the component with the host's `host-io`.
struct App {
    store: Store<component::Host>,
    instance: Instance,
    counters: Counters,
}

impl App {
    fn new() -> App {
        let counters = Counters::default();
        // `take-error` and `take-error-later` take error-contexts (a
        // feature wasmtime 48 gates).
        let mut config = Config::new();
        config.wasm_component_model_error_context(true);
        let engine = Engine::new(&config).unwrap();
        let component = Component::from_file(&engine, built_component()).unwrap();
        let mut linker: Linker<component::Host> = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        define_host_io(&mut linker, &counters).unwrap();
        let mut store = Store::new(&engine, component::Host::new());
        // Concurrent host functions need the async instantiation.
        let instance = block_on(linker.instantiate_async(&mut store, &component)).unwrap();
        App {
            store,
            instance,
            counters,
        }
    }

    /// Calls world-level export `func` concurrently (the host functions
    /// it reaches are concurrent).
    fn call<P, R>(&mut self, func: &str, params: P) -> wasmtime::Result<R>
    where
        P: wasmtime::component::ComponentNamedList + Lower + Send + Sync + 'static,
        R: wasmtime::component::ComponentNamedList + Lift + Send + Sync + 'static,
    {
        let f = self
            .instance
            .get_typed_func::<P, R>(&mut self.store, func)?;
        block_on(
            self.store
                .run_concurrent(async move |a| f.call_concurrent(a, params).await),
        )?
    }

    fn live_bytes(&mut self) -> u64 {
        self.call::<(), (u64,)>("live-bytes", ()).unwrap().0
    }
}

#[test]
fn the_component_imports_the_host_functions_async_lowered() {
    let bytes = std::fs::read(built_component()).unwrap();
    let wit = component::world_wit(&bytes).unwrap();
    // The host provides `host-io`; `relay` stays inside the module.
    assert!(wit.contains(&format!("import {HOST_IO};")), "{wit}");
    assert!(!wit.contains("relay"), "{wit}");
    let module = paths::built_wasm("weld-test-host-async-app").unwrap();
    let summary = weld_tests::inspect::inspect(&std::fs::read(module).unwrap()).unwrap();
    let lowered: Vec<&str> = summary
        .imports
        .iter()
        .filter(|(m, _)| m == HOST_IO)
        .map(|(_, n)| n.as_str())
        .collect();
    for f in ["reverse-later", "tally", "tick", "consume"] {
        let name = format!("[async-lower]{f}");
        assert!(lowered.contains(&name.as_str()), "{name} in {lowered:?}");
    }
    // The synchronous functions with streams and futures are imported as
    // they are, with their ends' built-ins.
    for name in ["bytes", "[async-lower][stream-read-0]bytes", "triple-later"] {
        assert!(lowered.contains(&name), "{name} in {lowered:?}");
    }
    // An error-context parameter: the function is imported as it is, and
    // the adapter makes host error-contexts with the module's built-ins.
    assert!(lowered.contains(&"take-error"), "take-error in {lowered:?}");
    for name in ["[error-context-new-utf8]", "[error-context-drop]"] {
        let root = ("$root".to_owned(), name.to_owned());
        assert!(
            summary.imports.contains(&root),
            "{name} in {:?}",
            summary.imports
        );
    }
    let internal: Vec<&(String, String)> = summary
        .imports
        .iter()
        .filter(|(_, n)| n.contains("[async]") || n.contains("[async-host:"))
        .collect();
    assert!(internal.is_empty(), "{internal:?}");
}

#[test]
fn host_functions_that_return_at_once_through_a_linked_chain() {
    let mut app = App::new();
    let mut start = 0;
    for round in 0..4 {
        if round == 1 {
            // After a first round, which may allocate once (std's lazy
            // state), nothing more may stay live.
            start = app.live_bytes();
        }
        for export in ["run", "run-blocking"] {
            let (got,) = app
                .call::<(String, u32), (String,)>(export, ("héllo wörld ✓".into(), 0))
                .unwrap();
            assert_eq!(got, "✓ dlröw olléh!", "{export}");
        }
        let (got,) = app
            .call::<(Vec<u8>, String, u32), (String,)>("tally", (vec![1, 2, 250], "ünï".into(), 0))
            .unwrap();
        assert_eq!(got, format!("3 {} ünï?", u64::MAX - 300 + 3 + 253));
    }
    assert_eq!(app.counters.ticks.load(Ordering::SeqCst), 8);
    let (pending,) = app.call::<(), (u32,)>("pending-seen", ()).unwrap();
    assert_eq!(pending, 0, "a host function returning at once was pending");
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn host_functions_that_suspend_awaited_through_a_linked_chain() {
    // The root's async export awaits the middle crate's `relay`, whose task
    // awaits the host's `reverse-later` and `tick` while the host suspends
    // `yields` times: the adapters return pending futures, and the host's
    // subtask events wake the middle crate's task.
    let mut app = App::new();
    let mut start = 0;
    let mut calls = 0;
    for round in 0..4 {
        if round == 1 {
            start = app.live_bytes();
        }
        for yields in [1u32, 3] {
            let (got,) = app
                .call::<(String, u32), (String,)>("run", ("ab ünï ✓".into(), yields))
                .unwrap();
            assert_eq!(got, "✓ ïnü ba!");
            let (got,) = app
                .call::<(Vec<u8>, String, u32), (String,)>(
                    "tally",
                    (vec![7; 300], "x".into(), yields),
                )
                .unwrap();
            assert_eq!(
                got,
                format!("300 {} x?", (u64::MAX - 300).wrapping_add(3 + 7 * 300))
            );
            calls += 1;
        }
    }
    assert_eq!(app.counters.ticks.load(Ordering::SeqCst), calls);
    let (pending,) = app.call::<(), (u32,)>("pending-seen", ()).unwrap();
    assert_eq!(pending, calls, "every suspending host call was pending");
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn a_synchronous_export_cannot_wait_for_a_suspended_host_function() {
    // wasmtime 48 traps on a blocking wait in a synchronous task: the
    // weld runtime reports the stall (the guest panics, naming the fix).
    let mut app = App::new();
    let err = app
        .call::<(String, u32), (String,)>("run-blocking", ("ab".into(), 2))
        .unwrap_err();
    assert!(format!("{err:?}").contains("wasm trap"), "{err:?}");
}

#[test]
fn a_host_stream_and_a_host_future_read_by_a_linked_crate() {
    let mut app = App::new();
    let mut start = 0;
    for round in 0..4 {
        if round == 1 {
            start = app.live_bytes();
        }
        for n in [0u32, 1, 1000, 200_000] {
            let (got,) = app.call::<(u32,), (u64,)>("read-bytes", (n,)).unwrap();
            let sum: u64 = (0..n).map(|i| u64::from(i as u8)).sum();
            assert_eq!(got, u64::from(n) << 32 | sum, "read-bytes({n})");
        }
        let (got,) = app.call::<(u32,), (u32,)>("read-future", (14,)).unwrap();
        assert_eq!(got, 42);
    }
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn a_linked_crate_stream_read_by_the_host() {
    let mut app = App::new();
    let mut start = 0;
    for round in 0..3 {
        if round == 1 {
            start = app.live_bytes();
        }
        for (n, chunk) in [(0u32, 1u32), (1, 1), (1000, 7), (300_000, 65_536)] {
            let (got,) = app
                .call::<(u32, u32), (u64,)>("send-bytes", (n, chunk))
                .unwrap();
            let sum: u64 = (0..n).map(|i| u64::from(i as u8)).sum();
            assert_eq!(got, u64::from(n) << 32 | sum, "send-bytes({n}, {chunk})");
        }
    }
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn dropping_a_pending_host_call_cancels_the_host_task() {
    let mut app = App::new();
    let mut start = 0;
    for round in 0..4u32 {
        if round == 1 {
            start = app.live_bytes();
        }
        let (pending,) = app
            .call::<(String, u32), (bool,)>("cancel-host-call", ("dropped ✓".into(), 5))
            .unwrap();
        assert!(pending, "the host call returned at once");
        assert_eq!(
            app.counters.dropped.load(Ordering::SeqCst),
            round + 1,
            "the host's task was not cancelled"
        );
    }
    // A call that returned at once is not cancelled.
    let (pending,) = app
        .call::<(String, u32), (bool,)>("cancel-host-call", ("kept".into(), 0))
        .unwrap();
    assert!(!pending);
    assert_eq!(app.counters.dropped.load(Ordering::SeqCst), 4);
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn streams_and_futures_in_async_host_calls_and_strings_from_the_host() {
    // A stream as the result of an async host function that suspends (the
    // adapter turns the host's end into a weld stream when the subtask
    // returns), a `stream<string>` from the host, and a crate's
    // `future<string>` awaited by the host.
    let mut app = App::new();
    let mut start = 0;
    for round in 0..4 {
        if round == 1 {
            start = app.live_bytes();
        }
        for (n, yields) in [(0u32, 0u32), (5, 1), (100_000, 3)] {
            let (got,) = app
                .call::<(u32, u32), (u64,)>("read-later", (n, yields))
                .unwrap();
            let sum: u64 = (0..n).map(|i| u64::from(i as u8)).sum();
            assert_eq!(got, u64::from(n) << 32 | sum, "read-later({n}, {yields})");
        }
        for n in [0u32, 1, 2_000] {
            let (got,) = app.call::<(u32,), (u32,)>("read-words", (n,)).unwrap();
            assert_eq!(got, n, "read-words({n})");
        }
        for yields in [0u32, 2] {
            let (got,) = app
                .call::<(String, u32), (String,)>("send-future", ("ünï ✓".into(), yields))
                .unwrap();
            assert_eq!(got, "ünï ✓?");
        }
    }
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn a_world_level_async_import_from_the_host() {
    let mut app = App::new();
    let mut start = 0;
    for round in 0..4 {
        if round == 1 {
            start = app.live_bytes();
        }
        for yields in [0u32, 2] {
            let (got,) = app
                .call::<(String, u32), (String,)>("call-shout", ("straße ünï".into(), yields))
                .unwrap();
            assert_eq!(got, "STRASSE ÜNÏ");
        }
    }
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

#[test]
fn host_resources_async_functions_are_async_lowered() {
    let module = paths::built_wasm("weld-test-host-async-app").unwrap();
    let summary = weld_tests::inspect::inspect(&std::fs::read(module).unwrap()).unwrap();
    let has = |m: &str, n: &str| summary.imports.iter().any(|(a, b)| a == m && b == n);
    for name in [
        "[async-lower][static]file.open-later",
        "[async-lower][method]file.read-later",
        "[async-lower][method]file.append-later",
        "[async-lower][method]file.framed-later",
        "[resource-drop]file",
    ] {
        assert!(has(HOST_FILES, name), "{name} in {:?}", summary.imports);
    }
    for name in [
        "[async-lower][static]gauge.make-later",
        "[async-lower][method]gauge.bump-later",
        "[resource-drop]gauge",
    ] {
        assert!(has("$root", name), "{name} in {:?}", summary.imports);
    }
}

#[test]
fn host_resources_async_methods_and_statics_round_trip() {
    for yields in [0, 3] {
        let mut app = App::new();
        let (got,) = app
            .call::<(String, u32), (String,)>("files", ("fïle".into(), yields))
            .unwrap();
        assert_eq!(got, "fïlefïle+", "yields {yields}");
        // After a first call, which may allocate once (std's lazy state),
        // nothing more may stay live.
        let start = app.live_bytes();
        let (got,) = app
            .call::<(String, u32), (String,)>("files", ("b".into(), yields))
            .unwrap();
        assert_eq!(got, "bb+", "yields {yields}");
        {
            let f = app.counters.files.lock().unwrap();
            // `b` moved to the host (which dropped it in `append-later`),
            // `a` dropped by the guest once read: never both.
            assert_eq!(f.dropped_files, [0, 2], "yields {yields}");
            assert!(f.open.iter().all(Option::is_none), "yields {yields}");
        }
        let (got,) = app
            .call::<(String, u32), (String,)>("framed", ("ü".into(), yields))
            .unwrap();
        assert_eq!(got, "<ü>", "yields {yields}");
        {
            let f = app.counters.files.lock().unwrap();
            // `x` (rep 5) moved to the host; the guest dropped `ü` (rep 4).
            assert_eq!(f.dropped_files, [0, 2, 4], "yields {yields}");
            assert!(f.open.iter().all(Option::is_none), "yields {yields}");
        }
        let (got,) = app
            .call::<(u32, u32), (u64,)>("gauge-twice", (40, yields))
            .unwrap();
        assert_eq!(got, (41 << 32) | 43, "yields {yields}");
        {
            let f = app.counters.files.lock().unwrap();
            assert_eq!(f.dropped_gauges, [0], "yields {yields}");
        }
        assert_eq!(app.live_bytes(), start, "live bytes, yields {yields}");
    }
}

#[test]
fn error_contexts_given_to_host_functions() {
    // A weld error-context given to a synchronous and to an async host
    // function (which suspends): the adapter gives the host a new host
    // error-context with its message (`[error-context-new-utf8]`), which
    // wasmtime lifts (it traps on a handle that is not an error-context of
    // the module's table), and drops it when the call is over. wasmtime's
    // host can neither read an error-context's message nor make one, and
    // giving one back leaves its global reference count one short
    // (wasmtime 48 `lower_error_context_to_index`): the way back is not
    // tested here.
    let mut app = App::new();
    let mut start = 0;
    let mut taken = 0;
    for round in 0..4 {
        if round == 1 {
            start = app.live_bytes();
        }
        for (msg, yields) in [("", 0u32), ("disk full: ünï ✓", 0), ("timeout", 3)] {
            let (got,) = app
                .call::<(String, u32), (String,)>("error-round-trip", (msg.into(), yields))
                .unwrap();
            // The weld error-context keeps its message and its one
            // reference: the clones given to the calls were dropped.
            let want = format!("{}|{}|{msg}|1", taken + 1, taken + 2);
            assert_eq!(got, want, "error-round-trip({msg:?}, {yields})");
            taken += 2;
        }
    }
    assert_eq!(app.counters.errors_taken.load(Ordering::SeqCst), taken);
    assert_eq!(app.live_bytes(), start, "live bytes after the calls");
}

/// `host-wasi.error-code`.
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq, Eq)]
#[component(enum)]
#[repr(u8)]
enum ErrorCode {
    #[component(name = "access")]
    #[allow(
        dead_code,
        reason = "the guest's trailers' error: the host only lifts it"
    )]
    Access,
    #[component(name = "busy")]
    Busy,
}

/// `host-wasi.part`: ends in a variant.
#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
enum Part {
    #[component(name = "text")]
    Text(String),
    #[component(name = "bytes")]
    Bytes(StreamReader<u8>),
    #[component(name = "done")]
    Done(FutureReader<u32>),
}

/// `host-wasi.bundle`: ends in a list in a record.
#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Bundle {
    name: String,
    parts: Vec<Part>,
}

/// `host-wasi.labelled`: an optional stream in a record.
#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Labelled {
    label: String,
    data: Option<StreamReader<u8>>,
}

/// The host's `host-wasi` resources (reps index `Wasi::fields`, ...).
struct HostFields;
struct HostOptions;
struct HostRequest;
struct HostSocket;

/// What the host's `host-wasi` keeps and saw.
#[derive(Default)]
struct Wasi {
    /// Each `fields`' names.
    fields: Vec<Vec<String>>,
    /// Each `request-options`' timeout.
    options: Vec<u32>,
    /// Each request's description (filled as its body and trailers
    /// arrive).
    requests: Vec<Arc<Mutex<RequestSeen>>>,
    /// Each socket's number.
    sockets: Vec<u32>,
    /// Reps the guest dropped (`[resource-drop]`), per resource:
    /// `fields`, `request-options`, `request`, `tcp-socket`.
    dropped: [Vec<u32>; 4],
    /// Reps the host took own handles of (moved to it), likewise.
    taken: [Vec<u32>; 4],
    /// `stalling` streams: reads cancelled while pending, producers
    /// dropped.
    stall_cancels: u32,
    stall_drops: u32,
    /// `stalling-future` futures the host dropped.
    stall_future_drops: u32,
}

/// Counts a `stalling-future` future dropped by the host.
struct StallFutureGuard(Arc<Mutex<Wasi>>);

impl Drop for StallFutureGuard {
    fn drop(&mut self) {
        self.0.lock().unwrap().stall_future_drops += 1;
    }
}

/// The host's `stalling` stream: its first bytes, then nothing until a
/// read is cancelled (`finish`).
struct Stalling {
    first: Option<Vec<u8>>,
    wasi: Arc<Mutex<Wasi>>,
}

impl StreamProducer<component::Host> for Stalling {
    type Item = u8;
    type Buffer = VecBuffer<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        _: StoreContextMut<'a, component::Host>,
        mut dst: Destination<'a, u8, VecBuffer<u8>>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let me = self.get_mut();
        if let Some(first) = me.first.take() {
            dst.set_buffer(first.into());
            return Poll::Ready(Ok(StreamResult::Completed));
        }
        if finish {
            me.wasi.lock().unwrap().stall_cancels += 1;
            return Poll::Ready(Ok(StreamResult::Cancelled));
        }
        // Never woken: only a cancel ends this read.
        Poll::Pending
    }
}

impl Drop for Stalling {
    fn drop(&mut self) {
        self.wasi.lock().unwrap().stall_drops += 1;
    }
}

/// What the host saw of one request.
#[derive(Default)]
struct RequestSeen {
    headers: String,
    body: Option<Arc<Mutex<Consumed>>>,
    /// `-` (none), the trailers' names, or `err`; `None` until they came.
    trailers: Option<String>,
    timeout: Option<u32>,
    waker: Option<Waker>,
}

/// Reads a guest's trailers future into its request's [`RequestSeen`].
struct TrailersConsumer(Arc<Mutex<RequestSeen>>, Arc<Mutex<Wasi>>);

type Trailers = Result<Option<Resource<HostFields>>, ErrorCode>;

/// The parameters of `[static]request.new`.
type RequestNew = (
    Resource<HostFields>,
    Option<StreamReader<u8>>,
    FutureReader<Trailers>,
    Option<Resource<HostOptions>>,
);

impl FutureConsumer<component::Host> for TrailersConsumer {
    type Item = Trailers;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        store: StoreContextMut<'_, component::Host>,
        mut source: Source<'_, Trailers>,
        _: bool,
    ) -> Poll<wasmtime::Result<()>> {
        let mut value = None;
        source.read(store, &mut value)?;
        let seen = match value.expect("trailers") {
            Ok(None) => "-".to_string(),
            Ok(Some(t)) => {
                assert!(t.owned(), "the trailers moved to the host");
                let mut w = self.1.lock().unwrap();
                w.taken[0].push(t.rep());
                w.fields[t.rep() as usize].join(",")
            }
            Err(e) => format!("err:{e:?}"),
        };
        let mut r = self.0.lock().unwrap();
        r.trailers = Some(seen);
        if let Some(w) = r.waker.take() {
            w.wake();
        }
        Poll::Ready(Ok(()))
    }
}

/// Ready once the request's body (if any) ended and its trailers came:
/// `err(busy)` when the trailers were an error.
struct RequestDone(Arc<Mutex<RequestSeen>>);

impl Future for RequestDone {
    type Output = Result<(), ErrorCode>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut r = self.0.lock().unwrap();
        let body_done = r.body.as_ref().is_none_or(|b| {
            let mut b = b.lock().unwrap();
            if !b.done {
                b.waker = Some(cx.waker().clone());
            }
            b.done
        });
        match &r.trailers {
            Some(t) if body_done => Poll::Ready(if t.starts_with("err") {
                Err(ErrorCode::Busy)
            } else {
                Ok(())
            }),
            _ => {
                r.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// The host's `host-wasi`: WASI 0.3's shapes with nested futures and
/// streams.
fn define_host_wasi(
    linker: &mut Linker<component::Host>,
    wasi: &Arc<Mutex<Wasi>>,
) -> wasmtime::Result<()> {
    let mut io = linker.instance(HOST_WASI)?;
    for (i, name) in ["fields", "request-options", "request", "tcp-socket"]
        .into_iter()
        .enumerate()
    {
        let w = wasi.clone();
        let drop = move |_: StoreContextMut<'_, component::Host>, rep: u32| {
            w.lock().unwrap().dropped[i].push(rep);
            Ok(())
        };
        match i {
            0 => io.resource(name, ResourceType::host::<HostFields>(), drop)?,
            1 => io.resource(name, ResourceType::host::<HostOptions>(), drop)?,
            2 => io.resource(name, ResourceType::host::<HostRequest>(), drop)?,
            _ => io.resource(name, ResourceType::host::<HostSocket>(), drop)?,
        }
    }
    type Pair = (StreamReader<u8>, FutureReader<Result<(), ErrorCode>>);
    fn pair(
        mut store: impl wasmtime::AsContextMut<Data = component::Host>,
        offset: u64,
        n: u32,
    ) -> wasmtime::Result<Pair> {
        let data: Vec<u8> = (0..u64::from(n)).map(|i| (offset + i) as u8).collect();
        let end = if offset == 7 {
            Err(ErrorCode::Busy)
        } else {
            Ok(())
        };
        let s = StreamReader::new(&mut store, data)?;
        let f = FutureReader::new(&mut store, async move { Ok::<_, wasmtime::Error>(end) })?;
        Ok((s, f))
    }
    io.func_wrap("read-via-stream", |store, (offset, n): (u64, u32)| {
        Ok((pair(store, offset, n)?,))
    })?;
    io.func_wrap_concurrent(
        "read-via-stream-later",
        |accessor, (offset, n, yields): (u64, u32, u32)| {
            Box::pin(async move {
                suspend(yields).await;
                let p = accessor.with(|mut store| pair(&mut store, offset, n))?;
                Ok((p,))
            })
        },
    )?;
    let w = wasi.clone();
    io.func_wrap("stalling", move |mut store, (n,): (u32,)| {
        let first = Some((0..n).map(|i| i as u8).collect());
        let producer = Stalling {
            first,
            wasi: w.clone(),
        };
        Ok((Some(StreamReader::new(&mut store, producer)?),))
    })?;
    let w = wasi.clone();
    io.func_wrap("stalling-future", move |mut store, (): ()| {
        let guard = StallFutureGuard(w.clone());
        let never = async move {
            let _guard = guard;
            std::future::pending::<()>().await;
            Ok::<u32, wasmtime::Error>(0)
        };
        Ok((Ok::<_, ErrorCode>(FutureReader::new(&mut store, never)?),))
    })?;
    io.func_wrap("open-bundle", |mut store, (name, n): (String, u32)| {
        let mut parts = Vec::new();
        for i in 0..n {
            parts.push(match i % 3 {
                0 => Part::Text(format!("p{i}")),
                1 => {
                    let data: Vec<u8> = (0..i * 1000).map(|b| b as u8).collect();
                    Part::Bytes(StreamReader::new(&mut store, data)?)
                }
                _ => {
                    let value = async move { Ok::<_, wasmtime::Error>(i * 3) };
                    Part::Done(FutureReader::new(&mut store, value)?)
                }
            });
        }
        Ok((Bundle { name, parts },))
    })?;
    io.func_wrap("measure", |mut store, (r,): (Labelled,)| {
        let Labelled { label, data } = r;
        let state = data
            .map(|data| {
                let state = Arc::new(Mutex::new(Consumed::default()));
                data.pipe(&mut store, Consumer(state.clone()))
                    .map(|()| state)
            })
            .transpose()?;
        let answer = async move {
            let Some(state) = state else {
                return Ok::<_, wasmtime::Error>(format!("{label}:-"));
            };
            ConsumerDone(state.clone()).await;
            let s = state.lock().unwrap();
            assert!(s.count == 0 || s.in_order);
            Ok(format!("{label}:{}:{}", s.count, s.sum))
        };
        Ok((FutureReader::new(&mut store, answer)?,))
    })?;
    let w = wasi.clone();
    io.func_wrap("[constructor]fields", move |_, (names,): (Vec<String>,)| {
        let mut w = w.lock().unwrap();
        w.fields.push(names);
        Ok((Resource::<HostFields>::new_own(w.fields.len() as u32 - 1),))
    })?;
    let w = wasi.clone();
    io.func_wrap(
        "[constructor]request-options",
        move |_, (timeout,): (u32,)| {
            let mut w = w.lock().unwrap();
            w.options.push(timeout);
            Ok((Resource::<HostOptions>::new_own(w.options.len() as u32 - 1),))
        },
    )?;
    let w = wasi.clone();
    io.func_wrap(
        "[static]request.new",
        move |mut store, (headers, contents, trailers, options): RequestNew| {
            assert!(headers.owned() && options.as_ref().is_none_or(Resource::owned));
            let seen = Arc::new(Mutex::new(RequestSeen::default()));
            let rep = {
                let mut w = w.lock().unwrap();
                w.taken[0].push(headers.rep());
                let mut r = seen.lock().unwrap();
                r.headers = w.fields[headers.rep() as usize].join(",");
                if let Some(o) = &options {
                    w.taken[1].push(o.rep());
                    r.timeout = Some(w.options[o.rep() as usize]);
                }
                w.requests.push(seen.clone());
                w.requests.len() as u32 - 1
            };
            if let Some(contents) = contents {
                let state = Arc::new(Mutex::new(Consumed::default()));
                seen.lock().unwrap().body = Some(state.clone());
                contents.pipe(&mut store, Consumer(state))?;
            }
            trailers.pipe(&mut store, TrailersConsumer(seen.clone(), w.clone()))?;
            let done = FutureReader::new(&mut store, async move {
                Ok::<_, wasmtime::Error>(RequestDone(seen).await)
            })?;
            Ok(((Resource::<HostRequest>::new_own(rep), done),))
        },
    )?;
    let w = wasi.clone();
    io.func_wrap(
        "[method]request.describe",
        move |_, (me,): (Resource<HostRequest>,)| {
            let w = w.lock().unwrap();
            let r = w.requests[me.rep() as usize].lock().unwrap();
            let body = match &r.body {
                Some(b) => {
                    let b = b.lock().unwrap();
                    assert!(b.count == 0 || b.in_order, "the body's bytes in order");
                    format!("{}|{}", b.count, b.sum)
                }
                None => "-|-".to_string(),
            };
            let timeout = r.timeout.map_or("-".to_string(), |t| t.to_string());
            let trailers = r.trailers.clone().unwrap_or_default();
            Ok((format!("{}|{body}|{trailers}|{timeout}", r.headers),))
        },
    )?;
    let w = wasi.clone();
    io.func_wrap("[constructor]tcp-socket", move |_, (id,): (u32,)| {
        let mut w = w.lock().unwrap();
        w.sockets.push(id);
        Ok((Resource::<HostSocket>::new_own(w.sockets.len() as u32 - 1),))
    })?;
    let w = wasi.clone();
    io.func_wrap(
        "[method]tcp-socket.listen",
        move |mut store, (me, n): (Resource<HostSocket>, u32)| {
            if n == 0 {
                return Ok((Err(ErrorCode::Busy),));
            }
            let accepted: Vec<Resource<HostSocket>> = {
                let mut w = w.lock().unwrap();
                let id = w.sockets[me.rep() as usize];
                (1..=n)
                    .map(|i| {
                        w.sockets.push(id * 10 + i);
                        Resource::new_own(w.sockets.len() as u32 - 1)
                    })
                    .collect()
            };
            Ok((Ok(StreamReader::new(&mut store, accepted)?),))
        },
    )?;
    let w = wasi.clone();
    io.func_wrap(
        "[method]tcp-socket.id",
        move |_, (me,): (Resource<HostSocket>,)| {
            Ok((w.lock().unwrap().sockets[me.rep() as usize],))
        },
    )?;
    io.func_wrap_concurrent(
        "send-maybe",
        |accessor, (data, yields): (Option<StreamReader<u8>>, u32)| {
            Box::pin(async move {
                suspend(yields).await;
                let Some(data) = data else {
                    return Ok((u64::MAX,));
                };
                let state = Arc::new(Mutex::new(Consumed::default()));
                accessor.with(|mut store| data.pipe(&mut store, Consumer(state.clone())))?;
                ConsumerDone(state.clone()).await;
                let s = state.lock().unwrap();
                assert!(s.count == 0 || s.in_order);
                Ok((s.count << 32 | s.sum,))
            })
        },
    )?;
    Ok(())
}

/// The sum of bytes `offset, offset + 1, ...` (modulo 256), `n` of them.
fn byte_sum(offset: u64, n: u64) -> u64 {
    (0..n).map(|i| (offset + i) % 256).sum()
}

#[test]
fn wasi_read_via_stream_a_stream_and_a_future_in_a_tuple() {
    // wasi:filesystem's shape, from a synchronous host function and from
    // an async one that suspends: the stream's bytes and the future's
    // result checked on arrival (by the guest, byte by byte).
    let mut app = App::new();
    let mut start = None;
    for round in 0..2 {
        for yields in [0, 3] {
            for (offset, n) in [(0u64, 0u32), (7, 1), (250, 70_000), (3, 200_000)] {
                let (got,) = app
                    .call::<(u64, u32, u32), (String,)>("wasi-read", (offset, n, yields))
                    .unwrap();
                let end = if offset == 7 { "busy" } else { "ok" };
                let one = format!("{n}|{}|{end}", byte_sum(offset, u64::from(n)));
                assert_eq!(
                    got,
                    format!("{one} {one}"),
                    "offset {offset}, n {n}, yields {yields}"
                );
            }
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn wasi_http_request_new_with_ends_and_handles_nested_in_its_parameters_and_result() {
    // wasi:http's `request.new`: an optional stream, a future of a result
    // of an optional resource (the trailers, moved to the host with the
    // future's value), resources among the parameters (moved to the host)
    // and a resource and a future in the tuple result.
    let mut app = App::new();
    let mut start = None;
    let mut requests = 0;
    for round in 0..2 {
        for (body, trailers) in [(0u32, 0u32), (5, 1), (100_000, 2), (1, 0)] {
            let (got,) = app
                .call::<(u32, u32), (String,)>("wasi-request", (body, trailers))
                .unwrap();
            let body_seen = if body == 0 {
                "-|-".to_string()
            } else {
                format!("{body}|{}", byte_sum(0, u64::from(body)))
            };
            let (done, t) = match trailers {
                0 => ("ok", "-"),
                1 => ("ok", "t"),
                _ => ("busy", "err:Access"),
            };
            assert_eq!(
                got,
                format!("{done}|a,b|{body_seen}|{t}|5"),
                "body {body}, trailers {trailers}"
            );
            requests += 1;
            let w = app.counters.wasi.lock().unwrap();
            // The guest dropped each request once and nothing it moved to
            // the host (headers, trailers, options).
            let want: Vec<u32> = (0..requests).collect();
            assert_eq!(w.dropped[2], want, "requests dropped once each");
            assert!(
                w.dropped[0].is_empty() && w.dropped[1].is_empty(),
                "{:?}",
                w.dropped
            );
            let with_trailers = w.taken[0].len() - requests as usize;
            assert_eq!(w.fields.len(), requests as usize + with_trailers);
            let mut taken = w.taken[0].clone();
            taken.sort_unstable();
            taken.dedup();
            assert_eq!(taken.len(), w.fields.len(), "every fields moved once");
            assert_eq!(
                w.taken[1].len(),
                requests as usize,
                "options moved once each"
            );
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn wasi_sockets_listen_a_stream_of_host_resources_in_a_result() {
    // wasi:sockets' `listen`: the host writes new sockets (own handles of
    // its resource) into the stream; the guest reads them as handles of
    // the host's resource, calls a method on each and drops it: the
    // host's destructor runs once per socket.
    let mut app = App::new();
    let mut start = None;
    let mut sockets = 0u32;
    for round in 0..2 {
        for (id, n) in [(4u32, 3u32), (9, 0), (2, 1), (6, 300)] {
            let (got,) = app
                .call::<(u32, u32), (String,)>("wasi-listen", (id, n))
                .unwrap();
            let want = if n == 0 {
                "err".to_string()
            } else {
                (1..=n)
                    .map(|i| (id * 10 + i).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            assert_eq!(got, want, "id {id}, n {n}");
            sockets += 1 + n;
            let w = app.counters.wasi.lock().unwrap();
            assert_eq!(w.sockets.len() as u32, sockets);
            let mut dropped = w.dropped[3].clone();
            dropped.sort_unstable();
            let all: Vec<u32> = (0..sockets).collect();
            assert_eq!(dropped, all, "every socket dropped exactly once");
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn an_optional_stream_given_to_an_async_host_function() {
    let mut app = App::new();
    let mut start = None;
    for round in 0..2 {
        for yields in [0, 3] {
            for (n, some) in [(0u32, true), (0, false), (1, true), (150_000, true)] {
                let (got,) = app
                    .call::<(u32, bool, u32), (u64,)>("wasi-send-maybe", (n, some, yields))
                    .unwrap();
                let want = if some {
                    u64::from(n) << 32 | byte_sum(0, u64::from(n))
                } else {
                    u64::MAX
                };
                assert_eq!(got, want, "n {n}, some {some}, yields {yields}");
            }
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn dropping_a_weld_reader_cancels_the_pending_host_read() {
    // ASYNC.md section 11: a weld reader dropped while its pump's read of
    // the host's stream is pending cancels that read at once
    // (`[stream-cancel-read-N]f`) and drops the host's end, though the
    // host never writes again.
    let mut app = App::new();
    let mut start = None;
    let mut calls = 0;
    for round in 0..2 {
        for (n, yields) in [(1u32, 2u32), (300, 2), (5, 8)] {
            let (got,) = app
                .call::<(u32, u32), (u64,)>("wasi-stall", (n, yields))
                .unwrap();
            assert_eq!(got, byte_sum(0, u64::from(n)), "n {n}");
            calls += 1;
            let w = app.counters.wasi.lock().unwrap();
            assert_eq!(w.stall_cancels, calls, "the pending read was cancelled");
            assert_eq!(w.stall_drops, calls, "the host's producer was dropped");
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn dropping_a_weld_future_reader_cancels_the_pending_host_read() {
    // The same for a future in a result (`[future-cancel-read-N]f`): the
    // host's future, which never resolves, is dropped with its end.
    let mut app = App::new();
    let mut start = None;
    let mut calls = 0;
    for round in 0..2 {
        for yields in [2u32, 8] {
            let (pending,) = app
                .call::<(u32,), (bool,)>("wasi-stall-future", (yields,))
                .unwrap();
            assert!(pending, "the future was pending when dropped");
            calls += 1;
            let w = app.counters.wasi.lock().unwrap();
            assert_eq!(w.stall_future_drops, calls, "the host's future was dropped");
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}

#[test]
fn ends_in_a_variant_in_a_list_in_a_record_and_in_a_record_parameter() {
    // From the host: streams and futures in the cases of a variant, in a
    // list, in a record (the walk reads each element's discriminant in
    // the return area). To the host: an optional stream in a record
    // parameter with a string beside it.
    let mut app = App::new();
    let mut start = None;
    for round in 0..2 {
        for n in [0u32, 1, 3, 10] {
            let (got,) = app
                .call::<(String, u32), (String,)>("wasi-bundle", ("bündel".into(), n))
                .unwrap();
            let parts: Vec<String> = (0..n)
                .map(|i| match i % 3 {
                    0 => format!("tp{i}"),
                    1 => format!("b{}|{}", i * 1000, byte_sum(0, u64::from(i * 1000))),
                    _ => format!("d{}", i * 3),
                })
                .collect();
            assert_eq!(got, format!("bündel:{}", parts.join(",")), "n {n}");
        }
        for (label, n, some) in [("ä", 0u32, true), ("b", 70_000, true), ("c", 5, false)] {
            let (got,) = app
                .call::<(String, u32, bool), (String,)>("wasi-measure", (label.into(), n, some))
                .unwrap();
            let want = if some {
                format!("{label}:{n}:{}", byte_sum(0, u64::from(n)))
            } else {
                format!("{label}:-")
            };
            assert_eq!(got, want, "label {label}, n {n}, some {some}");
        }
        if round == 0 {
            start = Some(app.live_bytes());
        }
    }
    assert_eq!(Some(app.live_bytes()), start, "live bytes after the calls");
}
