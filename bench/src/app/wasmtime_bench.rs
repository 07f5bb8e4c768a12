//! The wasmtime measurements of one variant.

use super::engine::{App, Live};
use super::stats::Spread;
use std::path::Path;
use std::time::Instant;
use weld_harness::wasmtime::Result;

/// The input of `run` (the same as the functional test's).
pub const RUN_INPUT: &str = "the quick brown fox jumps over the lazy dog the end";

/// What was measured in wasmtime.
#[derive(Debug, Clone)]
pub struct Wasmtime {
    /// Instantiation from `InstancePre`, microseconds.
    pub instantiate_us: Spread,
    /// Resident memory per live instance, KiB, with [`HELD`] held.
    pub rss_kib: Spread,
    /// Virtual memory per live instance, MiB, with [`HELD`] held.
    pub virt_mib: Spread,
    /// The resident memory per live instance by kind (KiB, from
    /// `/proc/self/smaps`): linear memories' private pages, their image
    /// pages only read (shared page cache), everything else (wasmtime's own
    /// per-instance allocations).
    pub rss_split_kib: [Spread; 3],
    /// One `run`, microseconds.
    pub run_us: Spread,
    /// ns per internal crossing: echo-n 16 B, echo-n 64 KiB, sum-n 16,
    /// sum-n 16,384.
    pub crossing_ns: [Spread; 4],
    /// `echo` (16 B) calls per second from the host.
    pub calls_per_s: Spread,
}

/// Instances held for the memory figures.
pub const HELD: usize = 1000;

/// Repeats of each measurement (the spread is over these).
const REPEATS: usize = 5;

/// Measures the component at `path`.
pub fn measure(path: &Path) -> Result<Wasmtime> {
    let app = App::load(path)?;
    let (rss_kib, virt_mib, rss_split_kib) = held_memory(&app)?;
    let mut live = app.live()?;
    Ok(Wasmtime {
        instantiate_us: instantiate(&app)?,
        rss_kib,
        virt_mib,
        rss_split_kib,
        run_us: run(&mut live)?,
        crossing_ns: [
            echo_crossing(&mut live, 16, 20_000)?,
            echo_crossing(&mut live, 64 * 1024, 200)?,
            sum_crossing(&mut live, 16, 20_000)?,
            sum_crossing(&mut live, 16_384, 200)?,
        ],
        calls_per_s: calls_per_s(&mut live)?,
    })
}

/// Median of 200 instantiations per repeat; the spread is over repeats.
pub fn instantiate(app: &App) -> Result<Spread> {
    let mut medians = Vec::new();
    for _ in 0..REPEATS {
        let mut samples = Vec::new();
        for _ in 0..200 {
            let mut store = app.store();
            let t = Instant::now();
            app.instantiate(&mut store)?;
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        medians.push(Spread::of(samples).median);
    }
    Ok(Spread::of(medians))
}

/// Resident and virtual growth of the process per instance, with [`HELD`]
/// instances alive, each having run once; and the resident growth split by
/// kind of mapping.
fn held_memory(app: &App) -> Result<(Spread, Spread, [Spread; 3])> {
    let (mut rss, mut virt) = (Vec::new(), Vec::new());
    let mut split: [Vec<f64>; 3] = Default::default();
    for _ in 0..3 {
        let before = super::proc_mem::now()?;
        let split_before = super::proc_mem::split()?;
        let mut held = Vec::with_capacity(HELD);
        for _ in 0..HELD {
            let mut live = app.live()?;
            live.run.call(&mut live.store, (RUN_INPUT.to_string(),))?;
            held.push(live);
        }
        let after = super::proc_mem::now()?;
        let split_after = super::proc_mem::split()?;
        drop(held);
        rss.push((after.rss_kib - before.rss_kib) as f64 / HELD as f64);
        virt.push((after.virt_kib - before.virt_kib) as f64 / 1024.0 / HELD as f64);
        let per = |a: u64, b: u64| (a as f64 - b as f64) / HELD as f64;
        split[0].push(per(
            split_after.linear_private_kib,
            split_before.linear_private_kib,
        ));
        split[1].push(per(
            split_after.linear_image_kib,
            split_before.linear_image_kib,
        ));
        split[2].push(per(split_after.other_kib, split_before.other_kib));
    }
    Ok((Spread::of(rss), Spread::of(virt), split.map(Spread::of)))
}

/// One `run` on a warm instance, microseconds (median of 100 per repeat).
fn run(live: &mut Live) -> Result<Spread> {
    let mut medians = Vec::new();
    for _ in 0..REPEATS {
        let mut samples = Vec::new();
        for _ in 0..100 {
            let t = Instant::now();
            live.run.call(&mut live.store, (RUN_INPUT.to_string(),))?;
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        medians.push(Spread::of(samples).median);
    }
    Ok(Spread::of(medians))
}

/// Nanoseconds per crossing: (time of n crossings - time of 0) / n.
fn per_crossing(mut call: impl FnMut(u32) -> Result<f64>, n: u32) -> Result<Spread> {
    let mut samples = Vec::new();
    call(n)?; // warm up
    for _ in 0..REPEATS {
        let empty = call(0)?;
        let full = call(n)?;
        samples.push((full - empty).max(0.0) / f64::from(n));
    }
    Ok(Spread::of(samples))
}

fn echo_crossing(live: &mut Live, bytes: usize, n: u32) -> Result<Spread> {
    let s = "x".repeat(bytes);
    per_crossing(
        |n| {
            let t = Instant::now();
            let (total,) = live.echo_n.call(&mut live.store, (s.clone(), n))?;
            let ns = t.elapsed().as_secs_f64() * 1e9;
            assert_eq!(total, bytes as u64 * u64::from(n), "echo-n result");
            Ok(ns)
        },
        n,
    )
}

fn sum_crossing(live: &mut Live, len: u32, n: u32) -> Result<Spread> {
    let xs: Vec<u32> = (0..len).collect();
    let want: u64 = xs.iter().map(|&x| u64::from(x)).sum();
    per_crossing(
        |n| {
            let t = Instant::now();
            let (total,) = live.sum_n.call(&mut live.store, (xs.clone(), n))?;
            let ns = t.elapsed().as_secs_f64() * 1e9;
            assert_eq!(total, want * u64::from(n), "sum-n result");
            Ok(ns)
        },
        n,
    )
}

/// `echo` with 16 bytes, called from the host for 100 ms per repeat.
fn calls_per_s(live: &mut Live) -> Result<Spread> {
    let s = "0123456789abcdef".to_string();
    let mut samples = Vec::new();
    for _ in 0..REPEATS {
        let t = Instant::now();
        let mut calls = 0u64;
        while t.elapsed().as_millis() < 100 {
            live.echo.call(&mut live.store, (s.clone(),))?;
            calls += 1;
        }
        samples.push(calls as f64 / t.elapsed().as_secs_f64());
    }
    Ok(Spread::of(samples))
}
