//! Where the wasm artifacts of the workspace are.

use std::path::PathBuf;

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("harness/ is in the workspace")
        .to_path_buf()
}

/// The `target/` directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The linked module of the cdylib crate `krate` built for wasm32-wasip1
/// in the debug profile (`cargo xtask build-wasm` builds them all).
pub fn wasm(krate: &str) -> PathBuf {
    target_dir()
        .join("wasm32-wasip1")
        .join("debug")
        .join(format!("{}.wasm", krate.replace('-', "_")))
}

/// Like [`wasm`], failing with the command that builds it when it is missing.
pub fn built_wasm(krate: &str) -> wasmtime::Result<PathBuf> {
    built_wasm_in("debug", krate)
}

/// Like [`built_wasm`], for the module built in `profile` (`cargo xtask
/// build-wasm` builds a few guests in `release` too).
pub fn built_wasm_in(profile: &str, krate: &str) -> wasmtime::Result<PathBuf> {
    let p = target_dir()
        .join("wasm32-wasip1")
        .join(profile)
        .join(format!("{}.wasm", krate.replace('-', "_")));
    if !p.exists() {
        wasmtime::bail!(
            "{} is missing: run `cargo xtask build-wasm` first (it builds the guest crates for wasm32-wasip1)",
            p.display()
        );
    }
    Ok(p)
}

/// The staticlib `lib<krate>.a` built for wasm32-wasip1 in `profile` (by
/// `cargo xtask build-wasm`, from the workspaces under tests/staticlibs/),
/// failing with the command that builds it when it is missing.
pub fn built_staticlib(profile: &str, krate: &str) -> wasmtime::Result<PathBuf> {
    let p = target_dir()
        .join("wasm32-wasip1")
        .join(profile)
        .join(format!("lib{krate}.a"));
    if !p.exists() {
        wasmtime::bail!(
            "{} is missing: run `cargo xtask build-wasm` first",
            p.display()
        );
    }
    Ok(p)
}
