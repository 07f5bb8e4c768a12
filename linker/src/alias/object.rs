//! The relocatable object that defines aliases (tool-conventions'
//! Linking.md): one undefined function symbol per target, imported as
//! `env::<target>`, and one weak, hidden function per alias whose body is
//! `local.get 0 .. local.get n-1; call <target>; end`, the call's index a
//! relocation (`R_WASM_FUNCTION_INDEX_LEB`) against the target's symbol.

use super::Alias;
use std::collections::BTreeMap;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CustomSection, EntityType, FunctionSection, ImportSection, LinkingSection, Module, RawSection,
    SymbolTable, TypeSection,
};

/// `R_WASM_FUNCTION_INDEX_LEB`: a function index as a 5-byte LEB128.
const R_WASM_FUNCTION_INDEX_LEB: u8 = 0;
/// The section order of [`encode`]: type, import, function, code.
const CODE_SECTION_INDEX: u32 = 3;

/// The object defining `aliases`.
///
/// # Errors
/// A signature wasm-encoder cannot express (not a core value type).
pub fn encode(aliases: &[Alias]) -> Result<Vec<u8>, String> {
    let mut targets: BTreeMap<&str, u32> = BTreeMap::new();
    for a in aliases {
        let next = targets.len() as u32;
        targets.entry(a.target.as_str()).or_insert(next);
    }
    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    let mut functions = FunctionSection::new();
    for (i, a) in aliases.iter().enumerate() {
        let vals = |v: &[wasmparser::ValType]| -> Result<Vec<_>, String> {
            v.iter()
                .map(|t| RoundtripReencoder.val_type(*t).map_err(|e| e.to_string()))
                .collect()
        };
        types
            .ty()
            .function(vals(a.ty.params())?, vals(a.ty.results())?);
        functions.function(i as u32);
    }
    // Each target is imported with the type of its first alias.
    let mut ordered: Vec<(&str, u32)> = targets.iter().map(|(t, i)| (*t, *i)).collect();
    ordered.sort_by_key(|(_, i)| *i);
    for (target, _) in &ordered {
        let first = aliases
            .iter()
            .position(|a| a.target == *target)
            .unwrap_or(0);
        imports.import("env", target, EntityType::Function(first as u32));
    }
    let (code, relocs) = code(aliases, &targets);
    let mut symbols = SymbolTable::new();
    for i in 0..ordered.len() as u32 {
        symbols.function(SymbolTable::WASM_SYM_UNDEFINED, i, None);
    }
    let flags = SymbolTable::WASM_SYM_BINDING_WEAK | SymbolTable::WASM_SYM_VISIBILITY_HIDDEN;
    for (i, a) in aliases.iter().enumerate() {
        symbols.function(flags, ordered.len() as u32 + i as u32, Some(&a.symbol));
    }
    let mut linking = LinkingSection::new();
    linking.symbol_table(&symbols);
    let mut module = Module::new();
    module.section(&types);
    module.section(&imports);
    module.section(&functions);
    module.section(&RawSection {
        id: 10,
        data: &code,
    });
    module.section(&linking);
    module.section(&CustomSection {
        name: "reloc.CODE".into(),
        data: relocs.into(),
    });
    Ok(module.finish())
}

/// The code section's payload and its `reloc.CODE` payload. A target's
/// function index and its symbol index are the same: the symbol table
/// lists the targets first, in import order.
fn code(aliases: &[Alias], targets: &BTreeMap<&str, u32>) -> (Vec<u8>, Vec<u8>) {
    let mut code = Vec::new();
    leb(aliases.len() as u32, &mut code);
    let mut entries = Vec::new();
    for a in aliases {
        let target = targets.get(a.target.as_str()).copied().unwrap_or(0);
        let mut body = vec![0]; // no locals
        for p in 0..a.ty.params().len() as u32 {
            body.push(0x20); // local.get
            leb(p, &mut body);
        }
        body.push(0x10); // call
        let at = body.len();
        padded_leb(target, &mut body);
        body.push(0x0b); // end
        leb(body.len() as u32, &mut code);
        entries.push((code.len() + at, target));
        code.extend(body);
    }
    let mut relocs = Vec::new();
    leb(CODE_SECTION_INDEX, &mut relocs);
    leb(entries.len() as u32, &mut relocs);
    for (offset, symbol) in entries {
        relocs.push(R_WASM_FUNCTION_INDEX_LEB);
        leb(offset as u32, &mut relocs);
        leb(symbol, &mut relocs);
    }
    (code, relocs)
}

fn leb(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `n` as a 5-byte LEB128, as relocations need.
fn padded_leb(n: u32, out: &mut Vec<u8>) {
    for i in 0..5 {
        let byte = ((n >> (7 * i)) & 0x7f) as u8;
        out.push(if i < 4 { byte | 0x80 } else { byte });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbols;
    use wasmparser::{FuncType, ValType};

    #[test]
    fn the_object_defines_each_alias_and_imports_each_target_once() {
        let ty = FuncType::new([ValType::I32, ValType::I32], [ValType::I32]);
        let alias = |s: &str| Alias {
            symbol: s.into(),
            target: "__imported_wasi_snapshot_preview1_random_get".into(),
            ty: ty.clone(),
        };
        let bytes = encode(&[alias("_ZN1a10random_get17hE"), alias("_ZN1b1rE")]).unwrap();
        wasmparser::Validator::new().validate_all(&bytes).unwrap();
        let s = symbols::read(&bytes);
        assert_eq!(s.imported.len(), 1, "{s:?}");
        assert_eq!(s.imported[0].symbol, alias("x").target);
        let defined: Vec<&str> = s.defined.iter().map(|d| d.symbol.as_str()).collect();
        assert_eq!(defined, ["_ZN1a10random_get17hE", "_ZN1b1rE"]);
        assert!(s.defined.iter().all(|d| d.ty == ty));
    }
}
