//! Streams and futures in the parameters and results of async exports to
//! the host (abi-spec/ASYNC.md section 11, "Ends of exports"): the root
//! crate tests/guests/host-ends-app exports `write-via-stream` (the shape
//! of WASI 0.3's `wasi:cli/stdout`), whose stream the linked crate
//! tests/guests/host-ends-lib reads, and functions returning the linked
//! crate's `stream<u8>` and `future<u32>`, and taking a `future<u32>`.
//! wasmtime 48 (component-model async) writes and reads them; every byte
//! and value is checked on arrival, the host drops ends early, and the
//! allocator's live bytes end where they started.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use wasmtime::StoreContextMut;
use wasmtime::component::{
    ComponentType, Destination, FutureConsumer, FutureReader, Instance, Lift, Linker, Lower,
    Source, StreamConsumer, StreamProducer, StreamReader, StreamResult, TypedFunc, VecBuffer,
};
use wasmtime::{Config, Engine, Store};
use weld_tests::concurrent::block_on;
use weld_tests::{component, paths};

const STDOUT: &str = "test:host-ends/stdout@0.1.0";
const SOURCE: &str = "test:host-ends/source@0.1.0";

/// The component, built once for all tests (they run in parallel).
fn built_component() -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let module = paths::built_wasm("weld-test-host-ends-app").unwrap();
            let out = paths::target_dir()
                .join("weld-tests")
                .join("host-ends-app.component.wasm");
            component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
            out
        })
        .clone()
}

/// `stdout.error-code`.
#[allow(
    dead_code,
    reason = "lifted from the guest; the tests expect only `io`"
)]
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq, Eq)]
#[component(enum)]
#[repr(u8)]
enum ErrorCode {
    #[component(name = "io")]
    Io,
    #[component(name = "illegal-byte-sequence")]
    IllegalByteSequence,
    #[component(name = "pipe")]
    Pipe,
}

/// The host's writer of a stream given to the guest: bytes `0, 1, 2, ...`
/// (modulo 256) in chunks of `chunk`, each after one pending poll (so the
/// guest's read really waits); after `stop` bytes it drops its end (also
/// after a pending poll). Byte `bad_at` (if any) is off by one.
struct Chunks {
    next: u32,
    stop: u32,
    chunk: u32,
    ready: bool,
    bad_at: Option<u32>,
}

impl Chunks {
    fn new(stop: u32, chunk: u32) -> Chunks {
        Chunks {
            next: 0,
            stop,
            chunk,
            ready: false,
            bad_at: None,
        }
    }
}

