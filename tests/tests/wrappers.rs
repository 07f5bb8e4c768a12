//! Wrappers: a crate that imports an interface and exports it again
//! (tests/guests/wrap-layer) sits between the root crate and the crate
//! that provides the interface (tests/guests/wrap-store), or the host
//! (SPEC.md section 6, "Wrappers").

use wasmtime::Caller;
use weld_tests::{Guest, component, inspect, paths};

/// The checks the root crate must report.
const EXPECTED: &[&str] = &[
    "functions through the layer",
    "the store behind the layer keeps its state",
    "resource constructor and methods",
    "static function",
    "borrowed parameters",
    "owned parameter",
];

fn summary(package: &str) -> inspect::Summary {
    let path = paths::built_wasm(package).unwrap();
    inspect::inspect(&std::fs::read(path).unwrap()).unwrap()
}

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-wrap-app").unwrap()).unwrap()
}

#[test]
fn calls_and_resources_go_through_the_wrapper_to_the_provider() {
    weld_tests::assert_checks_pass(&mut app(), EXPECTED);
}

#[test]
fn resources_wrapped_a_hundred_thousand_times_leak_nothing() {
    // Two inner cells per iteration: one dropped, one consumed.
    weld_tests::assert_churn_leaks_nothing(&mut app(), 100_000, 2);
}

#[test]
fn the_wrapped_link_is_self_contained() {
    // Neither the layer's imports nor the app's reach the host, and only
    // the root crate's exports are exported.
    inspect::assert_self_contained(&paths::built_wasm("weld-test-wrap-app").unwrap());
    let exports = summary("weld-test-wrap-app").exports;
    assert!(
        exports
            .iter()
            .all(|e| !e.contains("test:wrap") && !e.contains("__wrap_")),
        "{exports:?}"
    );
}

#[test]
fn a_wrapper_without_a_provider_wraps_the_host() {
    let path = paths::built_wasm("weld-test-wrap-host-app").unwrap();
    let imports = summary("weld-test-wrap-host-app").imports;
    let ours: Vec<_> = imports
        .iter()
        .filter(|(m, _)| m != "wasi_snapshot_preview1")
        .collect();
    assert_eq!(
        ours,
        [&(String::from("test:wrap/clock@0.1.0"), String::from("now"))]
    );
    let mut guest = Guest::load_with_host(&path, &mut |linker| {
        linker.func_wrap("test:wrap/clock@0.1.0", "now", |_: Caller<'_, _>| -> i64 {
            42
        })?;
        Ok(())
    })
    .unwrap();
    assert_eq!(guest.call_u64("now").unwrap(), 1_000_042);
}

/// `weld-ld component` of a built guest; returns the component's path and
/// its JSON map.
fn componentize(package: &str) -> (std::path::PathBuf, String) {
    let dir = paths::target_dir().join("weld-tests");
    let out = dir.join(format!("{package}.component.wasm"));
    let map = dir.join(format!("{package}.map.json"));
    let module = paths::built_wasm(package).unwrap();
    let weld_ld = env!("CARGO_BIN_EXE_weld-ld-for-tests");
    component::componentize(weld_ld, &module, &out, Some(&map));
    (out, std::fs::read_to_string(map).unwrap())
}

#[test]
fn the_map_shows_each_wrapper_and_what_it_wraps() {
    let (_, map) = componentize("weld-test-wrap-app");
    for iface in ["cells", "clock", "kv"] {
        let row = format!(
            "{{\"interface\": \"test:wrap/{iface}@0.1.0\", \"wrapper\": \"weld-test-wrap-layer\", \"inner\": \"weld-test-wrap-store\"}}"
        );
        assert!(map.contains(&row), "{row} in {map}");
    }
    assert!(map.contains("\"host_imports\": [],"), "{map}");
}

#[test]
fn a_component_of_a_wrapped_host_import_imports_it_once() {
    let (out, map) = componentize("weld-test-wrap-host-app");
    assert!(
        map.contains("{\"interface\": \"test:wrap/clock@0.1.0\", \"wrapper\": \"weld-test-wrap-layer\", \"inner\": null}"),
        "{map}"
    );
    let wit = component::world_wit(&std::fs::read(&out).unwrap()).unwrap();
    // The layer's import of the clock is the host's; everything the layer
    // exports is linked in, so only the root's `now` is exported.
    assert_eq!(
        wit.matches("import test:wrap/clock@0.1.0;").count(),
        1,
        "{wit}"
    );
    assert!(!wit.contains("layer-stats"), "{wit}");
    assert!(
        !wit.contains("test:wrap/kv") && !wit.contains("test:wrap/cells"),
        "{wit}"
    );
    assert_eq!(wit.matches("export ").count(), 1, "{wit}");
    let mut running = component::Running::with_host(&out, &mut |linker| {
        linker
            .instance("test:wrap/clock@0.1.0")?
            .func_wrap("now", |_, (): ()| Ok((7u64,)))?;
        Ok(())
    })
    .unwrap();
    let (now,): (u64,) = running.call("now", ()).unwrap();
    assert_eq!(now, 1_000_007);
}
