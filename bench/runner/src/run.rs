//! Runs a guest module in wasmtime: wall time per workload (median and
//! spread of several runs), wasm instructions executed (fuel), and memory
//! growth on the fragmentation workload. Each measurement gets a fresh
//! instance, so one workload's heap state never affects another's.

use std::time::Instant;
use wasmtime::{Config, Engine, Instance, Linker, Module, Result, Store};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::WasiP1Ctx;

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

struct Guest {
    store: Store<WasiP1Ctx>,
    instance: Instance,
}

impl Guest {
    fn new(engine: &Engine, module: &Module, fuel: bool) -> Result<Guest> {
        let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |cx| cx)?;
        let wasi = WasiCtxBuilder::new().inherit_stderr().build_p1();
        let mut store = Store::new(engine, wasi);
        if fuel {
            store.set_fuel(u64::MAX)?;
        }
        let instance = linker.instantiate(&mut store, module)?;
        // weld's runtime defines `_initialize` (then exports do not run the
        // constructors themselves); call it as hosts do.
        if let Some(init) = instance.get_func(&mut store, "_initialize") {
            init.typed::<(), ()>(&store)?.call(&mut store, ())?;
        }
        Ok(Guest { store, instance })
    }

    fn call(&mut self, export: &str, arg: u32) -> Result<u32> {
        let f = self
            .instance
            .get_typed_func::<i32, i32>(&mut self.store, export)?;
        Ok(f.call(&mut self.store, arg as i32)? as u32)
    }

    fn call0(&mut self, export: &str) -> Result<u32> {
        let f = self
            .instance
            .get_typed_func::<(), i32>(&mut self.store, export)?;
        Ok(f.call(&mut self.store, ())? as u32)
    }
}

fn fuel_engine() -> Result<Engine> {
    let mut config = Config::new();
    config.consume_fuel(true);
    Engine::new(&config)
}

/// Measures every module in `modules`. The timed runs are interleaved (run
/// 1 of every module, then run 2, ...), so that load from other processes
/// on a shared machine spreads over all allocators alike.
pub fn measure(modules: &[Vec<u8>], runs: usize) -> Result<Vec<Run>> {
    let engine = Engine::default();
    let compiled: Vec<Module> = modules
        .iter()
        .map(|b| Module::new(&engine, b))
        .collect::<Result<_>>()?;
    // samples[module][workload] = run times in ms
    let mut samples = vec![vec![Vec::with_capacity(runs); WORKLOADS.len()]; modules.len()];
    let mut guests: Vec<Vec<Guest>> = Vec::new();
    for module in &compiled {
        let mut per = Vec::new();
        for w in WORKLOADS {
            let mut guest = Guest::new(&engine, module, false)?;
            guest.call(w.export, w.iters)?; // warm-up: the heap reaches its size
            per.push(guest);
        }
        guests.push(per);
    }
    for _ in 0..runs {
        for (m, per) in guests.iter_mut().enumerate() {
            for (i, (w, guest)) in WORKLOADS.iter().zip(per.iter_mut()).enumerate() {
                let t = Instant::now();
                guest.call(w.export, w.iters)?;
                samples[m][i].push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let fuel_engine = fuel_engine()?;
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
        let fuel_module = Module::new(&fuel_engine, bytes)?;
        let mut fuel = Vec::new();
        for w in WORKLOADS {
            let mut guest = Guest::new(&fuel_engine, &fuel_module, true)?;
            guest.call(w.export, w.iters)?;
            fuel.push(u64::MAX - guest.store.get_fuel()?);
        }
        let mut guest = Guest::new(&engine, &compiled[m], false)?;
        let frag_pages = guest.call("bench_frag", FRAG_ROUNDS)?;
        let frag_live = guest.call0("bench_frag_peak")?;
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
    let bytes = std::fs::read(path)
        .map_err(|e| wasmtime::format_err!("reading {}: {e}", path.display()))?;
    let engine = Engine::default();
    let module = Module::new(&engine, &bytes)?;
    let mut calls = Vec::new();
    for w in WORKLOADS {
        let mut guest = Guest::new(&engine, &module, false)?;
        guest.call0("bench_ops")?;
        guest.call(w.export, w.iters)?;
        calls.push(u64::from(guest.call0("bench_ops")?));
    }
    Ok(Ops { calls })
}
