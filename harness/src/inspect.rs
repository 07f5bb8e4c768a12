//! Reading facts off a linked module: memories, imports, exports and custom
//! sections (with wasmparser, the parser behind `wasm-tools`).

use wasmparser::{ExternalKind, Parser, Payload, TypeRef, Validator, WasmFeatures};
use wasmtime::Result;
use wasmtime::error::Context;

/// What a module defines and imports.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Memories defined plus memories imported.
    pub memories: usize,
    /// `(module, name)` of every import.
    pub imports: Vec<(String, String)>,
    /// Names of every export.
    pub exports: Vec<String>,
    /// The bytes of every custom section named `weld-meta`, concatenated.
    pub weld_meta: Vec<u8>,
}

/// Validates `bytes` as `wasm-tools validate` does (all features wasmparser
/// enables by default) and summarises the module.
pub fn inspect(bytes: &[u8]) -> Result<Summary> {
    Validator::new_with_features(WasmFeatures::default())
        .validate_all(bytes)
        .context("the module does not validate")?;
    let mut s = Summary::default();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::MemorySection(r) => s.memories += r.count() as usize,
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp?;
                    if let TypeRef::Memory(_) = imp.ty {
                        s.memories += 1;
                    }
                    s.imports
                        .push((imp.module.to_string(), imp.name.to_string()));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e?;
                    if matches!(e.kind, ExternalKind::Func | ExternalKind::Memory) {
                        s.exports.push(e.name.to_string());
                    }
                }
            }
            Payload::CustomSection(c) if c.name() == "weld-meta" => {
                s.weld_meta.extend_from_slice(c.data())
            }
            _ => {}
        }
    }
    Ok(s)
}

/// Asserts that the module at `path` validates, has exactly one memory and
/// imports nothing but WASI: every WIT import bound to a linked crate.
pub fn assert_self_contained(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let summary = inspect(&bytes).unwrap();
    assert_eq!(summary.memories, 1, "{}", path.display());
    assert!(
        summary
            .imports
            .iter()
            .all(|(m, _)| m == "wasi_snapshot_preview1"),
        "{}: {:?}",
        path.display(),
        summary.imports
    );
}
