//! Staticlibs built in two separate cargo workspaces (tests/staticlibs/,
//! one in release and one in debug) linked by `weld-ld link` into one
//! module, run in wasmtime (as a core module, and as a component whose
//! async export awaits the host through the other staticlib); and
//! weld-ld's errors on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;
use weld_tests::component::{self, Host};
use weld_tests::concurrent::{block_on, suspend};
use weld_tests::wasmtime::component::{Component, Linker};
use weld_tests::wasmtime::{Engine, Store};
use weld_tests::{Guest, inspect, paths};

fn staticlib(profile: &str, krate: &str) -> PathBuf {
    paths::built_staticlib(profile, krate).unwrap()
}

fn weld_ld() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weld-ld-for-tests"))
}

/// The module `weld-ld link` makes of the two staticlibs, linked once for
/// the tests of this file (they run in parallel).
fn linked_module() -> PathBuf {
    static LINKED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LINKED
        .get_or_init(|| {
            let out = paths::target_dir()
                .join("weld-tests")
                .join("static-app.wasm");
            std::fs::create_dir_all(out.parent().unwrap()).unwrap();
            let status = weld_ld()
                .arg("link")
                .arg(staticlib("release", "weld_static_greeter"))
                .arg(staticlib("debug", "weld_static_app"))
                .arg("-o")
                .arg(&out)
                .status()
                .unwrap();
            assert!(status.success());
            out
        })
        .clone()
}

/// The linked module as a core module whose host imports (the host's
/// `clock` and the Canonical ABI's async built-ins, which only the
/// component test reaches) trap.
fn core_guest(module: &Path) -> Guest {
    let bytes = std::fs::read(module).unwrap();
    Guest::load_with_host(module, &mut |linker| {
        let m = weld_tests::wasmtime::Module::new(linker.engine(), &bytes)?;
        linker.define_unknown_imports_as_traps(&m)
    })
    .unwrap()
}

#[test]
fn staticlibs_from_two_workspaces_link_into_one_module() {
    let out = linked_module();
    let summary = inspect::inspect(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(summary.memories, 1);
    let mut guest = core_guest(&out);
    let got = guest
        .call_canonical_string("run", Some("wide wörld"))
        .unwrap();
    assert_eq!(got, "Hello, wide wörld! WIDE-WÖRLD");
    // An async call pending in the greeter (release, its own copy of the
    // runtime) completes under the app's `block_on` (debug, another copy):
    // both copies run one executor, `weld_executor` (ASYNC.md section 10).
    let got = guest
        .call_canonical_string("run-later", Some("ünï"))
        .unwrap();
    assert_eq!(got, "Hello later, ünï!");
}

#[test]
fn an_async_export_receives_host_events_for_waits_another_runtime_copy_registered() {
    // A lost event leaves the call pending for ever (wasmtime waits for
    // it): the calls run on a thread, and a stuck one fails the test.
    let (done, finished) = std::sync::mpsc::channel();
    let calls = std::thread::spawn(move || {
        relay_through_two_runtime_copies();
        let _ = done.send(());
    });
    match finished.recv_timeout(std::time::Duration::from_secs(300)) {
        Ok(()) => calls.join().unwrap(),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(calls.join().unwrap_err())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("relay-later never completed: the host's event was lost")
        }
    }
}

/// `relay-later` called as the test above says.
fn relay_through_two_runtime_copies() {
    let module = linked_module();
    let out = module.with_file_name("static-app.component.wasm");
    component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
    let engine = Engine::default();
    let component = Component::from_file(&engine, &out).unwrap();
    let mut linker: Linker<Host> = Linker::new(&engine);
    weld_tests::wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    linker
        .instance("test:linked/clock@0.1.0")
        .unwrap()
        .func_wrap_concurrent("tick-later", |_, (n, yields): (u32, u32)| {
            Box::pin(async move {
                suspend(yields).await;
                Ok((n + 1,))
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, Host::new());
    let instance = block_on(linker.instantiate_async(&mut store, &component)).unwrap();
    let relay = instance
        .get_typed_func::<(u32, u32), (u32,)>(&mut store, "relay-later")
        .unwrap();
    // The greeter (release, its own runtime copy) registers the wait for
    // the host's `tick-later`; the app's async export call (debug, the
    // other copy) receives the event. At once, then really suspended.
    for (n, yields) in [(4, 0), (5, 1), (6, 3)] {
        let (got,) = block_on(
            store.run_concurrent(async move |a| relay.call_concurrent(a, (n, yields)).await),
        )
        .unwrap()
        .unwrap();
        assert_eq!(got, (n + 1) * 10 + 1, "n = {n}, yields = {yields}");
    }
    // Several at once, each waiting for the host.
    let got = block_on(store.run_concurrent(async move |a| {
        let calls = a.with(|mut s| {
            (0..8u32)
                .map(|n| relay.start_call_concurrent(&mut s, (n, n % 3)))
                .collect::<weld_tests::wasmtime::Result<Vec<_>>>()
        })?;
        let mut out = Vec::new();
        for call in calls {
            out.push(relay.finish_call_concurrent(a, call).await?.0);
        }
        Ok::<_, weld_tests::wasmtime::Error>(out)
    }))
    .unwrap()
    .unwrap();
    let expected: Vec<u32> = (0..8).map(|n| (n + 1) * 10 + 1).collect();
    assert_eq!(got, expected);
}

fn link_error(inputs: &[&std::path::Path]) -> String {
    let out = weld_ld()
        .arg("link")
        .args(inputs)
        .arg("-o")
        .arg("/dev/null")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn bad_inputs_get_one_line_errors() {
    let dir = paths::target_dir().join("weld-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("does-not-exist.a");
    assert!(link_error(&[&missing]).starts_with("error: cannot read"));
    let text = dir.join("not-wasm.o");
    std::fs::write(&text, "hello").unwrap();
    assert!(link_error(&[&text]).contains("is not a wasm object or archive"));
    let truncated = dir.join("truncated.o");
    std::fs::write(&truncated, b"\0asm\x01\0\0\0\0\x10abc").unwrap();
    assert!(link_error(&[&truncated]).contains("truncated section"));
}

#[test]
fn world_selects_the_root_crate_whose_exports_are_exported() {
    let out = paths::target_dir()
        .join("weld-tests")
        .join("static-greeter-root.wasm");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let status = weld_ld()
        .arg("link")
        .arg(staticlib("release", "weld_static_greeter"))
        .arg(staticlib("debug", "weld_static_app"))
        .args(["--world", "test:linked/greeter-provider", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let summary = inspect::inspect(&std::fs::read(&out).unwrap()).unwrap();
    assert!(
        summary
            .exports
            .iter()
            .any(|e| e == "test:linked/greeter@0.1.0#greet"),
        "{:?}",
        summary.exports
    );
    assert!(
        !summary.exports.iter().any(|e| e == "run"),
        "{:?}",
        summary.exports
    );

    let bad = weld_ld()
        .arg("link")
        .arg(staticlib("debug", "weld_static_app"))
        .args(["--world", "no:such/world", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(
        stderr.contains("--world `no:such/world`") && stderr.contains("test:linked/app@0.1.0"),
        "{stderr}"
    );
}
