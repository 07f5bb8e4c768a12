//! Semver-compatible binding in the link-time check, on records from real
//! WIT (`weld_bindgen::metadata`, what each crate's bindings carry): crate
//! `app` imports `test:semver/api` in one version, crate `svc` exports it
//! in another. The linked objects themselves are in `semver_link.rs`.

mod common;

use common::{EXTRA, api, assert_has, from_wit};
use weld_abi::metadata::Record;
use weld_ld::check::{
    Diagnostic, HostImports, Imports, Options, Slot, Wiring, check, check_linked,
};

/// The records of crate `krate` built against `test:semver@<version>`
/// with `api(extra)` and `world w { <world> }`.
fn records(krate: &str, version: &str, extra: &str, world: &str) -> Vec<Record> {
    from_wit(krate, version, &api(extra), world)
}

fn app(version: &str, extra: &str) -> Vec<Record> {
    records("app", version, extra, "import api;")
}

fn svc(version: &str, extra: &str) -> Vec<Record> {
    records("svc", version, extra, "export api;")
}

fn slot(version: &str) -> Slot {
    Slot::Interface(format!("test:semver/api@{version}"))
}

fn deny() -> Options {
    Options {
        host_imports: HostImports::Deny,
    }
}

fn link(crates: &[Vec<Record>]) -> Wiring {
    check(&crates.concat(), &deny()).unwrap_or_else(|e| panic!("{}", render(&e)))
}

fn errors(crates: &[Vec<Record>]) -> Vec<Diagnostic> {
    match check(&crates.concat(), &Options::default()) {
        Ok(w) => panic!("linked: {w:#?}"),
        Err(e) => e,
    }
}

fn render(errors: &[Diagnostic]) -> String {
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    all.join("\n")
}

fn only(errors: Vec<Diagnostic>) -> String {
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    errors[0].to_string()
}

#[test]
fn an_older_import_binds_to_a_newer_compatible_export() {
    let wiring = link(&[app("0.2.3", ""), svc("0.2.12", EXTRA)]);
    assert_eq!(wiring.provided[&slot("0.2.3")], "svc");
    assert_eq!(wiring.compatible[&slot("0.2.3")], slot("0.2.12"));
    assert!(wiring.host_imports.is_empty());
    assert!(wiring.provides_to(&slot("0.2.3"), "app"));
    // 1.x: the major version.
    let wiring = link(&[app("1.0.0", ""), svc("1.4.2", "")]);
    assert_eq!(wiring.compatible[&slot("1.0.0")], slot("1.4.2"));
}

#[test]
fn a_newer_import_binds_to_an_older_export_unless_it_calls_what_that_lacks() {
    let crates = [app("0.2.12", EXTRA), svc("0.2.3", "")].concat();
    // Nothing in the module calls `extra`: it links.
    let imports = [];
    let wiring = check_linked(&crates, &deny(), Some(Imports::renamed(&imports))).unwrap();
    assert_eq!(wiring.compatible[&slot("0.2.12")], slot("0.2.3"));
    // The module still imports it: something calls it.
    let imports = [("test:semver/api@0.2.12".to_string(), "extra".to_string())];
    let shown = only(check_linked(&crates, &deny(), Some(Imports::renamed(&imports))).unwrap_err());
    assert_has(
        &shown,
        &[
            "error: crate `app` imports function `extra` of `test:semver/api@0.2.12`, \
             which crate `svc` does not export (it exports `test:semver/api@0.2.3`)",
            "note: `test:semver/api@0.2.12` is bound to `test:semver/api@0.2.3`, the \
             semver-compatible version crate `svc` exports",
            "help: build crate `svc` against `test:semver@0.2.12` (or a later compatible \
             version), which has `extra`",
        ],
    );
    // Without the module's imports every function counts.
    assert_has(
        &only(errors(&[app("0.2.12", EXTRA), svc("0.2.3", "")])),
        &["`extra`"],
    );
}

