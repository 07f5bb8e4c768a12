//! The many-component example (`examples/many/`) built both ways: with weld
//! (one weld-ld link, one component) and shared-nothing (one wit-bindgen
//! component per crate for wasm32-wasip2, composed by wac).

use crate::steps::{BENCH_PROFILE, build_copy, cargo, output, root, run, run_bench, target_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wac-cli release `setup` installs from crates.io.
const WAC_VERSION: &str = "0.12.0";

/// The service crates, by the name the composition (`app.wac`) gives them.
pub const SERVICES: &[&str] = &[
    "logger", "kv", "config", "clock", "random", "text", "counter",
];

/// Where the built components go: `weld.wasm` and `shared-nothing.wasm`.
pub fn out_dir() -> PathBuf {
    target_dir().join("weld-many")
}

/// Installs what the shared-nothing build needs: the wasm32-wasip2 target
/// and wac-cli (compiled by `cargo install`, once).
pub fn setup() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|l| l.trim() == "wasm32-wasip2") {
        let mut c = Command::new("rustup");
        c.args(["target", "add", "wasm32-wasip2"]);
        run(c)?;
    }
    let have = output(Command::new("wac").arg("--version")).unwrap_or_default();
    if have.contains(WAC_VERSION) {
        return Ok(());
    }
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.args(["install", "wac-cli", "--locked", "--version", WAC_VERSION])
        .env("CARGO_TARGET_DIR", target_dir().join("cargo-install"));
    run(c)
}

/// The `wac` executable: on `PATH`, else where `cargo install` puts it.
pub(crate) fn wac() -> PathBuf {
    if Command::new("wac").arg("--version").output().is_ok() {
        return PathBuf::from("wac");
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin").join("wac")
}

/// Builds what tests/tests/many.rs runs into [`out_dir`]: the measured
/// builds ([`build_measured`]) and the weld variant again with LTO
/// (`weld-lto.wasm`); `weld_ld` is the linker cargo uses for the weld
/// builds.
pub fn build(weld_ld: &Path) -> Result<(), String> {
    build_measured(weld_ld)?;
    build_weld(
        weld_ld,
        "release-lto",
        "weld",
        &out_dir().join("weld-lto.wasm"),
    )
}

/// Builds what the benchmark measures into [`out_dir`]: the variants
/// (release) and the weld-only probe. `weld.wasm` links
/// `weld-wasi-preview1` (host WASI 0.2 through the link, no adapter);
/// `weld-adapter.wasm` is the same app with std's WASI calls left to
/// wit-component's preview 1 adapter, the weld build before issue 14, for
/// comparison.
fn build_measured(weld_ld: &Path) -> Result<(), String> {
    let out = out_dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    build_weld(
        weld_ld,
        "release",
        "weld adapter",
        &out.join("weld-adapter.wasm"),
    )?;
    build_weld(weld_ld, "release", "weld", &out.join("weld.wasm"))?;
    build_shared_nothing(&out)?;
    build_probe(weld_ld)
}

/// `weld-many-main` with `--features <features>` in cargo profile
/// `profile`, linked by weld-ld, then made the component `out` by `weld-ld
/// component`.
fn build_weld(weld_ld: &Path, profile: &str, features: &str, out: &Path) -> Result<(), String> {
    let mut c = cargo();
    c.env("CARGO_TARGET_WASM32_WASIP1_LINKER", weld_ld)
        .args(["build", "--profile", profile, "--target", "wasm32-wasip1"])
        .args(["-p", "weld-many-main", "--features", features]);
    run(c)?;
    let module = target_dir()
        .join("wasm32-wasip1")
        .join(profile)
        .join("weld_many_main.wasm");
    let mut c = Command::new(weld_ld);
    c.arg("component").arg(&module).arg("-o").arg(out);
    run(c)
}

/// Each crate as its own component (wasm32-wasip2, `--features
/// shared-nothing`), then `wac compose examples/many/app.wac`.
fn build_shared_nothing(out: &Path) -> Result<(), String> {
    let built = target_dir().join("wasm32-wasip2").join("release");
    let mut deps = Vec::new();
    for name in SERVICES.iter().chain(&["main"]) {
        let krate = format!("weld-many-{name}");
        let mut c = cargo();
        c.args(["rustc", "--release", "--target", "wasm32-wasip2"])
            .args(["-p", &krate, "--features", "shared-nothing"])
            .args(["--crate-type", "cdylib"]);
        run(c)?;
        let file = built.join(format!("{}.wasm", krate.replace('-', "_")));
        deps.push(format!("many:{name}={}", file.display()));
    }
    let mut c = Command::new(wac());
    c.arg("compose")
        .arg(root().join("examples").join("many").join("app.wac"))
        .arg("-o")
        .arg(out.join("shared-nothing.wasm"));
    for d in &deps {
        c.arg("--dep").arg(d);
    }
    run(c)
}

/// `cargo xtask bench-app`: builds both variants, then runs `weld-bench
/// app` (release), which prints the table and rewrites its section of
/// docs/benchmarks.md and docs/app-bench.svg.
pub fn bench(weld_ld: &Path) -> Result<(), String> {
    install_browsers();
    build_measured(weld_ld)?;
    crate::chain::build(weld_ld)?;
    // bench/app-plain, the plain-Rust floor.
    let plain = out_dir().join("plain.wasm");
    build_copy(
        cargo(),
        ("weld-bench-app-plain", &[]),
        BENCH_PROFILE,
        &plain,
    )?;
    let node_modules = root().join("tests").join("js").join("node_modules");
    run_bench(
        "release",
        &[
            "app".as_ref(),
            out_dir().as_os_str(),
            node_modules.as_os_str(),
        ],
    )
}

/// bench/app-probe (weld only: the app's text service next to a
/// borrowed-parameter echo, built with weld's `count-copies` feature),
/// linked by weld-ld into `out_dir()/probe.wasm`.
fn build_probe(weld_ld: &Path) -> Result<(), String> {
    let mut c = cargo();
    c.env("CARGO_TARGET_WASM32_WASIP1_LINKER", weld_ld);
    let module = target_dir().join("weld_bench_app_probe.module.wasm");
    build_copy(c, ("weld-bench-app-probe", &[]), BENCH_PROFILE, &module)?;
    let mut c = Command::new(weld_ld);
    c.arg("component")
        .arg(&module)
        .arg("-o")
        .arg(out_dir().join("probe.wasm"));
    run(c)
}

/// Headless Chromium and Firefox ESR from the system packages, and `perf`
/// for the profiles, installed with apt-get when running as root without
/// them; without them the benchmark leaves their rows out (saying so).
fn install_browsers() {
    for (tool, package) in [("chromium", "chromium"), ("firefox-esr", "firefox-esr")] {
        crate::steps::apt_install(tool, package, "its rows will be missing");
    }
    crate::steps::apt_install("perf", "linux-perf", "the profiles will be left out");
}
