//! examples/wasi, the plain-std app whose WASI is served inside the link:
//! its two builds (`cargo xtask build-wasm` writes
//! `target/weld-wasi/{virtual,host}.wasm`), their components, and what the
//! app reports.

use crate::paths;
use std::path::PathBuf;
use wasmtime::Result;

/// What `run` reports in the virtual WASI world (and under a host's WASI
/// given the same environment, arguments and files); its stdout and
/// stderr follow.
pub const EXPECTED: &str = "\
GREETING=hello, virtual world
args=[\"app\", \"--flag\"]
after 2020: true
random: true
hashmap: 2
greeting.txt: Hello from a file given at build time.
/data: [\"docs\", \"greeting.txt\"]
docs/readme.txt: Ok(43) bytes
missing: Err(NotFound)
time moves: true
stdout: hello from the app
stderr: a line on stderr
";

/// The linked module of `variant` (`virtual` or `host`).
///
/// # Panics
/// When it is missing, naming the command that builds it.
pub fn module(variant: &str) -> PathBuf {
    let p = paths::target_dir()
        .join("weld-wasi")
        .join(format!("{variant}.wasm"));
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask build-wasm`",
        p.display()
    );
    p
}

/// The component of `variant`, made by `weld_ld component` into
/// `target/weld-tests/<name>.component.wasm` (one name per test binary:
/// they run in parallel).
pub fn component(weld_ld: &str, variant: &str, name: &str) -> PathBuf {
    let out = paths::target_dir()
        .join("weld-tests")
        .join(format!("{name}.component.wasm"));
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    weld_harness::component::componentize(weld_ld, &module(variant), &out, None);
    out
}

/// Calls `run: func() -> string` of the component `bytes` in wasmtime,
/// with a linker that defines nothing.
pub fn run_with_empty_linker(bytes: &[u8]) -> Result<String> {
    let engine = wasmtime::Engine::default();
    let component = wasmtime::component::Component::new(&engine, bytes)?;
    let linker = wasmtime::component::Linker::<()>::new(&engine);
    let mut store = wasmtime::Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_typed_func::<(), (String,)>(&mut store, "run")?;
    Ok(run.call(&mut store, ())?.0)
}