impl StreamProducer<component::Host> for Chunks {
    type Item = u8;
    type Buffer = VecBuffer<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        _: StoreContextMut<'a, component::Host>,
        mut dst: Destination<'a, u8, VecBuffer<u8>>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let me = self.get_mut();
        if !me.ready {
            if finish {
                return Poll::Ready(Ok(StreamResult::Cancelled));
            }
            me.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        me.ready = false;
        if me.next >= me.stop {
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        let len = me.chunk.min(me.stop - me.next);
        let bytes: Vec<u8> = (me.next..me.next + len)
            .map(|i| i as u8 ^ u8::from(me.bad_at == Some(i)))
            .collect();
        dst.set_buffer(bytes.into());
        me.next += len;
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

/// What the host's reader of a guest stream saw.
#[derive(Default)]
struct Consumed {
    count: u64,
    sum: u64,
    /// Every byte was `count % 256` when it arrived.
    bad: u64,
    done: bool,
    waker: Option<Waker>,
}

/// Reads a guest's `stream<u8>`, checking each byte; drops its end
/// (returns `Dropped`) once it has `limit` bytes.
struct Consumer {
    state: Arc<Mutex<Consumed>>,
    limit: u64,
}

impl StreamConsumer<component::Host> for Consumer {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        mut store: StoreContextMut<'_, component::Host>,
        mut source: Source<'_, u8>,
        _: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let mut s = self.state.lock().unwrap();
        let want = (self.limit - s.count).min(source.remaining(&mut store) as u64);
        let mut buf = Vec::with_capacity(want as usize);
        source.read(&mut store, &mut buf)?;
        for b in buf {
            if u64::from(b) != s.count % 256 {
                s.bad += 1;
            }
            s.count += 1;
            s.sum += u64::from(b);
        }
        Poll::Ready(Ok(if s.count >= self.limit {
            StreamResult::Dropped
        } else {
            StreamResult::Completed
        }))
    }
}

impl Drop for Consumer {
    fn drop(&mut self) {
        let mut s = self.state.lock().unwrap();
        s.done = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

/// Ready once the consumer is dropped (the stream ended, or the host
/// dropped its end).
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

/// The value a guest's future delivered.
struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            value: None,
            waker: None,
        }
    }
}

/// Reads a guest's `future<T>` into a [`Slot`].
struct ValueConsumer<T>(Arc<Mutex<Slot<T>>>);

impl<T: Lift + Send + Sync + 'static> FutureConsumer<component::Host> for ValueConsumer<T> {
    type Item = T;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        store: StoreContextMut<'_, component::Host>,
        mut source: Source<'_, T>,
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
struct SlotFilled<T>(Arc<Mutex<Slot<T>>>);

impl<T> Future for SlotFilled<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
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

/// Reads `stream` to its end (or `limit` bytes) with a [`Consumer`].
async fn drain(
    a: &wasmtime::component::Accessor<component::Host>,
    stream: StreamReader<u8>,
    limit: u64,
) -> wasmtime::Result<(u64, u64, u64)> {
    let state = Arc::new(Mutex::new(Consumed::default()));
    let consumer = Consumer {
        state: state.clone(),
        limit,
    };
    a.with(|mut store| stream.pipe(&mut store, consumer))?;
    ConsumerDone(state.clone()).await;
    let s = state.lock().unwrap();
    Ok((s.count, s.sum, s.bad))
}

/// Reads `future`'s value.
async fn value_of<T: Lift + Send + Sync + 'static>(
    a: &wasmtime::component::Accessor<component::Host>,
    future: FutureReader<T>,
) -> wasmtime::Result<T> {
    let slot = Arc::new(Mutex::new(Slot::default()));
    a.with(|mut store| future.pipe(&mut store, ValueConsumer(slot.clone())))?;
    Ok(SlotFilled(slot).await)
}

/// `source.wide-out`.
#[derive(ComponentType, Lift)]
#[component(record)]
struct WideOut {
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
    data: StreamReader<u8>,
}

/// The world-level functions the host provides: `host-count` (a stream it
/// writes) and `host-consume` (a stream it reads, checking each byte).
fn define_world_imports(linker: &mut Linker<component::Host>) -> wasmtime::Result<()> {
    let mut root = linker.root();
    root.func_wrap("host-count", |mut store, (n,): (u32,)| {
        let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
        Ok((StreamReader::new(&mut store, data)?,))
    })?;
    root.func_wrap("host-pair", |mut store, (n,): (u32,)| {
        let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
        let stream = StreamReader::new(&mut store, data)?;
        let value = async move { Ok::<_, wasmtime::Error>(n * 3) };
        Ok(((stream, FutureReader::new(&mut store, value)?),))
    })?;
    root.func_wrap_concurrent(
        "host-consume-opt",
        |accessor, (data,): (Option<StreamReader<u8>>,)| {
            Box::pin(async move {
                let Some(data) = data else {
                    return Ok((u64::MAX - 1,));
                };
                let (count, sum, bad) = drain(accessor, data, u64::MAX).await?;
                Ok((if bad > 0 { u64::MAX } else { count << 32 | sum },))
            })
        },
    )?;
    root.func_wrap_concurrent("host-consume", |accessor, (data,): (StreamReader<u8>,)| {
        Box::pin(async move {
            let state = Arc::new(Mutex::new(Consumed::default()));
            let consumer = Consumer {
                state: state.clone(),
                limit: u64::MAX,
            };
            accessor.with(|mut store| data.pipe(&mut store, consumer))?;
            ConsumerDone(state.clone()).await;
            let s = state.lock().unwrap();
            Ok((if s.bad > 0 {
                u64::MAX
            } else {
                s.count << 32 | s.sum
            },))
        })
    })?;
    Ok(())
}

/// An instance of the component.
struct App {
    store: Store<component::Host>,
    instance: Instance,
}

