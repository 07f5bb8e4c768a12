//! A standalone link: objects and staticlibs built anywhere (other
//! workspaces, other profiles) into one reactor module with one memory.

use crate::wasm_ld::{self, WasmLd};
use crate::{Error, inputs};
use std::path::PathBuf;

/// What to link.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Objects (`.o`) and staticlibs (`.a`).
    pub inputs: Vec<PathBuf>,
    /// The module to write.
    pub output: PathBuf,
    /// An explicit wasm-ld.
    pub wasm_ld: Option<PathBuf>,
    /// Symbols to export besides the WIT exports and the runtime's.
    pub exports: Vec<String>,
    /// Arguments passed to wasm-ld as they are.
    pub extra: Vec<String>,
}

/// The runtime entry points every weld module exports (SPEC.md sections 5
/// and 9).
const RUNTIME_EXPORTS: &[&str] = &["_initialize", weld_abi::REALLOC, weld_abi::STATS_SYMBOL];

/// Links; wasm-ld's own diagnostics go to stderr.
pub fn link(options: &Options) -> Result<(), Error> {
    if options.inputs.is_empty() {
        return Err(Error::Usage(String::from(
            "no inputs: weld-ld link <objects or staticlibs> -o <module.wasm>",
        )));
    }
    let objects = inputs::read(&options.inputs)?;
    let ld = wasm_ld::find(options.wasm_ld.as_deref())?;
    let mut cmd = command(&ld, options, &inputs::exported_symbols(&objects))?;
    let status = cmd.status().map_err(|e| Error::Spawn(ld.path.clone(), e))?;
    if !status.success() {
        return Err(Error::LinkFailed(status.code().unwrap_or(-1)));
    }
    Ok(())
}

fn command(
    ld: &WasmLd,
    options: &Options,
    wit_exports: &[String],
) -> Result<std::process::Command, Error> {
    let libc = wasm_ld::wasi_libc_dir().ok_or_else(|| {
        Error::NoWasmLd(String::from(
            "the wasm32-wasip1 target is not installed (rustup target add wasm32-wasip1)",
        ))
    })?;
    let mut cmd = ld.command();
    cmd.args([
        "--no-entry",
        "--gc-sections",
        "-z",
        "stack-size=1048576",
        "--stack-first",
    ]);
    for sym in RUNTIME_EXPORTS
        .iter()
        .map(|s| s.to_string())
        .chain(wit_exports.iter().cloned())
        .chain(options.exports.iter().cloned())
    {
        cmd.arg(format!("--export={sym}"));
    }
    cmd.args(&options.inputs);
    cmd.arg("-L").arg(libc).arg("-lc");
    cmd.args(&options.extra);
    cmd.arg("-o").arg(&options.output);
    Ok(cmd)
}
