//! Runs the caller module's exports in wasmtime: wall time per iteration
//! (median and spread of several runs on one warm instance) and wasm
//! instructions per iteration (fuel, on a fresh instance).

use std::time::Instant;
use wasmtime::{Config, Engine, Instance, Linker, Module, Result, Store};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::WasiP1Ctx;

/// One measured loop: an export and its iteration count.
pub struct Case {
    /// What the row says.
    pub name: &'static str,
    /// The export doing it through weld's resource glue.
    pub weld: &'static str,
    /// The export doing it with direct Rust calls.
    pub direct: &'static str,
    /// Iterations per run.
    pub iters: u32,
}

/// The cases, in table order.
pub const CASES: &[Case] = &[
    Case {
        name: "method call (`counter.add`)",
        weld: "method-n",
        direct: "direct-n",
        iters: 2_000_000,
    },
    Case {
        name: "create, one call, drop",
        weld: "create-drop-n",
        direct: "direct-create-drop-n",
        iters: 300_000,
    },
];

/// Time and instructions of one export.
#[derive(Clone, Copy)]
pub struct Cost {
    /// Median nanoseconds per iteration.
    pub ns: f64,
    /// (max - min) / median of the runs.
    pub spread: f64,
    /// Wasm instructions (fuel) per iteration.
    pub instrs: f64,
}

struct Guest {
    store: Store<WasiP1Ctx>,
    instance: Instance,
}

impl Guest {
    fn new(engine: &Engine, module: &Module, fuel: bool) -> Result<Guest> {
        let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |cx| cx)?;
        let mut store = Store::new(engine, WasiCtxBuilder::new().inherit_stderr().build_p1());
        if fuel {
            store.set_fuel(u64::MAX)?;
        }
        let instance = linker.instantiate(&mut store, module)?;
        if let Some(init) = instance.get_func(&mut store, "_initialize") {
            init.typed::<(), ()>(&store)?.call(&mut store, ())?;
        }
        Ok(Guest { store, instance })
    }

    fn call(&mut self, export: &str, n: u32) -> Result<u32> {
        let f = self
            .instance
            .get_typed_func::<i32, i32>(&mut self.store, export)?;
        Ok(f.call(&mut self.store, n as i32)? as u32)
    }
}

/// Wall time of `export` per iteration over `runs` runs.
fn time(engine: &Engine, module: &Module, export: &str, n: u32, runs: usize) -> Result<(f64, f64)> {
    let mut guest = Guest::new(engine, module, false)?;
    guest.call(export, n)?; // warm-up
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            guest.call(export, n)?;
            Ok(t.elapsed().as_secs_f64() * 1e9 / f64::from(n))
        })
        .collect::<Result<_>>()?;
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    Ok((median, (samples[samples.len() - 1] - samples[0]) / median))
}

/// Wasm instructions of `export` per iteration.
fn instructions(engine: &Engine, module: &Module, export: &str, n: u32) -> Result<f64> {
    let mut guest = Guest::new(engine, module, true)?;
    let before = guest.store.get_fuel()?;
    guest.call(export, n)?;
    Ok((before - guest.store.get_fuel()?) as f64 / f64::from(n))
}

/// Measures `export` of `wasm`.
pub fn cost(wasm: &[u8], export: &str, n: u32, runs: usize) -> Result<Cost> {
    let engine = Engine::default();
    let module = Module::new(&engine, wasm)?;
    let (ns, spread) = time(&engine, &module, export, n, runs)?;
    let fuel_engine = Engine::new(Config::new().consume_fuel(true))?;
    let fuel_module = Module::new(&fuel_engine, wasm)?;
    let instrs = instructions(&fuel_engine, &fuel_module, export, n)?;
    Ok(Cost { ns, spread, instrs })
}

/// Checks that both exports of `case` compute the same result.
pub fn same_result(wasm: &[u8], case: &Case) -> Result<bool> {
    let engine = Engine::default();
    let module = Module::new(&engine, wasm)?;
    let mut guest = Guest::new(&engine, &module, false)?;
    Ok(guest.call(case.weld, 1000)? == guest.call(case.direct, 1000)?)
}
