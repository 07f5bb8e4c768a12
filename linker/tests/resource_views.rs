//! Resources through a wrapper (SPEC.md section 13, "Resources through a
//! wrapper") through the real `weld-ld` binary, on objects rustc compiles
//! here for wasm32-wasip1: the crates of wit-bindgen's runtime test
//! `resource-import-and-export` (tests/guests/riae/wit/test.wit), each
//! object carrying the `weld-meta` records and `weld-wit` world its
//! bindings would, and weld symbols standing for its code. A function
//! whose two sides mean different types of the wrapped `thing` (the
//! wrapper's or the one it wraps) is refused, naming both crates, the
//! function and the resource; the links where every side agrees pass.
//! The same crates as real weld crates run in wasmtime in
//! tests/tests/resource_import_and_export.rs.

mod common;

use common::{RUNTIME, assert_has, compile, dir, fails, succeeds};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use weld_bindgen::Source;
use wit_component::StringEncoding;

const I: &str = "test:resource-import-and-export/test";

/// The test's WIT with the worlds weld's form of it adds: wit-bindgen's
/// `leaf-toplevel` under the name weld wires world-level functions by, a
/// `factory` interface that `use`s `thing`, its provider and its users.
fn wit() -> String {
    let base = include_str!("../../tests/guests/riae/wit/test.wit");
    format!(
        "{base}
interface factory {{
  use test.{{thing}};
  make: func(v: u32) -> thing;
}}
world leaf-toplevel {{
  use test.{{thing}};
  export toplevel-import: func(a: thing) -> thing;
}}
world leaf-factory {{
  export test;
  export factory;
}}
world intermediate-factory {{
  import test;
  export test;
  export factory;
}}
world runner-factory {{
  import test;
  import factory;
  export run: func();
}}
"
    )
}

/// The `weld-meta` and `weld-wit` sections of crate `krate` built against
/// world `world`, as Rust statics.
fn sections(krate: &str, world: &str) -> String {
    let wit = wit();
    let mut options = weld_bindgen::Options::new(Source::Inline(wit.clone()));
    options.world = Some(world.into());
    options.crate_name = krate.into();
    let records = weld_bindgen::metadata(&options).unwrap_or_else(|e| panic!("{e}"));
    let meta: Vec<u8> = records.iter().flat_map(|r| r.encode()).collect();
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str("test.wit", &wit).unwrap();
    let w = resolve.select_world(&[pkg], Some(world)).unwrap();
    let encoded =
        wit_component::metadata::encode(&resolve, w, StringEncoding::UTF8, None, false).unwrap();
    let frame = weld_abi::wit_section::frame(krate, &encoded);
    let bytes = |b: &[u8]| b.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    format!(
        "#[used]\n#[unsafe(link_section = \"weld-meta\")]\n\
         static META: [u8; {}] = [{}];\n\
         #[used]\n#[unsafe(link_section = \"weld-wit\")]\n\
         static WIT: [u8; {}] = [{}];\n",
        meta.len(),
        bytes(&meta),
        frame.len(),
        bytes(&frame)
    )
}

/// Definitions of `thing`'s functions under symbol prefix `prefix`
/// (`weld1|` for a provider, `__wrap_weld1|` for the wrapper), each
/// calling `inner` (a function of this object) to stand for real code.
fn thing_exports(prefix: &str) -> String {
    format!(
        r#"
#[unsafe(export_name = "{prefix}{I}|[constructor]thing")]
pub extern "C" fn thing_new(v: i32) -> i32 {{ inner(v + 1) }}
#[unsafe(export_name = "{prefix}{I}|[method]thing.foo")]
pub extern "C" fn thing_foo(t: i32) -> i32 {{ inner(t) + 2 }}
#[unsafe(export_name = "{prefix}{I}|[method]thing.bar")]
pub extern "C" fn thing_bar(t: i32, v: i32) {{ inner(t + v); }}
#[unsafe(export_name = "{prefix}{I}|[static]thing.baz")]
pub extern "C" fn thing_baz(a: i32, b: i32) -> i32 {{ inner(a + b) }}
#[unsafe(export_name = "{prefix}{I}|[resource-drop]thing")]
pub extern "C" fn thing_drop(t: i32) {{ inner(t); }}
"#
    )
}

/// `factory`'s `make`, defined over this object's constructor.
const MAKE: &str = "#[unsafe(export_name = \"weld1|test:resource-import-and-export/factory|make\")]
pub extern \"C\" fn make(v: i32) -> i32 { thing_new(v) }";

