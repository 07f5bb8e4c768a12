//! examples/wasi built twice: with the virtual WASI crates (feature
//! `virtual`, linked under `--weld-no-host-imports`, so the link itself
//! proves the module imports nothing) and without them (the host's WASI
//! serves it). Outputs: `target/weld-wasi/{virtual,host}.wasm`.

use crate::steps::{cargo, run, target_dir};
use std::path::{Path, PathBuf};

/// The package of examples/wasi.
const PACKAGE: &str = "weld-example-wasi";

/// Where the two builds are copied.
pub fn out_dir() -> PathBuf {
    target_dir().join("weld-wasi")
}

/// Builds both variants with `weld_ld` as the linker.
pub fn build(weld_ld: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out_dir()).map_err(|e| format!("creating {:?}: {e}", out_dir()))?;
    variant(
        weld_ld,
        "virtual",
        &["--features", "virtual"],
        "--weld-no-host-imports",
    )?;
    variant(weld_ld, "host", &[], "")
}

/// One build, copied to `<out_dir>/<name>.wasm`.
fn variant(weld_ld: &Path, name: &str, features: &[&str], ld_flags: &str) -> Result<(), String> {
    let debug = target_dir().join("wasm32-wasip1").join("debug");
    let file = "weld_example_wasi.wasm";
    // Both variants link to the same file name, which cargo does not key by
    // features: without its output, cargo links again (with this
    // variant's WELD_LD_FLAGS, which it does not track either).
    for stale in [debug.join(file), debug.join("deps").join(file)] {
        let _ = std::fs::remove_file(stale);
    }
    let mut c = cargo();
    c.env("CARGO_TARGET_WASM32_WASIP1_LINKER", weld_ld)
        .env("WELD_LD_FLAGS", ld_flags)
        .args(["build", "--target", "wasm32-wasip1", "-p", PACKAGE])
        .args(features);
    run(c)?;
    let to = out_dir().join(format!("{name}.wasm"));
    std::fs::copy(debug.join(file), &to)
        .map_err(|e| format!("copying to {}: {e}", to.display()))?;
    Ok(())
}
