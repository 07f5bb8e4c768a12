//! `weld-bench app`: the many-component app (`examples/many/`) built with
//! weld and shared-nothing (wit-bindgen components composed with wac),
//! measured side by side in one run: structure, wasmtime and Node (jco).
//! With `--write FILE` it replaces its section of that Markdown file
//! (between the `app-bench:begin` and `app-bench:end` markers) and writes
//! the chart next to it.
//!
//! Usage: `weld-bench app <dir with weld.wasm and shared-nothing.wasm>
//! <tests/js/node_modules> [--write docs/benchmarks.md]`; `weld-bench app
//! --structure <component.wasm>...` prints only the structure and imports;
//! `--instantiation <file.wasm>...` only wasmtime's instantiation time (a
//! file named `plain.wasm` as the plain core module);
//! `--instantiation-core <module.wasm>...` a component's main core module
//! alone, without and with its `_initialize`.
//!
//! `cargo xtask bench-app` builds the components and runs this.

mod engine;
mod instantiation;
mod node;
mod plain;
mod probe;
mod proc_mem;
mod profile;
mod report;
pub(crate) mod stats;
pub(crate) mod structure;
mod svg;
mod table;
mod wasmtime_bench;

use crate::doc;
use std::path::{Path, PathBuf};
use weld_harness::wasmtime::{Result, format_err};

/// The builds, in column order: (file stem, column title). The factor
/// column compares the first two; `weld-adapter` (the same app with std's
/// WASI calls left to wit-component's preview 1 adapter, the weld build
/// before `weld-wasi-preview1`) is measured for comparison when built.
pub const VARIANTS: &[(&str, &str)] = &[
    ("weld", "weld"),
    ("shared-nothing", "shared-nothing (wac)"),
    ("weld-adapter", "weld, preview 1 adapter"),
];

/// Everything measured for one variant.
pub struct Measured {
    /// File stem (`weld`, `shared-nothing`, `weld-adapter`).
    pub stem: &'static str,
    /// Column title.
    pub title: &'static str,
    /// From the component's bytes.
    pub structure: structure::Structure,
    /// The structure of the generated 17-component chain, when built.
    pub chain: Option<structure::Structure>,
    /// In wasmtime.
    pub wasmtime: wasmtime_bench::Wasmtime,
    /// In Node through jco, when jco is installed.
    pub node: Option<node::JsRun>,
    /// In each of [`node::BROWSERS`] (`None`: not installed or failed).
    pub browsers: Vec<Option<node::JsRun>>,
    /// The weld-only probe (borrowed parameters), for weld when built.
    pub probe: Option<probe::Probe>,
    /// Bytes copied per `echo` crossing: counted (weld, from the probe) or
    /// by the Canonical ABI (shared-nothing).
    pub copies: Option<probe::Copies>,
}

impl Measured {
    /// The JS engines' runs of this variant, each with the engine's name:
    /// Node's, then each browser's that ran.
    pub fn js_runs(&self) -> impl Iterator<Item = (&'static str, &node::JsRun)> {
        self.node.iter().map(|r| ("Node", r)).chain(
            node::BROWSERS
                .iter()
                .zip(&self.browsers)
                .filter_map(|((_, _, b), r)| r.as_ref().map(|r| (*b, r))),
        )
    }
}

/// `weld-bench app ...` (see the module's documentation).
pub fn main(args: &[String]) -> Result<()> {
    if let Some(done) = partial(args) {
        return done;
    }
    const USAGE: &str = "usage: weld-bench app <components dir> <node_modules> [--write FILE.md]";
    let (args, write) = doc::args_and_write(args, USAGE)?;
    let [dir, node_modules] = &args[..] else {
        return Err(format_err!("{USAGE}"));
    };
    let (dir, node_modules) = (PathBuf::from(dir), PathBuf::from(node_modules));
    let load = doc::LoadWatch::start();
    let js = node::Js::new(node_modules, dir.join("js"))
        .map_err(|e| eprintln!("weld-bench app: Node skipped: {e}"))
        .ok();
    let mut all = Vec::new();
    for (stem, title) in VARIANTS {
        let path = dir.join(format!("{stem}.wasm"));
        if *stem == "weld-adapter" && !path.exists() {
            eprintln!("weld-bench app: {} is missing: skipped", path.display());
            continue;
        }
        all.push(measure(&dir, stem, title, js.as_ref())?);
    }
    let plain_path = dir.join("plain.wasm");
    let plain = if plain_path.exists() {
        eprintln!("weld-bench app: plain Rust");
        Some(plain::measure(&plain_path)?)
    } else {
        None
    };
    let (profiles, instantiation) = profiles(&dir);
    let load = load.stop();
    let mut report = report::markdown(&all, plain.as_ref(), &profiles, &dir.join("js"), &load)?;
    report.push_str(&profile::instantiation_markdown(&instantiation));
    println!("{report}");
    if let Some(path) = write {
        let chart = path.with_file_name("app-bench.svg");
        std::fs::write(&chart, svg::chart(&all, plain.as_ref())?)?;
        doc::splice(&path, &report::SECTION, &report)?;
        eprintln!(
            "weld-bench app: wrote {} and {}",
            path.display(),
            chart.display()
        );
    }
    Ok(())
}

