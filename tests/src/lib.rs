//! Host-side harness for weld's tests, examples and benchmarks: runs linked
//! weld modules in wasmtime.
//!
//! This is the one crate of the workspace that depends on wasmtime (it
//! takes minutes to build on a small machine). It calls a module's exports
//! with the weld ABI the way a sibling crate would: arguments are lowered
//! into guest memory allocated with the module's `cabi_realloc`, results
//! are read from a return area and freed with `cabi_realloc(ptr, size,
//! align, 0)`. It does not implement the Canonical ABI for the host (that is
//! the component path).

pub mod component;
pub mod inspect;
pub mod paths;
pub mod wasi_app;

use std::path::Path;
use wasmtime::error::Context;
use wasmtime::{Engine, Instance, Linker, Memory, Module, Store, TypedFunc};
use wasmtime::{Result, bail, format_err};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::WasiP1Ctx;
pub use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

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
pub type HostDefs<'a> = &'a mut dyn FnMut(&mut Linker<WasiP1Ctx>) -> Result<()>;

/// An instantiated, initialised weld module.
pub struct Guest {
    store: Store<WasiP1Ctx>,
    instance: Instance,
    memory: Memory,
    realloc: TypedFunc<(i32, i32, i32, i32), i32>,
}

impl Guest {
    /// Compiles and instantiates the module at `path`, with WASI preview 1
    /// (stdout and stderr inherited), and runs `_initialize` if it has one.
    pub fn load(path: &Path) -> Result<Guest> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Guest::from_bytes(&bytes)
    }

    /// As [`Guest::load`], from the module's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Guest> {
        Guest::instantiate(bytes, None)
    }

    /// As [`Guest::load`], but the module's stderr (where a panic's message
    /// goes) is captured in the returned pipe.
    pub fn load_capturing_stderr(path: &Path) -> Result<(Guest, MemoryOutputPipe)> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let pipe = MemoryOutputPipe::new(1 << 20);
        Ok((Guest::instantiate(&bytes, Some(pipe.clone()))?, pipe))
    }

    /// As [`Guest::load`], with more host functions: `define` adds them to
    /// the linker before the module is instantiated (for example the
    /// canonical imports of a resource the host provides).
    pub fn load_with_host(path: &Path, define: HostDefs<'_>) -> Result<Guest> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Guest::instantiate_with(&bytes, None, define)
    }

    fn instantiate(bytes: &[u8], stderr: Option<MemoryOutputPipe>) -> Result<Guest> {
        Guest::instantiate_with(bytes, stderr, &mut |_| Ok(()))
    }

    fn instantiate_with(
        bytes: &[u8],
        stderr: Option<MemoryOutputPipe>,
        define: HostDefs<'_>,
    ) -> Result<Guest> {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes)?;
        let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |cx| cx)?;
        define(&mut linker)?;
        let mut builder = WasiCtxBuilder::new();
        builder.inherit_stdout();
        match stderr {
            Some(pipe) => builder.stderr(pipe),
            None => builder.inherit_stderr(),
        };
        let wasi = builder.build_p1();
        let mut store = Store::new(&engine, wasi);
        let instance = linker.instantiate(&mut store, &module)?;
        if let Some(init) = instance.get_func(&mut store, "_initialize") {
            init.typed::<(), ()>(&store)?.call(&mut store, ())?;
        }
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| format_err!("the module exports no `memory`"))?;
        let realloc = instance.get_typed_func(&mut store, weld_abi::REALLOC)?;
        Ok(Guest {
            store,
            instance,
            memory,
            realloc,
        })
    }

    /// Allocates `bytes` in guest memory with `cabi_realloc` and copies them in.
    pub fn alloc_bytes(&mut self, bytes: &[u8], align: u32) -> Result<u32> {
        if bytes.is_empty() {
            return Ok(align);
        }
        let ptr = self
            .realloc
            .call(&mut self.store, (0, 0, align as i32, bytes.len() as i32))?;
        self.memory.write(&mut self.store, ptr as usize, bytes)?;
        Ok(ptr as u32)
    }

    /// Frees a block the guest handed over (a result buffer).
    pub fn free(&mut self, ptr: u32, size: u32, align: u32) -> Result<()> {
        if size != 0 {
            self.realloc
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

    /// Calls `func(ptr, len, retptr)`: a weld-ABI function taking one
    /// string and returning one string; the argument is borrowed, the
    /// result freed after it was read.
    pub fn call_string_to_string(&mut self, func: &str, input: &str) -> Result<String> {
        let f: TypedFunc<(i32, i32, i32), ()> =
            self.instance.get_typed_func(&mut self.store, func)?;
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
                let f: TypedFunc<(i32, i32), i32> =
                    self.instance.get_typed_func(&mut self.store, func)?;
                let arg = self.alloc_bytes(input.as_bytes(), 1)?;
                f.call(&mut self.store, (arg as i32, input.len() as i32))?
            }
            None => {
                let f: TypedFunc<(), i32> = self.instance.get_typed_func(&mut self.store, func)?;
                f.call(&mut self.store, ())?
            }
        };
        let area = self.read(ret as u32, 8)?;
        let (ptr, len) = (u32_at(&area, 0), u32_at(&area, 4));
        let out = String::from_utf8(self.read(ptr, len)?).context("the result is not UTF-8")?;
        let post: TypedFunc<i32, ()> = self
            .instance
            .get_typed_func(&mut self.store, &format!("cabi_post_{func}"))?;
        post.call(&mut self.store, ret)?;
        Ok(out)
    }

    /// Calls `func(retptr)`: a weld-ABI function with no parameters
    /// returning one string, freed after it was read.
    pub fn call_to_string(&mut self, func: &str) -> Result<String> {
        let f: TypedFunc<i32, ()> = self.instance.get_typed_func(&mut self.store, func)?;
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
        let f: TypedFunc<(), ()> = self.instance.get_typed_func(&mut self.store, func)?;
        f.call(&mut self.store, ())
    }

    /// Calls an export of type `[] -> [i32]` or `[i32] -> [i32]`.
    pub fn call_u32(&mut self, func: &str, arg: Option<u32>) -> Result<u32> {
        Ok(match arg {
            None => self
                .instance
                .get_typed_func::<(), i32>(&mut self.store, func)?
                .call(&mut self.store, ())?,
            Some(a) => self
                .instance
                .get_typed_func::<i32, i32>(&mut self.store, func)?
                .call(&mut self.store, a as i32)?,
        } as u32)
    }

    /// Calls an export of type `[] -> [i64]`.
    pub fn call_u64(&mut self, func: &str) -> Result<u64> {
        let f: TypedFunc<(), i64> = self.instance.get_typed_func(&mut self.store, func)?;
        Ok(f.call(&mut self.store, ())? as u64)
    }

    /// The allocator's statistics, through the `weld_alloc_stats` export.
    pub fn stats(&mut self) -> Result<Stats> {
        let f: TypedFunc<i32, ()> = self
            .instance
            .get_typed_func(&mut self.store, weld_abi::STATS_SYMBOL)?;
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

/// Calls a guest's `run-checks: func() -> string` export, whose report has
/// one line per check (`ok <name>` or `FAIL <name>: why`), and asserts that
/// every check passed and that the checks run are exactly `expected`.
pub fn assert_checks_pass(guest: &mut Guest, expected: &[&str]) {
    let report = guest
        .call_canonical_string("run-checks", None)
        .expect("run-checks");
    let lines: Vec<&str> = report.lines().collect();
    let failed: Vec<&&str> = lines.iter().filter(|l| !l.starts_with("ok ")).collect();
    assert!(failed.is_empty(), "failed checks:\n{failed:#?}");
    let names: Vec<&str> = lines.iter().map(|l| &l[3..]).collect();
    assert_eq!(names, expected);
}

/// Calls a guest's `churn: func(n: u32) -> u32` export, which creates and
/// drops resources `n` times and returns the destructor runs: once to warm
/// up, then `n` times. Asserts `drops` runs per iteration and that the
/// allocator's live bytes and allocations end where they started.
pub fn assert_churn_leaks_nothing(guest: &mut Guest, n: u32, drops: u32) {
    assert_eq!(guest.call_u32("churn", Some(1)).unwrap(), drops, "warm-up");
    let before = guest.stats().unwrap();
    let dropped = guest.call_u32("churn", Some(n)).unwrap();
    let after = guest.stats().unwrap();
    assert_eq!(dropped, n * drops, "each destructor runs exactly once");
    assert_eq!(
        after.live_bytes, before.live_bytes,
        "{before:?} -> {after:?}"
    );
    assert_eq!(
        after.live_allocs, before.live_allocs,
        "{before:?} -> {after:?}"
    );
}

/// Fails unless `cond`, with `what` as the message (for the runner binary).
pub fn ensure(cond: bool, what: &str) -> Result<()> {
    if !cond {
        bail!("{what}");
    }
    Ok(())
}
