//! UI tests: one `tests/ui/*.rs` case per error a user can cause with
//! `#[weld::shared_world]` or `weld::generate!`, each with the exact
//! compiler output it must produce (`*.stderr`), and `tests/ui/pass/*.rs`
//! for what must compile. `TRYBUILD=overwrite cargo test -p weld-macros
//! --test ui` rewrites the `.stderr` files; read every one before committing.
//!
//! trybuild compiles the cases as binaries of a generated crate in
//! `<target>/tests/trybuild/weld-macros/`, which is the `CARGO_MANIFEST_DIR`
//! the macros see, so a case's `path = "wit/.."` is relative to that
//! directory. The fixtures live in `tests/ui/wit/` and are copied there
//! first, so that the cases read like user code.

use std::fs;
use std::path::Path;

#[test]
fn ui() {
    copy_fixtures();
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}

/// Copies `tests/ui/wit/` to `wit/` in trybuild's generated crate.
fn copy_fixtures() {
    // `CARGO_TARGET_TMPDIR` is `<target>/tmp`; trybuild's crate is
    // `<target>/tests/trybuild/<this crate's name>`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let to = project.join("wit");
    if to.exists() {
        fs::remove_dir_all(&to).expect("remove old fixtures");
    }
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/wit"),
        &to,
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create fixture dir");
    for entry in fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("read fixture dir entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("fixture file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).expect("copy fixture");
        }
    }
}
