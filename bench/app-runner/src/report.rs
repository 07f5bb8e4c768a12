//! The Markdown report: machine and versions, then one table with a column
//! per variant and the factor by which weld is better.

use crate::plain::Plain;
use crate::stats::{Spread, group, human};
use crate::{Measured, node, wasmtime_bench};
use std::fmt::Write as _;
use std::path::Path;
use wasmtime::{Result, format_err};

/// Whether a smaller number is better.
#[derive(Clone, Copy, PartialEq)]
pub enum Better {
    /// Time, memory, size.
    Lower,
    /// Throughput, instance counts.
    Higher,
}

/// One table row: label, unit, which way is better, the value per variant
/// (with its spread when measured repeatedly).
pub struct Row {
    /// What is measured.
    pub label: String,
    /// Its unit.
    pub unit: &'static str,
    /// Which way is better.
    pub better: Better,
    /// Per variant: the shown text and the median used for the factor.
    pub cells: Vec<Option<(String, f64)>>,
    /// The plain-Rust floor, where it applies.
    pub plain: Option<(String, f64)>,
}

impl Row {
    /// How many times better the first variant (weld) is than the second.
    pub fn factor(&self) -> Option<f64> {
        let (a, b) = (
            self.cells.first()?.as_ref()?.1,
            self.cells.get(1)?.as_ref()?.1,
        );
        if a <= 0.0 || b <= 0.0 {
            return None;
        }
        Some(match self.better {
            Better::Lower => b / a,
            Better::Higher => a / b,
        })
    }
}

fn spread_cell(s: Spread) -> Option<(String, f64)> {
    Some((s.show(""), s.median))
}

fn count_cell(n: f64) -> Option<(String, f64)> {
    Some((group(n as i64), n))
}

type Cell<'a> = &'a dyn Fn(&Measured) -> Result<Option<(String, f64)>>;

/// Appends the row `label` with `f`'s cell for each variant.
fn add(
    rows: &mut Vec<Row>,
    all: &[Measured],
    label: &str,
    unit: &'static str,
    better: Better,
    f: Cell,
) -> Result<()> {
    let cells = all.iter().map(f).collect::<Result<Vec<_>>>()?;
    rows.push(Row {
        label: label.to_string(),
        unit,
        better,
        cells,
        plain: None,
    });
    Ok(())
}