impl App {
    fn new() -> App {
        let mut config = Config::new();
        config.wasm_component_model_async(true);
        let engine = Engine::new(&config).unwrap();
        let component =
            wasmtime::component::Component::from_file(&engine, built_component()).unwrap();
        let mut linker: Linker<component::Host> = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        define_world_imports(&mut linker).unwrap();
        let mut store = Store::new(&engine, component::Host::new());
        let instance = block_on(linker.instantiate_async(&mut store, &component)).unwrap();
        App { store, instance }
    }

    /// The typed function `name` of interface `iface`, or of the world.
    fn func<P, R>(&mut self, iface: Option<&str>, name: &str) -> TypedFunc<P, R>
    where
        P: wasmtime::component::ComponentNamedList + Lower,
        R: wasmtime::component::ComponentNamedList + Lift,
    {
        let parent = iface.map(|i| {
            self.instance
                .get_export_index(&mut self.store, None, i)
                .unwrap()
        });
        let f = self
            .instance
            .get_export_index(&mut self.store, parent.as_ref(), name)
            .unwrap_or_else(|| panic!("no export `{name}`"));
        self.instance
            .get_typed_func::<P, R>(&mut self.store, &f)
            .unwrap()
    }

    /// Calls `f` concurrently.
    fn call<P, R>(&mut self, f: TypedFunc<P, R>, params: P) -> wasmtime::Result<R>
    where
        P: wasmtime::component::ComponentNamedList + Lower + Send + Sync + 'static,
        R: wasmtime::component::ComponentNamedList + Lift + Send + Sync + 'static,
    {
        block_on(
            self.store
                .run_concurrent(async move |a| f.call_concurrent(a, params).await),
        )?
    }

    /// The allocator's live bytes once the last calls have exited: a
    /// call returns its value before its pumps are done (their last
    /// events reach the module in the host's next turn), so an async
    /// call that waits for the host first gives them that turn.
    fn settled_live_bytes(&mut self) -> u64 {
        assert_eq!(self.add_one(1), 2);
        let f = self.func::<(), (u64,)>(None, "live-bytes");
        self.call(f, ()).unwrap().0
    }

    /// `stdout.write-via-stream` of a host stream of `stop` bytes written
    /// in chunks of `chunk`: the result, and what the linked crate read.
    fn write_via_stream(&mut self, stop: u32, chunk: u32) -> (Result<(), ErrorCode>, u64) {
        self.write_chunks(Chunks::new(stop, chunk))
    }

    /// `stdout.write-via-stream` of the stream `chunks` writes.
    fn write_chunks(&mut self, chunks: Chunks) -> (Result<(), ErrorCode>, u64) {
        let data = StreamReader::new(&mut self.store, chunks).unwrap();
        let f = self.func::<(StreamReader<u8>,), (Result<(), ErrorCode>,)>(
            Some(STDOUT),
            "write-via-stream",
        );
        let result = self.call(f, (data,)).unwrap().0;
        let written = self.func::<(), (u64,)>(Some(STDOUT), "written");
        (result, self.call(written, ()).unwrap().0)
    }

    /// `source.open(n, chunk, yields)` read by the host up to `limit`
    /// bytes, then its end dropped: what arrived.
    fn read_open(&mut self, n: u32, chunk: u32, yields: u32, limit: u64) -> Consumed {
        let f = self.func::<(u32, u32, u32), (StreamReader<u8>,)>(Some(SOURCE), "open");
        let state = Arc::new(Mutex::new(Consumed::default()));
        let s = state.clone();
        block_on(self.store.run_concurrent(async move |a| {
            let (stream,) = f.call_concurrent(a, (n, chunk, yields)).await?;
            let consumer = Consumer {
                state: s.clone(),
                limit,
            };
            a.with(|mut store| stream.pipe(&mut store, consumer))?;
            ConsumerDone(s).await;
            wasmtime::Result::<()>::Ok(())
        }))
        .unwrap()
        .unwrap();
        Arc::try_unwrap(state)
            .ok()
            .expect("the consumer is gone")
            .into_inner()
            .unwrap()
    }

