//! Running components in headless browsers through jco: `jco transpile
//! --instantiation async` of a component, then a script of `tests/js/`
//! run in each installed browser by the browser driver the other browser
//! tests use (`tests/js/serve.mjs`, which serves the directory on
//! loopback to a fresh profile and prints what the page POSTs back).

use crate::paths;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The browsers tried, in order.
pub const BROWSERS: [&str; 2] = ["chromium", "firefox"];

/// `tests/js/`, where the scripts and the npm packages (jco) are.
pub fn js_dir() -> PathBuf {
    paths::workspace_root().join("tests").join("js")
}

/// Whether `tool --version` runs.
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// Whether node and jco (`cargo xtask setup`) are installed.
pub fn have_jco() -> bool {
    js_dir()
        .join("node_modules")
        .join(".bin")
        .join("jco")
        .exists()
        && have("node")
}

/// Transpiles `component` into `<target>/weld-tests/<into>/app` (name
/// `app`, async instantiation) next to page.html and `script`, and runs
/// `script` there in every installed browser: `(browser, what the page
/// posted)` for each. Panics when a step fails.
pub fn run_in_browsers(component: &Path, into: &str, script: &str) -> Vec<(&'static str, String)> {
    let js = js_dir();
    let dir = paths::target_dir().join("weld-tests").join(into);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(js.join("node_modules"), dir.join("node_modules")).unwrap();
    for file in ["page.html", script] {
        std::fs::copy(js.join(file), dir.join(file)).unwrap();
    }
    let t = Command::new("node")
        .arg(js.join("node_modules").join(".bin").join("jco"))
        .arg("transpile")
        .arg(component)
        .args(["--instantiation", "async", "--name", "app", "-o"])
        .arg(dir.join("app"))
        .output()
        .unwrap();
    assert!(
        t.status.success(),
        "jco transpile failed: {}",
        String::from_utf8_lossy(&t.stderr)
    );
    let mut out = Vec::new();
    for browser in BROWSERS {
        if !have(browser) {
            println!(
                "SKIPPED in {browser}: not installed (`cargo xtask setup` installs it with apt-get as root)"
            );
            continue;
        }
        let run = Command::new("node")
            .arg(js.join("serve.mjs"))
            .arg(&dir)
            .args([browser, script, "app", "0"])
            .output()
            .unwrap();
        let body = String::from_utf8(run.stdout).unwrap();
        assert!(
            run.status.success(),
            "{browser}: {body} {}",
            String::from_utf8_lossy(&run.stderr)
        );
        out.push((browser, body));
    }
    out
}
