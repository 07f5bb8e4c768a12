//! The steps behind each xtask command.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Guest crates of the main workspace, built for wasm32-wasip1.
const WASM_PACKAGES: &[&str] = &[
    "weld-example-app",
    "weld-test-runner",
    "weld-test-command",
    "weld-test-names-app",
    "weld-test-resource-runner",
    "weld-test-host-resource",
    "weld-test-host-export",
    "weld-test-wrap-app",
    "weld-test-wrap-host-app",
    "weld-test-riae-runner",
    "weld-test-async-app",
    "weld-test-async-host-app",
    "weld-test-async-res-app",
    "weld-test-async-pipe-app",
    "weld-test-errctx-app",
    "weld-test-async-types-app",
    "weld-test-host-async-app",
    "weld-test-host-ends-app",
    "weld-test-wasi3-app",
    "weld-port-app",
];

/// Guest crates also built in `release`, where weld's checked mode is off
/// (tests/tests/resources.rs compares the two builds; tests/tests/
/// async_types.rs checks that a lent resource is protected there too).
const RELEASE_WASM_PACKAGES: &[&str] = &["weld-test-resource-runner", "weld-test-async-types-app"];

/// Optional guest crates (built when they are workspace members).
const OPTIONAL_WASM_PACKAGES: &[&str] = &["weld-test-corpus", "weld-test-scale"];

/// How long `cargo xtask test` runs the fuzz test (`bindgen/tests/fuzz.rs`).
const FUZZ_SECONDS: &str = "120";

/// Where the fuzz test writes its sample of generated worlds, compiled
/// afterwards by the `weld-test-fuzz-sample` guest crate.
fn fuzz_sample_dir() -> PathBuf {
    target_dir().join("weld-fuzz-sample")
}

/// Separate workspaces built as staticlibs, with their profile.
const STATICLIB_WORKSPACES: &[(&str, &str)] = &[
    ("tests/staticlibs/greeter", "release"),
    ("tests/staticlibs/app", "debug"),
    ("tests/c/guest", "debug"),
    ("tests/c/wasi-guest", "debug"),
];

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the workspace")
        .to_path_buf()
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub(crate) fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root()).env("CARGO_TARGET_DIR", target_dir());
    c
}

pub(crate) fn run(mut cmd: Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: running {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub(crate) fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Installs the wasm32-wasip1 and wasm32-wasip2 targets if rustup does not
/// list them, wac-cli when missing, and clang (for the C interop test) with
/// apt-get when running as root without it.
pub fn setup() -> Result<(), String> {
    // npm packages of the Node tests (jco), where npm is installed.
    setup_npm()?;
    install_clang();
    install_chromium();
    setup_wasip1()?;
    // wasm32-wasip2 and wac-cli, for the shared-nothing build of examples/many.
    crate::many::setup()
}

/// Installs the wasm32-wasip1 target if rustup does not list it: all the
/// example needs.
fn setup_wasip1() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|l| l.trim() == "wasm32-wasip1") {
        let mut c = Command::new("rustup");
        c.args(["target", "add", "wasm32-wasip1"]);
        run(c)?;
    }
    Ok(())
}

/// Best effort: `tests/tests/c_interop.rs` skips (saying so) without clang.
fn install_clang() {
    apt_install("clang", "clang", "the C interop test will skip");
}

/// Best effort: the Chromium functional test of `tests/tests/many.rs`
/// skips (saying so) without it.
fn install_chromium() {
    apt_install(
        "chromium",
        "chromium",
        "the Chromium test of examples/many will skip",
    );
}

