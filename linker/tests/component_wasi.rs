//! A module that imports WASI 0.2 interfaces through the Canonical ABI
//! (what std's calls become with weld-wasi-preview1 linked) and no
//! `wasi_snapshot_preview1` function is encoded as a component without the
//! preview 1 adapter: one core module (plus wit-component's shims), the
//! WASI interfaces ordinary imports of its world.

use std::collections::BTreeSet;
use wasm_encoder::{
    CodeSection, CustomSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    ImportSection, Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};
use wit_component::StringEncoding;
use wit_parser::Resolve;

/// The crate's world and the bits of WASI 0.2.12 it imports.
const WIT: &str = r#"
package weld:probe;

world w {
    import wasi:cli/stdout@0.2.12;
    export run: func() -> u32;
}

package wasi:io@0.2.12 {
    interface streams {
        resource output-stream {
            blocking-flush: func() -> result;
        }
    }
}

package wasi:cli@0.2.12 {
    interface stdout {
        use wasi:io/streams@0.2.12.{output-stream};
        get-stdout: func() -> output-stream;
    }
}
"#;

/// The `weld-wit` section of crate `probe` built against world `w`.
fn wit_section() -> Vec<u8> {
    let mut resolve = Resolve::default();
    let pkg = resolve.push_str("probe.wit", WIT).unwrap();
    let world = resolve.select_world(&[pkg], Some("w")).unwrap();
    let encoded =
        wit_component::metadata::encode(&resolve, world, StringEncoding::UTF8, None, false)
            .unwrap();
    weld_abi::wit_section::frame("probe", &encoded)
}

/// A linked module: `run` calls `get-stdout`, flushes and drops the stream.
fn module() -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], [ValType::I32]); // get-stdout, run
    types.ty().function([ValType::I32], [ValType::I32]); // blocking-flush
    types.ty().function([ValType::I32], []); // resource-drop
    types.ty().function([ValType::I32; 4], [ValType::I32]); // cabi_realloc
    let mut imports = ImportSection::new();
    imports.import(
        "wasi:cli/stdout@0.2.12",
        "get-stdout",
        EntityType::Function(0),
    );
    let streams = "wasi:io/streams@0.2.12";
    imports.import(
        streams,
        "[method]output-stream.blocking-flush",
        EntityType::Function(1),
    );
    imports.import(
        streams,
        "[resource-drop]output-stream",
        EntityType::Function(2),
    );
    let mut functions = FunctionSection::new();
    functions.function(0).function(3);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports
        .export("memory", ExportKind::Memory, 0)
        .export("run", ExportKind::Func, 3)
        .export("cabi_realloc", ExportKind::Func, 4);
    let mut run = Function::new([(1, ValType::I32)]);
    run.instruction(&Instruction::Call(0))
        .instruction(&Instruction::LocalSet(0))
        .instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::Call(1))
        .instruction(&Instruction::Drop)
        .instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::Call(2))
        .instruction(&Instruction::I32Const(7))
        .instruction(&Instruction::End);
    let mut realloc = Function::new([]);
    realloc
        .instruction(&Instruction::I32Const(1024))
        .instruction(&Instruction::End);
    let mut code = CodeSection::new();
    code.function(&run).function(&realloc);
    let mut m = Module::new();
    m.section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code)
        .section(&CustomSection {
            name: weld_abi::WIT_SECTION.into(),
            data: wit_section().into(),
        });
    m.finish()
}

#[test]
fn wasi_0_2_imports_need_no_adapter() {
    let roots = BTreeSet::from([String::from("probe")]);
    let wiring = weld_ld::check::Wiring::default();
    let component = weld_ld::component::encode(&module(), &roots, &wiring).unwrap();
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&component)
        .unwrap();
    let mut core_modules = 0;
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&component) {
        match payload.unwrap() {
            wasmparser::Payload::ModuleSection { .. } => core_modules += 1,
            wasmparser::Payload::ComponentImportSection(r) => {
                for i in r {
                    imports.push(i.unwrap().name.name.to_string());
                }
            }
            _ => {}
        }
    }
    assert!(core_modules <= 2, "{core_modules} core modules");
    assert_eq!(
        imports,
        ["wasi:io/streams@0.2.12", "wasi:cli/stdout@0.2.12"],
        "{imports:?}"
    );
}
