//! The examples of `abi-spec/SPEC.md` are tests.
//!
//! Reads the specification, finds every fenced block tagged `wit-abi` and
//! the type table of its section 12, and checks each stated layout, flat
//! type list, core signature and symbol name against wit-parser (through
//! wit-bindgen-core's re-export, the copy the generator uses) and
//! `weld-abi`. All mismatches are collected and reported together, each
//! with its line in SPEC.md. The block syntax is described in the spec's
//! appendix A.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use wit_bindgen_core::wit_parser::abi::{AbiVariant, FlatTypes, WasmType};
use wit_bindgen_core::wit_parser::{
    Function, Int, Resolve, SizeAlign, Type, TypeDefKind, TypeId, WorldItem,
};

/// The spec has at least this many `wit-abi` blocks; deleting examples
/// fails the test.
const MIN_BLOCKS: usize = 24;
/// ... and at least this many expectation lines in them.
const MIN_EXPECTATIONS: usize = 185;
/// ... and at least this many checked rows in the section 12 table.
const MIN_TABLE_ROWS: usize = 20;

fn spec() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../abi-spec/SPEC.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// One `wit-abi` block.
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    /// The WIT source (before `---`).
    wit: String,
    /// `(line, text)` of each expectation (after `---`).
    expectations: Vec<(usize, String)>,
}

/// Every fenced block tagged `tag`, as `(fence line, body lines with their
/// line numbers)`.
fn fenced(spec: &str, tag: &str) -> Vec<(usize, Vec<(usize, String)>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<(usize, String)>)> = None;
    for (i, line) in spec.lines().enumerate() {
        let number = i + 1;
        match &mut current {
            None if line.trim_end() == format!("```{tag}") => current = Some((number, Vec::new())),
            Some(_) if line.trim_end() == "```" => blocks.push(current.take().unwrap()),
            Some((_, body)) => body.push((number, line.to_owned())),
            None => {}
        }
    }
    assert!(current.is_none(), "unterminated ```{tag} block");
    blocks
}

fn wit_abi_blocks(spec: &str) -> Vec<Block> {
    fenced(spec, "wit-abi")
        .into_iter()
        .map(|(line, body)| {
            let split = body
                .iter()
                .position(|(_, l)| l.trim() == "---")
                .unwrap_or_else(|| panic!("SPEC.md:{line}: wit-abi block without `---`"));
            Block {
                line,
                wit: body[..split]
                    .iter()
                    .map(|(_, l)| format!("{l}\n"))
                    .collect(),
                expectations: body[split + 1..]
                    .iter()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .map(|(n, l)| (*n, l.trim().to_owned()))
                    .collect(),
            }
        })
        .collect()
}

/// A function with the world key of the interface it belongs to.
struct Func<'a> {
    key: Option<String>,
    func: &'a Function,
}

/// A parsed block: the resolve, its sizes, and name lookups.
struct Checked {
    resolve: Resolve,
    sizes: SizeAlign,
}

impl Checked {
    fn new(wit: &str) -> Result<Self, String> {
        let mut resolve = Resolve::default();
        resolve
            .push_source("SPEC.md.wit", wit)
            .map_err(|e| format!("{e:#}"))?;
        let mut sizes = SizeAlign::default();
        sizes.fill(&resolve).map_err(|e| format!("{e:#}"))?;
        Ok(Checked { resolve, sizes })
    }

    /// Every type named `name`, in any interface or world.
    fn types(&self, name: &str) -> Vec<TypeId> {
        self.resolve
            .types
            .iter()
            .filter(|(_, def)| def.name.as_deref() == Some(name))
            .map(|(id, _)| id)
            .collect()
    }

