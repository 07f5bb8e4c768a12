//! `weld-bench-resources <dir> [--write <file.md>]`: the resource-call
//! benchmark. `<dir>` holds `release.wasm` and `checked.wasm`, the caller
//! module (`bench/resources/caller` linked with the provider crate by
//! weld-ld) built in the `release` profile and in the `checked` profile
//! (release plus `debug-assertions`, which turns on weld's checked mode).
//! Prints a Markdown report and, with `--write`, puts it between the
//! `bench-resources` markers of the file. `cargo xtask bench` runs it.

mod measure;

use measure::{CASES, Cost};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use wasmtime::{Result, format_err};

/// Timed runs per export.
const RUNS: usize = 11;

/// A message only weld's checked mode contains.
const CHECK_MESSAGE: &[u8] = b"used after it was dropped";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or_else(|| format_err!("usage: weld-bench-resources <dir> [--write <file.md>]"))?,
    );
    let write = match (args.next().as_deref(), args.next()) {
        (Some("--write"), Some(path)) => Some(PathBuf::from(path)),
        (None, _) => None,
        _ => {
            return Err(format_err!(
                "usage: weld-bench-resources <dir> [--write <file.md>]"
            ));
        }
    };
    let release = read(&dir.join("release.wasm"))?;
    let checked = read(&dir.join("checked.wasm"))?;
    for case in CASES {
        for (build, wasm) in [("release", &release), ("checked", &checked)] {
            if !measure::same_result(wasm, case)? {
                return Err(format_err!(
                    "{build}: `{}` and `{}` disagree",
                    case.weld,
                    case.direct
                ));
            }
        }
    }
    let mut rows = Vec::new();
    for case in CASES {
        let costs = [
            measure::cost(&release, case.direct, case.iters, RUNS)?,
            measure::cost(&release, case.weld, case.iters, RUNS)?,
            measure::cost(&checked, case.weld, case.iters, RUNS)?,
        ];
        rows.push((case.name, costs));
    }
    // The claim that release builds carry no checks, checked on each run.
    if contains(&release, CHECK_MESSAGE) || !contains(&checked, CHECK_MESSAGE) {
        return Err(format_err!(
            "the checked mode's message must be in the checked build only (release: {}, checked: {})",
            contains(&release, CHECK_MESSAGE),
            contains(&checked, CHECK_MESSAGE)
        ));
    }
    let sizes = (code_bytes(&release)?, code_bytes(&checked)?);
    let text = report(&rows, sizes, &release, &checked);
    print!("{text}");
    if let Some(path) = write {
        splice(&path, &text)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| format_err!("reading {}: {e} (run `cargo xtask bench`)", path.display()))
}

/// Bytes of the code section.
fn code_bytes(wasm: &[u8]) -> Result<u32> {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionStart { size, .. } = payload? {
            return Ok(size);
        }
    }
    Err(format_err!("the module has no code section"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn report(
    rows: &[(&str, [Cost; 3])],
    (release_code, checked_code): (u32, u32),
    release: &[u8],
    checked: &[u8],
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", environment());
    let _ = writeln!(
        s,
        "| per iteration | direct Rust call | weld, release | ratio | weld, checked mode | checked / release |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
    for (name, [direct, weld, checked]) in rows {
        let _ = writeln!(
            s,
            "| {name}: ns (spread) | {} | {} | {:.2} | {} | {:.2} |",
            ns(direct),
            ns(weld),
            weld.ns / direct.ns,
            ns(checked),
            checked.ns / weld.ns,
        );
        let _ = writeln!(
            s,
            "| {name}: wasm instructions | {:.1} | {:.1} | {:.2} | {:.1} | {:.2} |",
            direct.instrs,
            weld.instrs,
            weld.instrs / direct.instrs,
            checked.instrs,
            checked.instrs / weld.instrs,
        );
    }
    let _ = writeln!(
        s,
        "\nCode section of the caller module: {release_code} bytes in release, \
         {checked_code} bytes in the checked build. The checked mode's message \
         (\"{}\") is {} the release module and {} the checked one.",
        String::from_utf8_lossy(CHECK_MESSAGE),
        if contains(release, CHECK_MESSAGE) {
            "in"
        } else {
            "not in"
        },
        if contains(checked, CHECK_MESSAGE) {
            "in"
        } else {
            "not in"
        },
    );
    s
}

fn ns(c: &Cost) -> String {
    format!("{:.2} ({:.0}%)", c.ns, c.spread * 100.0)
}

/// Machine and toolchain.
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
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "Measured on {cpu} (shared), {rustc}, wasm32-wasip1, wasmtime 48; \
         median of {RUNS} runs, spread = (max - min) / median."
    )
}

/// Replaces the text between this benchmark's markers in `path`.
fn splice(path: &Path, report: &str) -> Result<()> {
    const BEGIN: &str = "<!-- bench-resources:begin (generated by `cargo xtask bench`) -->";
    const END: &str = "<!-- bench-resources:end -->";
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => format!("{}{BEGIN}\n{report}{}", &old[..b], &old[e..]),
        _ => format!("{old}\n{BEGIN}\n{report}{END}\n"),
    };
    std::fs::write(path, new).map_err(|e| format_err!("writing {}: {e}", path.display()))
}
