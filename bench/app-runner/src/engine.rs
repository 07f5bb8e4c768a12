//! The app's components in wasmtime: compiled once, pre-instantiated with
//! WASI 0.2, instantiated as often as a measurement needs.

use std::path::Path;
use wasmtime::component::{Component, Instance, InstancePre, Linker, ResourceTable, TypedFunc};
use wasmtime::{Config, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The store data: WASI with no access to anything but a null stdout.
pub struct Host {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// One variant of the app, compiled and pre-instantiated.
pub struct App {
    engine: Engine,
    pre: InstancePre<Host>,
}

/// A live instance of the app with its typed exports.
pub struct Live {
    /// The instance's store (one per instance).
    pub store: Store<Host>,
    /// `run: func(input: string) -> string`.
    pub run: TypedFunc<(String,), (String,)>,
    /// `echo: func(s: string) -> string`.
    pub echo: TypedFunc<(String,), (String,)>,
    /// `echo-n: func(s: string, n: u32) -> u64`.
    pub echo_n: TypedFunc<(String, u32), (u64,)>,
    /// `sum-n: func(xs: list<u32>, n: u32) -> u64`.
    pub sum_n: TypedFunc<(Vec<u32>, u32), (u64,)>,
}

impl App {
    /// Compiles the component at `path` (wasmtime's default configuration)
    /// and pre-instantiates it.
    pub fn load(path: &Path) -> Result<App> {
        App::load_with(path, &Config::new())
    }

    /// As [`App::load`], with `config`.
    pub fn load_with(path: &Path, config: &Config) -> Result<App> {
        let engine = Engine::new(config)?;
        let component = Component::from_file(&engine, path)?;
        let mut linker: Linker<Host> = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        let pre = linker.instantiate_pre(&component)?;
        Ok(App { engine, pre })
    }

    /// A fresh store.
    pub fn store(&self) -> Store<Host> {
        let host = Host {
            ctx: WasiCtx::builder().build(),
            table: ResourceTable::new(),
        };
        Store::new(&self.engine, host)
    }

    /// Instantiates into `store` (what the instantiation time measures).
    pub fn instantiate(&self, store: &mut Store<Host>) -> Result<Instance> {
        self.pre.instantiate(store)
    }

    /// A new live instance with its exports looked up.
    pub fn live(&self) -> Result<Live> {
        let mut store = self.store();
        let instance = self.instantiate(&mut store)?;
        Ok(Live {
            run: instance.get_typed_func(&mut store, "run")?,
            echo: instance.get_typed_func(&mut store, "echo")?,
            echo_n: instance.get_typed_func(&mut store, "echo-n")?,
            sum_n: instance.get_typed_func(&mut store, "sum-n")?,
            store,
        })
    }
}
