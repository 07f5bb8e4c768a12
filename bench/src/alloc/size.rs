//! Code size of the allocator in a linked module, from its name section.
//!
//! Method: every function body in the code section is attributed by its
//! name (the `name` section that a release build with `-C debuginfo=0
//! -C strip=none` keeps, demangled). A function is allocator code if
//! - its path is in the allocator crate (`weld::alloc`, `dlmalloc::`,
//!   `talc::`, `lol_alloc::`), or
//! - it is one of the allocator's C symbols (weld's and wasi-libc
//!   dlmalloc's `malloc` & co., dlmalloc's static helpers and `sbrk`), or
//! - for a `#[global_allocator]` crate, one of the `__rust_alloc` &
//!   co. shims, into which rustc inlines the crate's `GlobalAlloc` methods.
//!
//! For the allocators reached through Rust's `System` (weld, wasi-libc) the
//! shims and std's `__rdl_*` functions only forward to `malloc`; they are
//! reported separately as "Rust glue". Bytes are body sizes (locals and
//! instructions, including the size prefix's varint).
//!
//! Two sums are reported. *All linked* counts every allocator function in
//! the module. A `cdylib` exports every `#[no_mangle]` function of its
//! dependencies, so weld's module keeps all of its C entry points even where
//! nothing calls them; a module linked by weld-ld exports only the root
//! world, `memory`, `_initialize`, `cabi_realloc` and `weld_alloc_stats`, so
//! wasm-ld drops the others. *Reachable* models that export policy: it
//! counts the allocator functions reachable (through `call`,
//! `return_call`, `ref.func`, the start function and every function in an
//! element segment, i.e. every function whose address is taken) from every
//! export except weld's C allocation entry points (`malloc` & co., which a
//! weld-ld module does not export).

use std::collections::HashMap;
use wasmparser::{
    ElementItems, ElementSectionReader, ExternalKind, KnownCustom, Name, NameSectionReader, Parser,
    Payload, TypeRef,
};
use weld_abi::{C_ALLOCATOR, REALLOC, STATS_SYMBOL};
use weld_harness::wasmtime::Result;

/// The allocator's share of one module's code.
pub struct Size {
    /// Bytes of the allocator's functions.
    pub allocator: usize,
    /// Bytes of the allocator's functions reachable under weld-ld's export
    /// policy (see the module docs).
    pub reachable: usize,
    /// Bytes of the Rust -> `malloc` glue (System variants only).
    pub glue: usize,
    /// The allocator's functions with their sizes and whether they are
    /// reachable, largest first.
    pub functions: Vec<(String, usize, bool)>,
}

/// wasi-libc's `dlmalloc.o` (and `sbrk.o`): every function name it may
/// contribute besides the C allocator API it shares with weld
/// ([`C_ALLOCATOR`]), static helpers included.
const LIBC_DLMALLOC_HELPERS: &[&str] = &[
    "dlmalloc",
    "dlfree",
    "dlcalloc",
    "dlrealloc",
    "dlmemalign",
    "dlposix_memalign",
    "prepend_alloc",
    "dispose_chunk",
    "internal_memalign",
    "try_realloc_chunk",
    "tmalloc_small",
    "tmalloc_large",
    "sys_alloc",
    "sys_trim",
    "add_segment",
    "init_top",
    "init_bins",
    "init_mparams",
    "release_unused_segments",
    "try_init_allocator",
    "sbrk",
];

/// weld's C symbols (runtime/src/alloc/c_api.rs): the C allocator API,
/// `cabi_realloc` and `weld_alloc_stats`.
fn weld_c(name: &str) -> bool {
    C_ALLOCATOR.contains(&name) || name == REALLOC || name == STATS_SYMBOL
}

/// wasi-libc dlmalloc's C symbols.
fn libc_c(name: &str) -> bool {
    C_ALLOCATOR.contains(&name) || LIBC_DLMALLOC_HELPERS.contains(&name)
}

/// No C symbols (a Rust `#[global_allocator]` crate).
fn no_c(_: &str) -> bool {
    false
}

const SHIMS: &[&str] = &[
    "__rust_alloc",
    "__rust_dealloc",
    "__rust_realloc",
    "__rust_alloc_zeroed",
];

enum Kind {
    Allocator,
    Glue,
    Other,
}

fn classify(variant: &str, name: &str) -> Kind {
    let shim = SHIMS.iter().any(|s| name.ends_with(s));
    let rdl = name.contains("__rdl_");
    let (path, c): (&str, fn(&str) -> bool) = match variant {
        "weld" => ("weld::alloc", weld_c),
        "libc" => ("\0", libc_c),
        "dlmalloc-crate" => ("dlmalloc::", no_c),
        "talc" => ("talc::", no_c),
        "lol" => ("lol_alloc::", no_c),
        _ => ("\0", no_c),
    };
    let system = matches!(variant, "weld" | "libc");
    if name.contains(path) || c(name) || (shim && !system) {
        Kind::Allocator
    } else if system && (shim || rdl) {
        Kind::Glue
    } else {
        Kind::Other
    }
}