    /// `source.triple-later(x, yields)`, read by the host (`None`: its end
    /// dropped unread).
    fn triple_later(&mut self, x: u32, yields: u32, read: bool) -> Option<u32> {
        let f = self.func::<(u32, u32), (FutureReader<u32>,)>(Some(SOURCE), "triple-later");
        block_on(self.store.run_concurrent(async move |a| {
            let (mut future,) = f.call_concurrent(a, (x, yields)).await?;
            if !read {
                a.with(|mut store| future.close(&mut store))?;
                return wasmtime::Result::<Option<u32>>::Ok(None);
            }
            let slot = Arc::new(Mutex::new(Slot::default()));
            a.with(|mut store| future.pipe(&mut store, ValueConsumer(slot.clone())))?;
            wasmtime::Result::<Option<u32>>::Ok(Some(SlotFilled(slot).await))
        }))
        .unwrap()
        .unwrap()
    }

    /// `source.add-one` of a host future of `v`.
    fn add_one(&mut self, v: u32) -> u32 {
        let value = async move { Ok::<_, wasmtime::Error>(v) };
        let future = FutureReader::new(&mut self.store, value).unwrap();
        let f = self.func::<(FutureReader<u32>,), (u32,)>(Some(SOURCE), "add-one");
        self.call(f, (future,)).unwrap().0
    }

    /// `echo` of a host stream of `n` bytes in chunks of `chunk`, read
    /// back by the host.
    fn echo(&mut self, n: u32, chunk: u32) -> Consumed {
        let data = StreamReader::new(&mut self.store, Chunks::new(n, chunk)).unwrap();
        let f = self.func::<(StreamReader<u8>,), (StreamReader<u8>,)>(None, "echo");
        let state = Arc::new(Mutex::new(Consumed::default()));
        let s = state.clone();
        block_on(self.store.run_concurrent(async move |a| {
            let (stream,) = f.call_concurrent(a, (data,)).await?;
            let consumer = Consumer {
                state: s.clone(),
                limit: u64::MAX,
            };
            a.with(|mut store| stream.pipe(&mut store, consumer))?;
            ConsumerDone(s).await;
            wasmtime::Result::<()>::Ok(())
        }))
        .unwrap()
        .unwrap();
        Arc::try_unwrap(state)
            .ok()
            .expect("the consumer is gone")
            .into_inner()
            .unwrap()
    }

    /// The linked crate's writes that found their reader gone.
    fn refused_writes(&mut self) -> u32 {
        let f = self.func::<(), (u32,)>(None, "refused-writes");
        self.call(f, ()).unwrap().0
    }
}

/// `count << 32 | sum` of bytes `0..n` modulo 256.
fn expected(n: u64) -> u64 {
    n << 32 | (0..n).map(|i| i % 256).sum::<u64>()
}

/// Runs `round` three times on one instance: the allocator's live bytes
/// after the first (which may allocate once: std's lazy state, the
/// runtime's host tables) must be those after the last.
fn in_rounds(mut round: impl FnMut(&mut App)) {
    let mut app = App::new();
    round(&mut app);
    let start = app.settled_live_bytes();
    round(&mut app);
    round(&mut app);
    assert_eq!(
        app.settled_live_bytes(),
        start,
        "live bytes after the calls"
    );
}

#[test]
fn the_host_writes_a_stream_the_linked_crate_reads() {
    in_rounds(|app| {
        for (n, chunk) in [
            (0, 1),
            (1, 1),
            (1000, 7),
            (200_000, 65_536),
            (200_000, 4096),
        ] {
            let (result, written) = app.write_via_stream(n, chunk);
            assert_eq!(result, Ok(()), "{n} bytes in chunks of {chunk}");
            assert_eq!(
                written,
                expected(u64::from(n)),
                "{n} bytes in chunks of {chunk}"
            );
        }
        // A wrong byte is noticed on arrival: `io`.
        let chunks = Chunks {
            bad_at: Some(150_001),
            ..Chunks::new(200_000, 65_536)
        };
        assert_eq!(app.write_chunks(chunks), (Err(ErrorCode::Io), u64::MAX));
    });
}

#[test]
fn the_host_reads_a_stream_an_async_export_returns() {
    in_rounds(|app| {
        for (n, chunk, yields) in [
            (0, 1, 0),
            (5, 5, 0),
            (200_000, 65_536, 2),
            (200_000, 999, 0),
        ] {
            let got = app.read_open(n, chunk, yields, u64::MAX);
            assert_eq!((got.count, got.bad), (u64::from(n), 0), "{n} bytes");
            assert_eq!(got.count << 32 | got.sum, expected(u64::from(n)));
        }
    });
}

