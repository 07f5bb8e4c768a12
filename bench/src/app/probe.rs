//! The weld-only probe (bench/app-probe): the app's text service with
//! weld's default owned parameters next to the same `echo` exported with
//! borrowed parameters, and the bytes the bindings copied per crossing
//! (the probe is built with weld's `count-copies` feature; the app is not).
//!
//! Shared-nothing has no borrowed mode and its copies are made by the
//! host's adapter, where no guest can count them: [`Copies::canonical`]
//! gives them as the Canonical ABI defines them.

use super::engine::App;
use super::stats::Spread;
use std::path::Path;
use std::time::Instant;
use weld_harness::component::Host;
use weld_harness::wasmtime::component::TypedFunc;
use weld_harness::wasmtime::{Result, Store};

/// Bytes copied per `echo` crossing, for a 16 B and a 64 KiB string.
#[derive(Debug, Clone, Copy)]
pub struct Copies {
    /// With owned export parameters (weld's default; shared-nothing).
    pub owned: [f64; 2],
    /// With borrowed export parameters (weld only).
    pub borrowed: Option<[f64; 2]>,
    /// Counted by the bindings (weld), or given by the ABI (shared-nothing).
    pub counted: bool,
}

impl Copies {
    /// Shared-nothing's copies by the Canonical ABI: the adapter copies the
    /// parameter into the callee's memory and the result back into the
    /// caller's, two copies of the payload (not counted).
    pub fn canonical() -> Copies {
        Copies {
            owned: SIZES.map(|b| 2.0 * b as f64),
            borrowed: None,
            counted: false,
        }
    }
}

/// The probe's measurements.
#[derive(Debug, Clone)]
pub struct Probe {
    /// ns per crossing with borrowed parameters, 16 B and 64 KiB.
    pub borrowed_ns: [Spread; 2],
    /// ns per crossing with owned parameters (the app's text service, in
    /// the probe's module), 16 B and 64 KiB.
    pub owned_ns: [Spread; 2],
    /// Bytes the bindings copied per crossing.
    pub copies: Copies,
}

/// The two payloads.
const SIZES: [usize; 2] = [16, 64 * 1024];

type EchoN = TypedFunc<(String, u32, bool), (u64,)>;
type Copied = TypedFunc<(), (Option<u64>,)>;

/// Measures the probe component at `path`.
pub fn measure(path: &Path) -> Result<Probe> {
    let app = App::load(path)?;
    let mut store = app.store();
    let instance = app.instantiate(&mut store)?;
    let echo_n: EchoN = instance.get_typed_func(&mut store, "echo-n")?;
    let copied: Copied = instance.get_typed_func(&mut store, "copied-bytes")?;
    let mut ns = Vec::new();
    let mut bytes = Vec::new();
    for borrowed in [false, true] {
        for (size, n) in SIZES.into_iter().zip([20_000, 200]) {
            let s = "x".repeat(size);
            ns.push(per_crossing(&mut store, &echo_n, &s, n, borrowed)?);
            bytes.push(copied_per_crossing(
                &mut store, &echo_n, &copied, &s, borrowed,
            )?);
        }
    }
    Ok(Probe {
        owned_ns: [ns[0], ns[1]],
        borrowed_ns: [ns[2], ns[3]],
        copies: Copies {
            owned: [bytes[0], bytes[1]],
            borrowed: Some([bytes[2], bytes[3]]),
            counted: true,
        },
    })
}

fn time(store: &mut Store<Host>, f: &EchoN, s: &str, n: u32, borrowed: bool) -> Result<f64> {
    let t = Instant::now();
    let (total,) = f.call(&mut *store, (s.to_string(), n, borrowed))?;
    let ns = t.elapsed().as_secs_f64() * 1e9;
    assert_eq!(total, s.len() as u64 * u64::from(n), "probe echo-n result");
    Ok(ns)
}

/// (t(n) - t(0)) / n, as for the app's crossings.
fn per_crossing(
    store: &mut Store<Host>,
    f: &EchoN,
    s: &str,
    n: u32,
    borrowed: bool,
) -> Result<Spread> {
    time(store, f, s, n, borrowed)?;
    let mut samples = Vec::new();
    for _ in 0..5 {
        let empty = time(store, f, s, 0, borrowed)?;
        let full = time(store, f, s, n, borrowed)?;
        samples.push((full - empty).max(0.0) / f64::from(n));
    }
    Ok(Spread::of(samples))
}

/// Bytes the bindings copied per crossing: the count's growth over n
/// crossings minus its growth over none (what the host's own call into the
/// probe copies cancels out), divided by n.
fn copied_per_crossing(
    store: &mut Store<Host>,
    f: &EchoN,
    copied: &Copied,
    s: &str,
    borrowed: bool,
) -> Result<f64> {
    let count = |store: &mut Store<Host>| -> Result<f64> {
        let (c,) = copied.call(&mut *store, ())?;
        c.map(|c| c as f64).ok_or_else(|| {
            weld_harness::wasmtime::format_err!("the probe was built without count-copies")
        })
    };
    const N: u32 = 100;
    let a = count(store)?;
    time(store, f, s, 0, borrowed)?;
    let b = count(store)?;
    time(store, f, s, N, borrowed)?;
    let c = count(store)?;
    Ok(((c - b) - (b - a)) / f64::from(N))
}