/// Weld's C entry points that a module linked by weld-ld does not export.
fn unexported(name: &str) -> bool {
    C_ALLOCATOR.contains(&name)
}

/// Measures the allocator code of `variant` in `module`.
pub fn measure(variant: &str, module: &[u8]) -> Result<Size> {
    let code = Code::parse(module)?;
    let live = reachable(&code.roots, &code.calls, code.imported);
    let mut size = Size {
        allocator: 0,
        reachable: 0,
        glue: 0,
        functions: Vec::new(),
    };
    for (i, &bytes) in code.bodies.iter().enumerate() {
        let Some(raw) = code.names.get(&(code.imported + i as u32)) else {
            continue;
        };
        let name = format!("{:#}", rustc_demangle::demangle(raw));
        match classify(variant, &name) {
            Kind::Allocator => {
                size.allocator += bytes;
                if live[i] {
                    size.reachable += bytes;
                }
                size.functions.push((short(&name), bytes, live[i]));
            }
            Kind::Glue => size.glue += bytes,
            Kind::Other => {}
        }
    }
    size.functions.sort_by_key(|f| std::cmp::Reverse(f.1));
    Ok(size)
}

/// What the size count needs of a module's functions.
#[derive(Default)]
struct Code {
    /// Imported functions (defined functions' indices start after them).
    imported: u32,
    /// Each defined function's body size, in code-section order.
    bodies: Vec<usize>,
    /// Each defined function's callees ([`callees`]).
    calls: Vec<Vec<u32>>,
    /// Where reachability starts: the exports a weld-ld module keeps, the
    /// start function and the element segments' functions.
    roots: Vec<u32>,
    /// Function names from the name section, by function index.
    names: HashMap<u32, String>,
}

impl Code {
    /// Reads the sections of `module` that [`Code`] holds.
    fn parse(module: &[u8]) -> Result<Code> {
        let mut code = Code::default();
        for payload in Parser::new(0).parse_all(module) {
            match payload? {
                Payload::ImportSection(s) => {
                    for imp in s.into_imports() {
                        if matches!(imp?.ty, TypeRef::Func(_)) {
                            code.imported += 1;
                        }
                    }
                }
                Payload::ExportSection(s) => {
                    for e in s {
                        let e = e?;
                        if e.kind == ExternalKind::Func && !unexported(e.name) {
                            code.roots.push(e.index);
                        }
                    }
                }
                Payload::StartSection { func, .. } => code.roots.push(func),
                Payload::ElementSection(s) => code.element_roots(s)?,
                Payload::CodeSectionEntry(body) => {
                    let r = body.range();
                    code.bodies.push(r.end - r.start);
                    code.calls.push(callees(&body)?);
                }
                Payload::CustomSection(c) => {
                    if let KnownCustom::Name(reader) = c.as_known() {
                        code.function_names(reader)?;
                    }
                }
                _ => {}
            }
        }
        Ok(code)
    }

    /// Every function of an element segment is a root: its address is taken.
    fn element_roots(&mut self, section: ElementSectionReader<'_>) -> Result<()> {
        for e in section {
            if let ElementItems::Functions(f) = e?.items {
                for f in f {
                    self.roots.push(f?);
                }
            }
        }
        Ok(())
    }

    /// The function names of the name section.
    fn function_names(&mut self, reader: NameSectionReader<'_>) -> Result<()> {
        for n in reader {
            if let Name::Function(map) = n? {
                for naming in map {
                    let naming = naming?;
                    self.names.insert(naming.index, naming.name.to_string());
                }
            }
        }
        Ok(())
    }
}

/// The functions that `body` calls or takes the address of.
fn callees(body: &wasmparser::FunctionBody) -> Result<Vec<u32>> {
    use wasmparser::Operator;
    let mut out = Vec::new();
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        match ops.read()? {
            Operator::Call { function_index }
            | Operator::ReturnCall { function_index }
            | Operator::RefFunc { function_index } => out.push(function_index),
            _ => {}
        }
    }
    Ok(out)
}

/// For each defined function (by code-section position): reachable from
/// `roots` through `calls`. Indices count imported functions first.
fn reachable(roots: &[u32], calls: &[Vec<u32>], imported: u32) -> Vec<bool> {
    let mut live = vec![false; calls.len()];
    let mut stack: Vec<u32> = roots.to_vec();
    while let Some(f) = stack.pop() {
        let Some(i) = f.checked_sub(imported).map(|i| i as usize) else {
            continue;
        };
        if i < live.len() && !live[i] {
            live[i] = true;
            stack.extend(&calls[i]);
        }
    }
    live
}

/// The last two path segments of a demangled name.
fn short(name: &str) -> String {
    let parts: Vec<&str> = name.rsplitn(3, "::").collect();
    match parts.as_slice() {
        [f, ty, _] | [f, ty] => format!("{ty}::{f}"),
        _ => name.to_string(),
    }
}
