//! `weld-bench async`: the stream pipeline of `bench/async/` (producer ->
//! transformer -> consumer through `stream<u8>`) built with weld (one
//! weld-ld link) and shared-nothing (each crate a wit-bindgen async
//! component, composed by wac), measured side by side in one run in
//! wasmtime: structure, instantiation, throughput, and the bytes each
//! stream boundary copied per buffer. With `--write FILE` it replaces its
//! section of that Markdown file (between the `bench-async:begin` and
//! `bench-async:end` markers).
//!
//! Usage: `weld-bench async <dir with weld.wasm and shared-nothing.wasm>
//! [--runs N | --smoke] [--write docs/benchmarks.md]`. `cargo xtask
//! bench-async` builds the components and runs this; `--smoke` is the
//! short run `cargo xtask test` makes (bench/tests/smoke.rs).

mod measure;
mod outcome;
mod report;

use crate::app::structure;
use crate::doc;
use std::path::{Path, PathBuf};
use weld_harness::wasmtime::{Result, format_err};

/// The builds, in column order: (file stem, column title). The ratio
/// column is the first over the second.
pub const VARIANTS: &[(&str, &str)] =
    &[("weld", "weld"), ("shared-nothing", "shared-nothing (wac)")];

/// The buffer size of the copy figures and of the headline throughput.
pub const CHUNK: u32 = 64 << 10;

/// Buffer sizes whose throughput is measured: [`CHUNK`] and one smaller
/// and one larger, to show what a buffer costs apart from its bytes.
pub const CHUNKS: &[u32] = &[4 << 10, CHUNK, 1 << 20];

/// How much one invocation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Bytes through the pipeline per run.
    pub total: u64,
    /// Timed runs per buffer size (the median is reported), each after
    /// one untimed run.
    pub runs: usize,
    /// Instantiations per repeat (the median is kept) and repeats.
    pub instantiations: (usize, usize),
}

impl Plan {
    /// The full benchmark: 64 MiB per run, 11 runs per buffer size, 5
    /// repeats of 200 instantiations.
    pub const FULL: Plan = Plan {
        total: 64 << 20,
        runs: 11,
        instantiations: (200, 5),
    };

    /// The smoke run: 4 MiB, one timed run, one repeat of 10
    /// instantiations; every run still checked.
    pub const SMOKE: Plan = Plan {
        total: 4 << 20,
        runs: 1,
        instantiations: (10, 1),
    };
}

const USAGE: &str =
    "usage: weld-bench async <components dir> [--runs N | --smoke] [--write FILE.md]";

/// The components' directory and the plan from the arguments before
/// `--write`.
fn parse(args: &[String]) -> Result<(PathBuf, Plan)> {
    let usage = || format_err!("{USAGE}");
    let (dir, rest) = args.split_first().ok_or_else(usage)?;
    let plan = match rest {
        [] => Plan::FULL,
        [flag] if flag == "--smoke" => Plan::SMOKE,
        [flag, n] if flag == "--runs" => Plan {
            runs: n.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?,
            ..Plan::FULL
        },
        _ => return Err(usage()),
    };
    Ok((PathBuf::from(dir), plan))
}

/// `weld-bench async ...` (see the module's documentation).
pub fn main(args: &[String]) -> Result<()> {
    let (args, write) = doc::args_and_write(args, USAGE)?;
    let (dir, plan) = parse(&args)?;
    let paths = VARIANTS
        .iter()
        .map(|(stem, title)| Ok((component(&dir, stem)?, *title)))
        .collect::<Result<Vec<_>>>()?;
    let builds: Vec<_> = paths.iter().map(|(p, t)| (p.as_path(), *t)).collect();
    let load = doc::LoadWatch::start();
    let all = measure::builds(&builds, &plan)?;
    let load = load.stop();
    let report = report::markdown(&all, &parts(&dir)?, &plan, &load);
    println!("{report}");
    if let Some(path) = write {
        doc::splice(&path, &report::SECTION, &report)?;
        eprintln!("weld-bench async: wrote {}", path.display());
    }
    Ok(())
}

/// The structure of each shared-nothing component before composition,
/// `dir/parts/<name>.wasm` in the pipeline's order, where they are there.
fn parts(dir: &Path) -> Result<Vec<(String, structure::Structure)>> {
    let mut parts = Vec::new();
    for name in ["producer", "transformer", "consumer", "app"] {
        let path = dir.join("parts").join(format!("{name}.wasm"));
        if let Ok(bytes) = std::fs::read(&path) {
            parts.push((name.to_string(), structure::read(&bytes)?));
        }
    }
    Ok(parts)
}

/// `dir/<stem>.wasm`, which must exist.
fn component(dir: &Path, stem: &str) -> Result<PathBuf> {
    let path = dir.join(format!("{stem}.wasm"));
    if path.exists() {
        Ok(path)
    } else {
        Err(format_err!(
            "{} is missing (run `cargo xtask bench-async` or `cargo xtask build-wasm`)",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_plan_comes_from_the_flags() {
        assert_eq!(parse(&args(&["d"])).unwrap(), ("d".into(), Plan::FULL));
        assert_eq!(parse(&args(&["d", "--smoke"])).unwrap().1, Plan::SMOKE);
        let three = parse(&args(&["d", "--runs", "3"])).unwrap().1;
        assert_eq!(
            three,
            Plan {
                runs: 3,
                ..Plan::FULL
            }
        );
        for bad in [
            &[][..],
            &["d", "--runs", "0"],
            &["d", "--runs"],
            &["d", "x"],
        ] {
            let e = parse(&args(bad)).unwrap_err().to_string();
            assert_eq!(e, USAGE, "{bad:?}");
        }
    }
}
