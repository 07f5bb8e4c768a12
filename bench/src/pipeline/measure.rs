//! The wasmtime measurements of the builds of the pipeline, taken in
//! turns: each timed run or repeat of one build is followed by the same
//! of the next, so that a change in the shared machine's load falls on
//! every build alike.

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
    /// Throughput for each of [`CHUNKS`], the bytes changed and summed
    /// (`touch`), then the same untouched.
    pub throughput: Vec<Throughput>,
    /// The first run on a fresh instance, in buffers of [`CHUNK`] (its
    /// report holds the copy figures).
    pub outcome: Outcome,
}

/// MiB/s through the pipeline with buffers of one size, touched or not.
#[derive(Debug, Clone, Copy)]
pub struct Throughput {
    /// The buffer size (and the room each read offers), bytes.
    pub chunk: u32,
    /// Whether the transformer changed and the consumer summed the bytes
    /// (else no stage reads or changes a byte after the producer: the
    /// streams alone).
    pub touch: bool,
    /// Over wall time.
    pub wall: Spread,
    /// Over the CPU time (user and system) of the thread that calls `run`,
    /// which runs the whole pipeline: what the machine's other work takes
    /// from the wall time is left out.
    pub cpu: Spread,
}

/// One build, compiled, with a live instance.
struct Build {
    title: &'static str,
    structure: Structure,
    prepared: Prepared,
    live: Live,
}

/// Measures the components `builds` (path, column title) as `plan` says,
/// in turns.
pub fn builds(builds: &[(&Path, &'static str)], plan: &Plan) -> Result<Vec<Measured>> {
    let mut all = Vec::new();
    let mut outcomes = Vec::new();
    for &(path, title) in builds {
        eprintln!("weld-bench async: {title}: compiling, first run");
        let prepared = Prepared::load(path, &Config::new())?;
        let mut live = Live::new(&prepared, plan.total)?;
        outcomes.push(live.run(CHUNK, true)?);
        let structure = structure::read(&std::fs::read(path)?)?;
        all.push(Build {
            title,
            structure,
            prepared,
            live,
        });
    }
    let mut throughput = vec![Vec::new(); all.len()];
    for touch in [true, false] {
        for &chunk in CHUNKS {
            eprintln!("weld-bench async: throughput, buffers of {chunk} bytes, touch {touch}");
            let each = mib_per_s(&mut all, chunk, touch, plan.runs)?;
            for (t, one) in throughput.iter_mut().zip(each) {
                t.push(one);
            }
        }
    }
    eprintln!("weld-bench async: instantiation");
    let instantiate_us = instantiate(&all, plan.instantiations)?;
    Ok(all
        .into_iter()
        .zip(outcomes)
        .zip(throughput.into_iter().zip(instantiate_us))
        .map(|((b, outcome), (throughput, instantiate_us))| Measured {
            title: b.title,
            structure: b.structure,
            instantiate_us,
            throughput,
            outcome,
        })
        .collect())
}

/// A live instance with its `run` export, and the bytes per run.
struct Live {
    store: Store<Host>,
    run: TypedFunc<(u64, u32, bool), (String,)>,
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
    /// `run` is an async export, and only an async call can wait for it.
    fn run(&mut self, chunk: u32, touch: bool) -> Result<Outcome> {
        let params = (self.total, chunk, touch);
        let (report,) = block_on(self.run.call_async(&mut self.store, params))?;
        let outcome = Outcome::parse(&report)?;
        outcome.check(self.total, chunk, touch)?;
        Ok(outcome)
    }

    /// MiB/s of one run over wall time and over the thread's CPU time.
    fn timed(&mut self, chunk: u32, touch: bool) -> Result<(f64, f64)> {
        let (t, cpu) = (Instant::now(), thread_cpu_s());
        self.run(chunk, touch)?;
        let (wall, cpu) = (t.elapsed().as_secs_f64(), thread_cpu_s() - cpu);
        let mib = self.total as f64 / f64::from(1 << 20);
        Ok((mib / wall, mib / cpu))
    }
}

/// The throughput of each build over `runs` timed runs in turns, after
/// one untimed run each.
fn mib_per_s(all: &mut [Build], chunk: u32, touch: bool, runs: usize) -> Result<Vec<Throughput>> {
    let mut samples = vec![(Vec::new(), Vec::new()); all.len()];
    for b in all.iter_mut() {
        b.live.run(chunk, touch)?;
    }
    for _ in 0..runs {
        for (b, (wall, cpu)) in all.iter_mut().zip(&mut samples) {
            let (w, c) = b.live.timed(chunk, touch)?;
            wall.push(w);
            cpu.push(c);
        }
    }
    Ok(samples
        .into_iter()
        .map(|(wall, cpu)| Throughput {
            chunk,
            touch,
            wall: Spread::of(wall),
            cpu: Spread::of(cpu),
        })
        .collect())
}

/// The CPU time (user and system) the calling thread has used, seconds.
fn thread_cpu_s() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable `timespec` for the duration of the
    // call, and CLOCK_THREAD_CPUTIME_ID is a clock every Linux has.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// For each build, the median of `per` instantiations per repeat,
/// `repeats` times in turns; the spread is over repeats.
fn instantiate(all: &[Build], (per, repeats): (usize, usize)) -> Result<Vec<Spread>> {
    let mut medians = vec![Vec::new(); all.len()];
    for _ in 0..repeats {
        for (b, m) in all.iter().zip(&mut medians) {
            let mut samples = Vec::new();
            for _ in 0..per {
                let mut store = b.prepared.store(Host::silent());
                let t = Instant::now();
                b.prepared.instantiate(&mut store)?;
                samples.push(t.elapsed().as_secs_f64() * 1e6);
            }
            m.push(Spread::of(samples).median);
        }
    }
    Ok(medians.into_iter().map(Spread::of).collect())
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
