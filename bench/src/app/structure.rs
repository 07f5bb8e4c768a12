//! What a component is made of: core modules, core instances and linear
//! memories (defined, not imported), across every nested component; and the
//! functions it imports, by interface.

use wasmparser::component_types::ComponentEntityType;
use wasmparser::{Parser, Payload, Validator, WasmFeatures};
use weld_harness::wasmtime::Result;

/// Counts read from a component's bytes.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Core modules embedded in the component.
    pub modules: u32,
    /// Core instances created when it is instantiated.
    pub instances: u32,
    /// Linear memories defined by its core modules.
    pub memories: u32,
    /// Size of the component in bytes.
    pub bytes: usize,
    /// The component's imports (the outermost component's), in order: the
    /// imported name (an interface such as `wasi:cli/stderr@0.2.12`) and
    /// the functions of its instance type, by name.
    pub imports: Vec<(String, Vec<String>)>,
}

/// Reads the counts of the component `bytes`.
pub fn read(bytes: &[u8]) -> Result<Structure> {
    let mut s = Structure {
        modules: 0,
        instances: 0,
        memories: 0,
        bytes: bytes.len(),
        imports: Vec::new(),
    };
    // Nesting: each module or component starts with `Version` and ends
    // with `End`; the outermost component's imports are at depth 1.
    let mut depth = 0u32;
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            Payload::ModuleSection { .. } => s.modules += 1,
            Payload::MemorySection(r) => s.memories += r.count(),
            Payload::InstanceSection(r) => s.instances += r.count(),
            Payload::ComponentImportSection(r) if depth == 1 => {
                for import in r {
                    names.push(import?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    let types = Validator::new_with_features(WasmFeatures::all()).validate_all(bytes)?;
    for name in names {
        let mut functions = Vec::new();
        if let Some(item) = types.component_item_for_import(&name) {
            match item.ty {
                ComponentEntityType::Instance(id) => {
                    for (f, export) in &types[id].exports {
                        if matches!(export.ty, ComponentEntityType::Func(_)) {
                            functions.push(f.clone());
                        }
                    }
                }
                ComponentEntityType::Func(_) => functions.push(name.clone()),
                _ => {}
            }
        }
        s.imports.push((name, functions));
    }
    Ok(s)
}
