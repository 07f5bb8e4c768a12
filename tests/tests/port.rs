//! The port test: crates written for `wit_bindgen::generate!`
//! (tests/port/*/wit-bindgen.rs) build under weld with only the macro line
//! changed (tests/port/*/src/lib.rs), link into one module with the root
//! crate tests/port/app, and pass the checker's assertions in wasmtime.

use weld_tests::{Guest, inspect, paths};

/// The ported crates, by folder under tests/port/.
const PORTED: &[&str] = &[
    "strings",
    "lists",
    "records",
    "variants",
    "results",
    "accounts",
    "errors",
    "collections",
    "audit",
    "params",
    "borrower",
    "conformance",
    "conformance-owning",
    "conformance-borrowing",
    "conformance-duplicating",
    "versions",
    "checker",
    "async-provider",
    "async-client",
];

/// Crates with no bindings of their own (they implement another crate's
/// through its public export macro): one source, built by weld and by
/// wit-bindgen (tests/port/originals) unchanged.
const UNCHANGED: &[&str] = &["versions-impl"];

/// The checks the linked module must report: the checker crate's, then
/// the conformance callers'.
const EXPECTED: &[&str] = &[
    "strings",
    "lists",
    "records",
    "variants",
    "options and results",
    "error types",
    "maps and fixed-length lists",
    "borrows of an imported resource inside other types",
    "a resource stored in an arena",
    "two versions of one package",
    "parameters",
    "borrowing parameters",
    "resources",
    // The conformance callers' checks, each of `port:test/conformance`
    // called with one ownership mode (tests/port/README.md).
    "conformance, owning: every type at the top level",
    "conformance, owning: in a record",
    "conformance, owning: in a variant",
    "conformance, owning: in an option",
    "conformance, owning: in a result",
    "conformance, owning: in a list",
    "conformance, owning: in a tuple",
    "conformance, owning: own handles",
    "conformance, owning: borrow handles",
    "conformance, borrowing: every type at the top level",
    "conformance, borrowing: in a record",
    "conformance, borrowing: in a variant",
    "conformance, borrowing: in an option",
    "conformance, borrowing: in a result",
    "conformance, borrowing: in a list",
    "conformance, borrowing: in a tuple",
    "conformance, borrowing: own handles",
    "conformance, borrowing: borrow handles",
    "conformance, borrowing: merged structurally equal types",
    "conformance, borrowing: member attributes",
    "conformance, duplicating: every type at the top level",
    "conformance, duplicating: in a record",
    "conformance, duplicating: in a variant",
    "conformance, duplicating: in an option",
    "conformance, duplicating: in a result",
    "conformance, duplicating: in a list",
    "conformance, duplicating: in a tuple",
    "conformance, duplicating: own handles",
    "conformance, duplicating: borrow handles",
    // The async caller's checks (tests/port/async-client).
    "async: calls",
    "async: a stream written while another crate reads it",
    "async: a stream and a future read",
    "async: cancelled stream and future operations",
];

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one line that differs between the wit-bindgen original and the weld
/// source, or a description of how they differ otherwise.
fn only_difference(original: &str, ported: &str) -> Result<(String, String), String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (original.lines().collect(), ported.lines().collect());
    if a.len() != b.len() {
        return Err(format!("{} lines became {}", a.len(), b.len()));
    }
    let diffs: Vec<(usize, &str, &str)> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, *x, *y))
        .collect();
    match diffs.as_slice() {
        [(_, x, y)] => Ok((x.to_string(), y.to_string())),
        _ => Err(format!("{} lines differ: {diffs:?}", diffs.len())),
    }
}

#[test]
fn each_port_changes_only_the_macro_line() {
    let root = paths::workspace_root().join("tests/port");
    for krate in PORTED {
        let dir = root.join(krate);
        let original = read(&dir.join("wit-bindgen.rs"));
        let ported = read(&dir.join("src/lib.rs"));
        assert!(
            !original.contains("weld"),
            "tests/port/{krate}/wit-bindgen.rs mentions weld"
        );
        let (before, after) = only_difference(&original, &ported)
            .unwrap_or_else(|e| panic!("tests/port/{krate}: {e}"));
        let rest = before
            .strip_prefix("wit_bindgen::generate!(")
            .unwrap_or_else(|| {
                panic!("tests/port/{krate}: the changed line is not wit-bindgen's macro: {before}")
            });
        assert_eq!(
            after,
            format!("weld::generate!({rest}"),
            "tests/port/{krate}: the macro line changes more than the macro's path"
        );
    }
}

#[test]
fn crates_without_bindings_are_the_same_source_for_both() {
    let root = paths::workspace_root().join("tests/port");
    for krate in UNCHANGED {
        let source = read(&root.join(krate).join("src/lib.rs"));
        assert!(
            !source.contains("weld") && !source.contains("generate!"),
            "tests/port/{krate}/src/lib.rs has bindings or mentions weld"
        );
        let manifest = read(&root.join("originals").join(krate).join("Cargo.toml"));
        assert!(
            manifest.contains(&format!("path = \"../../{krate}/src/lib.rs\"")),
            "tests/port/originals/{krate} does not build tests/port/{krate}/src/lib.rs"
        );
    }
}

#[test]
fn the_ported_crates_link_into_one_module_and_pass_their_checks() {
    let path = paths::built_wasm("weld-port-app").unwrap();
    // Every WIT import binds to a linked crate: only WASI is left.
    inspect::assert_self_contained(&path);
    weld_tests::assert_checks_pass(&mut Guest::load(&path).unwrap(), EXPECTED);
}
