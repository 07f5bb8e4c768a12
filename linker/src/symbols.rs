//! The function symbols of a relocatable wasm object, from its `linking`
//! section's symbol table: each undefined function symbol with the core
//! import (module, name) it stands for, and each defined, non-local
//! function symbol; both with their signatures. weld-ld reads them before
//! wasm-ld runs, to say which object pulled in an import the module keeps
//! and to reroute WASI preview 1 imports to their in-link definitions.

use wasmparser::{
    FuncType, KnownCustom, Linking, Parser, Payload, SymbolFlags, SymbolInfo, TypeRef,
};

/// An undefined function symbol: a core import unless the link defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The import module (`env` when the source named none).
    pub module: String,
    /// The import name.
    pub name: String,
    /// The symbol wasm-ld resolves (the import name unless it has an
    /// explicit one, as rustc's mangled `wasm_import_module` externs do).
    pub symbol: String,
    /// Its signature.
    pub ty: FuncType,
}

/// A defined function symbol other objects can bind to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defined {
    /// The symbol.
    pub symbol: String,
    /// Its signature.
    pub ty: FuncType,
}

/// The function symbols of one object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Symbols {
    /// Undefined function symbols.
    pub imported: Vec<Imported>,
    /// Defined, non-local function symbols.
    pub defined: Vec<Defined>,
}

/// What the sections before the symbol table say about functions.
#[derive(Default)]
struct Functions<'a> {
    types: Vec<FuncType>,
    /// Function imports: (module, name, type index).
    imports: Vec<(&'a str, &'a str, u32)>,
    /// Type index of each defined function.
    defined: Vec<u32>,
}

/// The function symbols of `object`; an object without a symbol table (or
/// one wasmparser cannot read: wasm-ld reports those) has none.
pub fn read(object: &[u8]) -> Symbols {
    read_checked(object).unwrap_or_default()
}

fn read_checked(object: &[u8]) -> wasmparser::Result<Symbols> {
    let mut f = Functions::default();
    let mut out = Symbols::default();
    for payload in Parser::new(0).parse_all(object) {
        match payload? {
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    f.types.push(ty?);
                }
            }
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    let import = import?;
                    if let TypeRef::Func(t) | TypeRef::FuncExact(t) = import.ty {
                        f.imports.push((import.module, import.name, t));
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    f.defined.push(t?);
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Linking(linking) = c.as_known() {
                    for sub in linking {
                        if let Linking::SymbolTable(table) = sub? {
                            for info in table {
                                f.add(info?, &mut out);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

impl Functions<'_> {
    fn add(&self, info: SymbolInfo<'_>, out: &mut Symbols) {
        let SymbolInfo::Func { flags, index, name } = info else {
            return;
        };
        let ty = |t: u32| self.types.get(t as usize).cloned();
        if flags.contains(SymbolFlags::UNDEFINED) {
            let Some(&(module, field, t)) = self.imports.get(index as usize) else {
                return;
            };
            let symbol = match name {
                Some(n) if flags.contains(SymbolFlags::EXPLICIT_NAME) => n,
                _ => field,
            };
            if let Some(ty) = ty(t) {
                out.imported.push(Imported {
                    module: module.to_string(),
                    name: field.to_string(),
                    symbol: symbol.to_string(),
                    ty,
                });
            }
            return;
        }
        if flags.contains(SymbolFlags::BINDING_LOCAL) {
            return;
        }
        let local = (index as usize).checked_sub(self.imports.len());
        let t = local.and_then(|i| self.defined.get(i).copied());
        if let (Some(symbol), Some(ty)) = (name, t.and_then(ty)) {
            out.defined.push(Defined {
                symbol: symbol.to_string(),
                ty,
            });
        }
    }
}

/// `(i32, i64) -> i32`, for messages.
pub fn signature(ty: &FuncType) -> String {
    let list = |v: &[wasmparser::ValType]| {
        let names: Vec<String> = v.iter().map(ToString::to_string).collect();
        format!("({})", names.join(", "))
    };
    format!("{} -> {}", list(ty.params()), list(ty.results()))
}