#[test]
fn a_type_that_differs_across_versions_is_refused_by_name() {
    assert!(check(&[app("0.2.3", ""), svc("0.2.12", "")].concat(), &deny()).is_ok());
    // The provider built from WIT where `pair.b` is a u64.
    let changed = from_wit(
        "svc",
        "0.2.12",
        &api("").replace("b: u32 }", "b: u64 }"),
        "export api;",
    );
    let shown = only(errors(&[app("0.2.3", ""), changed]));
    assert_has(
        &shown,
        &[
            "error: function `add` of `test:semver/api@0.2.3` differs between crate `app` \
             (imports it) and crate `svc` (exports it as `test:semver/api@0.2.12`)",
            "note: type `pair` differs",
            "note: `test:semver/api@0.2.3` is bound to `test:semver/api@0.2.12`",
            "help: build both crates against the same version of `test:semver`",
        ],
    );
}

#[test]
fn incompatible_versions_keep_the_skew_error() {
    for (import, export) in [
        ("0.3.0", "0.2.12"),
        ("1.0.0", "2.0.0"),
        ("0.0.1", "0.0.2"),
        ("0.2.0-rc1", "0.2.0"),
    ] {
        let shown = only(errors(&[app(import, ""), svc(export, "")]));
        assert_has(
            &shown,
            &[
                &format!(
                    "error: crate `app` imports `test:semver/api@{import}`, but crate `svc` \
                     exports `test:semver/api@{export}`"
                ),
                "an incompatible version of it",
                "help: build every crate against the same version of `test:semver`",
            ],
        );
    }
}

#[test]
fn an_exact_export_wins_and_the_highest_compatible_version_is_chosen() {
    let both = [
        records("svc", "0.2.3", "", "export api;"),
        records("svc", "0.2.12", "", "export api;"),
        records("svc", "0.2.7", "", "export api;"),
    ]
    .concat();
    let wiring = link(&[app("0.2.5", ""), both.clone()]);
    assert_eq!(wiring.compatible[&slot("0.2.5")], slot("0.2.12"));
    let wiring = link(&[app("0.2.3", ""), both]);
    assert!(wiring.compatible.is_empty(), "{wiring:#?}");
    assert_eq!(wiring.provided[&slot("0.2.3")], "svc");
}

#[test]
fn two_crates_exporting_compatible_versions_are_two_providers() {
    let other = records("svc2", "0.2.3", "", "export api;");
    let shown = only(errors(&[
        app("0.2.5", ""),
        svc("0.2.12", ""),
        other.clone(),
    ]));
    assert_has(
        &shown,
        &[
            "error: interface `test:semver/api` is exported in compatible versions by 2 \
             crates: `svc` (`test:semver/api@0.2.12`) and `svc2` (`test:semver/api@0.2.3`)",
            "help: link only one of `svc` and `svc2`",
        ],
    );
    // Even when every import has its exact version.
    let exact = [app("0.2.3", ""), svc("0.2.12", ""), other];
    assert_has(
        &only(errors(&exact)),
        &["in compatible versions by 2 crates"],
    );
}

#[test]
fn wrappers_wrap_one_version() {
    let layer = records("layer", "0.2.12", "", "import api; export api;");
    // The wrapper's own import goes to the host; the older import binds to
    // the wrapper.
    let wiring = check(
        &[app("0.2.3", ""), layer.clone()].concat(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(wiring.provided[&slot("0.2.3")], "layer");
    assert_eq!(wiring.compatible[&slot("0.2.3")], slot("0.2.12"));
    assert_eq!(wiring.host_imports[&slot("0.2.12")], ["layer"]);
    // A wrapper of one version with a provider of another is refused.
    let shown = only(errors(&[app("0.2.12", ""), layer, svc("0.2.3", "")]));
    assert_has(
        &shown,
        &[
            "error: crate `layer` wraps `test:semver/api@0.2.12`, but crate `svc` exports \
             `test:semver/api@0.2.3`",
            "weld-ld does not wrap across versions",
        ],
    );
}

#[test]
fn an_import_never_binds_to_its_own_crates_other_version() {
    let import = records("adapter", "0.2.3", "", "import api;");
    let export = records("adapter", "0.2.12", "", "export api;");
    let shown = only(errors(&[import, export]));
    assert_has(
        &shown,
        &[
            "error: crate `adapter` imports `test:semver/api@0.2.3` and exports \
             `test:semver/api@0.2.12`, a compatible version of it",
            "a wrapper must import and export the same version",
        ],
    );
}
