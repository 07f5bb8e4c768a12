//! One interface imported and exported under several names
//! (`import primary: store; import backup: store;`), linked in one module
//! (tests/guests/names-{app,provider}, WIT tests/guests/names-wit): each
//! name is its own slot, bound to the crate exporting that name, with its
//! own state and resources; a name no crate exports (`remote`) is the
//! host's canonical import (`remote`, `bump`). Run in wasmtime.

use weld_tests::wasmtime::Caller;
use weld_tests::{Guest, inspect, paths};

const PACKAGE: &str = "weld-test-names-app";

fn app() -> Guest {
    let path = paths::built_wasm(PACKAGE).unwrap();
    Guest::load_with_host(&path, &mut |linker| {
        linker.func_wrap("remote", "bump", |_: Caller<'_, _>, by: i32| by + 1000)?;
        Ok(())
    })
    .unwrap()
}

#[test]
fn each_name_reaches_its_own_slot() {
    weld_tests::assert_checks_pass(
        &mut app(),
        &[
            "names",
            "state per name",
            "resources per name",
            "provider and host",
        ],
    );
}

#[test]
fn only_the_unprovided_name_is_imported() {
    let bytes = std::fs::read(paths::built_wasm(PACKAGE).unwrap()).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    let ours: Vec<_> = summary
        .imports
        .iter()
        .filter(|(m, _)| m != "wasi_snapshot_preview1")
        .cloned()
        .collect();
    assert_eq!(ours, [(String::from("remote"), String::from("bump"))]);
    assert_eq!(summary.memories, 1);
    // The root's export under a plain name; the provider's stay inside.
    assert!(summary.exports.contains(&String::from("mirror#bump")));
    assert!(!summary.exports.iter().any(|e| e.contains("primary")));
}

#[test]
fn the_roots_export_under_a_plain_name_is_canonical() {
    assert_eq!(app().call_u32("mirror#bump", Some(21)).unwrap(), 42);
}

#[test]
fn a_thousand_rounds_leak_nothing() {
    let mut guest = app();
    guest.call_u32("stress", Some(1)).unwrap();
    let before = guest.stats().unwrap();
    assert_eq!(guest.call_u32("stress", Some(1_000)).unwrap(), 4_000);
    let after = guest.stats().unwrap();
    weld_tests::assert_nothing_left_live(&before, &after);
}

/// The same module as a component (`weld-ld component`): wit-component
/// names the unprovided import `remote` (implementing `test:names/tally`),
/// which wasmtime (with its `implements` support on) links to a host
/// instance of that name; the checks pass as in the module.
#[test]
fn the_component_imports_the_unprovided_name() {
    use weld_tests::component::{self, Host, Prepared};
    let module = paths::built_wasm(PACKAGE).unwrap();
    let out = paths::target_dir()
        .join("weld-tests")
        .join("names-app.component.wasm");
    component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
    let wit = component::world_wit(&std::fs::read(&out).unwrap()).unwrap();
    assert!(
        wit.contains("import remote: test:names/tally@0.1.0;"),
        "{wit}"
    );
    assert!(
        wit.contains("export mirror: test:names/tally@0.1.0;"),
        "{wit}"
    );
    assert!(!wit.contains("primary") && !wit.contains("local"), "{wit}");
    let mut config = weld_tests::wasmtime::Config::new();
    config.wasm_component_model_implements(true);
    let prepared = Prepared::with_host(&out, &config, &mut |linker| {
        linker
            .instance("remote")?
            .func_wrap("bump", |_, (by,): (u32,)| Ok((by + 1000,)))?;
        Ok(())
    })
    .unwrap();
    let mut store = prepared.store(Host::new());
    let instance = prepared.instantiate(&mut store).unwrap();
    let run = instance
        .get_typed_func::<(), (String,)>(&mut store, "run-checks")
        .unwrap();
    let (report,) = run.call(&mut store, ()).unwrap();
    assert_eq!(
        report,
        "ok names\nok state per name\nok resources per name\nok provider and host\n"
    );
    let mirror = instance
        .get_export_index(&mut store, None, "mirror")
        .unwrap();
    let bump = instance
        .get_export_index(&mut store, Some(&mirror), "bump")
        .unwrap();
    let bump = instance
        .get_typed_func::<(u32,), (u32,)>(&mut store, &bump)
        .unwrap();
    assert_eq!(bump.call(&mut store, (21,)).unwrap(), (42,));
}
