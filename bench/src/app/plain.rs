//! The floor column: bench/app-plain (plain Rust calls in one core module)
//! in wasmtime's core API.

use super::stats::Spread;
use std::path::Path;
use std::time::Instant;
use weld_harness::wasmtime::{Config, Engine, Linker, Module, Result, Store, TypedFunc};
use weld_harness::{CoreModule, Guest, Options};

/// What was measured for the plain module.
pub struct Plain {
    /// Module size in bytes.
    pub bytes: usize,
    /// Instantiation from `InstancePre`, microseconds.
    pub instantiate_us: Spread,
    /// ns per call, in `Wasmtime::crossing_ns` order.
    pub crossing_ns: [Spread; 4],
}

/// The plain module's instance, with the calls the measurements make.
struct Loaded(Guest);

impl Loaded {
    /// Copies `bytes` into guest memory; returns the guest address.
    fn put(&mut self, bytes: &[u8]) -> Result<u32> {
        let alloc = self.0.typed::<u32, u32>("plain_alloc")?;
        let p = self.0.call(&alloc, bytes.len() as u32)?;
        self.0.write(p, bytes)?;
        Ok(p)
    }

    /// ns per call of `func(ptr, len, n)`, as in wasmtime_bench.
    fn per_call(&mut self, func: &str, ptr: u32, len: u32, n: u32, want: u64) -> Result<Spread> {
        let f: TypedFunc<(u32, u32, u32), u64> = self.0.typed(func)?;
        let guest = &mut self.0;
        let mut time = |n: u32| -> Result<f64> {
            let t = Instant::now();
            let got = guest.call(&f, (ptr, len, n))?;
            let ns = t.elapsed().as_secs_f64() * 1e9;
            assert_eq!(got, want * u64::from(n), "{func} result");
            Ok(ns)
        };
        time(n)?;
        let mut samples = Vec::new();
        for _ in 0..5 {
            let empty = time(0)?;
            let full = time(n)?;
            samples.push((full - empty).max(0.0) / f64::from(n));
        }
        Ok(Spread::of(samples))
    }
}

/// Measures the plain module at `path`.
pub fn measure(path: &Path) -> Result<Plain> {
    let module = CoreModule::load(path, &Config::new())?;
    let mut medians = Vec::new();
    for _ in 0..5 {
        let mut samples = Vec::new();
        for _ in 0..200 {
            let mut s = module.store(&Options::default())?;
            let t = Instant::now();
            module.instantiate(&mut s)?;
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        medians.push(Spread::of(samples).median);
    }
    let mut l = Loaded(module.guest(&Options::default())?);
    let small = "x".repeat(16);
    let big = "x".repeat(64 * 1024);
    let xs16: Vec<u32> = (0..16).collect();
    let xs16k: Vec<u32> = (0..16_384).collect();
    let as_bytes = |xs: &[u32]| xs.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let total = |xs: &[u32]| xs.iter().map(|&x| u64::from(x)).sum::<u64>();
    let (p1, p2) = (l.put(small.as_bytes())?, l.put(big.as_bytes())?);
    let (p3, p4) = (l.put(&as_bytes(&xs16))?, l.put(&as_bytes(&xs16k))?);
    Ok(Plain {
        bytes: std::fs::metadata(path)?.len() as usize,
        instantiate_us: Spread::of(medians),
        crossing_ns: [
            l.per_call("plain_echo_n", p1, 16, 20_000, 16)?,
            l.per_call("plain_echo_n", p2, 65_536, 200, 65_536)?,
            l.per_call("plain_sum_n", p3, 16, 20_000, total(&xs16))?,
            l.per_call("plain_sum_n", p4, 16_384, 200, total(&xs16k))?,
        ],
    })
}

/// Runs the 16 B echo loop of the plain module at `path` until `until`
/// (for `perf`; see super::profile).
pub fn spin(path: &Path, config: &Config, until: impl Fn() -> Instant) -> Result<()> {
    let mut l = Loaded(CoreModule::load(path, config)?.guest(&Options::default())?);
    let p = l.put(b"xxxxxxxxxxxxxxxx")?;
    let f: TypedFunc<(u32, u32, u32), u64> = l.0.typed("plain_echo_n")?;
    let until = until();
    while Instant::now() < until {
        l.0.call(&f, (p, 16, 100_000))?;
    }
    Ok(())
}

/// Instantiates the plain module at `path` from an `InstancePre` in a loop
/// until `until`, a fresh store each time (for `perf`; see super::profile).
pub fn spin_instantiate(path: &Path, config: &Config, until: impl Fn() -> Instant) -> Result<()> {
    let module = CoreModule::load(path, config)?;
    let until = until();
    while Instant::now() < until {
        for _ in 0..100 {
            let mut store = module.store(&Options::default())?;
            module.instantiate(&mut store)?;
        }
    }
    Ok(())
}

/// A component's main core module (`path`, extracted) instantiated with
/// wasmtime's core API, its imports defined as traps, from an
/// `InstancePre`: median µs per repeat without and with calling its
/// `_initialize` export (what the component does on instantiation). For
/// `--instantiation-core`: which part of a component's instantiation the
/// module itself costs.
pub fn core_instantiation(path: &Path) -> Result<(Spread, Spread)> {
    let engine = Engine::default();
    let module = Module::from_file(&engine, path)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.define_unknown_imports_as_traps(&module)?;
    let pre = linker.instantiate_pre(&module)?;
    // 0: instantiation only; 1: and `_initialize`; 2: and, instead, the
    // host writing one byte at `poke` (a page fault on the memory image).
    let time = |mode: u8, poke: usize| -> Result<Spread> {
        let mut medians = Vec::new();
        for _ in 0..5 {
            let mut samples = Vec::new();
            for _ in 0..200 {
                let mut store = Store::new(&engine, ());
                let t = Instant::now();
                let instance = pre.instantiate(&mut store)?;
                if mode == 1 {
                    instance
                        .get_typed_func::<(), ()>(&mut store, "_initialize")?
                        .call(&mut store, ())?;
                } else if mode == 3 {
                    let memory = instance
                        .get_memory(&mut store, "memory")
                        .ok_or_else(|| weld_harness::wasmtime::format_err!("no memory"))?;
                    memory.write(&mut store, poke, &[0])?;
                    let f = instance.get_typed_func::<(), ()>(&mut store, "_initialize")?;
                    let t2 = Instant::now();
                    f.call(&mut store, ())?;
                    samples.push(t2.elapsed().as_secs_f64() * 1e6);
                    continue;
                } else if mode == 2 {
                    let memory = instance
                        .get_memory(&mut store, "memory")
                        .ok_or_else(|| weld_harness::wasmtime::format_err!("no memory"))?;
                    memory.write(&mut store, poke, &[1])?;
                }
                samples.push(t.elapsed().as_secs_f64() * 1e6);
            }
            medians.push(Spread::of(samples).median);
        }
        Ok(Spread::of(medians))
    };
    if let Ok(poke) = std::env::var("POKE") {
        let poke = usize::from_str_radix(poke.trim_start_matches("0x"), 16)?;
        eprintln!("host write at {poke:#x}: {} µs", time(2, poke)?.show(""));
        eprintln!(
            "`_initialize` alone after that write: {} µs",
            time(3, poke)?.show("")
        );
    }
    Ok((time(0, 0)?, time(1, 0)?))
}
