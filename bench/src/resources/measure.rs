//! Runs the caller module's exports in wasmtime: wall time per iteration
//! (median and spread of several runs on one warm instance) and wasm
//! instructions per iteration (fuel, on a fresh instance).

use std::time::Instant;
use weld_harness::wasmtime::{Config, Result};
use weld_harness::{CoreModule, Guest, Options};

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

/// A fresh, initialised instance of `module` (stderr inherited; all the
/// fuel there is when `fuel`, for an engine that consumes fuel).
fn guest(module: &CoreModule, fuel: bool) -> Result<Guest> {
    module.guest(&Options::measuring(fuel))
}

/// Wall time of `export` per iteration over `runs` runs.
fn time(module: &CoreModule, export: &str, n: u32, runs: usize) -> Result<(f64, f64)> {
    let mut guest = guest(module, false)?;
    guest.call_u32(export, Some(n))?; // warm-up
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            guest.call_u32(export, Some(n))?;
            Ok(t.elapsed().as_secs_f64() * 1e9 / f64::from(n))
        })
        .collect::<Result<_>>()?;
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    Ok((median, (samples[samples.len() - 1] - samples[0]) / median))
}

/// Wasm instructions of `export` per iteration.
fn instructions(module: &CoreModule, export: &str, n: u32) -> Result<f64> {
    let mut guest = guest(module, true)?;
    let before = guest.fuel_used()?;
    guest.call_u32(export, Some(n))?;
    Ok((guest.fuel_used()? - before) as f64 / f64::from(n))
}

/// Measures `export` of `wasm`.
pub fn cost(wasm: &[u8], export: &str, n: u32, runs: usize) -> Result<Cost> {
    let module = CoreModule::new(wasm, &Config::new())?;
    let (ns, spread) = time(&module, export, n, runs)?;
    let fuel_module = CoreModule::new(wasm, Config::new().consume_fuel(true))?;
    let instrs = instructions(&fuel_module, export, n)?;
    Ok(Cost { ns, spread, instrs })
}

/// Checks that both exports of `case` compute the same result.
pub fn same_result(wasm: &[u8], case: &Case) -> Result<bool> {
    let mut guest = guest(&CoreModule::new(wasm, &Config::new())?, false)?;
    Ok(guest.call_u32(case.weld, Some(1000))? == guest.call_u32(case.direct, Some(1000))?)
}
