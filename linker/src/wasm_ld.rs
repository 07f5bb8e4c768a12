//! Finding wasm-ld: `--wasm-ld-path`, then the Rust toolchain's `rust-lld`
//! (`rustc --print sysroot`), then `wasm-ld` on `PATH`.

use crate::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A wasm-ld executable and the arguments that select its wasm flavor.
#[derive(Debug, Clone)]
pub struct WasmLd {
    /// The executable.
    pub path: PathBuf,
    /// `["-flavor", "wasm"]` for `rust-lld`, nothing for `wasm-ld`.
    pub flavor: Vec<String>,
}

impl WasmLd {
    /// A command running this wasm-ld.
    pub fn command(&self) -> Command {
        let mut c = Command::new(&self.path);
        c.args(&self.flavor);
        c
    }
}

/// Finds wasm-ld.
pub fn find(explicit: Option<&Path>) -> Result<WasmLd, Error> {
    if let Some(p) = explicit {
        if !p.exists() {
            return Err(Error::NoWasmLd(format!(
                "--wasm-ld-path `{}` does not exist",
                p.display()
            )));
        }
        return Ok(from_path(p.to_path_buf()));
    }
    if let Some(root) = sysroot() {
        let host_bin = root.join("lib/rustlib").join(host_triple()).join("bin");
        let lld = host_bin.join("rust-lld");
        if lld.exists() {
            return Ok(from_path(lld));
        }
    }
    if let Some(p) = on_path("wasm-ld") {
        return Ok(from_path(p));
    }
    Err(Error::NoWasmLd(String::from(
        "no rust-lld in the Rust sysroot and no wasm-ld on PATH",
    )))
}

fn from_path(path: PathBuf) -> WasmLd {
    let is_rust_lld = path.file_stem().is_some_and(|s| s == "rust-lld");
    let flavor = if is_rust_lld {
        vec![String::from("-flavor"), String::from("wasm")]
    } else {
        Vec::new()
    };
    WasmLd { path, flavor }
}

/// The Rust sysroot, from `rustc --print sysroot` (`RUSTC` if set).
pub fn sysroot() -> Option<PathBuf> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// The `self-contained` folder of the wasm32-wasip1 target (wasi-libc).
pub fn wasi_libc_dir() -> Option<PathBuf> {
    let dir = sysroot()?.join("lib/rustlib/wasm32-wasip1/lib/self-contained");
    dir.join("libc.a").exists().then_some(dir)
}

fn host_triple() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    Command::new(rustc)
        .arg("-vV")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        })
        .unwrap_or_else(|| String::from("x86_64-unknown-linux-gnu"))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