    /// Every function named `name`, once per world key it is reachable by.
    fn funcs(&self, name: &str) -> Vec<Func<'_>> {
        let r = &self.resolve;
        let mut all: Vec<(Option<String>, &Function)> = Vec::new();
        for (id, iface) in r.interfaces.iter() {
            if let Some(key) = r.id_of(id) {
                all.extend(iface.functions.values().map(|f| (Some(key.clone()), f)));
            }
        }
        for (_, world) in r.worlds.iter() {
            for (key, item) in world.imports.iter().chain(world.exports.iter()) {
                match item {
                    WorldItem::Function(f) => all.push((None, f)),
                    WorldItem::Interface { id, .. } => {
                        let key = r.name_world_key(key);
                        let funcs = r.interfaces[*id].functions.values();
                        all.extend(funcs.map(|f| (Some(key.clone()), f)));
                    }
                    WorldItem::Type { .. } => {}
                }
            }
        }
        let mut seen = BTreeSet::new();
        all.into_iter()
            .filter(|(key, f)| f.name == name && seen.insert(key.clone()))
            .map(|(key, func)| Func { key, func })
            .collect()
    }

    /// The functions `name` names: `f`, or `f in <world key>` for `f` of
    /// the interface the world has under that key (a function reachable
    /// under several keys, SPEC.md section 6).
    fn named(&self, name: &str) -> Vec<Func<'_>> {
        match name.split_once(" in ") {
            Some((f, key)) => self
                .funcs(f)
                .into_iter()
                .filter(|x| x.key.as_deref() == Some(key))
                .collect(),
            None => self.funcs(name),
        }
    }

    /// The type behind aliases and `use`.
    fn deref(&self, mut id: TypeId) -> TypeId {
        while let TypeDefKind::Type(Type::Id(inner)) = self.resolve.types[id].kind {
            id = inner;
        }
        id
    }

    fn size_align(&self, ty: &Type) -> String {
        format!(
            "size {} align {}",
            self.sizes.size(ty).size_wasm32(),
            self.sizes.align(ty).align_wasm32()
        )
    }

    fn offsets(&self, id: TypeId) -> String {
        let fields: Vec<&Type> = match &self.resolve.types[self.deref(id)].kind {
            TypeDefKind::Record(r) => r.fields.iter().map(|f| &f.ty).collect(),
            TypeDefKind::Tuple(t) => t.types.iter().collect(),
            _ => Vec::new(),
        };
        let offsets = self.sizes.field_offsets(fields);
        let mut out = String::from("offsets");
        for (offset, _) in offsets {
            write!(out, " {}", offset.size_wasm32()).unwrap();
        }
        out
    }

    fn payload(&self, id: TypeId) -> Result<String, String> {
        let offset = match &self.resolve.types[self.deref(id)].kind {
            TypeDefKind::Variant(v) => self
                .sizes
                .payload_offset(v.tag(), v.cases.iter().map(|c| c.ty.as_ref())),
            TypeDefKind::Enum(e) => self.sizes.payload_offset(e.tag(), []),
            TypeDefKind::Option(t) => self.sizes.payload_offset(Int::U8, [None, Some(t)]),
            TypeDefKind::Result(r) => self
                .sizes
                .payload_offset(Int::U8, [r.ok.as_ref(), r.err.as_ref()]),
            other => return Err(format!("`payload` of a {}", other.as_str())),
        };
        Ok(format!("payload {}", offset.size_wasm32()))
    }

    fn flat(&self, ty: &Type) -> String {
        let mut storage = [WasmType::I32; 64];
        let mut flat = FlatTypes::new(&mut storage);
        assert!(
            self.resolve.push_flat(ty, &mut flat),
            "more than 64 flat types"
        );
        let names: Vec<&str> = flat.to_vec().into_iter().map(core_name).collect();
        format!("flat {}", names.join(" ")).trim_end().to_owned()
    }
}

/// The wasm32 core type of a flat type.
fn core_name(ty: WasmType) -> &'static str {
    match ty {
        WasmType::I32 | WasmType::Pointer | WasmType::Length => "i32",
        WasmType::I64 | WasmType::PointerOrI64 => "i64",
        WasmType::F32 => "f32",
        WasmType::F64 => "f64",
    }
}

fn list(types: &[WasmType]) -> String {
    let names: Vec<&str> = types.iter().copied().map(core_name).collect();
    format!("({})", names.join(", "))
}

/// What the assertion `expected` about type `id` computes to.
fn type_assertion(c: &Checked, id: TypeId, expected: &str) -> Result<String, String> {
    let ty = Type::Id(id);
    let word = expected.split_whitespace().next().unwrap_or("");
    match word {
        "size" => Ok(c.size_align(&ty)),
        "offsets" => Ok(c.offsets(id)),
        "payload" => c.payload(id),
        "flat" => Ok(c.flat(&ty)),
        _ => Err(format!("unknown type assertion `{word}`")),
    }
}

