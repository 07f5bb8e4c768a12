//! `weld-bench async`: the stream pipeline of `bench/async/` (producer ->
//! transformer -> consumer, 64 MiB through `stream<u8>`) built with weld
//! (one weld-ld link) and shared-nothing (each crate a wit-bindgen async
//! component, composed by wac), measured side by side in one run in
//! wasmtime: structure, instantiation, throughput, and the bytes each
//! stream boundary copied per buffer. With `--write FILE` it replaces its
//! section of that Markdown file (between the `bench-async:begin` and
//! `bench-async:end` markers).
//!
//! Usage: `weld-bench async <dir with weld.wasm and shared-nothing.wasm>
//! [--runs N] [--write docs/benchmarks.md]`. `cargo xtask bench-async`
//! builds the components and runs this; `--runs 1` is the quick form.

mod measure;
mod outcome;
mod report;

use crate::doc;
use std::path::{Path, PathBuf};
use weld_harness::wasmtime::{Result, format_err};

/// The builds, in column order: (file stem, column title). The ratio
/// column is the first over the second.
pub const VARIANTS: &[(&str, &str)] = &[
    ("weld", "weld"),
    ("shared-nothing", "shared-nothing (wac)"),
];

/// Bytes through the pipeline per run.
pub const TOTAL: u64 = 64 << 20;

/// The buffer size of the copy figures and of the headline throughput.
pub const CHUNK: u32 = 64 << 10;

/// Buffer sizes whose throughput is measured: [`CHUNK`] and one smaller
/// and one larger, to show what a buffer costs apart from its bytes.
pub const CHUNKS: &[u32] = &[4 << 10, CHUNK, 1 << 20];

/// Timed runs per buffer size (the median is reported) in a full run.
pub const RUNS: usize = 7;

/// `weld-bench async ...` (see the module's documentation).
pub fn main(args: &[String]) -> Result<()> {
    const USAGE: &str = "usage: weld-bench async <components dir> [--runs N] [--write FILE.md]";
    let (args, write) = doc::args_and_write(args, USAGE)?;
    let (dir, runs) = match &args[..] {
        [dir] => (PathBuf::from(dir), RUNS),
        [dir, flag, n] if flag == "--runs" => (
            PathBuf::from(dir),
            n.parse().ok().filter(|&n| n > 0).ok_or_else(|| format_err!("{USAGE}"))?,
        ),
        _ => return Err(format_err!("{USAGE}")),
    };
    let load = doc::LoadWatch::start();
    let mut all = Vec::new();
    for (stem, title) in VARIANTS {
        eprintln!("weld-bench async: {stem}");
        all.push(measure::variant(&component(&dir, stem)?, title, runs)?);
    }
    let load = load.stop();
    let report = report::markdown(&all, runs, &load);
    println!("{report}");
    if let Some(path) = write {
        doc::splice(&path, &report::SECTION, &report)?;
        eprintln!("weld-bench async: wrote {}", path.display());
    }
    Ok(())
}

/// `dir/<stem>.wasm`, which must exist.
fn component(dir: &Path, stem: &str) -> Result<PathBuf> {
    let path = dir.join(format!("{stem}.wasm"));
    if path.exists() {
        Ok(path)
    } else {
        Err(format_err!(
            "{} is missing (run `cargo xtask bench-async`)",
            path.display()
        ))
    }
}
