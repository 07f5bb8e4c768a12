//! Running weld components in wasmtime through its component API, and
//! reading their worlds and core modules.

use std::path::Path;
use wasmtime::component::{
    Component, ComponentNamedList, Instance, InstancePre, Lift, Linker, Lower, ResourceTable,
};
use wasmtime::{Config, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The store's data of a component instance: WASI 0.2's context.
pub struct Host {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl Host {
    /// WASI 0.2 with the test process's stdout and stderr.
    pub fn new() -> Self {
        Host::with_ctx(WasiCtx::builder().inherit_stdout().inherit_stderr().build())
    }

    /// WASI 0.2 with nothing inherited: no output, no environment.
    pub fn silent() -> Self {
        Host::with_ctx(WasiCtx::builder().build())
    }

    /// WASI 0.2 as `ctx` gives it.
    pub fn with_ctx(ctx: WasiCtx) -> Self {
        Host {
            ctx,
            table: ResourceTable::new(),
        }
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::new()
    }
}

/// Defines extra host items in a component's linker ([`Running::with_host`]).
pub type ComponentHostDefs<'a> = &'a mut dyn FnMut(&mut Linker<Host>) -> Result<()>;

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// Instantiates the component at `path` with WASI 0.2 and calls its
/// world-level export `func: func(s: string) -> string`.
pub fn call_string(path: &Path, func: &str, input: &str) -> Result<String> {
    let (out,) = Running::new(path)?.call::<(String,), (String,)>(func, (input.to_string(),))?;
    Ok(out)
}

/// A compiled component with WASI 0.2 (and any extra host items) linked,
/// ready to be instantiated many times.
pub struct Prepared {
    engine: Engine,
    pre: InstancePre<Host>,
}

impl Prepared {
    /// Compiles the component at `path` with `config` and links WASI 0.2.
    pub fn load(path: &Path, config: &Config) -> Result<Prepared> {
        Prepared::with_host(path, config, &mut |_| Ok(()))
    }

    /// As [`Prepared::load`], with more host items: `define` adds them to
    /// the linker (for example an interface the component imports).
    pub fn with_host(path: &Path, config: &Config, define: ComponentHostDefs<'_>) -> Result<Self> {
        let engine = Engine::new(config)?;
        let component = Component::from_file(&engine, path)?;
        let mut linker: Linker<Host> = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        define(&mut linker)?;
        let pre = linker.instantiate_pre(&component)?;
        Ok(Prepared { engine, pre })
    }

    /// A fresh store holding `host`.
    pub fn store(&self, host: Host) -> Store<Host> {
        Store::new(&self.engine, host)
    }

    /// Instantiates into `store`, and nothing else (what an instantiation
    /// time measures).
    pub fn instantiate(&self, store: &mut Store<Host>) -> Result<Instance> {
        self.pre.instantiate(store)
    }
}

/// A component instantiated with WASI 0.2, whose world-level exports can be
/// called repeatedly on the same instance.
pub struct Running {
    store: Store<Host>,
    instance: Instance,
}

impl Running {
    /// Compiles and instantiates the component at `path` (WASI output is
    /// inherited from the test process).
    pub fn new(path: &Path) -> Result<Self> {
        Running::with_host(path, &mut |_| Ok(()))
    }

    /// As [`Running::new`], with more host items: `define` adds them to the
    /// linker before the component is instantiated (for example an
    /// interface the component imports).
    pub fn with_host(path: &Path, define: ComponentHostDefs<'_>) -> Result<Self> {
        let prepared = Prepared::with_host(path, &Config::new(), define)?;
        let mut store = prepared.store(Host::new());
        let instance = prepared.instantiate(&mut store)?;
        Ok(Running { store, instance })
    }

    /// Calls the world-level export `func` with `params`.
    pub fn call<P, R>(&mut self, func: &str, params: P) -> Result<R>
    where
        P: ComponentNamedList + Lower,
        R: ComponentNamedList + Lift,
    {
        let f = self
            .instance
            .get_typed_func::<P, R>(&mut self.store, func)?;
        f.call(&mut self.store, params)
    }
}

/// Runs `weld_ld component <module> -o <out>` (and `--map-json <map>` when
/// given), asserting that it succeeds. Integration tests pass their
/// `env!("CARGO_BIN_EXE_weld-ld-for-tests")`.
pub fn componentize(weld_ld: &str, module: &Path, out: &Path, map: Option<&Path>) {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut c = std::process::Command::new(weld_ld);
    c.arg("component").arg(module).arg("-o").arg(out);
    if let Some(map) = map {
        c.arg("--map-json").arg(map);
    }
    let status = c.status().unwrap();
    assert!(status.success(), "weld-ld component {}", module.display());
}

/// Memories defined by all core modules nested in a component.
pub fn core_memories(bytes: &[u8]) -> Result<u32> {
    let mut n = 0;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::MemorySection(r) = payload? {
            n += r.count();
        }
    }
    Ok(n)
}

/// Core modules nested in a component.
pub fn core_modules(bytes: &[u8]) -> Result<u32> {
    let mut n = 0;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::ModuleSection { .. } = payload? {
            n += 1;
        }
    }
    Ok(n)
}

/// The component's world as WIT text (what `wasm-tools component wit`
/// prints).
pub fn world_wit(bytes: &[u8]) -> Result<String> {
    let decoded = wit_component::decode(bytes).map_err(|e| wasmtime::format_err!("{e:#}"))?;
    let mut printer = wit_component::WitPrinter::default();
    printer
        .print(decoded.resolve(), decoded.package(), &[])
        .map_err(|e| wasmtime::format_err!("{e:#}"))?;
    Ok(printer.output.to_string())
}
