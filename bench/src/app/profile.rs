//! Where the time of one 16 B crossing goes: `perf record` of an `echo-n`
//! loop (16 B, the crossing the table measures) in each build, with
//! wasmtime writing a perf map so that compiled wasm functions have names,
//! then `perf report`'s self time per symbol, grouped into kinds.
//!
//! The runner profiles itself: `weld-bench app --spin <kind> <file>` runs
//! the loop for [`SECONDS`] under `perf record`. Without `perf` (or without
//! permission to use it) the profile is left out, saying so.

use super::engine::App;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use weld_harness::wasmtime::{Config, ProfilingStrategy, Result, format_err};

/// How long each loop runs under `perf record`.
const SECONDS: u64 = 3;

/// The kinds self time is grouped into, in table order.
pub const KINDS: [&str; 5] = [
    "allocator (malloc, free, realloc, cabi_realloc)",
    "memcpy / memmove / memset (in wasm or wasmtime's memory.copy)",
    "component adapters and trampolines",
    "wasmtime and the host",
    "the rest of the guest (loop, glue, callee)",
];

/// The self time of one build's loop.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Which build (`weld`, `shared-nothing`, `plain`).
    pub name: String,
    /// Percent of samples per [`KINDS`] entry.
    pub kinds: [f64; 5],
    /// The symbols with the most self time: (percent, symbol).
    pub top: Vec<(f64, String)>,
    /// Percent of samples per place, most first: the kernel, compiled wasm,
    /// the runner (wasmtime and the host), or another library.
    pub places: Vec<(String, f64)>,
}

/// Where a symbol of `perf report` runs, by its dso.
fn place(dso: &str) -> String {
    match dso {
        "[kernel.kallsyms]" => "the kernel".into(),
        "[JIT]" => "compiled wasm".into(),
        "weld-bench" => "wasmtime and the host".into(),
        d if d.starts_with("libc") => "libc (malloc, free)".into(),
        d => d.to_string(),
    }
}

/// Which kind a symbol of `perf report` is, as an index into [`KINDS`].
fn kind(sym: &str, wasm: bool) -> usize {
    let s = sym.to_ascii_lowercase();
    if wasm && (s.contains("malloc") || s.contains("free") || s.contains("alloc")) {
        0
    } else if ["memcpy", "memmove", "memset", "memory_copy", "memory_fill"]
        .iter()
        .any(|m| s.contains(m))
    {
        1
    } else if s.contains("trampoline") || s.contains("adapter") {
        2
    } else if !wasm {
        3
    } else {
        4
    }
}

/// `--spin <component|plain> <file>`: runs the 16 B echo loop for
/// [`SECONDS`] with wasmtime's perf map on; `--spin
/// <instantiate-component|instantiate-plain> <file>`: instantiates from an
/// `InstancePre` in a loop (a fresh store each time, as the instantiation
/// row does).
pub fn spin(kind: &str, path: &Path) -> Result<()> {
    let mut config = Config::new();
    config.profiler(ProfilingStrategy::PerfMap);
    // The loop runs for SECONDS after compiling; the report keeps the
    // second half of the samples' time span, so compiling is left out.
    let until = || Instant::now() + Duration::from_secs(SECONDS);
    if kind == "plain" {
        return super::plain::spin(path, &config, until);
    }
    if kind == "instantiate-plain" {
        return super::plain::spin_instantiate(path, &config, until);
    }
    let app = App::load_with(path, &config)?;
    if kind == "instantiate-component" {
        // What the instantiation row times, with the store made and dropped
        // around it.
        let until = until();
        while Instant::now() < until {
            for _ in 0..100 {
                let mut store = app.store();
                app.instantiate(&mut store)?;
            }
        }
        return Ok(());
    }
    // Like the instances the memory figures hold, each instance runs `run`
    // once; three more are held, idle, so that `residency.py` shows such
    // instances next to the looping one.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut live = app.live()?;
        let input = super::wasmtime_bench::RUN_INPUT.to_string();
        live.run.call(&mut live.store, (input,))?;
        held.push(live);
    }
    let mut live = held.pop().expect("four instances");
    let until = until();
    let s = "x".repeat(16);
    while Instant::now() < until {
        live.echo_n.call(&mut live.store, (s.clone(), 100_000))?;
    }
    Ok(())
}

/// The profiles of several builds, or why `perf` could not take them.
pub type Profiles = Result<Vec<Profile>, String>;

