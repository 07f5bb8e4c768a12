//! weld-ld's command line end to end (the real binary): bad input exits
//! non-zero with a one-line cause and never a panic; an import no linked
//! crate provides goes to the host under its canonical name, or is an error
//! naming the interface and the crate with `--no-host-imports` (and so is
//! each core import, such as std's WASI preview 1 calls, that the
//! allow-list does not name); a wrapper
//! among crates that LTO compiled into one object is refused by name;
//! `--map` and `--map-json` describe the link.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use weld_abi::metadata::{Direction, Item, ItemKind, Record};
use weld_tests::{inspect, paths};

const GREETER: &str = "test:linked/greeter@0.1.0";

fn dir() -> PathBuf {
    let d = paths::target_dir().join("weld-tests").join("linker-errors");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn staticlib(profile: &str, krate: &str) -> PathBuf {
    paths::built_staticlib(profile, krate).unwrap()
}

fn app() -> PathBuf {
    staticlib("debug", "weld_static_app")
}

fn greeter() -> PathBuf {
    staticlib("release", "weld_static_greeter")
}

fn weld_ld(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_weld-ld-for-tests"));
    for a in args {
        c.arg(a);
    }
    c.env("RUST_BACKTRACE", "1").output().unwrap()
}

/// Runs weld-ld, which must fail without a panic; returns its stderr.
fn fails(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let out = weld_ld(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success(), "weld-ld succeeded: {stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

/// As [`fails`], for errors that are exactly one line.
fn fails_in_one_line(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let stderr = fails(args);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// `n` as unsigned LEB128.
fn leb(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A wasm object: the header, then custom sections `(name, payload)`.
fn object(sections: &[(&str, &[u8])]) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    for (name, data) in sections {
        let mut body = Vec::new();
        leb(name.len(), &mut body);
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(data);
        m.push(0);
        leb(body.len(), &mut m);
        m.extend(body);
    }
    m
}

/// A relocatable object with nothing in it (`linking` version 2).
const LINKING: (&str, &[u8]) = ("linking", &[2]);

#[test]
fn a_truncated_wasm_file_is_a_one_line_error() {
    let module = std::fs::read(paths::built_wasm("weld-example-app").unwrap()).unwrap();
    let cut = write("truncated.wasm", &module[..module.len() / 2]);
    let err = fails_in_one_line(&[&"link", &cut, &"-o", &dir().join("t.wasm")]);
    assert!(
        err.contains("truncated.wasm") && err.contains("truncated"),
        "{err}"
    );
    let err = fails_in_one_line(&[&"component", &cut, &"-o", &dir().join("t.component.wasm")]);
    assert!(
        err.contains("truncated.wasm") && err.contains("truncated"),
        "{err}"
    );
    let archive = std::fs::read(app()).unwrap();
    let cut = write("truncated.a", &archive[..archive.len() / 3]);
    let err = fails_in_one_line(&[&"link", &cut, &"-o", &dir().join("t.wasm")]);
    assert!(
        err.contains("truncated.a") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_non_wasm_file_is_a_one_line_error() {
    let text = write("not-wasm.o", b"\x7fELF this is not wasm");
    let err = fails_in_one_line(&[&"link", &text, &"-o", &dir().join("n.wasm")]);
    assert!(
        err.contains("not-wasm.o` is not a wasm object or archive"),
        "{err}"
    );
    let err = fails_in_one_line(&[&"component", &text, &"-o", &dir().join("n.c.wasm")]);
    assert!(err.contains("not-wasm.o"), "{err}");
}

#[test]
fn an_object_without_weld_metadata_is_a_one_line_error() {
    let bare = write("no-meta.o", &object(&[LINKING]));
    let err = fails_in_one_line(&[&"link", &bare, &"-o", &dir().join("m.wasm")]);
    assert!(
        err.contains("no input carries weld metadata") && err.contains("no-meta.o"),
        "{err}"
    );
    // A linked module (not an object) without metadata.
    let module = write("no-meta.wasm", &object(&[]));
    let err = fails_in_one_line(&[&"link", &module, &"-o", &dir().join("m.wasm")]);
    assert!(err.contains("not a relocatable object"), "{err}");
    let err = fails_in_one_line(&[&"component", &module, &"-o", &dir().join("m.c.wasm")]);
    assert!(err.contains("has no weld metadata"), "{err}");
}

#[test]
fn a_corrupted_weld_meta_section_is_a_one_line_error() {
    let garbage: &[u8] = b"\xff\xfeWELD? not a record \x00\x01";
    let bad = write("bad-meta.o", &object(&[LINKING, ("weld-meta", garbage)]));
    let err = fails_in_one_line(&[&"link", &bad, &"-o", &dir().join("b.wasm")]);
    assert!(
        err.contains("corrupt weld metadata in `") && err.contains("bad-meta.o"),
        "{err}"
    );
    // A record header followed by a truncated body.
    let cut = write("cut-meta.o", &object(&[LINKING, ("weld-meta", b"WELD")]));
    let err = fails_in_one_line(&[&"link", &cut, &"-o", &dir().join("b.wasm")]);
    assert!(err.contains("corrupt weld metadata"), "{err}");
}

/// A `weld-meta` record of `krate` with one function `f` of `t:t/i`.
fn record(krate: &str, direction: Direction) -> Vec<u8> {
    let mut r = Record::new(
        krate,
        format!("t:t/{krate}"),
        direction,
        Some("t:t/i".into()),
    );
    r.items.push(Item {
        kind: ItemKind::Func,
        name: "f".into(),
        hash: 7,
    });
    r.encode()
}

#[test]
fn a_wrapper_among_crates_merged_by_lto_is_refused_by_name() {
    // What rustc passes its linker for `lto = true`: one object holding
    // every crate's records; here `layer` wraps what `store` exports.
    let records = [
        record("app", Direction::Import),
        record("layer", Direction::Import),
        record("layer", Direction::Export),
        record("store", Direction::Export),
    ];
    let mut sections = vec![LINKING];
    sections.extend(records.iter().map(|r| ("weld-meta", r.as_slice())));
    let merged = write("lto-merged.o", &object(&sections));
    let out = dir().join("lto-merged.wasm");
    let run = Command::new(env!("CARGO_BIN_EXE_weld-ld-for-tests"))
        .args(["-flavor", "wasm"])
        .arg(&merged)
        .arg("-o")
        .arg(&out)
        .env("CARGO_PKG_NAME", "app")
        .output()
        .unwrap();
    let err = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.starts_with("error: interface `t:t/i` is wrapped by `layer`, but rustc compiled the linked crates into one object"),
        "{err}"
    );
    assert!(
        err.contains("`app`, `layer`, `store`") && err.contains("`lto = false`"),
        "{err}"
    );
    assert!(!out.exists(), "a refused link left {}", out.display());
}

#[test]
fn a_missing_wasm_ld_is_a_one_line_error() {
    let err = fails_in_one_line(&[
        &"link",
        &greeter(),
        &app(),
        &"--wasm-ld-path",
        &"/nonexistent",
        &"-o",
        &dir().join("w.wasm"),
    ]);
    assert!(
        err.contains("cannot find wasm-ld") && err.contains("/nonexistent"),
        "{err}"
    );
}

#[test]
fn an_unprovided_import_with_no_host_imports_names_the_interface_and_the_crate() {
    let out = dir().join("no-host.wasm");
    let err = fails(&[&"link", &app(), &"--no-host-imports", &"-o", &out]);
    let first = err.lines().next().unwrap();
    assert!(
        first.contains(GREETER) && first.contains("`weld-static-app`"),
        "{err}"
    );
    assert!(err.contains("--no-host-imports"), "{err}");
    assert!(!out.exists(), "a failed link left {}", out.display());
}

#[test]
fn an_unprovided_import_goes_to_the_host_under_its_canonical_name() {
    let out = dir().join("host.wasm");
    let json = dir().join("host.map.json");
    let run = weld_ld(&[&"link", &app(), &"-o", &out, &"--map-json", &json]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = inspect::inspect(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(summary.memories, 1);
    for f in ["greet", "shout"] {
        let import = (GREETER.to_string(), f.to_string());
        assert!(summary.imports.contains(&import), "{:?}", summary.imports);
    }
    assert!(
        !summary
            .imports
            .iter()
            .any(|(m, n)| m == "env" || n.starts_with("weld")),
        "{:?}",
        summary.imports
    );
    let map = std::fs::read_to_string(&json).unwrap();
    assert!(
        map.contains(&format!(
            "{{\"interface\": \"{GREETER}\", \"importers\": [\"weld-static-app\"]}}"
        )),
        "{map}"
    );
    // Allowed by name (with std's WASI preview 1 calls, core imports the
    // allow-list must name too), the same link succeeds; another
    // allow-list fails it, naming the WIT import and the core imports.
    let allowed = weld_ld(&[
        &"link",
        &app(),
        &"--allow-host-import",
        &"test:linked/greeter",
        &"--allow-host-import",
        &"wasi_snapshot_preview1::*",
        &"-o",
        &out,
    ]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let err = fails(&[
        &"link",
        &app(),
        &"--allow-host-import",
        &"wasi:*",
        &"-o",
        &out,
    ]);
    assert!(err.lines().next().unwrap().contains(GREETER), "{err}");
    assert!(
        err.contains(
            "error: core import `wasi_snapshot_preview1::fd_write`, pulled in by wasi-libc \
             (std's WASI calls), is provided by no linked crate"
        ),
        "{err}"
    );
    assert!(
        err.contains("= note: it is not a WIT import; the host-import allow-list holds `wasi:*`"),
        "{err}"
    );
}

#[test]
fn the_map_names_both_crates_one_memory_and_the_sizes() {
    let out = dir().join("mapped.wasm");
    let json = dir().join("mapped.map.json");
    let run = weld_ld(&[
        &"link",
        &greeter(),
        &app(),
        &"-o",
        &out,
        &"--map",
        &"--map-json",
        &json,
    ]);
    let human = String::from_utf8(run.stdout).unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{human}");
    assert!(human.contains("memories: 1"), "{human}");
    let provided = human
        .lines()
        .find(|l| l.trim_start().starts_with(GREETER))
        .unwrap_or_else(|| panic!("{human}"));
    assert!(
        provided.trim_end().ends_with("weld-static-greeter"),
        "{human}"
    );
    let json = std::fs::read_to_string(&json).unwrap();
    assert!(json.contains("\"memories\": 1,"), "{json}");
    // The greeter's async `count-later` awaits the host's `clock`.
    assert!(
        json.contains(
            "\"host_imports\": [\n    {\"interface\": \"test:linked/clock@0.1.0\", \"importers\": [\"weld-static-greeter\"]}\n  ],"
        ),
        "{json}"
    );
    assert!(
        json.contains(&format!(
            "{{\"interface\": \"{GREETER}\", \"crate\": \"weld-static-greeter\"}}"
        )),
        "{json}"
    );
    for krate in [
        "weld-static-app",
        "weld-static-greeter",
        "weld (runtime)",
        "std/other",
    ] {
        let row = json
            .lines()
            .find(|l| l.contains(&format!("{{\"crate\": \"{krate}\", \"code_bytes\": ")))
            .unwrap_or_else(|| panic!("no size row for {krate}: {json}"));
        assert!(!row.contains("\"code_bytes\": 0,"), "{row}");
    }
    // wasm-ld's own map was a temporary file.
    assert!(!Path::new(&format!("{}.weld-ld.map", out.display())).exists());
}

#[test]
fn the_component_map_has_the_wiring_but_no_sizes() {
    let module = paths::built_wasm("weld-example-app").unwrap();
    let out = dir().join("example.component.wasm");
    let json = dir().join("example.component.map.json");
    let run = weld_ld(&[&"component", &module, &"-o", &out, &"--map-json", &json]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json = std::fs::read_to_string(&json).unwrap();
    assert!(json.contains("\"memories\": 1,"), "{json}");
    for (iface, krate) in [
        ("example:text/transform@0.1.0", "weld-example-text"),
        ("example:stats/summary@0.1.0", "weld-example-stats"),
        ("$root/run", "weld-example-app"),
    ] {
        let row = format!("{{\"interface\": \"{iface}\", \"crate\": \"{krate}\"}}");
        assert!(json.contains(&row), "{json}");
    }
    assert!(json.contains("\"sizes\": null"), "{json}");
}