/// Installs Debian `package` (for the command `tool`) with apt-get when
/// `tool` is missing and this runs as root; otherwise says what `missing`
/// means and goes on.
pub(crate) fn apt_install(tool: &str, package: &str, missing: &str) {
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    let root = output(Command::new("id").arg("-u")).is_ok_and(|u| u.trim() == "0");
    if have(tool) || !root || !have("apt-get") {
        return;
    }
    // A fresh machine has no package lists yet: update them first.
    let mut update = Command::new("apt-get");
    update.args(["update", "-qq"]);
    let mut c = Command::new("apt-get");
    c.args(["install", "-y", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive");
    if let Err(e) = run(update).and_then(|()| run(c)) {
        eprintln!("xtask: {package} not installed ({e}); {missing}");
    }
}

/// The allocator benchmark's guest, built once per allocator: (output
/// stem, cargo features). `count` counts allocator calls.
const BENCH_VARIANTS: &[(&str, &[&str])] = &[
    ("weld", &["--features", "weld"]),
    ("libc", &[]),
    ("dlmalloc-crate", &["--features", "dlmalloc-crate"]),
    ("talc", &["--features", "talc"]),
    ("lol", &["--features", "lol"]),
    ("count", &["--features", "count"]),
];

/// The profile the benchmarks' guests are built in: release, keeping the
/// name section (see the workspace's Cargo.toml).
pub(crate) const BENCH_PROFILE: &str = "bench-release";

/// Builds `package` for wasm32-wasip1 in cargo profile `profile` with
/// `features` (with `cargo`, which may set a linker) and copies its module
/// to `to`.
pub(crate) fn build_copy(
    mut c: Command,
    (package, features): (&str, &[&str]),
    profile: &str,
    to: &Path,
) -> Result<(), String> {
    c.args(["build", "--profile", profile, "--target", "wasm32-wasip1"])
        .args(["-p", package])
        .args(features);
    run(c)?;
    let built = target_dir()
        .join("wasm32-wasip1")
        .join(profile)
        .join(format!("{}.wasm", package.replace('-', "_")));
    std::fs::copy(&built, to).map_err(|e| format!("copying {}: {e}", built.display()))?;
    Ok(())
}

/// `cargo run -p weld-bench` (in `profile`) with `args`, then `--write
/// docs/benchmarks.md`: it prints its table and rewrites its section.
pub(crate) fn run_bench(profile: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    let mut c = cargo();
    c.args([
        "run",
        "--quiet",
        "--profile",
        profile,
        "-p",
        "weld-bench",
        "--",
    ])
    .args(args)
    .arg("--write")
    .arg(root().join("docs").join("benchmarks.md"));
    run(c)
}

/// Builds the benchmark guest per allocator, runs `weld-bench alloc`,
/// which prints the table and rewrites the generated part of
/// docs/benchmarks.md; then the resource-call benchmark.
pub fn bench() -> Result<(), String> {
    setup()?;
    let out = target_dir().join("weld-bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    for (stem, features) in BENCH_VARIANTS {
        let to = out.join(format!("{stem}.wasm"));
        build_copy(cargo(), ("weld-bench-guest", features), BENCH_PROFILE, &to)?;
    }
    // Run from a debug build, as it always has been: its wall times are
    // comparable from run to run.
    run_bench("dev", &["alloc".as_ref(), out.as_os_str()])?;
    bench_resources()
}

/// Builds the resource-call benchmark's caller module (linked by weld-ld)
/// in the `bench-release` and `bench-checked` profiles and runs
/// `weld-bench resources`, which prints its table and rewrites its part of
/// docs/benchmarks.md.
fn bench_resources() -> Result<(), String> {
    let weld_ld = build_weld_ld()?;
    let out = target_dir().join("weld-bench").join("resources");
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    for (profile, stem) in [(BENCH_PROFILE, "release"), ("bench-checked", "checked")] {
        let to = out.join(format!("{stem}.wasm"));
        build_copy(
            wasm_cargo(&weld_ld),
            ("weld-bench-caller", &[]),
            profile,
            &to,
        )?;
    }
    run_bench("dev", &["resources".as_ref(), out.as_os_str()])
}

fn workspace_members() -> Result<String, String> {
    output(cargo().args(["metadata", "--no-deps", "--format-version", "1"]))
}

/// Builds weld-ld and returns the path of its executable.
pub(crate) fn build_weld_ld() -> Result<PathBuf, String> {
    let mut c = cargo();
    c.args(["build", "-p", "weld-ld"]);
    run(c)?;
    Ok(target_dir().join("debug").join("weld-ld"))
}

/// A cargo command that builds for wasm32-wasip1 linking with `weld_ld`.
fn wasm_cargo(weld_ld: &Path) -> Command {
    let mut c = cargo();
    c.env("CARGO_TARGET_WASM32_WASIP1_LINKER", weld_ld);
    c
}

/// Builds every guest crate for wasm32-wasip1, linked by weld-ld.
pub fn build_wasm() -> Result<(), String> {
    let weld_ld = build_weld_ld()?;
    let members = workspace_members()?;
    let mut c = wasm_cargo(&weld_ld);
    c.args(["build", "--target", "wasm32-wasip1"]);
    for p in WASM_PACKAGES {
        c.args(["-p", p]);
    }
    for p in OPTIONAL_WASM_PACKAGES
        .iter()
        .filter(|p| members.contains(&format!("\"name\":\"{p}\"")))
    {
        c.args(["-p", p]);
    }
    run(c)?;
    let mut c = wasm_cargo(&weld_ld);
    c.args(["build", "--release", "--target", "wasm32-wasip1"]);
    for p in RELEASE_WASM_PACKAGES {
        c.args(["-p", p]);
    }
    run(c)?;
    for (dir, profile) in STATICLIB_WORKSPACES {
        let mut c = wasm_cargo(&weld_ld);
        c.current_dir(root().join(dir))
            .args(["build", "--target", "wasm32-wasip1"]);
        if *profile == "release" {
            c.arg("--release");
        }
        run(c)?;
    }
    // examples/wasi, with and without the virtual WASI crates.
    crate::wasi::build(&weld_ld)?;
    // examples/many, both ways (release): tests/tests/many.rs runs them.
    crate::many::build(&weld_ld)?;
    // bench/async, both ways (release): bench/tests/smoke.rs runs them.
    crate::pipeline::build(&weld_ld)
}

/// Builds and runs the example app in wasmtime: only what that needs, so
/// that the first answer comes fast on a fresh machine. The wasm32-wasip1
/// target, the three example crates (debug), and the harness's `weld-run`
/// without its `wasi` feature: wasmtime with cranelift alone, in the
/// `example` profile (debug without debug info).
pub fn example(input: Option<String>) -> Result<(), String> {
    setup_wasip1()?;
    let mut c = cargo();
    c.args([
        "build",
        "--target",
        "wasm32-wasip1",
        "-p",
        "weld-example-app",
    ]);
    run(c)?;
    let mut c = cargo();
    c.args([
        "run",
        "--quiet",
        "--profile",
        "example",
        "-p",
        "weld-harness",
        "--no-default-features",
        "--bin",
        "weld-run",
        "--",
    ]);
    c.args(input);
    run(c)
}

/// Every check CI runs.
pub fn test() -> Result<(), String> {
    setup()?;
    let mut c = cargo();
    c.args(["fmt", "--all", "--", "--check"]);
    run(c)?;
    build_wasm()?;
    clippy()?;
    let mut c = cargo();
    c.args(["test", "--no-fail-fast"])
        .env("WELD_FUZZ_SECONDS", FUZZ_SECONDS)
        .env("WELD_FUZZ_SAMPLE_DIR", fuzz_sample_dir());
    run(c)?;
    // The virtual WASI crates' unit tests run on the host too.
    let mut c = cargo();
    c.args(["test", "--no-fail-fast"]);
    for p in &WASI_PACKAGES[1..WASI_PACKAGES.len() - 1] {
        c.args(["-p", p]);
    }
    run(c)?;
    build_fuzz_sample()?;
    check_port_originals()?;
    let mut c = cargo();
    c.args([
        "doc",
        "--no-deps",
        "-p",
        "weld",
        "-p",
        "weld-abi",
        "-p",
        "weld-bindgen",
        "-p",
        "weld-macros",
        "-p",
        "weld-ld",
        "-p",
        "weld-harness",
        "-p",
        "weld-bench",
    ]);
    c.env("RUSTDOCFLAGS", "-D warnings");
    run(c)?;
    doc_wasi()
}

/// Checks the port test's wit-bindgen originals (`tests/port/*/wit-bindgen.rs`)
/// with the real `wit-bindgen` crate, for wasm32-wasip1: they are real
/// wit-bindgen code, not only code that weld accepts.
fn check_port_originals() -> Result<(), String> {
    let mut c = cargo();
    c.args([
        "check",
        "--workspace",
        "--locked",
        "--target",
        "wasm32-wasip1",
    ])
    .arg("--manifest-path")
    .arg(root().join("tests/port/originals/Cargo.toml"));
    run(c)
}

/// Compiles the worlds the fuzz test sampled for wasm32-wasip1.
fn build_fuzz_sample() -> Result<(), String> {
    let weld_ld = build_weld_ld()?;
    let mut c = wasm_cargo(&weld_ld);
    c.args(["build", "--target", "wasm32-wasip1"])
        .args(["-p", "weld-test-fuzz-sample"])
        .env("WELD_FUZZ_SAMPLE_DIR", fuzz_sample_dir());
    run(c)
}

fn clippy() -> Result<(), String> {
    let mut c = cargo();
    c.args(["clippy", "--all-targets", "--", "-D", "warnings"]);
    run(c)?;
    // The harness as `cargo xtask example` builds it.
    let mut c = cargo();
    c.args(["clippy", "--all-targets", "-p", "weld-harness"])
        .args(["--no-default-features", "--", "-D", "warnings"]);
    run(c)?;
    let mut c = cargo();
    c.args(["clippy", "--target", "wasm32-wasip1", "-p", "weld"]);
    for p in WASM_PACKAGES.iter().chain(&[
        "weld-example-text",
        "weld-example-stats",
        "weld-test-provider",
        "weld-test-names-provider",
        "weld-test-resource-provider",
        "weld-test-async-leaf",
        "weld-test-async-mid",
        "weld-test-async-slots",
        "weld-test-async-pipe-producer",
        "weld-test-async-pipe-transformer",
        "weld-test-async-pipe-consumer",
        "weld-test-errctx-provider",
        "weld-test-async-types-provider",
        "weld-port-strings",
        "weld-port-lists",
        "weld-port-records",
        "weld-port-variants",
        "weld-port-results",
        "weld-port-accounts",
        "weld-port-errors",
        "weld-port-collections",
        "weld-port-audit",
        "weld-port-conformance",
        "weld-port-conformance-owning",
        "weld-port-conformance-borrowing",
        "weld-port-conformance-duplicating",
        "weld-port-versions",
        "weld-port-versions-impl",
        "weld-port-checker",
        "weld-port-async-provider",
        "weld-port-async-client",
    ]) {
        c.args(["-p", p]);
    }
    c.args(["--", "-D", "warnings"]);
    run(c)?;
    // examples/many in its weld build (the shared-nothing build is checked
    // by compiling it in `build_wasm`).
    let mut c = cargo();
    c.args([
        "clippy",
        "--target",
        "wasm32-wasip1",
        "-p",
        "weld-many-main",
    ]);
    for s in crate::many::SERVICES {
        c.args(["-p", &format!("weld-many-{s}")]);
    }
    c.args(["--features", "weld-many-main/weld", "--", "-D", "warnings"]);
    run(c)?;
    crate::pipeline::clippy()?;
    clippy_bench()?;
    // The WASI layer, the virtual WASI crates and examples/wasi with them.
    let mut c = cargo();
    c.args(["clippy", "--target", "wasm32-wasip1"]);
    for p in WASI_PACKAGES {
        c.args(["-p", p]);
    }
    c.args([
        "--features",
        "weld-example-wasi/virtual",
        "--",
        "-D",
        "warnings",
    ]);
    run(c)
}

/// The benchmarks' guest crates other than the allocator guest, built for
/// wasm32-wasip1 only.
const BENCH_GUESTS: &[&str] = &[
    "weld-bench-caller",
    "weld-bench-counter",
    "weld-bench-app-plain",
    "weld-bench-app-probe",
    "weld-bench-app-probe-borrowed",
];

/// Clippy over the benchmarks' guests for wasm32-wasip1 (the host crate
/// `weld-bench` is a default member, linted with the rest): the allocator
/// guest once per allocator, since two `#[global_allocator]`s do not
/// compile together.
fn clippy_bench() -> Result<(), String> {
    let mut c = cargo();
    c.args(["clippy", "--target", "wasm32-wasip1"]);
    for p in BENCH_GUESTS {
        c.args(["-p", p]);
    }
    c.args(["--", "-D", "warnings"]);
    run(c)?;
    for (_, features) in BENCH_VARIANTS {
        let mut c = cargo();
        c.args([
            "clippy",
            "--target",
            "wasm32-wasip1",
            "-p",
            "weld-bench-guest",
        ])
        .args(*features)
        .args(["--", "-D", "warnings"]);
        run(c)?;
    }
    Ok(())
}

/// The WASI layer and the virtual WASI crates (`wasi/`), built for
/// wasm32-wasip1 only, and the example that links them.
const WASI_PACKAGES: &[&str] = &[
    "weld-wasi-preview1",
    "weld-virt-io",
    "weld-virt-cli",
    "weld-virt-clocks",
    "weld-virt-random",
    "weld-virt-filesystem",
    "weld-example-wasi",
];

/// `cargo doc` of the `wasi/` crates for wasm32-wasip1, warnings denied.
fn doc_wasi() -> Result<(), String> {
    let mut c = cargo();
    c.args(["doc", "--no-deps", "--target", "wasm32-wasip1"]);
    for p in &WASI_PACKAGES[..WASI_PACKAGES.len() - 1] {
        c.args(["-p", p]);
    }
    c.env("RUSTDOCFLAGS", "-D warnings");
    run(c)
}

/// `npm ci` in `tests/js/` (jco and the WASI shim for
/// `tests/tests/jco.rs`, pinned by its package-lock.json) unless
/// `node_modules` is already up to date. Without npm, or without a reachable
/// registry, the jco test skips with a message, so neither stops the set-up;
/// any other npm failure does.
fn setup_npm() -> Result<(), String> {
    let dir = root().join("tests").join("js");
    let npm = |args: &[&str]| {
        let mut c = Command::new("npm");
        c.args(args).current_dir(&dir);
        c
    };
    if npm(&["--version"]).output().is_err() {
        eprintln!("xtask: npm is not installed: the jco test (tests/tests/jco.rs) will skip");
        return Ok(());
    }
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(dir.join("node_modules").join(".package-lock.json"));
    if installed.is_some() && installed >= modified(dir.join("package-lock.json")) {
        return Ok(());
    }
    let ci = run(npm(&["ci", "--no-audit", "--no-fund"]));
    if ci.is_err() && !npm(&["ping"]).status().is_ok_and(|s| s.success()) {
        eprintln!(
            "xtask: the npm registry is unreachable: the jco test (tests/tests/jco.rs) will skip"
        );
        return Ok(());
    }
    ci
}
