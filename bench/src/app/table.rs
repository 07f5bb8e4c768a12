//! The app benchmark's table, described as data: [`TABLE`] lists each row
//! once, with its label, unit, which way is better and where its value
//! comes from ([`Value`]); a row that repeats over the crossing probes, the
//! probe's cases or the live-instance counts says so ([`Each`]), and the
//! browser rows ([`BROWSER_TABLE`]) repeat for each browser. [`rows`]
//! expands the templates and reads each variant's cell.

use super::node::{self, JsRun};
use super::plain::Plain;
use super::stats::{Spread, group, human};
use super::wasmtime_bench::{HELD, Wasmtime};
use super::{Measured, probe};
use weld_harness::wasmtime::{Result, format_err};

/// Whether a smaller number is better.
#[derive(Clone, Copy, PartialEq, Debug)]
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
    pub cells: Vec<Option<Cell>>,
    /// The plain-Rust floor, where it applies.
    pub plain: Option<Cell>,
}

/// A cell: the text shown and the number the factor uses.
pub type Cell = (String, f64);

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

/// The four crossing probes, in `Wasmtime::crossing_ns` order.
pub const CROSSINGS: [&str; 4] = ["echo-n 16 B", "echo-n 64 KiB", "sum-n 16", "sum-n 16,384"];

/// The probe's payloads, in `Probe` order.
const PROBE_SIZES: [&str; 2] = ["16 B", "64 KiB"];

/// The live-instance counts at which Node's memory is sampled.
const LIVE: [u32; 3] = [1, 10, 100];