/// Every row of the table, in order.
pub fn rows(all: &[Measured], plain: Option<&Plain>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let last = |rows: &mut Vec<Row>, cell: Option<(String, f64)>| {
        if let Some(r) = rows.last_mut() {
            r.plain = cell;
        }
    };
    use Better::*;
    add(
        &mut rows,
        all,
        "core modules per app instance",
        "",
        Lower,
        &|m| Ok(count_cell(m.structure.modules.into())),
    )?;
    add(
        &mut rows,
        all,
        "core instances per app instance",
        "",
        Lower,
        &|m| Ok(count_cell(m.structure.instances.into())),
    )?;
    add(
        &mut rows,
        all,
        "linear memories per app instance",
        "",
        Lower,
        &|m| Ok(count_cell(m.structure.memories.into())),
    )?;
    add(
        &mut rows,
        all,
        "WASI interfaces imported",
        "",
        Lower,
        &|m| Ok(count_cell(wasi(m).count() as f64)),
    )?;
    add(&mut rows, all, "WASI functions imported", "", Lower, &|m| {
        Ok(count_cell(
            wasi(m).map(|(_, f)| f.len()).sum::<usize>() as f64
        ))
    })?;
    add(&mut rows, all, "component size", "bytes", Lower, &|m| {
        Ok(count_cell(m.structure.bytes as f64))
    })?;
    last(&mut rows, plain.and_then(|p| count_cell(p.bytes as f64)));
    add(
        &mut rows,
        all,
        "17-component chain: core modules",
        "",
        Lower,
        &|m| Ok(m.chain.as_ref().and_then(|c| count_cell(c.modules.into()))),
    )?;
    add(
        &mut rows,
        all,
        "17-component chain: linear memories",
        "",
        Lower,
        &|m| Ok(m.chain.as_ref().and_then(|c| count_cell(c.memories.into()))),
    )?;
    add(
        &mut rows,
        all,
        "17-component chain: size",
        "bytes",
        Lower,
        &|m| Ok(m.chain.as_ref().and_then(|c| count_cell(c.bytes as f64))),
    )?;
    add(
        &mut rows,
        all,
        "wasmtime: instantiation (InstancePre)",
        "µs",
        Lower,
        &|m| Ok(spread_cell(m.wasmtime.instantiate_us)),
    )?;
    last(&mut rows, plain.and_then(|p| spread_cell(p.instantiate_us)));
    let held = wasmtime_bench::HELD;
    add(
        &mut rows,
        all,
        &format!("wasmtime: resident memory per instance ({held} held)"),
        "KiB",
        Lower,
        &|m| Ok(spread_cell(m.wasmtime.rss_kib)),
    )?;
    add(
        &mut rows,
        all,
        &format!("wasmtime: virtual memory per instance ({held} held)"),
        "MiB",
        Lower,
        &|m| Ok(spread_cell(m.wasmtime.virt_mib)),
    )?;
    // Split from /proc/self/smaps (see proc_mem::Split).
    for (i, part) in [
        "linear memories' private pages",
        "image pages only read (shared)",
        "the rest (wasmtime's own)",
    ]
    .iter()
    .enumerate()
    {
        add(
            &mut rows,
            all,
            &format!("wasmtime: of which {part}"),
            "KiB",
            Lower,
            &|m| Ok(spread_cell(m.wasmtime.rss_split_kib[i])),
        )?;
    }
    add(&mut rows, all, "wasmtime: one `run`", "µs", Lower, &|m| {
        Ok(spread_cell(m.wasmtime.run_us))
    })?;
    for (i, name) in CROSSINGS.iter().enumerate() {
        add(
            &mut rows,
            all,
            &format!("wasmtime: one crossing, {name}"),
            "ns",
            Lower,
            &|m| Ok(spread_cell(m.wasmtime.crossing_ns[i])),
        )?;
        last(&mut rows, plain.and_then(|p| spread_cell(p.crossing_ns[i])));
    }
    probe_rows(&mut rows, all)?;
    add(
        &mut rows,
        all,
        "wasmtime: `echo` (16 B) calls from the host",
        "per s",
        Higher,
        &|m| Ok(spread_cell(m.wasmtime.calls_per_s)),
    )?;
    add(&mut rows, all, "Node: instantiation", "µs", Lower, &|m| {
        js(m)
            .map(|r| r.spread("instantiate_us"))
            .transpose()
            .map(|s| s.and_then(spread_cell))
    })?;
    add(&mut rows, all, &stubbed("Node"), "µs", Lower, &|m| {
        js(m)
            .map(|r| r.spread("instantiate_fast_us"))
            .transpose()
            .map(|s| s.and_then(spread_cell))
    })?;
    add(&mut rows, all, "Node: one `run`", "µs", Lower, &|m| {
        js(m)
            .map(|r| r.spread("run_us"))
            .transpose()
            .map(|s| s.and_then(spread_cell))
    })?;
    add(
        &mut rows,
        all,
        &format!(
            "Node: live instances before refusal (stops at {})",
            group(node::MAX_LIVE.into())
        ),
        "",
        Higher,
        &|m| {
            Ok(js(m)
                .and_then(|r| r.numbers("live").ok())
                .and_then(|v| count_cell(v[0])))
        },
    )?;
    add(
        &mut rows,
        all,
        "Node: JS heap kept per instance (300 held, after a full GC)",
        "KB",
        Lower,
        &|m| {
            Ok(js(m)
                .and_then(|r| r.numbers("js_kept_bytes").ok())
                .map(|v| {
                    let kb = v[0] / 1000.0;
                    (human(kb), kb)
                }))
        },
    )?;
    for n in [1, 10, 100] {
        add(
            &mut rows,
            all,
            &format!("Node: resident memory of the process, {n} live"),
            "MiB",
            Lower,
            &|m| memory(js(m), n, 0, 1024.0),
        )?;
    }
    for n in [1, 10, 100] {
        add(
            &mut rows,
            all,
            &format!("Node: virtual memory of the process, {n} live"),
            "GiB",
            Lower,
            &|m| memory(js(m), n, 1, 1024.0 * 1024.0),
        )?;
    }
    for name in CROSSINGS {
        add(
            &mut rows,
            all,
            &format!("Node: one crossing, {name}"),
            "ns",
            Lower,
            &|m| {
                js(m)
                    .map(|r| r.spread(&format!("crossing {name}")))
                    .transpose()
                    .map(|s| s.and_then(spread_cell))
            },
        )?;
    }
    for (i, (_, _, browser)) in node::BROWSERS.iter().enumerate() {
        add(
            &mut rows,
            all,
            &format!("{browser}: live instances before refusal"),
            "",
            Higher,
            &|m| {
                Ok(browser_run(m, i)
                    .and_then(|r| r.numbers("live").ok())
                    .and_then(|v| count_cell(v[0])))
            },
        )?;
        add(
            &mut rows,
            all,
            &format!("{browser}: instantiation"),
            "µs",
            Lower,
            &|m| {
                browser_run(m, i)
                    .map(|r| r.spread("instantiate_us"))
                    .transpose()
                    .map(|s| s.and_then(spread_cell))
            },
        )?;
        add(&mut rows, all, &stubbed(browser), "µs", Lower, &|m| {
            browser_run(m, i)
                .map(|r| r.spread("instantiate_fast_us"))
                .transpose()
                .map(|s| s.and_then(spread_cell))
        })?;
        for name in CROSSINGS {
            add(
                &mut rows,
                all,
                &format!("{browser}: one crossing, {name}"),
                "ns",
                Lower,
                &|m| {
                    browser_run(m, i)
                        .map(|r| r.spread(&format!("crossing {name}")))
                        .transpose()
                        .map(|s| s.and_then(spread_cell))
                },
            )?;
        }
    }
    Ok(rows)
}