/// The provider of `test` (world `world`, exporting `factory` too when
/// `factory`).
fn leaf(world: &str, factory: bool, file: &str) -> PathBuf {
    let make = if factory { MAKE } else { "" };
    let source = format!(
        "#![no_std]\nfn inner(v: i32) -> i32 {{ v }}\n{}\n{make}\n{}",
        thing_exports("weld1|"),
        sections("leaf-thing", world)
    );
    compile("leaf_thing", &source, file)
}

/// The wrapper of `test`: its own `thing`s forward to the inner ones.
fn intermediate(world: &str, factory: bool, file: &str) -> PathBuf {
    let make = if factory { MAKE } else { "" };
    let toplevel = if world == "intermediate" {
        "unsafe extern \"C\" {\n    #[link_name = \"weld1|$root|toplevel-import\"] fn toplevel_import(a: i32) -> i32;\n}\n\
         #[unsafe(export_name = \"weld1|$root|toplevel-export\")]\npub extern \"C\" fn toplevel_export(a: i32) -> i32 { unsafe { toplevel_import(a) } }\n"
    } else {
        ""
    };
    let source = format!(
        "#![no_std]\nunsafe extern \"C\" {{\n    #[link_name = \"__real_weld1|{I}|[constructor]thing\"] fn real_new(v: i32) -> i32;\n}}\n\
         fn inner(v: i32) -> i32 {{ unsafe {{ real_new(v) }} }}\n{}\n{make}\n{toplevel}\n{}",
        thing_exports("__wrap_weld1|"),
        sections("intermediate", world)
    );
    compile("intermediate", &source, file)
}

/// wit-bindgen's `leaf-toplevel`, exporting `toplevel-import`: it drops
/// the handle it receives and makes a new one through `test`.
fn leaf_toplevel(file: &str) -> PathBuf {
    let source = format!(
        "#![no_std]\nunsafe extern \"C\" {{\n\
         #[link_name = \"weld1|{I}|[constructor]thing\"] fn thing_new(v: i32) -> i32;\n\
         #[link_name = \"weld1|{I}|[resource-drop]thing\"] fn thing_drop(t: i32);\n}}\n\
         #[unsafe(export_name = \"weld1|$root|toplevel-import\")]\n\
         pub extern \"C\" fn toplevel(a: i32) -> i32 {{ unsafe {{ thing_drop(a); thing_new(1) }} }}\n{}",
        sections("leaf-toplevel", "leaf-toplevel")
    );
    compile("leaf_toplevel", &source, file)
}

/// The root crate: `run` makes, uses and drops `thing`s (and one from
/// `factory` when `factory`).
fn runner(world: &str, factory: bool, file: &str) -> PathBuf {
    let (decl, call) = if factory {
        (
            "#[link_name = \"weld1|test:resource-import-and-export/factory|make\"] fn make(v: i32) -> i32;",
            "thing_drop(make(3));",
        )
    } else {
        ("", "")
    };
    let source = format!(
        "#![no_std]\nunsafe extern \"C\" {{\n\
         #[link_name = \"weld1|{I}|[constructor]thing\"] fn thing_new(v: i32) -> i32;\n\
         #[link_name = \"weld1|{I}|[method]thing.foo\"] fn thing_foo(t: i32) -> i32;\n\
         #[link_name = \"weld1|{I}|[static]thing.baz\"] fn thing_baz(a: i32, b: i32) -> i32;\n\
         #[link_name = \"weld1|{I}|[resource-drop]thing\"] fn thing_drop(t: i32);\n{decl}\n}}\n\
         #[unsafe(no_mangle)]\npub extern \"C\" fn run() {{ unsafe {{\n\
         let t = thing_baz(thing_new(42), thing_new(81)); thing_foo(t); thing_drop(t); {call}\n}} }}\n\
         {RUNTIME}\n{}",
        sections("runner", world)
    );
    compile("runner", &source, file)
}

/// `weld-ld link` of `objects` whose root world is `root`.
fn link(root: &str, objects: &[&PathBuf], out: &Path) -> Vec<Box<dyn AsRef<OsStr>>> {
    let mut args: Vec<Box<dyn AsRef<OsStr>>> = vec![
        Box::new("--world"),
        Box::new(format!("test:resource-import-and-export/{root}")),
    ];
    for o in objects {
        args.push(Box::new((*o).clone()));
    }
    args.push(Box::new("-o"));
    args.push(Box::new(out.to_path_buf()));
    args
}

