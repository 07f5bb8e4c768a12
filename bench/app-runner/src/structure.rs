//! What a component is made of: core modules, core instances and linear
//! memories (defined, not imported), across every nested component.

use wasmparser::{Parser, Payload};
use wasmtime::Result;

/// Counts read from a component's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Structure {
    /// Core modules embedded in the component.
    pub modules: u32,
    /// Core instances created when it is instantiated.
    pub instances: u32,
    /// Linear memories defined by its core modules.
    pub memories: u32,
    /// Size of the component in bytes.
    pub bytes: usize,
}

/// Reads the counts of the component `bytes`.
pub fn read(bytes: &[u8]) -> Result<Structure> {
    let mut s = Structure {
        modules: 0,
        instances: 0,
        memories: 0,
        bytes: bytes.len(),
    };
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ModuleSection { .. } => s.modules += 1,
            Payload::MemorySection(r) => s.memories += r.count(),
            Payload::InstanceSection(r) => s.instances += r.count(),
            _ => {}
        }
    }
    Ok(s)
}
