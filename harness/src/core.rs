//! Core modules (wasm32-wasip1) in wasmtime with WASI preview 1: a compiled
//! module pre-linked once ([`CoreModule`]) and its instances ([`Guest`]),
//! whose exports are called with the weld ABI the way a sibling crate
//! would. Without the `wasi` feature (the fast `cargo xtask example`
//! build) a module's imports are defined as traps instead: a module that
//! calls none of them runs the same.
//!
//! Arguments are lowered into guest memory allocated with the
//! module's `cabi_realloc`, results are read from a return area and freed
//! with `cabi_realloc(ptr, size, align, 0)`. It does not implement the
//! Canonical ABI for the host (that is the component path).

use std::path::Path;
use wasmtime::error::Context;
use wasmtime::{Config, Engine, Instance, InstancePre, Linker, Memory, Module, Store, TypedFunc};
use wasmtime::{Result, format_err};
#[cfg(feature = "wasi")]
use wasmtime_wasi::{WasiCtxBuilder, p2::pipe::MemoryOutputPipe};

/// The store's data of a core instance: WASI preview 1's context (or
/// nothing, without the `wasi` feature).
#[cfg(feature = "wasi")]
pub type Data = wasmtime_wasi::p1::WasiP1Ctx;
/// The store's data of a core instance: WASI preview 1's context (or
/// nothing, without the `wasi` feature).
#[cfg(not(feature = "wasi"))]
pub type Data = NoWasi;

/// The store's data without the `wasi` feature: nothing.
#[cfg(not(feature = "wasi"))]
#[derive(Debug, Default, Clone, Copy)]
pub struct NoWasi;

/// Allocator statistics, as `weld_alloc_stats` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Bytes requested by live allocations.
    pub live_bytes: u64,
    /// The highest `live_bytes` seen.
    pub peak_bytes: u64,
    /// Number of live allocations.
    pub live_allocs: u64,
    /// 64 KiB pages the allocator grew memory by.
    pub pages_grown: u64,
}

/// Defines extra host functions in a guest's linker ([`Guest::load_with_host`]).
pub type HostDefs<'a> = &'a mut dyn FnMut(&mut Linker<Data>) -> Result<()>;

/// Where an instance's standard output and error go.
#[derive(Clone, Default)]
pub enum Output {
    /// Nowhere.
    #[default]
    Closed,
    /// This process's own stream.
    Inherit,
    /// Captured in a pipe.
    #[cfg(feature = "wasi")]
    Pipe(MemoryOutputPipe),
}

/// How [`CoreModule::guest`] makes an instance (without the `wasi`
/// feature, only `fuel` matters).
#[derive(Clone, Default)]
pub struct Options {
    /// The guest's stdout.
    pub stdout: Output,
    /// The guest's stderr.
    pub stderr: Output,
    /// Give the store all the fuel there is (the engine must consume fuel):
    /// [`Guest::fuel_used`] then counts executed wasm operators.
    pub fuel: bool,
}

impl Options {
    /// Stdout and stderr inherited, no fuel: what the tests use.
    pub fn inherit() -> Options {
        Options {
            stdout: Output::Inherit,
            stderr: Output::Inherit,
            fuel: false,
        }
    }

    /// Stderr inherited (where a panic's message goes), stdout closed, and
    /// fuel if `fuel`: what the benchmarks use.
    pub fn measuring(fuel: bool) -> Options {
        Options {
            stderr: Output::Inherit,
            fuel,
            ..Options::default()
        }
    }
}

/// A compiled core module with WASI preview 1 (and any extra host
/// functions) linked, ready to be instantiated many times.
pub struct CoreModule {
    engine: Engine,
    pre: InstancePre<Data>,
}

impl CoreModule {
    /// Compiles `bytes` with `config` and links WASI preview 1.
    pub fn new(bytes: &[u8], config: &Config) -> Result<CoreModule> {
        CoreModule::with_host(bytes, config, &mut |_| Ok(()))
    }

    /// As [`CoreModule::new`], from the file at `path`.
    pub fn load(path: &Path, config: &Config) -> Result<CoreModule> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        CoreModule::new(&bytes, config)
    }

    /// As [`CoreModule::new`], with more host functions: `define` adds them
    /// to the linker (for example the canonical imports of a resource the
    /// host provides).
    pub fn with_host(bytes: &[u8], config: &Config, define: HostDefs<'_>) -> Result<CoreModule> {
        let engine = Engine::new(config)?;
        let module = Module::new(&engine, bytes)?;
        let mut linker: Linker<Data> = Linker::new(&engine);
        #[cfg(feature = "wasi")]
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |cx| cx)?;
        define(&mut linker)?;
        #[cfg(not(feature = "wasi"))]
        linker.define_unknown_imports_as_traps(&module)?;
        let pre = linker.instantiate_pre(&module)?;
        Ok(CoreModule { engine, pre })
    }

    /// A fresh store with WASI as `options` says.
    pub fn store(&self, options: &Options) -> Result<Store<Data>> {
        let mut store = Store::new(&self.engine, data(options));
        if options.fuel {
            store.set_fuel(u64::MAX)?;
        }
        Ok(store)
    }

    /// Instantiates into `store`, and nothing else (what an instantiation
    /// time measures).
    pub fn instantiate(&self, store: &mut Store<Data>) -> Result<Instance> {
        self.pre.instantiate(store)
    }

    /// A new instance in its own store, initialised: `_initialize` has run
    /// if the module has one (weld's runtime defines it; exports then do
    /// not run the constructors themselves).
    pub fn guest(&self, options: &Options) -> Result<Guest> {
        let mut store = self.store(options)?;
        let instance = self.instantiate(&mut store)?;
        if let Some(init) = instance.get_func(&mut store, "_initialize") {
            init.typed::<(), ()>(&store)?.call(&mut store, ())?;
        }
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| format_err!("the module exports no `memory`"))?;
        let realloc = instance.get_typed_func(&mut store, weld_abi::REALLOC).ok();
        Ok(Guest {
            store,
            instance,
            memory,
            realloc,
        })
    }
}

