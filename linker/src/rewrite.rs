//! Rewriting a linked module: weld imports that no linked crate provided
//! (`env::weld1|<interface>|<func>`, left by `--allow-undefined`) are
//! renamed to the Canonical ABI's `(<interface>, <func>)` so that WASI or
//! any host interface satisfies them unchanged, and a root wrapper's
//! canonical exports (`__wrap_ns:pkg/i#f`) lose their prefix. Every other
//! section is copied as it is.

use wasm_encoder::{EntityType, ExportKind, ExportSection, ImportSection, Module, RawSection};
use wasmparser::{KnownCustom, Parser, Payload, TypeRef};

/// The outcome of a rewrite.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The new module.
    pub bytes: Vec<u8>,
    /// `(module, name)` of every import, after renaming.
    pub imports: Vec<(String, String)>,
    /// Those renamed from weld symbols (`env::weld1|<interface>|<func>`):
    /// references no linked crate and no host adapter served.
    pub renamed: Vec<(String, String)>,
    /// The `weld-meta` records' raw bytes, concatenated.
    pub metadata: Vec<u8>,
    /// Number of memories (defined and imported).
    pub memories: u32,
    /// The imports that are neither WIT imports (renamed from weld
    /// symbols) nor the Canonical ABI's `[export]<interface>` intrinsics:
    /// `(module, name, symbol)`, the symbol from the name section if any.
    pub core: Vec<(String, String, Option<String>)>,
}

/// Renames weld imports to canonical names, and wrappers' canonical
/// exports to their plain names.
pub fn rename_for_host(module: &[u8]) -> Result<Rewritten, String> {
    let mut out = Module::new();
    let mut r = Rewritten::default();
    // Function index of each core import, for its name.
    let mut core_funcs: Vec<Option<u32>> = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::ImportSection(reader) = &payload {
            let mut section = ImportSection::new();
            let mut funcs = 0;
            for import in reader.clone().into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                let func = matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_));
                if is_core(import.module, import.name) {
                    r.core
                        .push((import.module.into(), import.name.into(), None));
                    core_funcs.push(func.then_some(funcs));
                }
                funcs += u32::from(func);
                let (m, n) = canonical(import.module, import.name);
                if (m.as_str(), n.as_str()) != (import.module, import.name) {
                    r.renamed.push((m.clone(), n.clone()));
                }
                let ty = EntityType::try_from(import.ty)
                    .map_err(|_| format!("unsupported import type of `{}`", import.name))?;
                if matches!(ty, EntityType::Memory(_)) {
                    r.memories += 1;
                }
                section.import(&m, &n, ty);
                r.imports.push((m, n));
            }
            out.section(&section);
            continue;
        }
        if let Payload::ExportSection(reader) = &payload {
            let mut section = ExportSection::new();
            for export in reader.clone() {
                let export = export.map_err(|e| e.to_string())?;
                let name = export
                    .name
                    .strip_prefix(weld_abi::WRAP_PREFIX)
                    .unwrap_or(export.name);
                section.export(name, ExportKind::from(export.kind), export.index);
            }
            out.section(&section);
            continue;
        }
        if let Payload::MemorySection(reader) = &payload {
            r.memories += reader.count();
        }
        if let Payload::CustomSection(c) = &payload {
            if c.name() == weld_abi::METADATA_SECTION {
                r.metadata.extend_from_slice(c.data());
            }
            if let KnownCustom::Name(names) = c.as_known() {
                name_core_imports(names, &core_funcs, &mut r.core);
            }
        }
        if let Some((id, range)) = payload.as_section() {
            out.section(&RawSection {
                id,
                data: &module[range.start as usize..range.end as usize],
            });
        }
    }
    r.bytes = out.finish();
    Ok(r)
}

/// Whether an import of the linked module is a core import: neither a
/// weld symbol, nor an `[export]<interface>` intrinsic, nor one of the
/// Canonical ABI's built-ins: the task built-ins the runtime imports from
/// `$root`, and those of an interface (`[async-lower]f`) that host
/// adapters import (abi-spec/ASYNC.md section 11).
fn is_core(module: &str, name: &str) -> bool {
    let wit = module == "env" && weld_abi::parse_symbol(name).is_some();
    let intrinsic = module.starts_with(weld_abi::canonical::EXPORTED_RESOURCE_PREFIX)
        || weld_abi::host_async::is_builtin(module, name)
        || (module != "env" && weld_abi::asynchronous::is_interface_builtin(name));
    !wit && !intrinsic
}

/// Gives each core function import its symbol from the name section.
fn name_core_imports(
    names: wasmparser::NameSectionReader<'_>,
    funcs: &[Option<u32>],
    core: &mut [(String, String, Option<String>)],
) {
    for name in names.into_iter().flatten() {
        let wasmparser::Name::Function(map) = name else {
            continue;
        };
        for naming in map.into_iter().flatten() {
            let slot = funcs.iter().position(|f| *f == Some(naming.index));
            if let Some(i) = slot {
                core[i].2 = Some(naming.name.to_string());
            }
        }
    }
}

fn canonical(module: &str, name: &str) -> (String, String) {
    if module == "env"
        && let Some(sym) = weld_abi::parse_symbol(name)
    {
        let (m, n) = sym.canonical_import();
        return (m.to_string(), n.to_string());
    }
    (module.to_string(), name.to_string())
}
