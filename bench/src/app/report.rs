//! The Markdown report: machine, versions and load, the headline (weld
//! against shared-nothing on the rows of [`HEADLINE`]), then one table
//! with a column per variant and the factor by which weld is better.

use super::plain::Plain;
use super::stats::human;
use super::table::{HEADLINE, Row, rows, wasi};
use super::{Measured, node};
use crate::doc;
use std::fmt::Write as _;
use std::path::Path;
use weld_harness::wasmtime::Result;

/// The generated Markdown section (`js_dir`: where jco's output of each
/// variant is, for module sizes): machine and load, the headline, the
/// table, the notes under it, the chart and the breakdowns.
pub fn markdown(
    all: &[Measured],
    plain: Option<&Plain>,
    profiles: &std::result::Result<Vec<super::profile::Profile>, String>,
    js_dir: &Path,
    load: &doc::Load,
) -> Result<String> {
    let rows = rows(all, plain)?;
    let mut md = format!("{}\n{}\n\n", environment(all), load.sentence());
    md.push_str(&headline(all, &rows)?);
    md.push_str(&table(all, &rows)?);
    md.push_str(&live_notes(all)?);
    md.push_str(&wasi_notes(all)?);
    writeln!(md, "\n![weld against shared-nothing](app-bench.svg)\n")?;
    md.push_str(&super::instantiation::markdown(all, js_dir)?);
    md.push_str(&super::profile::markdown(profiles));
    Ok(md)
}

/// The factor column's text: `3.50×`, or `–` where there is none.
fn factor_text(row: &Row) -> String {
    row.factor()
        .map_or_else(|| "–".to_string(), |f| format!("{}×", human(f)))
}

/// The cell of variant `i` in `row`, or `n/a`.
fn cell_text(row: &Row, i: usize) -> &str {
    row.cells
        .get(i)
        .and_then(Option::as_ref)
        .map_or("n/a", |c| c.0.as_str())
}

/// The rows of [`HEADLINE`] that were measured: weld against
/// shared-nothing, both from this run, with the factor.
fn headline(all: &[Measured], rows: &[Row]) -> Result<String> {
    let [weld, shared, ..] = all else {
        return Ok(String::new());
    };
    let mut md = format!(
        "Headline: {} against {}, measured in this run one after the other (the full table follows).\n\n\
         | measure | unit | {} | {} | weld better by |\n|---|---|---|---|---|\n",
        weld.title, shared.title, weld.title, shared.title
    );
    for label in HEADLINE {
        let Some(row) = rows.iter().find(|r| r.label == *label) else {
            continue;
        };
        if row.factor().is_some() {
            writeln!(
                md,
                "| {label} | {} | {} | {} | {} |",
                row.unit,
                cell_text(row, 0),
                cell_text(row, 1),
                factor_text(row)
            )?;
        }
    }
    md.push('\n');
    Ok(md)
}

/// The whole table: a column per variant, the factor and the plain-Rust
/// floor; rows nothing was measured for are left out.
fn table(all: &[Measured], rows: &[Row]) -> Result<String> {
    let mut md = String::from("| measure | unit |");
    for m in all {
        write!(md, " {} |", m.title)?;
    }
    writeln!(md, " weld better by | plain Rust, one module |")?;
    writeln!(md, "|---|---|{}---|---|", "---|".repeat(all.len()))?;
    for row in rows.iter().filter(|r| r.cells.iter().any(Option::is_some)) {
        write!(md, "| {} | {} |", row.label, row.unit)?;
        for i in 0..row.cells.len() {
            write!(md, " {} |", cell_text(row, i))?;
        }
        let plain = row.plain.as_ref().map_or("", |p| p.0.as_str());
        writeln!(md, " {} | {plain} |", factor_text(row))?;
    }
    Ok(md)
}

/// How each JS engine's live count ended, per variant.
fn live_notes(all: &[Measured]) -> Result<String> {
    let mut md = String::new();
    for m in all {
        for (engine, r) in m.js_runs() {
            writeln!(
                md,
                "\n- {engine}, {}: after the last live instance: `{}` ({}){}",
                m.title,
                r.text("live_error"),
                r.text("version"),
                live_state(r)
            )?;
        }
    }
    writeln!(md)?;
    Ok(md)
}

/// The WASI interfaces and functions each variant imports.
fn wasi_notes(all: &[Measured]) -> Result<String> {
    let mut md = String::new();
    for m in all {
        let functions: Vec<String> = wasi(m)
            .map(|(interface, f)| {
                if f.is_empty() {
                    format!("`{interface}` (types only)")
                } else {
                    format!("`{interface}`: {}", f.join(", "))
                }
            })
            .collect();
        let functions = if functions.is_empty() {
            "none".to_string()
        } else {
            functions.join("; ")
        };
        writeln!(md, "- WASI imported by {}: {functions}", m.title)?;
    }
    Ok(md)
}

/// What Node's run reported of the process when the live count ended
/// (`tests/js/bench-node.mjs`, `liveState`), as a clause, or nothing.
fn live_state(r: &node::JsRun) -> String {
    match r.numbers("live_state").as_deref() {
        Ok([used, total, vm_tib, maps]) => format!(
            "; then: JS heap {used} MiB used of {total} MiB after a full GC, virtual size {vm_tib} TiB, {maps} mappings"
        ),
        _ => String::new(),
    }
}

/// Machine and versions.
fn environment(all: &[Measured]) -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|c| {
            c.lines().next().map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
                    / 1048576.0
            })
        })
        .unwrap_or(0.0);
    let node = all
        .iter()
        .find_map(|m| m.node.as_ref().map(|r| r.text("version")))
        .unwrap_or_else(|| "not run".into());
    format!(
        "Measured on {cpu}, {cores} cores, {mem:.1} GiB RAM, Linux {kernel}; {rustc}; wasmtime 48.0.8 (default configuration: on-demand allocator); {node}; jco 1.35.0; {wac}. Cells: median (min–max) of several runs.\n",
        cpu = doc::cpu(),
        kernel = doc::tool("uname", "-r"),
        rustc = doc::tool("rustc", "--version"),
        wac = doc::tool("wac", "--version"),
    )
}

/// This benchmark's section of docs/benchmarks.md.
pub const SECTION: doc::Section = doc::Section {
    begin: "<!-- app-bench:begin (generated by `cargo xtask bench-app`) -->",
    end: "<!-- app-bench:end -->",
};
