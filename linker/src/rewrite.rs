//! Rewriting a linked module: weld imports that no linked crate provided
//! (`env::weld1|<interface>|<func>`, left by `--allow-undefined`) are
//! renamed to the Canonical ABI's `(<interface>, <func>)` so that WASI or
//! any host interface satisfies them unchanged, and a root wrapper's
//! canonical exports (`__wrap_ns:pkg/i#f`) lose their prefix. Every other
//! section is copied as it is.

use wasm_encoder::{EntityType, ExportKind, ExportSection, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// The outcome of a rewrite.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The new module.
    pub bytes: Vec<u8>,
    /// `(module, name)` of every import, after renaming.
    pub imports: Vec<(String, String)>,
    /// The `weld-meta` records' raw bytes, concatenated.
    pub metadata: Vec<u8>,
    /// Number of memories (defined and imported).
    pub memories: u32,
}

/// Renames weld imports to canonical names, and wrappers' canonical
/// exports to their plain names.
pub fn rename_for_host(module: &[u8]) -> Result<Rewritten, String> {
    let mut out = Module::new();
    let mut r = Rewritten::default();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::ImportSection(reader) = &payload {
            let mut section = ImportSection::new();
            for import in reader.clone().into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                let (m, n) = canonical(import.module, import.name);
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
        if let Payload::CustomSection(c) = &payload
            && c.name() == weld_abi::METADATA_SECTION
        {
            r.metadata.extend_from_slice(c.data());
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

fn canonical(module: &str, name: &str) -> (String, String) {
    if module == "env"
        && let Some(sym) = weld_abi::parse_symbol(name)
    {
        let (m, n) = sym.canonical_import();
        return (m.to_string(), n.to_string());
    }
    (module.to_string(), name.to_string())
}