fn refs(args: &[Box<dyn AsRef<OsStr>>]) -> Vec<&dyn AsRef<OsStr>> {
    args.iter()
        .map(|a| a.as_ref() as &dyn AsRef<OsStr>)
        .collect()
}

#[test]
fn the_three_crates_of_the_wrapper_chain_link() {
    let out = dir().join("chain.wasm");
    let objects = [
        &runner("runner", false, "chain-runner"),
        &intermediate("intermediate", false, "chain-intermediate"),
        &leaf("leaf-thing", false, "chain-leaf"),
    ];
    succeeds(&refs(&link("runner", &objects, &out)));
    assert!(out.exists());
}

#[test]
fn a_crate_behind_the_wrapper_that_uses_the_outer_thing_is_refused() {
    // wit-bindgen's fourth crate: the intermediate passes it the inner
    // `thing` (its world's `use` is of its import), but its own `test`
    // import binds to the intermediate, so it would drop the leaf's
    // handle in the intermediate.
    let out = dir().join("toplevel.wasm");
    let objects = [
        &runner("runner", false, "top-runner"),
        &intermediate("intermediate", false, "top-intermediate"),
        &leaf("leaf-thing", false, "top-leaf"),
        &leaf_toplevel("top-leaf-toplevel"),
    ];
    let stderr = fails(&refs(&link("runner", &objects, &out)), &out);
    assert_has(
        &stderr,
        &[
            "error: world-level function `toplevel-import`, imported by crate `intermediate` and exported by crate `leaf-toplevel`, passes handles of resource `thing` of `test:resource-import-and-export/test`, which crate `intermediate` wraps, and the two sides mean different resources",
            "= note: crate `intermediate` means crate `leaf-thing`'s `thing` (the one `intermediate` wraps)",
            "= note: crate `leaf-toplevel` means crate `intermediate`'s `thing` (the wrapper's)",
            "= help: every crate but `intermediate` binds `test:resource-import-and-export/test` to the wrapper, so only `intermediate` and crate `leaf-thing`'s own code hold the inner `thing`: move the function into one of them",
        ],
    );
    assert_eq!(stderr.matches("error: ").count(), 1, "{stderr}");
    // SPEC.md section 13 shows this very message.
    let spec = include_str!("../../abi-spec/SPEC.md");
    let section = &spec[spec.find("**Resources through a wrapper.**").unwrap()..];
    let block = section
        .split("```weld-ld-message\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a weld-ld-message block in SPEC.md section 13");
    assert_eq!(
        block,
        stderr.trim_end(),
        "SPEC.md section 13's message differs"
    );
}

#[test]
fn an_unwrapped_interface_using_the_wrapped_thing_is_refused() {
    // `factory` comes from the leaf, whose `thing` is the inner one, while
    // the runner's `thing` is the intermediate's.
    let out = dir().join("factory.wasm");
    let objects = [
        &runner("runner-factory", true, "fac-runner"),
        &intermediate("intermediate", false, "fac-intermediate"),
        &leaf("leaf-factory", true, "fac-leaf"),
    ];
    let stderr = fails(&refs(&link("runner-factory", &objects, &out)), &out);
    assert_has(
        &stderr,
        &[
            "error: function `make` of interface `test:resource-import-and-export/factory`, imported by crate `runner` and exported by crate `leaf-thing`, passes handles of resource `thing`",
            "= note: crate `runner` means crate `intermediate`'s `thing` (the wrapper's)",
            "= note: crate `leaf-thing` means crate `leaf-thing`'s `thing` (the one `intermediate` wraps)",
            "= help: have `intermediate` wrap `test:resource-import-and-export/factory` too (import and export it)",
        ],
    );
}

#[test]
fn the_same_interface_exported_by_the_wrapper_links() {
    // The intermediate exports `factory` beside `test`: its `make` returns
    // its own `thing`, the one the runner means.
    let out = dir().join("factory-wrapped.wasm");
    let objects = [
        &runner("runner-factory", true, "facw-runner"),
        &intermediate("intermediate-factory", true, "facw-intermediate"),
        &leaf("leaf-thing", false, "facw-leaf"),
    ];
    succeeds(&refs(&link("runner-factory", &objects, &out)));
    assert!(out.exists());
}