/// The partial forms (`--spin`, `--structure`, `--instantiation`,
/// `--instantiation-core`), or `None` for the whole benchmark.
fn partial(args: &[String]) -> Option<Result<()>> {
    let (flag, files) = args.split_first()?;
    let each = |f: &dyn Fn(&Path) -> Result<()>| files.iter().try_for_each(|p| f(Path::new(p)));
    Some(match flag.as_str() {
        "--spin" => match files {
            [kind, file] => profile::spin(kind, Path::new(file)),
            _ => Err(format_err!("usage: weld-bench app --spin <kind> <file>")),
        },
        "--structure" => each(&|file| {
            let s = structure::read(&std::fs::read(file)?)?;
            println!(
                "{}: {} core modules, {} core instances, {} memories, {} bytes",
                file.display(),
                s.modules,
                s.instances,
                s.memories,
                s.bytes
            );
            for (name, functions) in &s.imports {
                println!("  import {name}: {}", functions.join(", "));
            }
            Ok(())
        }),
        "--instantiation" => each(&|file| {
            let us = if file.ends_with("plain.wasm") {
                plain::measure(file)?.instantiate_us
            } else {
                wasmtime_bench::instantiate(&engine::App::load(file)?)?
            };
            println!("{}: instantiation {} µs", file.display(), us.show(""));
            Ok(())
        }),
        "--instantiation-core" => each(&|file| {
            let (bare, init) = plain::core_instantiation(file)?;
            println!(
                "{}: core instantiation {} µs, with `_initialize` {} µs",
                file.display(),
                bare.show(""),
                init.show("")
            );
            Ok(())
        }),
        _ => return None,
    })
}

/// Measures the variant `stem` (`dir/<stem>.wasm`) in wasmtime, and in
/// Node and the browsers when `js` is there.
fn measure(
    dir: &Path,
    stem: &'static str,
    title: &'static str,
    js: Option<&node::Js>,
) -> Result<Measured> {
    let path = dir.join(format!("{stem}.wasm"));
    let bytes = std::fs::read(&path).map_err(|e| {
        format_err!(
            "reading {}: {e} (run `cargo xtask bench-app`)",
            path.display()
        )
    })?;
    let chain = match std::fs::read(dir.join(format!("chain-{stem}.wasm"))) {
        Ok(b) => Some(structure::read(&b)?),
        Err(_) => None,
    };
    eprintln!("weld-bench app: {stem}: wasmtime");
    let wasmtime = wasmtime_bench::measure(&path)?;
    let (node, browsers) = match js {
        Some(js) => in_js(js, &path, stem)?,
        None => (None, Vec::new()),
    };
    let probe_path = dir.join("probe.wasm");
    let probe = if stem == "weld" && probe_path.exists() {
        eprintln!("weld-bench app: weld: probe (borrowed parameters, copies)");
        Some(probe::measure(&probe_path)?)
    } else {
        None
    };
    let copies = match &probe {
        Some(p) => Some(p.copies),
        None if stem == "shared-nothing" => Some(probe::Copies::canonical()),
        None => None,
    };
    Ok(Measured {
        stem,
        title,
        probe,
        copies,
        structure: structure::read(&bytes)?,
        chain,
        wasmtime,
        node,
        browsers,
    })
}

/// The variant at `path` transpiled by jco and measured in Node and in
/// each browser (`None` for a browser that is missing or failed).
fn in_js(
    js: &node::Js,
    path: &Path,
    stem: &str,
) -> Result<(Option<node::JsRun>, Vec<Option<node::JsRun>>)> {
    let transpiled = js.transpile(path, stem)?;
    eprintln!("weld-bench app: {stem}: node");
    let node = js.run_node(&transpiled)?;
    let browsers = node::BROWSERS
        .iter()
        .map(|(b, exe, _)| {
            eprintln!("weld-bench app: {stem}: {b}");
            js.run_browser(b, exe, stem).unwrap_or_else(|e| {
                eprintln!("weld-bench app: {e}");
                None
            })
        })
        .collect();
    Ok((Some(node), browsers))
}

/// The `perf` profiles of the crossing loop and of instantiation, for the
/// builds present in `dir`.
fn profiles(dir: &Path) -> (profile::Profiles, profile::Profiles) {
    let present = |builds: &[(&'static str, &'static str, &str)]| -> Vec<(&str, &str, PathBuf)> {
        builds
            .iter()
            .map(|(n, k, f)| (*n, *k, dir.join(f)))
            .filter(|(_, _, f)| f.exists())
            .collect()
    };
    eprintln!("weld-bench app: profiles (perf)");
    let loops = present(&[
        ("weld", "component", "weld.wasm"),
        ("shared-nothing", "component", "shared-nothing.wasm"),
        ("plain Rust", "plain", "plain.wasm"),
    ]);
    let loops = profile::profile(&loops, dir);
    eprintln!("weld-bench app: instantiation profiles (perf)");
    let instantiation = present(&[
        ("weld", "instantiate-component", "weld.wasm"),
        (
            "weld, preview 1 adapter",
            "instantiate-component",
            "weld-adapter.wasm",
        ),
        ("plain Rust", "instantiate-plain", "plain.wasm"),
    ]);
    (loops, profile::profile(&instantiation, dir))
}