/// WASI preview 1 with the outputs `options` gives.
#[cfg(feature = "wasi")]
fn data(options: &Options) -> Data {
    let mut builder = WasiCtxBuilder::new();
    match &options.stdout {
        Output::Closed => {}
        Output::Inherit => {
            builder.inherit_stdout();
        }
        Output::Pipe(p) => {
            builder.stdout(p.clone());
        }
    }
    match &options.stderr {
        Output::Closed => {}
        Output::Inherit => {
            builder.inherit_stderr();
        }
        Output::Pipe(p) => {
            builder.stderr(p.clone());
        }
    }
    builder.build_p1()
}

/// Nothing: without WASI, imports trap.
#[cfg(not(feature = "wasi"))]
fn data(_: &Options) -> Data {
    NoWasi
}

/// An instantiated, initialised weld module.
pub struct Guest {
    store: Store<Data>,
    instance: Instance,
    memory: Memory,
    realloc: Option<TypedFunc<(i32, i32, i32, i32), i32>>,
}

impl Guest {
    /// Compiles and instantiates the module at `path`, with WASI preview 1
    /// (stdout and stderr inherited), and runs `_initialize` if it has one.
    pub fn load(path: &Path) -> Result<Guest> {
        CoreModule::load(path, &Config::new())?.guest(&Options::inherit())
    }