/// Where a cell comes from; `At` gives the repeated rows' parameters.
#[derive(Clone, Copy)]
pub enum Value {
    /// A count read off the variant's component (or the chain's).
    Count(fn(&Measured) -> Option<f64>),
    /// A wasmtime measurement.
    Wasmtime(fn(&Wasmtime) -> Spread),
    /// wasmtime's time of crossing `At::crossing`.
    WasmtimeCrossing,
    /// The probe's time per crossing for `At::size` and `At::borrowed`.
    ProbeCrossing,
    /// Bytes copied per crossing for `At::size` and `At::borrowed`.
    Copies,
    /// The samples a JS engine reported under this key.
    Js(&'static str),
    /// The JS engine's time of crossing `At::crossing`.
    JsCrossing,
    /// The first number a JS engine reported under this key, as a count.
    JsCount(&'static str),
    /// The JS heap kept per instance, bytes reported, KB shown.
    JsKeptKb,
    /// Node's process memory with `At::live` instances: the sample's
    /// `index`-th number (KiB) divided by `div`.
    JsMemory(usize, f64),
}

/// Where the plain-Rust column's cell comes from.
#[derive(Clone, Copy)]
pub enum PlainValue {
    /// The module's size.
    Bytes,
    /// Its instantiation time.
    Instantiate,
    /// Its time of crossing `At::crossing`.
    Crossing,
}

/// What a row template repeats over (in the label: `{crossing}`;
/// `{size}` and `{mode}`; `{n}`).
#[derive(Clone, Copy, PartialEq)]
pub enum Each {
    /// One row.
    Once,
    /// One row per crossing probe.
    Crossing,
    /// One row per probe payload and parameter mode (owned, borrowed).
    ProbeCase,
    /// One row per live-instance count of [`LIVE`].
    Live,
}

/// A row template.
pub struct Template {
    label: &'static str,
    unit: &'static str,
    better: Better,
    each: Each,
    value: Value,
    plain: Option<PlainValue>,
}

const fn row(label: &'static str, unit: &'static str, better: Better, value: Value) -> Template {
    Template {
        label,
        unit,
        better,
        each: Each::Once,
        value,
        plain: None,
    }
}

const fn each(
    each: Each,
    label: &'static str,
    unit: &'static str,
    better: Better,
    value: Value,
) -> Template {
    Template {
        each,
        ..row(label, unit, better, value)
    }
}

const fn with_plain(t: Template, plain: PlainValue) -> Template {
    Template {
        plain: Some(plain),
        ..t
    }
}

use Better::{Higher, Lower};
use Value::*;

/// Every row but the browsers', in order. `{held}` is [`HELD`],
/// `{max_live}` [`node::MAX_LIVE`].
#[rustfmt::skip]
pub const TABLE: &[Template] = &[
    row("core modules per app instance", "", Lower, Count(|m| Some(m.structure.modules.into()))),
    row("core instances per app instance", "", Lower, Count(|m| Some(m.structure.instances.into()))),
    row("linear memories per app instance", "", Lower, Count(|m| Some(m.structure.memories.into()))),
    row("WASI interfaces imported", "", Lower, Count(|m| Some(wasi(m).count() as f64))),
    row("WASI functions imported", "", Lower, Count(|m| Some(wasi(m).map(|(_, f)| f.len()).sum::<usize>() as f64))),
    with_plain(row("component size", "bytes", Lower, Count(|m| Some(m.structure.bytes as f64))), PlainValue::Bytes),
    row("17-component chain: core modules", "", Lower, Count(|m| m.chain.as_ref().map(|c| c.modules.into()))),
    row("17-component chain: linear memories", "", Lower, Count(|m| m.chain.as_ref().map(|c| c.memories.into()))),
    row("17-component chain: size", "bytes", Lower, Count(|m| m.chain.as_ref().map(|c| c.bytes as f64))),
    with_plain(row("wasmtime: instantiation (InstancePre)", "µs", Lower, Wasmtime(|w| w.instantiate_us)), PlainValue::Instantiate),
    row("wasmtime: resident memory per instance ({held} held)", "KiB", Lower, Wasmtime(|w| w.rss_kib)),
    row("wasmtime: virtual memory per instance ({held} held)", "MiB", Lower, Wasmtime(|w| w.virt_mib)),
    // Split from /proc/self/smaps (see proc_mem::Split).
    row("wasmtime: of which linear memories' private pages", "KiB", Lower, Wasmtime(|w| w.rss_split_kib[0])),
    row("wasmtime: of which image pages only read (shared)", "KiB", Lower, Wasmtime(|w| w.rss_split_kib[1])),
    row("wasmtime: of which the rest (wasmtime's own)", "KiB", Lower, Wasmtime(|w| w.rss_split_kib[2])),
    row("wasmtime: one `run`", "µs", Lower, Wasmtime(|w| w.run_us)),
    with_plain(each(Each::Crossing, "wasmtime: one crossing, {crossing}", "ns", Lower, WasmtimeCrossing), PlainValue::Crossing),
    each(Each::ProbeCase, "wasmtime: one crossing, echo {size}, {mode} params (weld-only probe)", "ns", Lower, ProbeCrossing),
    each(Each::ProbeCase, "bytes copied per `echo` crossing, {size}, {mode} params", "bytes", Lower, Copies),
    row("wasmtime: `echo` (16 B) calls from the host", "per s", Higher, Wasmtime(|w| w.calls_per_s)),
    row("Node: instantiation", "µs", Lower, Js("instantiate_us")),
    row("Node: instantiation, `WebAssembly.promising` stubbed", "µs", Lower, Js("instantiate_fast_us")),
    row("Node: one `run`", "µs", Lower, Js("run_us")),
    row("Node: live instances before refusal (stops at {max_live})", "", Higher, JsCount("live")),
    row("Node: JS heap kept per instance (300 held, after a full GC)", "KB", Lower, JsKeptKb),
    each(Each::Live, "Node: resident memory of the process, {n} live", "MiB", Lower, JsMemory(0, 1024.0)),
    each(Each::Live, "Node: virtual memory of the process, {n} live", "GiB", Lower, JsMemory(1, 1024.0 * 1024.0)),
    each(Each::Crossing, "Node: one crossing, {crossing}", "ns", Lower, JsCrossing),
];

/// The rows of each browser of [`node::BROWSERS`] (`{engine}` is its name).
#[rustfmt::skip]
pub const BROWSER_TABLE: &[Template] = &[
    row("{engine}: live instances before refusal", "", Higher, JsCount("live")),
    row("{engine}: instantiation", "µs", Lower, Js("instantiate_us")),
    row("{engine}: instantiation, `WebAssembly.promising` stubbed", "µs", Lower, Js("instantiate_fast_us")),
    each(Each::Crossing, "{engine}: one crossing, {crossing}", "ns", Lower, JsCrossing),
];

/// The labels of the rows the report's headline repeats (weld against
/// shared-nothing, from the same run), as [`rows`] expands them.
pub const HEADLINE: &[&str] = &[
    "linear memories per app instance",
    "core instances per app instance",
    "component size",
    "wasmtime: instantiation (InstancePre)",
    "wasmtime: resident memory per instance (1000 held)",
    "wasmtime: one crossing, echo-n 16 B",
    "wasmtime: one crossing, echo-n 64 KiB",
    "Node: instantiation",
    "Node: live instances before refusal (stops at 15,000)",
    "Node: one crossing, echo-n 16 B",
    "Chromium: instantiation",
    "Chromium: live instances before refusal",
    "Chromium: one crossing, echo-n 16 B",
    "Firefox ESR: instantiation",
    "Firefox ESR: live instances before refusal",
    "Firefox ESR: one crossing, echo-n 16 B",
];

/// The parameters of one expanded row.
#[derive(Clone, Copy, Default)]
struct At {
    /// `None`: Node; `Some(i)`: browser `i` of [`node::BROWSERS`].
    browser: Option<usize>,
    crossing: usize,
    size: usize,
    borrowed: bool,
    live: u32,
}

/// Every table row, in order.
pub fn rows(all: &[Measured], plain: Option<&Plain>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    expand(&mut rows, TABLE, all, plain, "Node", At::default())?;
    for (i, (_, _, browser)) in node::BROWSERS.iter().enumerate() {
        let at = At {
            browser: Some(i),
            ..At::default()
        };
        expand(&mut rows, BROWSER_TABLE, all, plain, browser, at)?;
    }
    Ok(rows)
}

/// Appends the rows of `table` (for the JS engine `engine`, at `base`).
fn expand(
    rows: &mut Vec<Row>,
    table: &[Template],
    all: &[Measured],
    plain: Option<&Plain>,
    engine: &str,
    base: At,
) -> Result<()> {
    for t in table {
        for (at, label) in instances(t, base) {
            let label = label
                .replace("{engine}", engine)
                .replace("{held}", &HELD.to_string())
                .replace("{max_live}", &group(node::MAX_LIVE.into()));
            let cells = all
                .iter()
                .map(|m| cell(t.value, m, at))
                .collect::<Result<Vec<_>>>()?;
            rows.push(Row {
                label,
                unit: t.unit,
                better: t.better,
                cells,
                plain: plain.zip(t.plain).and_then(|(p, v)| plain_cell(v, p, at)),
            });
        }
    }
    Ok(())
}

/// The rows template `t` stands for: each one's parameters and label.
fn instances(t: &Template, base: At) -> Vec<(At, String)> {
    let one = |at: At, label: String| (at, label);
    match t.each {
        Each::Once => vec![one(base, t.label.to_string())],
        Each::Crossing => (0..CROSSINGS.len())
            .map(|crossing| {
                let at = At { crossing, ..base };
                one(at, t.label.replace("{crossing}", CROSSINGS[crossing]))
            })
            .collect(),
        Each::ProbeCase => (0..PROBE_SIZES.len())
            .flat_map(|size| [(size, false), (size, true)])
            .map(|(size, borrowed)| {
                let mode = if borrowed { "borrowed" } else { "owned" };
                let label = t.label.replace("{size}", PROBE_SIZES[size]);
                let at = At {
                    size,
                    borrowed,
                    ..base
                };
                one(at, label.replace("{mode}", mode))
            })
            .collect(),
        Each::Live => LIVE
            .iter()
            .map(|&live| {
                one(
                    At { live, ..base },
                    t.label.replace("{n}", &live.to_string()),
                )
            })
            .collect(),
    }
}

fn spread_cell(s: Spread) -> Option<Cell> {
    Some((s.show(""), s.median))
}

fn count_cell(n: f64) -> Option<Cell> {
    Some((group(n as i64), n))
}

/// The cell of `value` for the variant `m`.
fn cell(value: Value, m: &Measured, at: At) -> Result<Option<Cell>> {
    let js = match at.browser {
        None => m.node.as_ref(),
        Some(i) => m.browsers.get(i).and_then(Option::as_ref),
    };
    Ok(match value {
        Count(f) => f(m).and_then(count_cell),
        Wasmtime(f) => spread_cell(f(&m.wasmtime)),
        WasmtimeCrossing => spread_cell(m.wasmtime.crossing_ns[at.crossing]),
        ProbeCrossing => m.probe.as_ref().and_then(|p| {
            let ns = if at.borrowed {
                p.borrowed_ns
            } else {
                p.owned_ns
            };
            spread_cell(ns[at.size])
        }),
        Copies => m.copies.and_then(|c| copies_cell(c, at)),
        Js(key) => js.map(|r| r.spread(key)).transpose()?.and_then(spread_cell),
        JsCrossing => {
            let key = format!("crossing {}", CROSSINGS[at.crossing]);
            js.map(|r| r.spread(&key))
                .transpose()?
                .and_then(spread_cell)
        }
        JsCount(key) => js
            .and_then(|r| r.numbers(key).ok())
            .and_then(|v| count_cell(v[0])),
        JsKeptKb => js.and_then(|r| r.numbers("js_kept_bytes").ok()).map(|v| {
            let kb = v[0] / 1000.0;
            (human(kb), kb)
        }),
        JsMemory(index, div) => memory(js, at.live, index, div)?,
    })
}

/// Bytes copied per `echo` crossing, counted or by the ABI.
fn copies_cell(c: probe::Copies, at: At) -> Option<Cell> {
    let n = if at.borrowed {
        c.borrowed?[at.size]
    } else {
        c.owned[at.size]
    };
    let how = if c.counted {
        "counted by the bindings"
    } else {
        "Canonical ABI, not counted"
    };
    Some((format!("{} ({how})", group(n as i64)), n))
}

/// Node's memory sample with `n` live instances.
fn memory(run: Option<&JsRun>, n: u32, index: usize, div: f64) -> Result<Option<Cell>> {
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

/// The plain-Rust column's cell.
fn plain_cell(value: PlainValue, p: &Plain, at: At) -> Option<Cell> {
    match value {
        PlainValue::Bytes => count_cell(p.bytes as f64),
        PlainValue::Instantiate => spread_cell(p.instantiate_us),
        PlainValue::Crossing => spread_cell(p.crossing_ns[at.crossing]),
    }
}

/// The WASI interfaces `m`'s component imports, with their functions.
pub fn wasi(m: &Measured) -> impl Iterator<Item = &(String, Vec<String>)> {
    m.structure
        .imports
        .iter()
        .filter(|(name, _)| name.starts_with("wasi:"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::structure::Structure;

    fn spread(x: f64) -> Spread {
        Spread {
            median: x,
            min: x - 1.0,
            max: x + 2.0,
        }
    }

    fn structure(n: u32) -> Structure {
        Structure {
            modules: n,
            instances: n + 1,
            memories: n + 2,
            bytes: 1000 * n as usize,
            imports: vec![
                ("wasi:cli/stdout@0.2.12".into(), vec!["get-stdout".into()]),
                (
                    "wasi:io/streams@0.2.12".into(),
                    vec!["a".into(), "b".into()],
                ),
                ("many:app/x".into(), vec!["c".into()]),
            ],
        }
    }

    fn js(k: f64) -> node::JsRun {
        let mut t = format!(
            "instantiate_us\t{a} {b}\ninstantiate_fast_us\t{b}\nrun_us\t{a}\nlive\t{c}\njs_kept_bytes\t{c}\n",
            a = k,
            b = 2.0 * k,
            c = 1000.0 * k
        );
        for n in [1, 10, 100] {
            t.push_str(&format!("memory {n}\t{} {}\n", 5000.0 * k, 9e6 * k));
        }
        for c in CROSSINGS {
            t.push_str(&format!("crossing {c}\t{} {}\n", 3.0 * k, 4.0 * k));
        }
        node::JsRun::parse(&t)
    }

    fn measured(stem: &'static str, k: f64, probe: bool) -> Measured {
        let probe = probe.then(|| probe::Probe {
            borrowed_ns: [spread(1.0), spread(2.0)],
            owned_ns: [spread(3.0), spread(4.0)],
            copies: probe::Copies {
                owned: [16.0, 65536.0],
                borrowed: Some([0.0, 0.0]),
                counted: true,
            },
        });
        Measured {
            stem,
            title: stem,
            structure: structure(k as u32),
            chain: Some(structure(2 * k as u32)),
            wasmtime: Wasmtime {
                instantiate_us: spread(k),
                rss_kib: spread(2.0 * k),
                virt_mib: spread(3.0 * k),
                rss_split_kib: [spread(k), spread(k + 1.0), spread(k + 2.0)],
                run_us: spread(5.0 * k),
                crossing_ns: [spread(k), spread(2.0 * k), spread(3.0 * k), spread(4.0 * k)],
                calls_per_s: spread(1e6 / k),
            },
            node: Some(js(k)),
            browsers: vec![Some(js(2.0 * k)), None],
            // As `app::main` fills it in: the probe's count for weld, the
            // ABI's for shared-nothing.
            copies: Some(
                probe
                    .as_ref()
                    .map_or(probe::Copies::canonical(), |p| p.copies),
            ),
            probe,
        }
    }

    fn table() -> Vec<Row> {
        let all = [
            measured("weld", 3.0, true),
            measured("shared-nothing", 7.0, false),
        ];
        let plain = Plain {
            bytes: 1234,
            instantiate_us: spread(0.5),
            crossing_ns: [spread(0.1), spread(0.2), spread(0.3), spread(0.4)],
        };
        rows(&all, Some(&plain)).unwrap()
    }

    fn find<'a>(rows: &'a [Row], label: &str) -> &'a Row {
        rows.iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label:?}"))
    }

    fn shown(row: &Row) -> Vec<&str> {
        row.cells
            .iter()
            .map(|c| c.as_ref().map_or("n/a", |c| c.0.as_str()))
            .collect()
    }

    #[test]
    fn the_templates_expand_in_order_with_their_parameters() {
        let rows = table();
        // 22 single rows, 2 per crossing, 2 per probe case, 2 per live
        // count; 4 per browser, one of them per crossing.
        assert_eq!(rows.len(), 22 + 2 * 4 + 2 * 4 + 2 * 3 + 2 * (3 + 4));
        assert_eq!(rows[0].label, "core modules per app instance");
        assert_eq!(
            rows.last().unwrap().label,
            "Firefox ESR: one crossing, sum-n 16,384"
        );
        let probe: Vec<&str> = rows
            .iter()
            .filter(|r| r.label.ends_with("(weld-only probe)"))
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(
            probe,
            [
                "wasmtime: one crossing, echo 16 B, owned params (weld-only probe)",
                "wasmtime: one crossing, echo 16 B, borrowed params (weld-only probe)",
                "wasmtime: one crossing, echo 64 KiB, owned params (weld-only probe)",
                "wasmtime: one crossing, echo 64 KiB, borrowed params (weld-only probe)",
            ]
        );
        find(&rows, "wasmtime: resident memory per instance (1000 held)");
        find(
            &rows,
            "Node: live instances before refusal (stops at 15,000)",
        );
        find(&rows, "Node: virtual memory of the process, 100 live");
    }

    #[test]
    fn every_headline_row_is_a_row_of_the_table() {
        let rows = table();
        for label in HEADLINE {
            let row = find(&rows, label);
            assert!(
                row.factor().is_some() || label.starts_with("Firefox"),
                "{label}"
            );
        }
    }

    #[test]
    fn each_cell_reads_its_variant_and_the_factor_favours_the_better_side() {
        let rows = table();
        let modules = find(&rows, "core modules per app instance");
        assert_eq!(shown(modules), ["3", "7"]);
        assert_eq!(modules.factor(), Some(7.0 / 3.0));
        let calls = find(&rows, "wasmtime: `echo` (16 B) calls from the host");
        assert_eq!(calls.factor(), Some((1e6 / 3.0) / (1e6 / 7.0)));
        let crossing = find(&rows, "wasmtime: one crossing, sum-n 16");
        assert_eq!(shown(crossing), ["9.00 (8.00–11.0)", "21.0 (20.0–23.0)"]);
        assert_eq!(crossing.plain.as_ref().unwrap().0, "0.30 (-0.70–2.30)");
        let copies = find(
            &rows,
            "bytes copied per `echo` crossing, 64 KiB, owned params",
        );
        assert_eq!(
            shown(copies),
            [
                "65,536 (counted by the bindings)",
                "131,072 (Canonical ABI, not counted)"
            ]
        );
        // Shared-nothing has no borrowed mode, the second browser no run.
        let borrowed = find(
            &rows,
            "bytes copied per `echo` crossing, 16 B, borrowed params",
        );
        assert_eq!(shown(borrowed), ["0 (counted by the bindings)", "n/a"]);
        let firefox = find(&rows, "Firefox ESR: instantiation");
        assert_eq!(shown(firefox), ["n/a", "n/a"]);
        let chromium = find(&rows, "Chromium: one crossing, echo-n 16 B");
        assert_eq!(chromium.cells[0].as_ref().unwrap().1, 21.0);
        let memory = find(&rows, "Node: resident memory of the process, 10 live");
        assert_eq!(memory.cells[1].as_ref().unwrap().1, 5000.0 * 7.0 / 1024.0);
    }
}
