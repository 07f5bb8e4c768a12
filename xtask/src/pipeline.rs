//! The async benchmark's stream pipeline (`bench/async/`) built both ways:
//! with weld (one weld-ld link, one component) and shared-nothing (one
//! wit-bindgen async component per crate for wasm32-wasip2, composed by
//! wac), as `cargo xtask bench-async` measures them.

use crate::many::wac;
use crate::steps::{cargo, root, run, run_bench, target_dir};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pipeline's crates, by the name the composition
/// (`bench/async/pipeline.wac`) gives them; `app` is the root.
const STAGES: &[&str] = &["producer", "transformer", "consumer", "app"];

/// Where the built components go: `weld.wasm` and `shared-nothing.wasm`.
pub fn out_dir() -> PathBuf {
    target_dir().join("weld-bench-async")
}

/// Builds both components into [`out_dir`] (release); `weld_ld` is the
/// linker cargo uses for the weld build.
pub fn build(weld_ld: &Path) -> Result<(), String> {
    let out = out_dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    build_weld(weld_ld, &out.join("weld.wasm"))?;
    build_shared_nothing(&out.join("shared-nothing.wasm"))
}

/// `weld-bench-async-app --features weld` (the three stages are its
/// dependencies) linked by weld-ld, then made the component `out` by
/// `weld-ld component`.
fn build_weld(weld_ld: &Path, out: &Path) -> Result<(), String> {
    let mut c = cargo();
    c.env("CARGO_TARGET_WASM32_WASIP1_LINKER", weld_ld)
        .args(["build", "--release", "--target", "wasm32-wasip1"])
        .args(["-p", "weld-bench-async-app", "--features", "weld"]);
    run(c)?;
    let module = target_dir()
        .join("wasm32-wasip1")
        .join("release")
        .join("weld_bench_async_app.wasm");
    let mut c = Command::new(weld_ld);
    c.arg("component").arg(&module).arg("-o").arg(out);
    run(c)
}

/// Each crate as its own component (wasm32-wasip2, `--features
/// shared-nothing`), copied to `parts/<name>.wasm` in [`out_dir`] (the
/// report lists what each is made of), then `wac compose
/// bench/async/pipeline.wac`.
fn build_shared_nothing(out: &Path) -> Result<(), String> {
    let built = target_dir().join("wasm32-wasip2").join("release");
    let parts = out_dir().join("parts");
    std::fs::create_dir_all(&parts).map_err(|e| format!("creating {}: {e}", parts.display()))?;
    let mut c = Command::new(wac());
    c.arg("compose")
        .arg(root().join("bench").join("async").join("pipeline.wac"))
        .arg("-o")
        .arg(out);
    for name in STAGES {
        let krate = format!("weld-bench-async-{name}");
        let mut b = cargo();
        b.args(["rustc", "--release", "--target", "wasm32-wasip2"])
            .args(["-p", &krate, "--features", "shared-nothing"])
            .args(["--crate-type", "cdylib"]);
        run(b)?;
        let file = built.join(format!("{}.wasm", krate.replace('-', "_")));
        let part = parts.join(format!("{name}.wasm"));
        std::fs::copy(&file, &part).map_err(|e| format!("copying {}: {e}", file.display()))?;
        c.arg("--dep")
            .arg(format!("bench:{name}={}", part.display()));
    }
    run(c)
}

/// Clippy over the pipeline's crates in their weld build, for
/// wasm32-wasip1 (the shared-nothing build is checked by compiling it in
/// `build-wasm`, as examples/many's is).
pub fn clippy() -> Result<(), String> {
    let mut c = cargo();
    c.args(["clippy", "--target", "wasm32-wasip1"]);
    for name in STAGES {
        c.args(["-p", &format!("weld-bench-async-{name}")]);
    }
    c.args([
        "--features",
        "weld-bench-async-app/weld",
        "--",
        "-D",
        "warnings",
    ]);
    run(c)
}

/// `cargo xtask bench-async [--runs N]`: builds both components, then runs
/// `weld-bench async` (release), which prints the table and rewrites its
/// section of docs/benchmarks.md.
pub fn bench(weld_ld: &Path, runs: Option<&str>) -> Result<(), String> {
    build(weld_ld)?;
    let mut args: Vec<OsString> = vec!["async".into(), out_dir().into()];
    if let Some(n) = runs {
        args.extend(["--runs".into(), n.into()]);
    }
    let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    run_bench("release", &args)
}
