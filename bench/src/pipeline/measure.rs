//! The wasmtime measurements of one build of the pipeline.

use super::outcome::Outcome;
use super::{CHUNK, CHUNKS, Plan};
use crate::app::stats::Spread;
use crate::app::structure::{self, Structure};
use std::path::Path;
use std::task::{Context, Poll, Waker};
use std::time::Instant;
use weld_harness::component::{Host, Prepared};
use weld_harness::wasmtime::component::TypedFunc;
use weld_harness::wasmtime::{Config, Result, Store};

/// Everything measured for one build.
pub struct Measured {
    /// Column title.
    pub title: &'static str,
    /// From the component's bytes.
    pub structure: Structure,
    /// Instantiation from `InstancePre`, microseconds (the median of each
    /// repeat; the spread is over repeats).
    pub instantiate_us: Spread,
    /// MiB/s through the pipeline for each of [`CHUNKS`].
    pub throughput: Vec<(u32, Spread)>,
    /// The first run on a fresh instance, in buffers of [`CHUNK`] (its
    /// report holds the copy figures).
    pub outcome: Outcome,
}

/// Measures the component at `path` as `plan` says.
pub fn variant(path: &Path, title: &'static str, plan: &Plan) -> Result<Measured> {
    let prepared = Prepared::load(path, &Config::new())?;
    let mut live = Live::new(&prepared, plan.total)?;
    let outcome = live.run(CHUNK)?;
    let mut throughput = Vec::new();
    for &chunk in CHUNKS {
        throughput.push((chunk, mib_per_s(&mut live, chunk, plan.runs)?));
    }
    Ok(Measured {
        title,
        structure: structure::read(&std::fs::read(path)?)?,
        instantiate_us: instantiate(&prepared, plan.instantiations)?,
        throughput,
        outcome,
    })
}

/// A live instance with its `run` export, and the bytes per run.
struct Live {
    store: Store<Host>,
    run: TypedFunc<(u64, u32), (String,)>,
    total: u64,
}

impl Live {
    fn new(prepared: &Prepared, total: u64) -> Result<Live> {
        let mut store = prepared.store(Host::silent());
        let instance = prepared.instantiate(&mut store)?;
        let run = instance.get_typed_func(&mut store, "run")?;
        Ok(Live { store, run, total })
    }

    /// One run over `total` bytes in buffers of `chunk`, checked. Called
    /// with `call_async` (both builds alike): the shared-nothing app's
    /// `block_on` waits in `waitable-set.wait`, which suspends the calling
    /// fiber, and only an async call runs on one.
    fn run(&mut self, chunk: u32) -> Result<Outcome> {
        let (report,) = block_on(self.run.call_async(&mut self.store, (self.total, chunk)))?;
        let outcome = Outcome::parse(&report)?;
        outcome.check(self.total, chunk)?;
        Ok(outcome)
    }
}

/// MiB/s over `runs` timed runs after one untimed.
fn mib_per_s(live: &mut Live, chunk: u32, runs: usize) -> Result<Spread> {
    live.run(chunk)?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        live.run(chunk)?;
        samples.push(live.total as f64 / (1 << 20) as f64 / t.elapsed().as_secs_f64());
    }
    Ok(Spread::of(samples))
}

/// The median of `per` instantiations per repeat, `repeats` times; the
/// spread is over repeats.
fn instantiate(prepared: &Prepared, (per, repeats): (usize, usize)) -> Result<Spread> {
    let mut medians = Vec::new();
    for _ in 0..repeats {
        let mut samples = Vec::new();
        for _ in 0..per {
            let mut store = prepared.store(Host::silent());
            let t = Instant::now();
            prepared.instantiate(&mut store)?;
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        medians.push(Spread::of(samples).median);
    }
    Ok(Spread::of(medians))
}

/// Polls `future` until it is ready. wasmtime's async call of the
/// pipeline waits on nothing outside the store (no host I/O: every stream
/// operation is completed by the store's own event loop), so a wake-up is
/// never needed, only polling again.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
