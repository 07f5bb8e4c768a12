//! The example app (examples/): three crates, each with its own WIT world,
//! linked by cargo + wasm-ld into one module with one memory, run in
//! wasmtime.

use weld_tests::{Guest, inspect, paths};

#[test]
fn the_example_is_one_valid_module_with_one_memory_and_no_internal_imports() {
    let bytes = std::fs::read(paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    assert_eq!(summary.memories, 1);
    // Every WIT import is satisfied inside the module: only WASI remains.
    for (module, name) in &summary.imports {
        assert_eq!(
            module, "wasi_snapshot_preview1",
            "unexpected import {module}::{name}"
        );
    }
    // Only the root world's canonical export and the runtime's entry points
    // are exported; internal weld symbols and the other crates' exports are not.
    let mut exports = summary.exports.clone();
    exports.sort();
    assert_eq!(
        exports,
        [
            "_initialize",
            "cabi_post_run",
            "cabi_realloc",
            "memory",
            "run",
            "weld_alloc_stats"
        ]
    );
    // Each of the three crates contributed metadata records.
    let records = weld_abi::metadata::decode(&summary.weld_meta).unwrap();
    let crates: std::collections::BTreeSet<_> =
        records.iter().map(|r| r.crate_name.as_str()).collect();
    assert_eq!(
        crates.into_iter().collect::<Vec<_>>(),
        [
            "weld-example-app",
            "weld-example-stats",
            "weld-example-text"
        ]
    );
}

#[test]
fn the_example_gives_the_right_answer() {
    let mut guest = Guest::load(&paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let out = guest
        .call_canonical_string("run", Some("héllo wide world\nof wasm"))
        .unwrap();
    let expected = "HÉLLO WIDE WORLD\nOF WASM\n\
        words: [\"héllo\", \"wide\", \"world\", \"of\", \"wasm\"]\n\
        chars=24 words=5 lines=2\n\
        word length: min=2 max=5 mean=4.00\n\
        long words (mean 4.00 >= 4)";
    assert_eq!(out, expected);
}

#[test]
fn an_empty_input_crosses_every_boundary_as_empty_lists() {
    let mut guest = Guest::load(&paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let out = guest.call_canonical_string("run", Some("")).unwrap();
    assert!(out.contains("words: []"), "{out}");
    assert!(out.ends_with("\nempty"), "{out}");
}

#[test]
fn initialize_runs_once_and_exports_are_not_wrapped() {
    let bytes = std::fs::read(paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    assert!(summary.exports.iter().any(|e| e == "_initialize"));
    // wasm-ld names its per-export constructor wrappers `<export>.command_export`.
    let wrapped = bytes
        .windows(b"command_export".len())
        .any(|w| w == b"command_export");
    assert!(
        !wrapped,
        "wasm-ld wrapped exports to rerun constructors on each call"
    );
    // `Guest::load` called `_initialize` once; a second call traps.
    let mut guest = Guest::load(&paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let err = guest.call_unit("_initialize").unwrap_err();
    assert!(format!("{err:?}").contains("unreachable"), "{err:?}");
}