/// What the assertion `expected` about function `f` computes to.
fn func_assertion(c: &Checked, f: &Func<'_>, expected: &str) -> Result<String, String> {
    let sig = c.resolve.wasm_signature(AbiVariant::GuestImport, f.func);
    let symbol = weld_abi::symbol(f.key.as_deref(), &f.func.name);
    let word = expected.split_whitespace().next().unwrap_or("");
    Ok(match word {
        "signature" => format!("signature {} -> {}", list(&sig.params), list(&sig.results)),
        "retptr" if sig.retptr => "retptr".into(),
        "indirect-params" if sig.indirect_params => "indirect-params".into(),
        "retptr" | "indirect-params" => format!("no {word}"),
        "return-area" => {
            let ty = f
                .func
                .result
                .as_ref()
                .ok_or("`return-area` of a function without result")?;
            format!("return-area {}", c.size_align(ty))
        }
        "params-area" => {
            let info = c.sizes.params(f.func.params.iter().map(|p| &p.ty));
            format!(
                "params-area size {} align {}",
                info.size.size_wasm32(),
                info.align.align_wasm32()
            )
        }
        "symbol" => format!("symbol {symbol}"),
        "host-import" => {
            let parsed = weld_abi::parse_symbol(&symbol).ok_or("symbol does not parse back")?;
            let (module, name) = parsed.canonical_import();
            format!("host-import {module} {name}")
        }
        _ => return Err(format!("unknown function assertion `{word}`")),
    })
}

/// Checks one expectation line; `Err` is the message.
fn check_line(c: &Checked, text: &str) -> Result<(), String> {
    let (name, expected) = text
        .split_once(": ")
        .ok_or("expected `<name>: <assertion>`")?;
    let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
    let types = c.types(name);
    let funcs = c.named(name);
    let computed: Vec<Result<String, String>> = match (types.len(), funcs.len()) {
        (0, 0) => return Err(format!("no type or function `{name}` in the block")),
        (_, 0) => types
            .iter()
            .map(|&id| type_assertion(c, id, &expected))
            .collect(),
        (0, 1) => vec![func_assertion(c, &funcs[0], &expected)],
        _ => {
            return Err(format!(
                "`{name}` names several functions or both a type and a function"
            ));
        }
    };
    for result in computed {
        let got = result?;
        if got != expected {
            return Err(format!(
                "`{name}`: the spec says `{expected}`, computed `{got}`"
            ));
        }
    }
    Ok(())
}

/// Functions with a return pointer or indirect parameters must say so next
/// to their `signature` line.
fn check_flags_stated(c: &Checked, block: &Block, errors: &mut Vec<String>) {
    let stated: BTreeSet<&str> = block.expectations.iter().map(|(_, t)| t.as_str()).collect();
    for (line, text) in &block.expectations {
        let Some((name, rest)) = text.split_once(": ") else {
            continue;
        };
        if !rest.starts_with("signature") {
            continue;
        }
        let Some(f) = c.named(name).into_iter().next() else {
            continue;
        };
        let sig = c.resolve.wasm_signature(AbiVariant::GuestImport, f.func);
        for (flag, on) in [
            ("retptr", sig.retptr),
            ("indirect-params", sig.indirect_params),
        ] {
            if on && !stated.contains(format!("{name}: {flag}").as_str()) {
                errors.push(format!(
                    "SPEC.md:{line}: `{name}` has {flag}; add `{name}: {flag}`"
                ));
            }
        }
    }
}

