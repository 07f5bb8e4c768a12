//! One allocator for Rust and C: a C object (tests/c/interop.c, built with
//! clang for wasm32-wasi) linked with a Rust staticlib (tests/c/guest) by
//! the toolchain's wasm-ld, as weld-ld links staticlibs but without WIT
//! (neither half has any, so weld-ld's WIT checks do not apply); C frees what Rust allocated and Rust frees what C
//! allocated, and the live bytes return to where they started. The same
//! staticlib also runs the property check of the real wasm32 heap, and
//! shows which 4 KiB pages of memory the heap writes.
//!
//! A second C object (tests/c/stdio.c) calls wasi-libc's `printf` & co.;
//! linked by `weld-ld link --no-host-imports` with tests/c/wasi-guest
//! (`weld-wasi-preview1` and the virtual WASI crates), its output lands
//! in the virtual stdout and stderr, and the module imports nothing.

use std::path::{Path, PathBuf};
use std::process::Command;
use weld_tests::{Guest, inspect, paths};

fn guest_staticlib() -> PathBuf {
    let p = paths::target_dir()
        .join("wasm32-wasip1")
        .join("debug")
        .join("libweld_c_guest.a");
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask build-wasm` first",
        p.display()
    );
    p
}

fn out_dir() -> PathBuf {
    let dir = paths::target_dir().join("weld-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Links `inputs` with rust-lld into a reactor module exporting `exports`
/// and the runtime's entry points (`_initialize` is weld's, so no crt1).
fn link(inputs: &[&Path], exports: &[&str], out: &Path) {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    let sysroot = PathBuf::from(String::from_utf8(sysroot.stdout).unwrap().trim());
    let rustlib = sysroot.join("lib/rustlib");
    let lld = rustlib.join("x86_64-unknown-linux-gnu/bin/rust-lld");
    let mut c = Command::new(lld);
    c.args(["-flavor", "wasm", "--no-entry", "--gc-sections"])
        .args(inputs)
        .arg("-L")
        .arg(rustlib.join("wasm32-wasip1/lib/self-contained"))
        .args(["-lc", "-o"])
        .arg(out);
    for e in exports
        .iter()
        .chain(&["_initialize", "cabi_realloc", "weld_alloc_stats"])
    {
        c.arg(format!("--export={e}"));
    }
    let status = c.status().unwrap();
    assert!(status.success(), "rust-lld failed: {c:?}");
}

/// Compiles tests/c/interop.c, or `None` (with a message) without clang.
fn compile_c() -> Option<PathBuf> {
    compile_c_file("interop")
}

/// Compiles tests/c/<name>.c, or `None` (with a message) without clang.
fn compile_c_file(name: &str) -> Option<PathBuf> {
    let src = paths::workspace_root().join(format!("tests/c/{name}.c"));
    let obj = out_dir().join(format!("{name}.o"));
    let result = Command::new("clang")
        .args(["--target=wasm32-wasi", "-O2", "-ffreestanding", "-c"])
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .status();
    match result {
        Ok(status) => {
            assert!(status.success(), "clang failed on {}", src.display());
            Some(obj)
        }
        Err(e) => {
            eprintln!(
                "SKIPPED: clang is not available ({e}); `cargo xtask setup` installs it (apt-get, as root)"
            );
            None
        }
    }
}

#[test]
fn c_frees_what_rust_allocated_and_the_reverse() {
    let Some(obj) = compile_c() else { return };
    let out = out_dir().join("c-interop.wasm");
    link(
        &[&guest_staticlib(), &obj],
        &["c_frees_rust", "rust_frees_c"],
        &out,
    );
    let mut guest = Guest::load(&out).unwrap();
    let before = guest.stats().unwrap();
    for len in [1, 15, 16, 100, 4096, 70_000] {
        assert_eq!(
            guest.call_u32("c_frees_rust", Some(len)).unwrap(),
            1,
            "{len}"
        );
        assert_eq!(
            guest.call_u32("rust_frees_c", Some(len)).unwrap(),
            1,
            "{len}"
        );
    }
    let after = guest.stats().unwrap();
    weld_tests::assert_nothing_left_live(&before, &after);
    // The largest block was the 70,000-byte one grown by C to 140,001.
    assert!(after.peak_bytes >= 140_001, "{before:?} {after:?}");
}

#[test]
fn the_global_heap_keeps_its_invariants_in_wasm() {
    let out = out_dir().join("heap-props.wasm");
    link(&[&guest_staticlib()], &["heap_props"], &out);
    let mut guest = Guest::load(&out).unwrap();
    for seed in [1, 0x5eed, 0xdead_beef, 42, 7] {
        let failed_at = guest.call_u32("heap_props", Some(seed)).unwrap();
        assert_eq!(failed_at, 0, "seed {seed} (see the guest's message)");
    }
}

/// A fresh instance of the heap-pages guest.
fn heap_pages_guest() -> Guest {
    let out = out_dir().join("heap-pages.wasm");
    static LINKED: std::sync::Once = std::sync::Once::new();
    LINKED.call_once(|| {
        link(
            &[&guest_staticlib()],
            &["heap_base", "heap_page_count", "heap_pages_written"],
            &out,
        );
    });
    Guest::load(&out).unwrap()
}

#[test]
fn the_heap_leaves_the_rest_of_the_initial_area_untouched() {
    let mut guest = heap_pages_guest();
    let count = guest.call_u32("heap_page_count", None).unwrap();
    // Otherwise the first chunk could reach the area's last page.
    assert!(count >= 3, "the initial heap area is only {count} pages");
    let written = guest.call_u32("heap_pages_written", Some(0)).unwrap();
    assert_ne!(written & 1, 0, "the first page holds the blocks");
    // Had the heap taken the whole area, it would have written its
    // region's sentinel and free tail's footer on the last page, which an
    // engine then keeps resident in every instance.
    assert_eq!(
        written & !0b11,
        0,
        "pages written past the first chunk: {written:#b} of {count}"
    );
    assert_eq!(count, guest.call_u32("heap_page_count", None).unwrap());
}

#[test]
fn a_grown_heap_writes_no_page_past_what_it_took() {
    let mut guest = heap_pages_guest();
    let before = guest.call_u32("heap_page_count", None).unwrap();
    let written = guest.call_u32("heap_pages_written", Some(70_000)).unwrap();
    let count = guest.call_u32("heap_page_count", None).unwrap();
    assert!(count > before, "memory did not grow");
    let base = guest.call_u32("heap_base", None).unwrap();
    assert_eq!(
        base % 16,
        0,
        "weld's page source takes `__heap_base` as 16-aligned"
    );
    // The heap takes memory to 4 KiB chunk ends from `__heap_base` up,
    // and whole pages from the engine: it writes no page past the 70,000
    // bytes, the small blocks (under 2 KiB) and one chunk of rounding.
    let bound = (base % 4096 + 70_000 + 2048 + 4096).div_ceil(4096);
    let highest = 31 - written.leading_zeros();
    assert!(
        highest < bound && bound < count,
        "written {written:#b}, at most {bound} of {count} pages expected"
    );
}

/// What tests/c/stdio.c's `c_report` writes for `name`, as the root
/// crate's `run` returns it (tests/c/wasi-guest): what C returned (the
/// length of `GREETING`, which Rust set in the virtual environment), the
/// virtual stdout (the last line has no newline: `fflush` wrote it) and
/// the virtual stderr.
fn stdio_expected(name: &str) -> String {
    format!(
        "returned 11
[stdout]
hello, {name}, from C
GREETING=set by Rust
WELD_UNSET is unset
1 * 12 = 12 (0xc)
2 * 12 = 24 (0x18)
3 * 12 = 36 (0x24)
puts adds a newline
last line, flushed[stderr]
C on stderr
"
    )
}

#[test]
fn c_printf_writes_to_the_virtual_stdout_of_linked_crates() {
    let Some(obj) = compile_c_file("stdio") else {
        return;
    };
    let lib = paths::built_staticlib("debug", "weld_c_wasi_guest").unwrap();
    let out = out_dir().join("c-stdio.wasm");
    // weld-ld, not plain wasm-ld: the WIT wiring (weld-wasi-preview1's
    // WASI 0.2 imports bound to the virtual crates' exports) and
    // `--no-host-imports`, which fails the link if anything, WIT or core
    // import, would come from the host.
    let status = Command::new(env!("CARGO_BIN_EXE_weld-ld-for-tests"))
        .arg("link")
        .arg(&lib)
        .arg(&obj)
        .args(["--world", "test:c-stdio/c-stdio", "--no-host-imports", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success(), "weld-ld link of {}", lib.display());
    let summary = inspect::inspect(&std::fs::read(&out).unwrap()).unwrap();
    assert!(summary.imports.is_empty(), "{:?}", summary.imports);
    assert_eq!(summary.memories, 1);

    let mut guest = Guest::load(&out).unwrap();
    for name in ["wörld", "again"] {
        // Each call finds only its own output: wasi-libc's buffer was
        // flushed, and `take_stdout` emptied the capture.
        let got = guest.call_canonical_string("run", Some(name)).unwrap();
        assert_eq!(got, stdio_expected(name));
    }
}
