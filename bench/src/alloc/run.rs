//! Runs a guest module in wasmtime: wall time per workload (median and
//! spread of several runs), wasm instructions executed (fuel), and memory
//! growth on the fragmentation workload. Each measurement gets a fresh
//! instance, so one workload's heap state never affects another's.

use std::time::Instant;
use weld_harness::wasmtime::{Config, Result};
use weld_harness::{CoreModule, Guest, Options};

/// One timed workload: its export and argument (iterations).
pub struct Workload {
    /// Short name for the table.
    pub name: &'static str,
    /// The guest export.
    pub export: &'static str,
    /// Its argument.
    pub iters: u32,
}

/// The throughput workloads (see bench/guest/src/lib.rs).
pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "app-like",
        export: "bench_app",
        iters: 3_000,
    },
    Workload {
        name: "mix",
        export: "bench_mix",
        iters: 20_000,
    },
    Workload {
        name: "small churn",
        export: "bench_churn",
        iters: 200_000,
    },
];

/// Rounds of the fragmentation workload.
const FRAG_ROUNDS: u32 = 8;

/// Median wall time of one workload.
pub struct Timing {
    /// Median in milliseconds.
    pub median_ms: f64,
    /// (max - min) / median.
    pub spread: f64,
}

/// Everything measured by running one module.
pub struct Run {
    /// Per workload.
    pub times: Vec<Timing>,
    /// Wasm instructions (fuel) per workload, one run on a fresh instance.
    pub fuel: Vec<u64>,
    /// Pages memory grew by during the fragmentation workload.
    pub frag_pages: u32,
    /// Peak live bytes of the fragmentation workload.
    pub frag_live: u32,
}

/// Allocator calls per workload (from the counting build).
pub struct Ops {
    /// Per workload, in [`WORKLOADS`] order.
    pub calls: Vec<u64>,
}

/// A fresh, initialised instance of `module` (stderr inherited; all the
/// fuel there is when `fuel`, for an engine that consumes fuel).
fn guest(module: &CoreModule, fuel: bool) -> Result<Guest> {
    module.guest(&Options::measuring(fuel))
}

/// Measures every module in `modules`. The timed runs are interleaved (run
/// 1 of every module, then run 2, ...), so that load from other processes
/// on a shared machine spreads over all allocators alike.
pub fn measure(modules: &[Vec<u8>], runs: usize) -> Result<Vec<Run>> {
    let compiled: Vec<CoreModule> = modules
        .iter()
        .map(|b| CoreModule::new(b, &Config::new()))
        .collect::<Result<_>>()?;
    // samples[module][workload] = run times in ms
    let mut samples = vec![vec![Vec::with_capacity(runs); WORKLOADS.len()]; modules.len()];
    let mut guests: Vec<Vec<Guest>> = Vec::new();
    for module in &compiled {
        let mut per = Vec::new();
        for w in WORKLOADS {
            let mut guest = guest(module, false)?;
            guest.call_u32(w.export, Some(w.iters))?; // warm-up: the heap reaches its size
            per.push(guest);
        }
        guests.push(per);
    }
    for _ in 0..runs {
        for (m, per) in guests.iter_mut().enumerate() {
            for (i, (w, guest)) in WORKLOADS.iter().zip(per.iter_mut()).enumerate() {
                let t = Instant::now();
                guest.call_u32(w.export, Some(w.iters))?;
                samples[m][i].push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let mut fuel_config = Config::new();
    fuel_config.consume_fuel(true);
    let mut out = Vec::new();
    for (m, bytes) in modules.iter().enumerate() {
        let times = samples[m]
            .iter_mut()
            .map(|ms| {
                ms.sort_by(f64::total_cmp);
                let median = ms[ms.len() / 2];
                Timing {
                    median_ms: median,
                    spread: (ms[ms.len() - 1] - ms[0]) / median,
                }
            })
            .collect();
        let fuel_module = CoreModule::new(bytes, &fuel_config)?;
        let mut fuel = Vec::new();
        for w in WORKLOADS {
            let mut guest = guest(&fuel_module, true)?;
            guest.call_u32(w.export, Some(w.iters))?;
            fuel.push(guest.fuel_used()?);
        }
        let mut guest = guest(&compiled[m], false)?;
        let frag_pages = guest.call_u32("bench_frag", Some(FRAG_ROUNDS))?;
        let frag_live = guest.call_u32("bench_frag_peak", None)?;
        out.push(Run {
            times,
            fuel,
            frag_pages,
            frag_live,
        });
    }
    Ok(out)
}

/// Counts allocator calls per workload with the counting build.
pub fn count_ops(path: &std::path::Path) -> Result<Ops> {
    let module = CoreModule::load(path, &Config::new())?;
    let mut calls = Vec::new();
    for w in WORKLOADS {
        let mut guest = guest(&module, false)?;
        guest.call_u32("bench_ops", None)?;
        guest.call_u32(w.export, Some(w.iters))?;
        calls.push(u64::from(guest.call_u32("bench_ops", None)?));
    }
    Ok(Ops { calls })
}
