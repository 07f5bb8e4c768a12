//! Staticlibs built in two separate cargo workspaces (tests/staticlibs/,
//! one in release and one in debug) linked by `weld-ld link` into one
//! module, run in wasmtime; and weld-ld's errors on bad input.

use std::path::PathBuf;
use std::process::Command;
use weld_tests::{Guest, inspect, paths};

fn staticlib(profile: &str, krate: &str) -> PathBuf {
    paths::built_staticlib(profile, krate).unwrap()
}

fn weld_ld() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weld-ld-for-tests"))
}

#[test]
fn staticlibs_from_two_workspaces_link_into_one_module() {
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
    let summary = inspect::inspect(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(summary.memories, 1);
    let mut guest = Guest::load(&out).unwrap();
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
