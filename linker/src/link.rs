//! A standalone link: objects and staticlibs built anywhere (other
//! workspaces, other profiles) into one reactor module with one memory.

use crate::wasm_ld::{self, WasmLd};
use crate::{Error, alias, exports, finish, inputs, wrap};
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
    /// The post-link steps' options.
    pub finish: finish::Options,
    /// The root world (`ns:pkg/world`, with or without `@version`): the
    /// crates built against it are the ones whose exports the module
    /// exports. Without it, the crates whose exports no other crate imports.
    pub world: Option<String>,
}

/// Links; wasm-ld's own diagnostics go to stderr.
pub fn link(options: &Options) -> Result<(), Error> {
    if options.inputs.is_empty() {
        return Err(Error::Usage(String::from(
            "no inputs: weld-ld link <objects or staticlibs> -o <module.wasm>",
        )));
    }
    let objects = inputs::read(&options.inputs)?;
    let records: Vec<_> = objects
        .iter()
        .flat_map(|o| o.records.iter().cloned())
        .collect();
    let (aliases, bound) = alias::plan(&objects).map_err(Error::Check)?;
    let roots = match &options.world {
        Some(world) => roots_of_world(&records, world)?,
        None => exports::roots_bound(&records, &bound),
    };
    let root_exports = exports::canonical_names(&records, &roots);
    let ld = wasm_ld::find(options.wasm_ld.as_deref())?;
    let mut cmd = command(&ld, options, &root_exports)?;
    cmd.args(wrap::flags(&records)?);
    let alias_object = alias::write(&options.output, &aliases)?;
    cmd.args(&alias_object);
    if inputs::runtime_copies(&objects) > 1 {
        // Each separately built staticlib carries its own copy of the weld
        // runtime. The first copy's definitions (the allocator's C entry
        // points, `_initialize`) serve the whole module, so it has one
        // allocator; which other objects of a copy wasm-ld pulls in
        // depends on rustc's codegen units (SPEC.md section 5). Two
        // providers of one WIT function are still an error: the wiring
        // check reports them from the metadata after the link.
        cmd.arg("--allow-multiple-definition");
    }
    let status = cmd.status();
    if let Some(p) = &alias_object {
        let _ = std::fs::remove_file(p);
    }
    let status = status.map_err(|e| Error::Spawn(ld.path.clone(), e))?;
    if !status.success() {
        return Err(Error::LinkFailed(status.code().unwrap_or(-1)));
    }
    let mut finish = options.finish.clone();
    finish.roots = roots;
    finish.origins = crate::origin::Origins::of(&objects);
    finish.cargo.unported = crate::deps::unported(&objects);
    finish::finish(&options.output, &finish).map(|_| ())
}

/// wasm-ld's command line: a reactor (no entry point) whose exports are
/// the runtime's and the root crates' canonical exports; unresolved
/// symbols become imports (renamed for the host afterwards).
fn command(
    ld: &WasmLd,
    options: &Options,
    root_exports: &std::collections::BTreeSet<String>,
) -> Result<std::process::Command, Error> {
    let libc = wasm_ld::wasi_libc_dir().ok_or_else(|| {
        Error::NoWasmLd(String::from(
            "the wasm32-wasip1 target is not installed (rustup target add wasm32-wasip1)",
        ))
    })?;
    let mut cmd = ld.command();
    cmd.args(["--no-entry", "--gc-sections", "--allow-undefined"]);
    cmd.args(["-z", "stack-size=1048576", "--stack-first"]);
    let runtime = exports::RUNTIME.iter().map(|s| s.to_string());
    for sym in runtime.chain(options.exports.iter().cloned()) {
        cmd.arg(format!("--export={sym}"));
    }
    for sym in root_exports {
        // Post-return functions exist only for results that own memory;
        // async functions get `[async-lift]` exports only when weld can
        // pass their values to the host (`async_root_exports` reports the
        // others).
        let optional = [
            "cabi_post_",
            weld_abi::host_async::ASYNC_LIFT_PREFIX,
            weld_abi::host_async::CALLBACK_PREFIX,
        ];
        let flag = if optional.iter().any(|p| sym.starts_with(p)) {
            "--export-if-defined"
        } else {
            "--export"
        };
        cmd.arg(format!("{flag}={sym}"));
    }
    cmd.args(&options.inputs);
    cmd.arg("-L").arg(libc).arg("-lc");
    cmd.args(&options.extra);
    cmd.arg("-o").arg(&options.output);
    Ok(cmd)
}

/// The crates built against `world` (compared with or without version).
fn roots_of_world(
    records: &[weld_abi::metadata::Record],
    world: &str,
) -> Result<std::collections::BTreeSet<String>, Error> {
    let unversioned = |w: &str| w.split('@').next().unwrap_or(w).to_string();
    let matches = |w: &str| w == world || unversioned(w) == world;
    let roots: std::collections::BTreeSet<String> = records
        .iter()
        .filter(|r| matches(&r.world))
        .map(|r| r.crate_name.clone())
        .collect();
    if roots.is_empty() {
        let mut known: Vec<&str> = records.iter().map(|r| r.world.as_str()).collect();
        known.sort();
        known.dedup();
        return Err(Error::Usage(format!(
            "--world `{world}`: no linked crate was built against it; the worlds linked are: {}",
            known.join(", ")
        )));
    }
    Ok(roots)
}