#[test]
fn the_host_drops_a_returned_stream_early() {
    let mut refused = 0;
    in_rounds(|app| {
        // The host takes 1,000 of 200,000 bytes and drops its end: the
        // linked crate's writer finds its reader gone, and the rest is
        // freed.
        let got = app.read_open(200_000, 4096, 1, 1000);
        assert_eq!((got.count, got.bad), (1000, 0));
        refused += 1;
        assert_eq!(app.refused_writes(), refused);
        // A whole read works after it.
        let got = app.read_open(300, 100, 0, u64::MAX);
        assert_eq!(got.count << 32 | got.sum, expected(300));
    });
}

#[test]
fn the_host_drops_its_writer_early() {
    in_rounds(|app| {
        // The host's writer goes away after 70,000 bytes, while the pump's
        // read of the next chunk is pending: the linked crate sees the end
        // of the stream there.
        let (result, written) = app.write_via_stream(70_000, 30_000);
        assert_eq!(result, Ok(()));
        assert_eq!(written, expected(70_000));
    });
}

#[test]
fn the_host_reads_a_future_an_async_export_returns_and_drops_one() {
    in_rounds(|app| {
        for (x, yields) in [(7, 0), (11, 3), (1_000_000, 1)] {
            assert_eq!(app.triple_later(x, yields, true), Some(x * 3));
        }
        // The host drops its end unread: the value the pump holds (or
        // will get) is freed in the module.
        // (Fewer yields than one drive's rounds: a call whose value went
        // back while a task yields past them returns `YIELD`, and
        // wasmtime 48 may not call it back once the host stops waiting;
        // abi-spec/ASYNC.md section 15.)
        for yields in [0, 2, 40] {
            assert_eq!(app.triple_later(5, yields, false), None);
        }
        assert_eq!(app.triple_later(9, 1, true), Some(27));
    });
}

#[test]
fn an_async_export_awaits_a_future_the_host_writes() {
    in_rounds(|app| {
        for v in [0, 41, u32::MAX - 1] {
            assert_eq!(app.add_one(v), v + 1);
        }
    });
}

#[test]
fn world_level_functions_carry_streams_both_ways() {
    in_rounds(|app| {
        for n in [0, 1, 70_000] {
            let f = app.func::<(u32,), (u64,)>(None, "read-host-count");
            assert_eq!(app.call(f, (n,)).unwrap().0, expected(u64::from(n)), "{n}");
            let f = app.func::<(u32, u32), (u64,)>(None, "send-count");
            assert_eq!(
                app.call(f, (n, 4096)).unwrap().0,
                expected(u64::from(n)),
                "{n}"
            );
            let f = app.func::<(u32,), (u64,)>(None, "read-host-pair");
            let want = expected(u64::from(n)) + u64::from(n) * 3;
            assert_eq!(app.call(f, (n,)).unwrap().0, want, "{n}");
            let f = app.func::<(u32,), (u64,)>(None, "send-opt");
            let want = if n == 0 {
                u64::MAX - 1
            } else {
                expected(u64::from(n))
            };
            assert_eq!(app.call(f, (n,)).unwrap().0, want, "{n}");
            let got = app.echo(n, 30_000);
            assert_eq!((got.count, got.bad), (u64::from(n), 0), "{n}");
            assert_eq!(got.count << 32 | got.sum, expected(u64::from(n)));
        }
    });
}

