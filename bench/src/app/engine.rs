//! The app's components in wasmtime: compiled once and pre-instantiated
//! with WASI 0.2 by the harness ([`Prepared`]), instantiated as often as a
//! measurement needs, with WASI that has access to nothing.

use std::path::Path;
use weld_harness::component::{Host, Prepared};
use weld_harness::wasmtime::component::{Instance, TypedFunc};
use weld_harness::wasmtime::{Config, Result, Store};

/// One variant of the app, compiled and pre-instantiated.
pub struct App {
    prepared: Prepared,
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
        Ok(App {
            prepared: Prepared::load(path, config)?,
        })
    }

    /// A fresh store: WASI with no access to anything, output discarded.
    pub fn store(&self) -> Store<Host> {
        self.prepared.store(Host::silent())
    }

    /// Instantiates into `store` (what the instantiation time measures).
    pub fn instantiate(&self, store: &mut Store<Host>) -> Result<Instance> {
        self.prepared.instantiate(store)
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
