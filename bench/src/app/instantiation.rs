//! Where an instantiation through jco goes, per engine and build: the
//! profile `js/bench.mjs` (`instantiationProfile`) takes by timing each core
//! instance and each `WebAssembly.promising` call jco makes, as a Markdown
//! table.

use super::stats::{Spread, human};
use super::{Measured, node};
use std::fmt::Write as _;
use std::path::Path;
use weld_harness::wasmtime::{Result, format_err};

/// One profiled instantiation: medians over the repeats, in µs per app
/// instance.
#[derive(Debug, PartialEq)]
pub struct Breakdown {
    /// The whole instantiation.
    pub total: f64,
    /// Inside `WebAssembly.promising` (0 where the engine has none).
    pub jspi: f64,
    /// `WebAssembly.promising` calls per instance.
    pub jspi_calls: f64,
    /// Inside `new WebAssembly.Instance`, all core modules.
    pub core: f64,
    /// Core instances per app instance.
    pub core_calls: f64,
    /// Everything else: jco's JavaScript.
    pub rest: f64,
    /// The core module that took longest: path and median µs.
    pub slowest: (String, f64),
}

impl Breakdown {
    /// The profile in `run` whose rows start with `prefix` (`profile`, or
    /// `profile_stubbed` for the one with `WebAssembly.promising`
    /// stubbed), `None` if it has none.
    ///
    /// # Errors
    ///
    /// A malformed row, or repeats of unequal number.
    pub fn of(run: &node::JsRun, prefix: &str) -> Result<Option<Breakdown>> {
        let Ok(total) = run.numbers(&format!("{prefix}_total_us")) else {
            return Ok(None);
        };
        let jspi = run.numbers(&format!("{prefix}_jspi_us"))?;
        let core_us = format!("{prefix}_core_us ");
        let mut core = vec![0.0; total.len()];
        let mut core_calls = 0.0;
        let mut slowest = (String::from("?"), f64::NEG_INFINITY);
        for (key, _) in run.rows.iter() {
            let Some(path) = key.strip_prefix(&core_us) else {
                continue;
            };
            let us = run.numbers(key)?;
            if us.len() != core.len() {
                return Err(format_err!(
                    "`{key}` has {} repeats, not {}",
                    us.len(),
                    core.len()
                ));
            }
            core.iter_mut().zip(&us).for_each(|(c, u)| *c += u);
            core_calls += run.numbers(&format!("{prefix}_core_calls {path}"))?[0];
            let median = Spread::of(us).median;
            if median > slowest.1 {
                slowest = (path.to_string(), median);
            }
        }
        if jspi.len() != total.len() {
            return Err(format_err!(
                "`profile_jspi_us` has {} repeats, not {}",
                jspi.len(),
                total.len()
            ));
        }
        let rest: Vec<f64> = (0..total.len())
            .map(|i| total[i] - jspi[i] - core[i])
            .collect();
        Ok(Some(Breakdown {
            total: Spread::of(total).median,
            jspi: Spread::of(jspi).median,
            jspi_calls: run.numbers(&format!("{prefix}_jspi_calls"))?[0],
            core: Spread::of(core).median,
            core_calls,
            rest: Spread::of(rest).median,
            slowest,
        }))
    }
}

/// The table: a row per engine and build that was profiled; empty if none
/// was. Module sizes are read from `js_dir/<variant>/<path>` when present.
///
/// # Errors
///
/// A malformed profile.
pub fn markdown(all: &[Measured], js_dir: &Path) -> Result<String> {
    let mut rows = String::new();
    for m in all {
        let stem = m.stem;
        for (engine, run) in m.js_runs() {
            for (prefix, mode) in [("profile", "the engine's"), ("profile_stubbed", "stubbed")] {
                let Some(b) = Breakdown::of(run, prefix)? else {
                    continue;
                };
                let mode = if prefix == "profile" && b.jspi_calls == 0.0 {
                    "absent: jco's calls throw"
                } else {
                    mode
                };
                let size = std::fs::metadata(js_dir.join(stem).join(&b.slowest.0)).map_or_else(
                    |_| String::new(),
                    |f| format!(", {} bytes", super::stats::group(f.len() as i64)),
                );
                writeln!(
                    rows,
                    "| {engine} | {} | {mode} | {} | {} ({}) | {} ({}) | {} | {}{size}: {} |",
                    m.title,
                    human(b.total),
                    human(b.jspi),
                    b.jspi_calls,
                    human(b.core),
                    b.core_calls,
                    human(b.rest),
                    b.slowest.0,
                    human(b.slowest.1),
                )?;
            }
        }
    }
    if rows.is_empty() {
        return Ok(rows);
    }
    Ok(format!(
        "Where one instantiation through jco goes (µs per app instance, median of the repeats; \
         each core instance and each call of jco's to `WebAssembly.promising` timed, the rest is jco's JavaScript):\n\n\
         | engine | build | `WebAssembly.promising` | in all | in `WebAssembly.promising` (calls) | in core instances (count) | in jco's other JavaScript | slowest core module |\n\
         |---|---|---|---|---|---|---|---|\n{rows}\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_is_what_the_timed_parts_leave_per_repeat() {
        let run = node::JsRun::parse(
            "profile_total_us\t100 300 200\n\
             profile_jspi_us\t50 60 70\n\
             profile_jspi_calls\t3\n\
             profile_core_us a.wasm\t10 20 30\n\
             profile_core_us b.wasm\t5 5 5\n\
             profile_core_calls a.wasm\t1\n\
             profile_core_calls b.wasm\t2\n",
        );
        let b = Breakdown::of(&run, "profile").unwrap().unwrap();
        assert_eq!(
            b,
            Breakdown {
                total: 200.0,
                jspi: 60.0,
                jspi_calls: 3.0,
                core: 25.0,
                core_calls: 3.0,
                // 35, 215, 95 per repeat.
                rest: 95.0,
                slowest: ("a.wasm".into(), 20.0),
            }
        );
    }

    #[test]
    fn a_run_without_a_profile_has_no_breakdown_and_a_ragged_one_is_an_error() {
        assert_eq!(
            Breakdown::of(&node::JsRun::parse("instantiate_us\t1 2\n"), "profile").unwrap(),
            None
        );
        let ragged = node::JsRun::parse(
            "profile_total_us\t1 2\nprofile_jspi_us\t0 0\nprofile_jspi_calls\t0\nprofile_core_us a\t1\n",
        );
        let e = Breakdown::of(&ragged, "profile").unwrap_err().to_string();
        assert!(e.contains("profile_core_us a"), "{e}");
    }
}
