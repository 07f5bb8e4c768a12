//! Commands (docs/linking.md, "Commands"): a crate with `fn main`, which
//! rustc compiles as a `bin` and links with wasi-libc's `crt1-command.o`,
//! linked by weld-ld as cargo's linker, exports `_start` and not
//! `_initialize` (its `_start` runs the constructors; hosts treat a module
//! exporting both differently). The same code as a `cdylib` is a reactor
//! and exports `_initialize`. The crate defines `_initialize` as the weld
//! runtime does, so that only weld-ld's choice decides.

mod common;

use common::{RUNTIME, dir};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use weld_bindgen::Source;

/// A crate of world `w { export run: func() -> u32; }` with `main`.
fn source() -> String {
    let mut options = weld_bindgen::Options::new(Source::Inline(
        "package demo:cmd;\nworld w { export run: func() -> u32; }\n".into(),
    ));
    options.world = Some("w".into());
    options.crate_name = "cmd".into();
    let records = weld_bindgen::metadata(&options).unwrap();
    let meta: Vec<u8> = records.iter().flat_map(|r| r.encode()).collect();
    let bytes: Vec<String> = meta.iter().map(u8::to_string).collect();
    format!(
        "#[used]\n#[unsafe(link_section = \"weld-meta\")]\nstatic META: [u8; {}] = [{}];\n\
         #[unsafe(no_mangle)]\npub extern \"C\" fn run() -> i32 {{ 7 }}\n\
         #[allow(dead_code)]\nfn main() {{ println!(\"{{}}\", run()); }}\n{RUNTIME}",
        meta.len(),
        bytes.join(", ")
    )
}

/// Compiles and links `cmd.rs` as `crate_type` with weld-ld; returns the
/// module's exports.
fn exports_of(crate_type: &str) -> BTreeSet<String> {
    let d = dir();
    let src = d.join("cmd.rs");
    std::fs::write(&src, source()).unwrap();
    let out: PathBuf = d.join(format!("cmd-{crate_type}.wasm"));
    let run = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args(["--edition", "2024", "--target", "wasm32-wasip1"])
        .args(["--crate-type", crate_type, "--crate-name", "cmd"])
        .arg("-C")
        .arg(format!("linker={}", env!("CARGO_BIN_EXE_weld-ld")))
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .env_remove("WELD_LD_FLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let module = std::fs::read(&out).unwrap();
    let mut names = BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(&module) {
        if let wasmparser::Payload::ExportSection(r) = payload.unwrap() {
            for e in r {
                names.insert(e.unwrap().name.to_string());
            }
        }
    }
    names
}

#[test]
fn a_command_exports_start_and_not_initialize() {
    let exports = exports_of("bin");
    assert!(exports.contains("_start"), "{exports:?}");
    assert!(!exports.contains("_initialize"), "{exports:?}");
    assert!(exports.contains("memory"), "{exports:?}");
}

#[test]
fn the_same_crate_as_a_reactor_exports_initialize_and_not_start() {
    let exports = exports_of("cdylib");
    assert!(exports.contains("_initialize"), "{exports:?}");
    assert!(!exports.contains("_start"), "{exports:?}");
}