/// The weld-only probe's crossings and the bytes copied per crossing.
fn probe_rows(rows: &mut Vec<Row>, all: &[Measured]) -> Result<()> {
    use Better::*;
    for (i, size) in ["16 B", "64 KiB"].iter().enumerate() {
        for (mode, borrowed) in [("owned", false), ("borrowed", true)] {
            add(
                rows,
                all,
                &format!("wasmtime: one crossing, echo {size}, {mode} params (weld-only probe)"),
                "ns",
                Lower,
                &|m| {
                    Ok(m.probe.as_ref().and_then(|p| {
                        spread_cell(if borrowed {
                            p.borrowed_ns[i]
                        } else {
                            p.owned_ns[i]
                        })
                    }))
                },
            )?;
        }
    }
    for (i, size) in ["16 B", "64 KiB"].iter().enumerate() {
        for (mode, borrowed) in [("owned", false), ("borrowed", true)] {
            add(
                rows,
                all,
                &format!("bytes copied per `echo` crossing, {size}, {mode} params"),
                "bytes",
                Lower,
                &|m| {
                    let Some(c) = m.copies else { return Ok(None) };
                    let n = if borrowed {
                        match c.borrowed {
                            Some(b) => b[i],
                            None => return Ok(None),
                        }
                    } else {
                        c.owned[i]
                    };
                    let how = if c.counted {
                        "counted by the bindings"
                    } else {
                        "Canonical ABI, not counted"
                    };
                    Ok(Some((format!("{} ({how})", group(n as i64)), n)))
                },
            )?;
        }
    }
    Ok(())
}

/// The label of `engine`'s instantiation row with `WebAssembly.promising`
/// stubbed (`js/bench.mjs`, `stubPromising`).
fn stubbed(engine: &str) -> String {
    format!("{engine}: instantiation, `WebAssembly.promising` stubbed")
}

/// The WASI interfaces `m`'s component imports, with their functions.
fn wasi(m: &Measured) -> impl Iterator<Item = &(String, Vec<String>)> {
    m.structure
        .imports
        .iter()
        .filter(|(name, _)| name.starts_with("wasi:"))
}