#[test]
fn ends_nested_in_parameters_and_in_a_parameter_area() {
    in_rounds(|app| {
        // A list of host streams and an optional host future.
        let sizes = [0u32, 1, 70_000, 3000];
        let parts: Vec<StreamReader<u8>> = sizes
            .iter()
            .map(|&n| StreamReader::new(&mut app.store, Chunks::new(n, 4096)).unwrap())
            .collect();
        let extra =
            FutureReader::new(&mut app.store, async { Ok::<_, wasmtime::Error>(9u32) }).unwrap();
        type Gather = (Vec<StreamReader<u8>>, Option<FutureReader<u32>>);
        let f = app.func::<Gather, (u64,)>(Some(SOURCE), "gather");
        let got = app.call(f, (parts, Some(extra))).unwrap().0;
        let want: u64 = sizes.iter().map(|&n| expected(u64::from(n))).sum();
        assert_eq!(got, want + 9);
        let f = app.func::<Gather, (u64,)>(Some(SOURCE), "gather");
        assert_eq!(app.call(f, (Vec::new(), None)).unwrap().0, 0);
        // 17 parameters: they cross in memory, the stream among them.
        let data = StreamReader::new(&mut app.store, Chunks::new(100_000, 65_536)).unwrap();
        type Wide = (
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            StreamReader<u8>,
        );
        let f = app.func::<Wide, (u64,)>(Some(SOURCE), "wide");
        let params = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, data);
        assert_eq!(app.call(f, params).unwrap().0, expected(100_000) + 136);
    });
}

#[test]
fn ends_nested_in_results_wasi_shapes() {
    in_rounds(|app| {
        // wasi:cli/stdin's `read-via-stream`: a tuple of a stream and a
        // future of a result.
        type Pair = (StreamReader<u8>, FutureReader<Result<(), ErrorCode>>);
        for (n, chunk) in [(0u32, 1u32), (7, 3), (200_000, 65_536)] {
            let f = app.func::<(u32, u32), (Pair,)>(Some(SOURCE), "read-via-stream");
            let (read, outcome) = block_on(app.store.run_concurrent(async move |a| {
                let ((data, done),) = f.call_concurrent(a, (n, chunk)).await?;
                let read = drain(a, data, u64::MAX).await?;
                let outcome = value_of(a, done).await?;
                wasmtime::Result::<_>::Ok((read, outcome))
            }))
            .unwrap()
            .unwrap();
            assert_eq!((read.0, read.2), (u64::from(n), 0), "{n}");
            assert_eq!(read.0 << 32 | read.1, expected(u64::from(n)));
            let want = if n % 2 == 1 {
                Err(ErrorCode::Pipe)
            } else {
                Ok(())
            };
            assert_eq!(outcome, want, "{n}");
        }
        // wasi:sockets' `listen`: a stream in a result, or an error.
        for n in [0u32, 5000] {
            let f =
                app.func::<(u32,), (Result<StreamReader<u8>, ErrorCode>,)>(Some(SOURCE), "listen");
            let got = block_on(app.store.run_concurrent(async move |a| {
                let (r,) = f.call_concurrent(a, (n,)).await?;
                wasmtime::Result::<_>::Ok(match r {
                    Ok(s) => Ok(drain(a, s, u64::MAX).await?),
                    Err(e) => Err(e),
                })
            }))
            .unwrap()
            .unwrap();
            match got {
                Ok((count, sum, bad)) => {
                    assert_eq!((count << 32 | sum, bad), (expected(u64::from(n)), 0));
                }
                Err(e) => assert_eq!((n, e), (0, ErrorCode::Io)),
            }
        }
        // 17 flat values: `[task-return]` takes the result by pointer.
        let f = app.func::<(u32, u32), (WideOut,)>(Some(SOURCE), "widen");
        let (numbers, read) = block_on(app.store.run_concurrent(async move |a| {
            let (w,) = f.call_concurrent(a, (100, 70_000)).await?;
            let numbers = [
                w.a, w.b, w.c, w.d, w.e, w.f, w.g, w.h, w.i, w.j, w.k, w.l, w.m, w.n, w.o, w.p,
            ];
            let read = drain(a, w.data, u64::MAX).await?;
            wasmtime::Result::<_>::Ok((numbers, read))
        }))
        .unwrap()
        .unwrap();
        assert_eq!(numbers, std::array::from_fn(|i| 100 + i as u32));
        assert_eq!((read.0 << 32 | read.1, read.2), (expected(70_000), 0));
        // The host drops both ends of `read-via-stream` early.
        let f = app.func::<(u32, u32), (Pair,)>(Some(SOURCE), "read-via-stream");
        let read = block_on(app.store.run_concurrent(async move |a| {
            let ((data, mut done),) = f.call_concurrent(a, (200_000, 4096)).await?;
            a.with(|mut store| done.close(&mut store))?;
            drain(a, data, 500).await
        }))
        .unwrap()
        .unwrap();
        assert_eq!((read.0, read.2), (500, 0));
    });
}