/// Profiles each of `builds` (name, kind, file); `Err` with the reason
/// when `perf` cannot run here.
pub fn profile(builds: &[(&str, &str, PathBuf)], dir: &Path) -> Profiles {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, kind, file) in builds {
        let stem: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
        let data = dir.join(format!("perf-{stem}-{kind}.data"));
        let rec = Command::new("perf")
            .args(["record", "-q", "-F", "2000", "-o"])
            .arg(&data)
            .arg("--")
            .arg(&me)
            .args(["app", "--spin", kind])
            .arg(file)
            .output()
            .map_err(|e| format!("perf not run ({e})"))?;
        if !rec.status.success() {
            return Err(format!(
                "perf record failed: {}",
                String::from_utf8_lossy(&rec.stderr).trim()
            ));
        }
        let rep = Command::new("perf")
            .args([
                "report",
                "--stdio",
                "-q",
                "--no-children",
                "--sort",
                "dso,sym",
            ])
            .args(["--time", "50%-100%"])
            .arg("-i")
            .arg(&data)
            .output()
            .map_err(|e| format!("perf report not run ({e})"))?;
        let text = String::from_utf8_lossy(&rep.stdout);
        let top = if kind.starts_with("instantiate") {
            12
        } else {
            6
        };
        out.push(parse(name, &text, top).map_err(|e| e.to_string())?);
    }
    Ok(out)
}

/// Reads `perf report --sort dso,sym` lines: `12.34%  dso  [.] symbol`.
fn parse(name: &str, text: &str, keep: usize) -> Result<Profile> {
    let mut kinds = [0.0; 5];
    let mut top = Vec::new();
    let mut places: Vec<(String, f64)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some((pct, rest)) = line.split_once('%') else {
            continue;
        };
        let Ok(pct) = pct.trim().parse::<f64>() else {
            continue;
        };
        let rest = rest.trim();
        let (dso, sym) = rest.split_once(' ').unwrap_or((rest, ""));
        // Compiled wasm (named by wasmtime's perf map) is `[JIT] tid N`.
        let wasm = dso == "[JIT]";
        let mut sym = sym.trim();
        if wasm && let Some(s) = sym.strip_prefix("tid ") {
            sym = s.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
        }
        let sym = sym
            .trim_start_matches("[.]")
            .trim_start_matches("[k]")
            .trim();
        kinds[kind(sym, wasm)] += pct;
        let at = place(dso);
        match places.iter_mut().find(|(p, _)| *p == at) {
            Some((_, sum)) => *sum += pct,
            None => places.push((at, pct)),
        }
        top.push((pct, sym.to_string()));
    }
    if top.is_empty() {
        return Err(format_err!("perf report of {name} had no samples"));
    }
    top.truncate(keep);
    places.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(Profile {
        name: name.to_string(),
        kinds,
        top,
        places,
    })
}

/// The profiles as Markdown: one table of kinds, then each build's top
/// symbols.
pub fn markdown(profiles: &Result<Vec<Profile>, String>) -> String {
    use std::fmt::Write as _;
    let mut md = String::from(
        "Where the time of the `echo-n` 16 B loop goes in wasmtime: `perf record` \
         (2 kHz, 3 s per build) of the runner with wasmtime's perf map, self time \
         per symbol grouped by kind, percent of the loop's samples:\n\n",
    );
    let profiles = match profiles {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(md, "(not profiled: {e})\n");
            return md;
        }
    };
    md.push_str("| self time | ");
    for p in profiles {
        let _ = write!(md, "{} | ", p.name);
    }
    md.push_str("\n|---|");
    md.push_str(&"---|".repeat(profiles.len()));
    md.push('\n');
    for (i, k) in KINDS.iter().enumerate() {
        let _ = write!(md, "| {k} | ");
        for p in profiles {
            let _ = write!(md, "{:.1} % | ", p.kinds[i]);
        }
        md.push('\n');
    }
    md.push('\n');
    for p in profiles {
        let top: Vec<String> = p
            .top
            .iter()
            .map(|(pct, s)| format!("`{}` {pct:.1} %", s.replace('`', "'")))
            .collect();
        let _ = writeln!(md, "- {}, top symbols: {}", p.name, top.join(", "));
    }
    md.push('\n');
    md
}

/// The instantiation profiles as Markdown: each build's top symbols.
pub fn instantiation_markdown(profiles: &Result<Vec<Profile>, String>) -> String {
    use std::fmt::Write as _;
    let mut md = String::from(
        "Where wasmtime's instantiation from an `InstancePre` goes: `perf record` \
         (2 kHz, 3 s per build) of the runner instantiating in a loop (a store \
         made and dropped around each, as the instantiation row does), self time \
         per symbol, percent of the loop's samples:\n\n",
    );
    match profiles {
        Ok(profiles) => {
            for p in profiles {
                let places: Vec<String> = p
                    .places
                    .iter()
                    .map(|(at, pct)| format!("{at} {pct:.1} %"))
                    .collect();
                let top: Vec<String> = p
                    .top
                    .iter()
                    .map(|(pct, s)| format!("`{}` {pct:.1} %", s.replace('`', "'")))
                    .collect();
                let _ = writeln!(
                    md,
                    "- {}: {}; top symbols: {}",
                    p.name,
                    places.join(", "),
                    top.join(", ")
                );
            }
        }
        Err(e) => {
            let _ = writeln!(md, "(not profiled: {e})");
        }
    }
    md.push('\n');
    md
}