/// Checks one block; returns the number of expectations checked.
fn check_block(block: &Block, errors: &mut Vec<String>) -> usize {
    let rejected: Vec<&(usize, String)> = block
        .expectations
        .iter()
        .filter(|(_, t)| t.starts_with("rejected: "))
        .collect();
    let checked = match Checked::new(&block.wit) {
        Err(message) if !rejected.is_empty() => {
            for (line, text) in rejected {
                let want = &text["rejected: ".len()..];
                if !message.contains(want) {
                    errors.push(format!(
                        "SPEC.md:{line}: error `{message}` does not contain `{want}`"
                    ));
                }
            }
            return block.expectations.len();
        }
        Err(message) => {
            errors.push(format!(
                "SPEC.md:{}: WIT does not parse: {message}",
                block.line
            ));
            return 0;
        }
        Ok(_) if !rejected.is_empty() => {
            errors.push(format!(
                "SPEC.md:{}: WIT parses but the spec says it is rejected",
                block.line
            ));
            return 0;
        }
        Ok(checked) => checked,
    };
    for (line, text) in &block.expectations {
        if let Err(message) = check_line(&checked, text) {
            errors.push(format!("SPEC.md:{line}: {message}"));
        }
    }
    check_flags_stated(&checked, block, errors);
    block.expectations.len()
}

#[test]
fn wit_abi_blocks_hold() {
    let spec = spec();
    let blocks = wit_abi_blocks(&spec);
    let mut errors = Vec::new();
    let checked: usize = blocks.iter().map(|b| check_block(b, &mut errors)).sum();
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        blocks.len() >= MIN_BLOCKS,
        "only {} wit-abi blocks in SPEC.md",
        blocks.len()
    );
    assert!(
        checked >= MIN_EXPECTATIONS,
        "only {checked} expectations in SPEC.md"
    );
    eprintln!(
        "{} wit-abi blocks, {checked} expectations checked",
        blocks.len()
    );
}

/// The rows of the section 12 table that state a layout:
/// `(line, WIT type, "size S align A", "flat …")`.
fn table_rows(spec: &str) -> Vec<(usize, String, String, String)> {
    let start = spec.find("\n## 12.").expect("section 12 in SPEC.md");
    let end = start + spec[start + 1..].find("\n## ").expect("a section after 12");
    let first_line = spec[..start].lines().count() + 1;
    let mut rows = Vec::new();
    for (i, line) in spec[start..end].lines().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if !line.starts_with("| `") || cells.len() != 10 {
            continue;
        }
        let (Ok(size), Ok(align)) = (cells[6].parse::<u32>(), cells[7].parse::<u32>()) else {
            continue;
        };
        let wit = cells[1]
            .split('`')
            .nth(1)
            .expect("a WIT type in backticks")
            .to_owned();
        let flat = format!("flat {}", cells[8]);
        rows.push((
            first_line + i,
            wit,
            format!("size {size} align {align}"),
            flat,
        ));
    }
    rows
}

#[test]
fn type_table_holds() {
    let spec = spec();
    let rows = table_rows(&spec);
    let mut errors = Vec::new();
    for (line, wit, size, flat) in &rows {
        let source = format!("package ex:table@0.1.0;\ninterface t {{\n  type x = {wit};\n}}\n");
        let c = match Checked::new(&source) {
            Ok(c) => c,
            Err(e) => {
                errors.push(format!("SPEC.md:{line}: `{wit}` does not parse: {e}"));
                continue;
            }
        };
        let ty = Type::Id(c.types("x")[0]);
        for (want, got) in [(size, c.size_align(&ty)), (flat, c.flat(&ty))] {
            if *want != got {
                errors.push(format!(
                    "SPEC.md:{line}: `{wit}`: the table says `{want}`, computed `{got}`"
                ));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        rows.len() >= MIN_TABLE_ROWS,
        "only {} checked rows in the table",
        rows.len()
    );
}

#[test]
fn broken_expectations_are_caught() {
    // The checker itself: a wrong size, an unknown name and an unstated
    // return pointer are all reported.
    let wit =
        "package ex:t@0.1.0;\ninterface i {\n  record r { a: u8, b: u64 }\n  f: func() -> r;\n}\n";
    let block = Block {
        line: 1,
        wit: wit.into(),
        expectations: vec![
            (2, "r: size 9 align 8".into()),
            (3, "nothing: flat i32".into()),
            (4, "f: signature (i32) -> ()".into()),
            (5, "f: symbol weld1|ex:t/i@0.1.0|f".into()),
        ],
    };
    let mut errors = Vec::new();
    check_block(&block, &mut errors);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("SPEC.md:2:") && errors[0].contains("computed `size 16 align 8`")
    );
    assert!(errors[1].starts_with("SPEC.md:3:"));
    assert!(errors[2].contains("add `f: retptr`"));
}