    /// As [`Guest::load`], from the module's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Guest> {
        CoreModule::new(bytes, &Config::new())?.guest(&Options::inherit())
    }

    /// As [`Guest::load`], but the module's stderr (where a panic's message
    /// goes) is captured in the returned pipe.
    #[cfg(feature = "wasi")]
    pub fn load_capturing_stderr(path: &Path) -> Result<(Guest, MemoryOutputPipe)> {
        let pipe = MemoryOutputPipe::new(1 << 20);
        let options = Options {
            stderr: Output::Pipe(pipe.clone()),
            ..Options::inherit()
        };
        Ok((
            CoreModule::load(path, &Config::new())?.guest(&options)?,
            pipe,
        ))
    }

    /// As [`Guest::load`], with more host functions: `define` adds them to
    /// the linker before the module is instantiated (for example the
    /// canonical imports of a resource the host provides).
    pub fn load_with_host(path: &Path, define: HostDefs<'_>) -> Result<Guest> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        CoreModule::with_host(&bytes, &Config::new(), define)?.guest(&Options::inherit())
    }

    fn realloc(&self) -> Result<TypedFunc<(i32, i32, i32, i32), i32>> {
        self.realloc
            .clone()
            .ok_or_else(|| format_err!("the module exports no `{}`", weld_abi::REALLOC))
    }

    /// Allocates `bytes` in guest memory with `cabi_realloc` and copies them in.
    pub fn alloc_bytes(&mut self, bytes: &[u8], align: u32) -> Result<u32> {
        if bytes.is_empty() {
            return Ok(align);
        }
        let ptr = self
            .realloc()?
            .call(&mut self.store, (0, 0, align as i32, bytes.len() as i32))?;
        self.memory.write(&mut self.store, ptr as usize, bytes)?;
        Ok(ptr as u32)
    }

    /// Writes `bytes` into guest memory at `ptr` (a block the guest gave).
    pub fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<()> {
        Ok(self.memory.write(&mut self.store, ptr as usize, bytes)?)
    }

    /// Frees a block the guest handed over (a result buffer).
    pub fn free(&mut self, ptr: u32, size: u32, align: u32) -> Result<()> {
        if size != 0 {
            self.realloc()?
                .call(&mut self.store, (ptr as i32, size as i32, align as i32, 0))?;
        }
        Ok(())
    }

    /// Reads `len` bytes of guest memory at `ptr`.
    pub fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>> {
        let mut out = vec![0; len as usize];
        self.memory.read(&self.store, ptr as usize, &mut out)?;
        Ok(out)
    }

    /// The export `func` with the core type `P -> R`.
    pub fn typed<P, R>(&mut self, func: &str) -> Result<TypedFunc<P, R>>
    where
        P: wasmtime::WasmParams,
        R: wasmtime::WasmResults,
    {
        self.instance.get_typed_func(&mut self.store, func)
    }

    /// Calls `f` (from [`Guest::typed`]) with `params`.
    pub fn call<P, R>(&mut self, f: &TypedFunc<P, R>, params: P) -> Result<R>
    where
        P: wasmtime::WasmParams,
        R: wasmtime::WasmResults,
    {
        f.call(&mut self.store, params)
    }

    /// Calls `func(ptr, len, retptr)`: a weld-ABI function taking one
    /// string and returning one string; the argument is borrowed, the
    /// result freed after it was read.
    pub fn call_string_to_string(&mut self, func: &str, input: &str) -> Result<String> {
        let f: TypedFunc<(i32, i32, i32), ()> = self.typed(func)?;
        let arg = self.alloc_bytes(input.as_bytes(), 1)?;
        let ret = self.alloc_bytes(&[0; 8], 4)?;
        f.call(
            &mut self.store,
            (arg as i32, input.len() as i32, ret as i32),
        )?;
        self.free(arg, input.len() as u32, 1)?;
        self.take_string_result(ret)
    }

    /// Calls the Canonical ABI export `func: func(s: string) -> string` as
    /// a host does: the argument is handed over (the callee frees it), the
    /// result is read from the returned area and released with the
    /// export's post-return function.
    pub fn call_canonical_string(&mut self, func: &str, input: Option<&str>) -> Result<String> {
        let ret = match input {
            Some(input) => {
                let f: TypedFunc<(i32, i32), i32> = self.typed(func)?;
                let arg = self.alloc_bytes(input.as_bytes(), 1)?;
                f.call(&mut self.store, (arg as i32, input.len() as i32))?
            }
            None => {
                let f: TypedFunc<(), i32> = self.typed(func)?;
                f.call(&mut self.store, ())?
            }
        };
        let area = self.read(ret as u32, 8)?;
        let (ptr, len) = (u32_at(&area, 0), u32_at(&area, 4));
        let out = String::from_utf8(self.read(ptr, len)?).context("the result is not UTF-8")?;
        let post: TypedFunc<i32, ()> = self.typed(&format!("cabi_post_{func}"))?;
        post.call(&mut self.store, ret)?;
        Ok(out)
    }

    /// Calls `func(retptr)`: a weld-ABI function with no parameters
    /// returning one string, freed after it was read.
    pub fn call_to_string(&mut self, func: &str) -> Result<String> {
        let f: TypedFunc<i32, ()> = self.typed(func)?;
        let ret = self.alloc_bytes(&[0; 8], 4)?;
        f.call(&mut self.store, ret as i32)?;
        self.take_string_result(ret)
    }

    /// Reads the `(ptr, len)` string result at `ret`, frees it and `ret`.
    fn take_string_result(&mut self, ret: u32) -> Result<String> {
        let area = self.read(ret, 8)?;
        let (ptr, len) = (u32_at(&area, 0), u32_at(&area, 4));
        let out = String::from_utf8(self.read(ptr, len)?).context("the result is not UTF-8")?;
        self.free(ptr, len, 1)?;
        self.free(ret, 8, 4)?;
        Ok(out)
    }

    /// Calls an export of type `[] -> []`.
    pub fn call_unit(&mut self, func: &str) -> Result<()> {
        let f: TypedFunc<(), ()> = self.typed(func)?;
        f.call(&mut self.store, ())
    }

    /// Calls an export of type `[] -> [i32]` or `[i32] -> [i32]`.
    pub fn call_u32(&mut self, func: &str, arg: Option<u32>) -> Result<u32> {
        Ok(match arg {
            None => {
                let f = self.typed::<(), i32>(func)?;
                f.call(&mut self.store, ())?
            }
            Some(a) => {
                let f = self.typed::<i32, i32>(func)?;
                f.call(&mut self.store, a as i32)?
            }
        } as u32)
    }

    /// Calls an export of type `[] -> [i64]`.
    pub fn call_u64(&mut self, func: &str) -> Result<u64> {
        let f: TypedFunc<(), i64> = self.typed(func)?;
        Ok(f.call(&mut self.store, ())? as u64)
    }

    /// Fuel consumed since the instance was made with [`Options::fuel`]:
    /// the wasm operators it executed.
    pub fn fuel_used(&self) -> Result<u64> {
        Ok(u64::MAX - self.store.get_fuel()?)
    }

    /// The allocator's statistics, through the `weld_alloc_stats` export.
    pub fn stats(&mut self) -> Result<Stats> {
        let f: TypedFunc<i32, ()> = self.typed(weld_abi::STATS_SYMBOL)?;
        let out = self.alloc_bytes(&[0; 32], 8)?;
        f.call(&mut self.store, out as i32)?;
        let b = self.read(out, 32)?;
        self.free(out, 32, 8)?;
        let word = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        Ok(Stats {
            live_bytes: word(0),
            peak_bytes: word(1),
            live_allocs: word(2),
            pages_grown: word(3),
        })
    }

    /// Whether the module exports `name`.
    pub fn has_export(&mut self, name: &str) -> bool {
        self.instance.get_export(&mut self.store, name).is_some()
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}