/// The Node run of `m`.
fn js(m: &Measured) -> Option<&node::JsRun> {
    m.node.as_ref()
}

/// The run of `m` in browser `i`.
fn browser_run(m: &Measured, i: usize) -> Option<&node::JsRun> {
    m.browsers.get(i).and_then(Option::as_ref)
}

/// The four crossing probes, in `Wasmtime::crossing_ns` order.
pub const CROSSINGS: [&str; 4] = ["echo-n 16 B", "echo-n 64 KiB", "sum-n 16", "sum-n 16,384"];

fn memory(
    run: Option<&node::JsRun>,
    n: u32,
    index: usize,
    div: f64,
) -> Result<Option<(String, f64)>> {
    let Some(run) = run else { return Ok(None) };
    let Ok(v) = run.numbers(&format!("memory {n}")) else {
        return Ok(None);
    };
    let x = v
        .get(index)
        .copied()
        .ok_or_else(|| format_err!("short memory row"))?
        / div;
    Ok(Some((human(x), x)))
}

/// The generated Markdown section (`js_dir`: where jco's output of each
/// variant is, for module sizes).
pub fn markdown(
    all: &[Measured],
    plain: Option<&Plain>,
    profiles: &std::result::Result<Vec<crate::profile::Profile>, String>,
    js_dir: &Path,
) -> Result<String> {
    let mut md = String::new();
    writeln!(md, "{}", environment(all))?;
    write!(md, "| measure | unit |")?;
    for m in all {
        write!(md, " {} |", m.title)?;
    }
    writeln!(md, " weld better by | plain Rust, one module |")?;
    writeln!(md, "|---|---|{}---|---|", "---|".repeat(all.len()))?;
    for row in rows(all, plain)? {
        if row.cells.iter().all(Option::is_none) {
            continue;
        }
        write!(md, "| {} | {} |", row.label, row.unit)?;
        for c in &row.cells {
            write!(md, " {} |", c.as_ref().map_or("n/a", |c| c.0.as_str()))?;
        }
        let f = row
            .factor()
            .map_or_else(|| "–".to_string(), |f| format!("{}×", human(f)));
        let p = row.plain.as_ref().map_or("", |p| p.0.as_str());
        writeln!(md, " {f} | {p} |")?;
    }
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
        writeln!(
            md,
            "- WASI imported by {}: {}",
            m.title,
            if functions.is_empty() {
                "none".to_string()
            } else {
                functions.join("; ")
            }
        )?;
    }
    writeln!(md, "\n![weld against shared-nothing](app-bench.svg)\n")?;
    md.push_str(&crate::instantiation::markdown(all, js_dir)?);
    md.push_str(&crate::profile::markdown(profiles));
    Ok(md)
}

/// What Node's run reported of the process when the live count ended
/// (`js/node.mjs`, `liveState`), as a clause, or nothing.
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
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "?".into());
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
    let tool = |cmd: &str, arg: &str| {
        std::process::Command::new(cmd)
            .arg(arg)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|_| "?".into())
    };
    let node = all
        .iter()
        .find_map(|m| m.node.as_ref().map(|r| r.text("version")))
        .unwrap_or_else(|| "not run".into());
    format!(
        "Measured on {cpu}, {cores} cores, {mem:.1} GiB RAM, Linux {kernel}; {rustc}; wasmtime 48.0.8 (default configuration: on-demand allocator); {node}; jco 1.35.0; {wac}. Cells: median (min–max) of several runs.\n",
        kernel = tool("uname", "-r"),
        rustc = tool("rustc", "--version"),
        wac = tool("wac", "--version"),
    )
}

/// Replaces the text between this benchmark's markers in `path`.
pub fn splice(path: &Path, report: &str) -> Result<()> {
    const BEGIN: &str = "<!-- app-bench:begin (generated by `cargo xtask bench-app`) -->";
    const END: &str = "<!-- app-bench:end -->";
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => format!("{}{BEGIN}\n{report}{}", &old[..b], &old[e..]),
        _ => format!("{old}\n{BEGIN}\n{report}{END}\n"),
    };
    std::fs::write(path, new).map_err(|e| format_err!("writing {}: {e}", path.display()))
}
