//! `weld-bench`: runs the allocator benchmark's guest modules (one per
//! allocator, built by `cargo xtask bench`) in wasmtime and prints the
//! table; with `--write FILE` it also replaces the generated part of that
//! Markdown file (between the `bench:begin` and `bench:end` markers).
//!
//! Usage: `weld-bench <dir with VARIANT.wasm files> [--write docs/benchmarks.md]`
//!
//! The three measurements live in their own modules: [`size`] (code bytes
//! of the allocator, from the name section), [`run`] (wall time, wasm
//! instructions and memory growth in wasmtime). This file only orders the
//! variants and formats the report.

mod run;
mod size;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use wasmtime::{Result, format_err};

/// The allocators, in table order: (file stem, what it is).
pub const VARIANTS: &[(&str, &str)] = &[
    ("weld", "weld (runtime/src/alloc)"),
    ("libc", "wasi-libc dlmalloc (Rust `System`)"),
    ("dlmalloc-crate", "`dlmalloc` crate"),
    ("talc", "`talc`"),
    ("lol", "`lol_alloc` FreeListAllocator"),
];

/// The baseline of every ratio.
const BASELINE: &str = "libc";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().ok_or_else(|| {
        format_err!("usage: weld-bench <dir with VARIANT.wasm> [--write FILE.md]")
    })?);
    let write = match args.get(1).map(String::as_str) {
        Some("--write") => Some(PathBuf::from(
            args.get(2)
                .ok_or_else(|| format_err!("--write needs a file"))?,
        )),
        _ => None,
    };
    let runs: usize = std::env::var("WELD_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(9);
    let ops = run::count_ops(&dir.join("count.wasm"))?;
    let mut modules = Vec::new();
    let mut sizes = Vec::new();
    for (stem, _) in VARIANTS {
        let bytes = std::fs::read(dir.join(format!("{stem}.wasm")))
            .map_err(|e| format_err!("reading {stem}.wasm in {}: {e}", dir.display()))?;
        sizes.push(size::measure(stem, &bytes)?);
        modules.push(bytes);
    }
    eprintln!(
        "weld-bench: running {} modules, {runs} runs each",
        modules.len()
    );
    let runs_out = run::measure(&modules, runs)?;
    let results: Vec<_> = VARIANTS
        .iter()
        .zip(sizes)
        .zip(runs_out)
        .map(|(((stem, _), size), run)| (*stem, size, run))
        .collect();
    let report = report(&results, &ops, runs);
    println!("{report}");
    if let Some(path) = write {
        splice(&path, &report)?;
        eprintln!("weld-bench: wrote {}", path.display());
    }
    Ok(())
}

/// The generated Markdown: environment, then one table per measurement.
fn report(results: &[(&str, size::Size, run::Run)], ops: &run::Ops, runs: usize) -> String {
    let base = results
        .iter()
        .find(|r| r.0 == BASELINE)
        .expect("the baseline is measured");
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", environment());
    let _ = writeln!(
        s,
        "### Code size (bytes of wasm code in the linked release module)\n"
    );
    let _ = writeln!(
        s,
        "| allocator | reachable (weld-ld exports) | ratio | all linked | ratio | + Rust glue (`__rust_*`, `__rdl_*`) | functions |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (stem, size, _) in results {
        let _ = writeln!(
            s,
            "| {} | {} | {:.2} | {} | {:.2} | {} | {} |",
            label(stem),
            size.reachable,
            size.reachable as f64 / base.1.reachable as f64,
            size.allocator,
            size.allocator as f64 / base.1.allocator as f64,
            size.allocator + size.glue,
            size.functions.len()
        );
    }
    let _ = writeln!(
        s,
        "\n### Throughput (wasmtime, median of {runs} runs; spread = (max - min) / median)\n"
    );
    let _ = write!(s, "| allocator |");
    for w in run::WORKLOADS {
        let _ = write!(s, " {} ms | spread | ratio |", w.name);
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| --- |{}",
        " ---: | ---: | ---: |".repeat(run::WORKLOADS.len())
    );
    for (stem, _, run) in results {
        let _ = write!(s, "| {} |", label(stem));
        for (i, t) in run.times.iter().enumerate() {
            let _ = write!(
                s,
                " {:.2} | {:.0}% | {:.2} |",
                t.median_ms,
                t.spread * 100.0,
                t.median_ms / base.2.times[i].median_ms
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "\n### Wasm instructions per allocator call (wasmtime fuel / calls; calls counted once)\n"
    );
    let _ = write!(s, "| allocator |");
    for (w, n) in run::WORKLOADS.iter().zip(&ops.calls) {
        let _ = write!(s, " {} ({} calls) | ratio |", w.name, n);
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| --- |{}",
        " ---: | ---: |".repeat(run::WORKLOADS.len())
    );
    for (stem, _, run) in results {
        let _ = write!(s, "| {} |", label(stem));
        for (i, f) in run.fuel.iter().enumerate() {
            let per = *f as f64 / ops.calls[i] as f64;
            let _ = write!(s, " {per:.0} | {:.2} |", *f as f64 / base.2.fuel[i] as f64);
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "\n### Peak memory on the fragmentation workload (peak live {} KiB)\n",
        base.2.frag_live / 1024
    );
    let _ = writeln!(s, "| allocator | memory grown (KiB) | ratio |");
    let _ = writeln!(s, "| --- | ---: | ---: |");
    for (stem, _, run) in results {
        let _ = writeln!(
            s,
            "| {} | {} | {:.2} |",
            label(stem),
            run.frag_pages * 64,
            run.frag_pages as f64 / base.2.frag_pages as f64
        );
    }
    let _ = writeln!(
        s,
        "\n### Functions counted as allocator code (* = not reachable under weld-ld's exports)\n"
    );
    for (stem, size, _) in results {
        let names: Vec<String> = size
            .functions
            .iter()
            .map(|(n, b, live)| format!("`{n}` {b}{}", if *live { "" } else { "*" }))
            .collect();
        let _ = writeln!(s, "- {}: {}", label(stem), names.join(", "));
    }
    s
}

fn label(stem: &str) -> &'static str {
    VARIANTS
        .iter()
        .find(|v| v.0 == stem)
        .map(|v| v.1)
        .unwrap_or("?")
}

/// Machine, toolchain and crate versions.
fn environment() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let lock = std::fs::read_to_string(lock).unwrap_or_default();
    let versions: Vec<String> = ["wasmtime", "dlmalloc", "talc", "lol_alloc"]
        .iter()
        .map(|k| format!("{k} {}", locked_version(&lock, k)))
        .collect();
    format!(
        "Measured on {cpu} ({cores} cores available, shared), {rustc}, target \
         wasm32-wasip1, {}.",
        versions.join(", ")
    )
}

fn locked_version(lock: &str, name: &str) -> String {
    let key = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == key
            && let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = "))
        {
            return v.trim_matches('"').to_string();
        }
    }
    "?".into()
}

/// Replaces the text between the markers in `path` with `report`.
fn splice(path: &Path, report: &str) -> Result<()> {
    const BEGIN: &str = "<!-- bench:begin (generated by `cargo xtask bench`) -->";
    const END: &str = "<!-- bench:end -->";
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{BEGIN}\n{report}{}", &old[..b], &old[e..])
        }
        _ => format!("{old}\n{BEGIN}\n{report}{END}\n"),
    };
    std::fs::write(path, new).map_err(|e| format_err!("writing {}: {e}", path.display()))
}
