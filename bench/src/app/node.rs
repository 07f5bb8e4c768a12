//! The JS engines' measurements: each variant transpiled by jco
//! (`--instantiation async`) and measured by `tests/js/bench.mjs`, in Node
//! (`bench-node.mjs`) and in headless browsers (`bench-browser.mjs`, on
//! the page `serve.mjs` serves: the browser driver the tests use too).

use super::stats::Spread;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use weld_harness::wasmtime::{Result, bail, format_err};

/// Live instances the Node run stops at.
pub const MAX_LIVE: u32 = 15_000;

/// What one JS run reported, by key (see `tests/js/bench.mjs`, `lines`).
#[derive(Debug, Clone, Default)]
pub struct JsRun {
    /// Every `key<TAB>values` line.
    pub rows: BTreeMap<String, Vec<String>>,
}

impl JsRun {
    /// Parses the lines `text`.
    pub fn parse(text: &str) -> JsRun {
        let rows = text
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| {
                let values = if k.ends_with("error") || k == "version" || k == "failed" {
                    vec![v.to_string()]
                } else {
                    v.split(' ').map(str::to_string).collect()
                };
                (k.to_string(), values)
            })
            .collect();
        JsRun { rows }
    }

    /// The samples of `key` as numbers.
    pub fn numbers(&self, key: &str) -> Result<Vec<f64>> {
        self.rows
            .get(key)
            .ok_or_else(|| format_err!("the JS run reported no `{key}`"))?
            .iter()
            .map(|v| {
                v.parse()
                    .map_err(|e| format_err!("`{key}` value {v:?}: {e}"))
            })
            .collect()
    }

    /// Median and range of `key`'s samples.
    pub fn spread(&self, key: &str) -> Result<Spread> {
        Ok(Spread::of(self.numbers(key)?))
    }

    /// The text of `key`, or `?`.
    pub fn text(&self, key: &str) -> String {
        self.rows
            .get(key)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_else(|| "?".into())
    }
}

/// The JS tools: jco and the WASI shim, installed in `tests/js` by
/// `cargo xtask setup`.
pub struct Js {
    /// `tests/js/node_modules`.
    pub node_modules: PathBuf,
    /// Where transpiled variants and the copied scripts go.
    pub work: PathBuf,
}

impl Js {
    /// Checks that jco is installed under `node_modules`.
    pub fn new(node_modules: PathBuf, work: PathBuf) -> Result<Js> {
        if !node_modules.join(".bin").join("jco").exists() {
            bail!(
                "jco is missing from {}: run `cargo xtask setup`",
                node_modules.display()
            );
        }
        std::fs::create_dir_all(&work)?;
        let link = work.join("node_modules");
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(&node_modules, &link)?;
        }
        let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/js");
        for f in [
            "bench.mjs",
            "bench-node.mjs",
            "page.html",
            "bench-browser.mjs",
            "serve.mjs",
        ] {
            std::fs::copy(js.join(f), work.join(f))
                .map_err(|e| format_err!("copying {f} from {}: {e}", js.display()))?;
        }
        Ok(Js { node_modules, work })
    }

    /// `jco transpile --instantiation async` of `component` into
    /// `work/<name>/`.
    pub fn transpile(&self, component: &Path, name: &str) -> Result<PathBuf> {
        let out = self.work.join(name);
        let _ = std::fs::remove_dir_all(&out);
        let t = Command::new("node")
            .arg(self.node_modules.join(".bin").join("jco"))
            .arg("transpile")
            .arg(component)
            .args(["--instantiation", "async", "--name", "app", "-o"])
            .arg(&out)
            .output()?;
        if !t.status.success() {
            bail!(
                "jco transpile {} failed: {}",
                component.display(),
                String::from_utf8_lossy(&t.stderr)
            );
        }
        Ok(out)
    }

    /// Runs `bench-node.mjs` on a transpiled variant.
    pub fn run_node(&self, transpiled: &Path) -> Result<JsRun> {
        let out = Command::new("node")
            .arg("--max-old-space-size=16384")
            // For the full GC before `liveState` reads the JS heap.
            .arg("--expose-gc")
            .arg(self.work.join("bench-node.mjs"))
            .arg(transpiled)
            .arg(MAX_LIVE.to_string())
            .output()?;
        if !out.status.success() {
            bail!(
                "bench-node.mjs on {} failed: {}",
                transpiled.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(JsRun::parse(&String::from_utf8_lossy(&out.stdout)))
    }
}

/// The headless browsers: (name for serve.mjs, executable, column label).
pub const BROWSERS: &[(&str, &str, &str)] = &[
    ("chromium", "chromium", "Chromium"),
    ("firefox", "firefox-esr", "Firefox ESR"),
];

impl Js {
    /// Runs the page on the transpiled variant `name` (a directory of
    /// `work`) in `browser` through `serve.mjs`; `None` when the browser is
    /// not installed.
    pub fn run_browser(&self, browser: &str, exe: &str, name: &str) -> Result<Option<JsRun>> {
        if Command::new(exe).arg("--version").output().is_err() {
            eprintln!("weld-bench app: {exe} is not installed: skipped");
            return Ok(None);
        }
        let out = Command::new("node")
            .arg(self.work.join("serve.mjs"))
            .arg(&self.work)
            .arg(browser)
            .arg("bench-browser.mjs")
            .arg(name)
            .arg(MAX_LIVE.to_string())
            .output()?;
        let run = JsRun::parse(&String::from_utf8_lossy(&out.stdout));
        if !out.status.success() || run.rows.contains_key("failed") {
            bail!(
                "{browser} on {name} failed: {} {}",
                run.text("failed"),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(Some(run))
    }
}
