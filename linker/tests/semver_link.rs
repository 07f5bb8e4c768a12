//! Semver-compatible binding through the real `weld-ld` binary, on objects
//! rustc compiles here for wasm32-wasip1 (as `host_imports.rs` does): crate
//! `app` calls `test:semver/api` (a function taking a record, a resource's
//! constructor, method, static and drop) through weld symbols of one
//! version, crate `svc` defines them for another; each object carries the
//! `weld-meta` records and `weld-wit` world its bindings would, from real
//! WIT. The matrix on records alone is `semver_check.rs`.

mod common;

use common::{
    EXTRA, RUNTIME, api, assert_has, compile, dir, fails, from_wit, imports, reachable_from,
    semver_wit,
};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::PathBuf;
use wasmparser::{Parser, Payload};
use wit_component::StringEncoding;

/// The `weld-meta` and `weld-wit` sections of crate `krate` built against
/// `test:semver@<version>` with `interface` and `world w { <world> }`, as
/// Rust statics.
fn sections(krate: &str, version: &str, interface: &str, world: &str) -> String {
    let records = from_wit(krate, version, interface, world);
    let meta: Vec<u8> = records.iter().flat_map(|r| r.encode()).collect();
    let wit = semver_wit(version, interface, world);
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str("w.wit", &wit).unwrap();
    let w = resolve.select_world(&[pkg], Some("w")).unwrap();
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

/// Crate `app`, importing `api` of `version` (with `extra` declared and
/// `calls_extra` deciding whether `run` calls it).
fn app(version: &str, extra: &str, calls_extra: bool, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let call = if calls_extra { "+ extra()" } else { "" };
    let source = format!(
        r#"#![no_std]
unsafe extern "C" {{
    #[link_name = "weld1|{iface}|add"] fn add(a: i32, b: i32) -> i32;
    #[link_name = "weld1|{iface}|[constructor]cell"] fn cell_new(x: i32) -> i32;
    #[link_name = "weld1|{iface}|[method]cell.get"] fn cell_get(c: i32) -> i32;
    #[link_name = "weld1|{iface}|[static]cell.make"] fn cell_make() -> i32;
    #[link_name = "weld1|{iface}|[resource-drop]cell"] fn cell_drop(c: i32);
    #[link_name = "weld1|{iface}|extra"] fn extra() -> i32;
}}
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i32 {{
    unsafe {{
        let c = cell_new(5);
        let m = cell_make();
        let v = add(cell_get(c), cell_get(m)) {call};
        cell_drop(c);
        cell_drop(m);
        v
    }}
}}
{RUNTIME}
{}"#,
        sections(
            "app",
            version,
            &api(extra),
            "import api; export run: func() -> u32;"
        )
    );
    compile("app", &source, file)
}

/// Crate `svc`, exporting `api` of `version` from `interface` (WIT);
/// `b` is the Rust type of `pair.b`'s core parameter.
fn svc(version: &str, interface: &str, b: &str, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let extra = if interface.contains("extra:") {
        format!(
            "#[unsafe(export_name = \"weld1|{iface}|extra\")]\npub extern \"C\" fn extra() -> i32 {{ 100 }}"
        )
    } else {
        String::new()
    };
    let source = format!(
        r#"#![no_std]
static mut CELLS: [i32; 4] = [0; 4];
#[unsafe(export_name = "weld1|{iface}|add")]
pub extern "C" fn add(a: i32, b: {b}) -> i32 {{ a + b as i32 }}
#[unsafe(export_name = "weld1|{iface}|[constructor]cell")]
pub extern "C" fn cell_new(x: i32) -> i32 {{ unsafe {{ CELLS[0] = x; }} 0 }}
#[unsafe(export_name = "weld1|{iface}|[method]cell.get")]
pub extern "C" fn cell_get(c: i32) -> i32 {{ unsafe {{ CELLS[c as usize & 3] }} }}
#[unsafe(export_name = "weld1|{iface}|[static]cell.make")]
pub extern "C" fn cell_make() -> i32 {{ unsafe {{ CELLS[1] = 7; }} 1 }}
#[unsafe(export_name = "weld1|{iface}|[resource-drop]cell")]
pub extern "C" fn cell_drop(c: i32) {{ unsafe {{ CELLS[c as usize & 3] = 0; }} }}
{extra}
{}"#,
        sections("svc", version, interface, "export api;")
    );
    compile("svc", &source, file)
}

/// Runs a link that must succeed without a warning; returns its stdout.
#[track_caller]
fn succeeds_quietly(args: &[&dyn AsRef<OsStr>]) -> String {
    let (stdout, stderr) = common::succeeds(args);
    assert!(!stderr.contains("warning"), "{stderr}");
    stdout
}

/// A link into a module that imports nothing.
struct Linked {
    /// The functions export `run` reaches.
    reached: BTreeSet<String>,
    /// The JSON map.
    map: String,
    /// The link's stdout.
    human: String,
}

/// Links `objects` with `--no-host-imports` (and `--map` when `human_map`)
/// into `<name>.wasm`, its JSON map into `<name>.map.json`; asserts the
/// module imports nothing.
#[track_caller]
fn link_importing_nothing(objects: &[&PathBuf], name: &str, human_map: bool) -> Linked {
    let out = dir().join(format!("{name}.wasm"));
    let json = dir().join(format!("{name}.map.json"));
    let mut args: Vec<&dyn AsRef<OsStr>> =
        objects.iter().map(|o| *o as &dyn AsRef<OsStr>).collect();
    args.extend([&"--no-host-imports" as &dyn AsRef<OsStr>, &"-o", &out]);
    if human_map {
        args.push(&"--map");
    }
    args.extend([&"--map-json" as &dyn AsRef<OsStr>, &json]);
    let human = succeeds_quietly(&args);
    let bytes = std::fs::read(&out).unwrap();
    assert!(imports(&bytes).is_empty(), "{:?}", imports(&bytes));
    Linked {
        reached: reachable_from(&bytes, "run"),
        map: std::fs::read_to_string(&json).unwrap(),
        human,
    }
}

/// Links `objects` into `<name>.wasm`, which must fail with one error;
/// returns the link's stderr.
#[track_caller]
fn one_error(objects: &[&PathBuf], name: &str) -> String {
    let out = dir().join(format!("{name}.wasm"));
    let mut args: Vec<&dyn AsRef<OsStr>> =
        objects.iter().map(|o| *o as &dyn AsRef<OsStr>).collect();
    args.extend([&"-o" as &dyn AsRef<OsStr>, &out]);
    let err = fails(&args, &out);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    err
}

#[test]
fn an_older_import_reaches_the_newer_provider_with_no_import_left() {
    let app = app("0.2.3", "", false, "older-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "newer-svc");
    let Linked {
        reached,
        map,
        human,
    } = link_importing_nothing(&[&app, &svc], "older", true);
    for f in [
        "add",
        "[constructor]cell",
        "[method]cell.get",
        "[static]cell.make",
        "[resource-drop]cell",
    ] {
        let name = format!("weld1|test:semver/api@0.2.12|{f}");
        assert!(reached.contains(&name), "{name} not in {reached:?}");
    }
    assert!(
        !reached.iter().any(|f| f.ends_with("|extra")),
        "{reached:?}"
    );
    assert_has(
        &map,
        &[
            r#"{"interface": "test:semver/api@0.2.3", "crate": "svc", "as": "test:semver/api@0.2.12"}"#,
        ],
    );
    assert_has(&human, &["  test:semver/api@0.2.3  svc (as @0.2.12)\n"]);
}

#[test]
fn as_a_component_the_bound_interface_is_not_imported() {
    let app = app("0.2.3", "", false, "component-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "component-svc");
    let out = dir().join("bound.component.wasm");
    succeeds_quietly(&[&app, &svc, &"--component", &"-o", &out]);
    let bytes = std::fs::read(&out).unwrap();
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        if let Payload::ComponentImportSection(r) = payload.unwrap() {
            for i in r {
                names.push(i.unwrap().name.name.to_string());
            }
        }
    }
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_newer_import_links_to_an_older_provider_unless_it_calls_what_that_lacks() {
    let svc = svc("0.2.3", &api(""), "i32", "older-svc");
    let out = dir().join("newer.wasm");
    let quiet = app("0.2.12", EXTRA, false, "newer-app");
    succeeds_quietly(&[&quiet, &svc, &"--no-host-imports", &"-o", &out]);
    assert!(imports(&std::fs::read(&out).unwrap()).is_empty());
    let calls = app("0.2.12", EXTRA, true, "newer-app-extra");
    let err = one_error(&[&calls, &svc], "newer");
    assert_has(
        &err,
        &[
            "error: crate `app` imports function `extra` of `test:semver/api@0.2.12`, which \
             crate `svc` does not export (it exports `test:semver/api@0.2.3`)",
            "= help: build crate `svc` against `test:semver@0.2.12` (or a later compatible \
             version), which has `extra`",
        ],
    );
}

#[test]
fn a_type_that_differs_is_refused_naming_the_function_and_both_versions() {
    let app = app("0.2.3", "", false, "typed-app");
    // Same core signature (the alias is made, the hashes differ), then a
    // different one (no alias: the call is left undefined).
    for (ty, core) in [("s32", "i32"), ("u64", "i64")] {
        let wit = api(EXTRA).replace("b: u32 }", &format!("b: {ty} }}"));
        let svc = svc("0.2.12", &wit, core, &format!("typed-svc-{ty}"));
        let err = one_error(&[&app, &svc], &format!("typed-{ty}"));
        assert_has(
            &err,
            &[
                "error: function `add` of `test:semver/api@0.2.3` differs between crate `app` \
                 (imports it) and crate `svc` (exports it as `test:semver/api@0.2.12`)",
                "= note: type `pair` differs",
                "= help: build both crates against the same version of `test:semver`",
            ],
        );
        assert!(!err.contains("warning"), "{err}");
    }
}

#[test]
fn an_incompatible_version_keeps_the_skew_error() {
    let app = app("0.3.0", "", false, "incompatible-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "incompatible-svc");
    let err = one_error(&[&app, &svc], "incompatible");
    assert_has(
        &err,
        &[
            "error: crate `app` imports `test:semver/api@0.3.0`, but crate `svc` exports \
             `test:semver/api@0.2.12`",
            "= help: build every crate against the same version of `test:semver`",
        ],
    );
}

/// Crate `layer`, wrapping `api` of `version` (with `extra`): each
/// `__wrap_` definition calls its `__real_` import; `add` adds 1000.
fn layer(version: &str, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let funcs = [
        ("add", "a: i32, b: i32", "a, b", " -> i32"),
        ("[constructor]cell", "x: i32", "x", " -> i32"),
        ("[method]cell.get", "c: i32", "c", " -> i32"),
        ("[static]cell.make", "", "", " -> i32"),
        ("[resource-drop]cell", "c: i32", "c", ""),
        ("extra", "", "", " -> i32"),
    ];
    let mut source = String::from("#![no_std]\n");
    for (i, (f, params, args, ret)) in funcs.iter().enumerate() {
        let plus = if *f == "add" { " + 1000" } else { "" };
        source.push_str(&format!(
            "unsafe extern \"C\" {{ #[link_name = \"__real_weld1|{iface}|{f}\"] fn real{i}({params}){ret}; }}\n\
             #[unsafe(export_name = \"__wrap_weld1|{iface}|{f}\")]\n\
             pub extern \"C\" fn wrap{i}({params}){ret} {{ unsafe {{ real{i}({args}){plus} }} }}\n"
        ));
    }
    source.push_str(&sections(
        "layer",
        version,
        &api(EXTRA),
        "import api; export api;",
    ));
    compile("layer", &source, file)
}

#[test]
fn an_older_import_of_a_wrapped_interface_reaches_the_wrapper_then_the_provider() {
    let older_app = app("0.2.3", "", false, "wrapped-app");
    let layer = layer("0.2.12", "wrapped-layer");
    let newer_svc = svc("0.2.12", &api(EXTRA), "i32", "wrapped-svc");
    let Linked { reached, map, .. } =
        link_importing_nothing(&[&older_app, &layer, &newer_svc], "wrapped", false);
    for f in [
        "__wrap_weld1|test:semver/api@0.2.12|add",
        "weld1|test:semver/api@0.2.12|add",
    ] {
        assert!(reached.contains(f), "{f} not in {reached:?}");
    }
    assert_has(
        &map,
        &[
            r#"{"interface": "test:semver/api@0.2.3", "crate": "layer", "as": "test:semver/api@0.2.12"}"#,
            r#"{"interface": "test:semver/api@0.2.12", "wrapper": "layer", "inner": "svc"}"#,
        ],
    );
    // A wrapper of one version and a provider of another: refused before
    // wasm-ld runs.
    let older = svc("0.2.3", &api(""), "i32", "wrapped-older-svc");
    let newer_app = app("0.2.12", EXTRA, false, "wrapped-app-newer");
    let err = one_error(&[&newer_app, &layer, &older], "wrapped-across");
    assert_has(
        &err,
        &[
            "error: crate `layer` wraps `test:semver/api@0.2.12`, but crate `svc` exports \
             `test:semver/api@0.2.3`",
            "= note: weld-ld does not wrap across versions",
        ],
    );
}
