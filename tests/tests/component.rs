//! The example app as a component (`weld-ld component`): it runs in
//! wasmtime's component API with the same result as the core module, holds
//! one memory, and its world is exactly the root world's export plus the
//! imports no crate provides.

use std::path::PathBuf;
use weld_tests::{Guest, component, paths};

fn example_component() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_example_component).clone()
}

fn build_example_component() -> PathBuf {
    let module = paths::built_wasm("weld-example-app").unwrap();
    let out = paths::target_dir()
        .join("weld-tests")
        .join("example.component.wasm");
    component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
    out
}

#[test]
fn the_component_runs_in_wasmtime_like_the_module() {
    let path = example_component();
    let input = "héllo wide world\nof wasm";
    let from_component = component::call_string(&path, "run", input).unwrap();
    let mut module = Guest::load(&paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let from_module = module.call_canonical_string("run", Some(input)).unwrap();
    assert_eq!(from_component, from_module);
    assert!(
        from_component.starts_with("HÉLLO WIDE WORLD"),
        "{from_component}"
    );
}

#[test]
fn the_component_holds_one_memory() {
    let bytes = std::fs::read(example_component()).unwrap();
    assert_eq!(component::core_memories(&bytes).unwrap(), 1);
}

#[test]
fn the_component_world_is_the_root_export_and_host_imports() {
    let wit = component::world_wit(&std::fs::read(example_component()).unwrap()).unwrap();
    assert!(
        wit.contains("export run: func(input: string) -> string;"),
        "{wit}"
    );
    // The interfaces the service crates provide are linked in, not imported.
    assert!(!wit.contains("example:text"), "{wit}");
    assert!(!wit.contains("example:stats"), "{wit}");
    // Nothing else is exported.
    assert_eq!(wit.matches("export ").count(), 1, "{wit}");
}

#[test]
#[ignore = "prints the component's world; run with --ignored --nocapture"]
fn print_world() {
    println!(
        "{}",
        component::world_wit(&std::fs::read(example_component()).unwrap()).unwrap()
    );
}
