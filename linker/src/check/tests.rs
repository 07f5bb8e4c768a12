//! Unit tests of the check on hand-made records: the corners that WIT
//! cannot produce (empty names, foreign versions, one crate in two forms).
//! The mismatch matrix from real WIT is in `tests/mismatch.rs`.

use weld_abi::metadata::{Direction, Item, ItemKind, Record};

use super::compare::distance;
use super::*;

fn record(
    krate: &str,
    direction: Direction,
    interface: Option<&str>,
    items: &[(ItemKind, &str, u64)],
) -> Record {
    let mut r = Record::new(krate, "ex:w/w", direction, interface.map(str::to_owned));
    r.items = items
        .iter()
        .map(|&(kind, name, hash)| Item {
            kind,
            name: name.to_owned(),
            hash,
        })
        .collect();
    r
}

fn one_error(records: &[Record], options: &Options) -> String {
    let errors = check(records, options).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].to_string()
}

#[test]
fn display_is_rustc_style() {
    let d = Diagnostic::new("bad").note("one").note("two").hint("fix");
    assert_eq!(
        d.to_string(),
        "error: bad\n  = note: one\n  = note: two\n  = help: fix"
    );
    assert_eq!(Diagnostic::new("only").to_string(), "error: only");
}

#[test]
fn allow_list_syntax() {
    let iface = Slot::Interface("wasi:cli/environment@0.2.0".into());
    let root = Slot::Function("now".into());
    let allows = |entries: &[&str], slot: &Slot| {
        HostImports::AllowList(entries.iter().map(|e| e.to_string()).collect()).allows(slot)
    };
    assert!(allows(&["wasi:cli/environment@0.2.0"], &iface));
    assert!(allows(&["wasi:cli/environment"], &iface));
    assert!(allows(&["wasi:*"], &iface));
    assert!(allows(&["*"], &iface));
    assert!(!allows(&["wasi:cli/environment@0.2.1"], &iface));
    assert!(!allows(&["wasi:cli/env"], &iface));
    assert!(!allows(&[], &iface));
    assert!(allows(&["$root/now"], &root));
    assert!(allows(&["$root/*"], &root));
    assert!(!allows(&["now", "$root/later"], &root));
    assert!(!allows(&["$root/*"], &iface));
    assert!(HostImports::Allow.allows(&root) && !HostImports::Deny.allows(&root));
    assert_eq!(root.to_string(), "$root/now");
    assert_eq!(root.module(), "$root");
}

#[test]
fn edit_distance() {
    assert_eq!(distance("area", "area"), Some(0));
    assert_eq!(distance("area", "aera"), Some(2));
    assert_eq!(distance("", "abc"), Some(3));
    assert_eq!(distance("é", "e"), Some(1));
    assert_eq!(distance(&"a".repeat(200), "a"), None);
}

#[test]
fn empty_input_and_empty_names_do_not_panic() {
    assert_eq!(check(&[], &Options::default()), Ok(Wiring::default()));
    let records = [
        record("", Direction::Import, Some(""), &[(ItemKind::Func, "", 1)]),
        record("", Direction::Export, Some("@"), &[]),
        record("", Direction::Import, None, &[(ItemKind::Func, "", 1)]),
        record("x", Direction::Export, None, &[(ItemKind::Type, "", 1)]),
    ];
    let deny = Options {
        host_imports: HostImports::Deny,
    };
    // `` and `@` are one interface in two versions; `$root/` is unprovided.
    let errors = check(&records, &deny).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let errors = check(&records, &Options::default()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");

    let wiring = check(&records[2..], &Options::default()).unwrap();
    assert_eq!(wiring.crates.len(), 2);
    assert!(wiring.provided.is_empty());
    assert_eq!(wiring.host_imports[&Slot::Function(String::new())], [""]);
}

#[test]
fn newer_abi_says_upgrade_weld_ld() {
    let mut r = record("future", Direction::Export, Some("a"), &[]);
    r.abi_version = ABI_NEXT;
    r.weld_version = "9.0.0".into();
    let mut old = r.clone();
    old.interface = Some("b".into());
    old.abi_version = 0;
    old.weld_version = String::new();
    let shown = one_error(&[r, old], &Options::default());
    assert!(
        shown.contains("crate `future` was built by weld <unknown version> (ABI 0)"),
        "{shown}"
    );
    assert!(
        shown.contains("also has records written by weld 9.0.0"),
        "{shown}"
    );
    assert!(shown.contains("rebuild `future`"), "{shown}");

    let mut r = record("future", Direction::Export, Some("a"), &[]);
    r.abi_version = ABI_NEXT;
    r.weld_version = "9.0.0".into();
    let shown = one_error(&[r], &Options::default());
    assert!(shown.contains("upgrade weld-ld to weld 9.0.0"), "{shown}");
}

const ABI_NEXT: u32 = weld_abi::ABI_VERSION + 1;

#[test]
fn foreign_records_are_not_compared() {
    let import = record(
        "app",
        Direction::Import,
        Some("i"),
        &[(ItemKind::Func, "f", 1)],
    );
    let mut export = record(
        "old",
        Direction::Export,
        Some("i"),
        &[(ItemKind::Func, "f", 2)],
    );
    export.abi_version = 0;
    let shown = one_error(&[import, export], &Options::default());
    assert!(shown.contains("crate `old` was built by weld"), "{shown}");
}

#[test]
fn one_crate_exporting_two_forms() {
    let a = record(
        "svc",
        Direction::Export,
        Some("i"),
        &[(ItemKind::Func, "f", 1)],
    );
    let b = record(
        "svc",
        Direction::Export,
        Some("i"),
        &[(ItemKind::Func, "f", 2)],
    );
    let shown = one_error(&[a, b], &Options::default());
    assert!(
        shown.contains("crate `svc` exports interface `i` twice"),
        "{shown}"
    );
}

#[test]
fn same_record_from_two_worlds_and_in_any_order_counts_once() {
    let items = [(ItemKind::Type, "t", 3), (ItemKind::Func, "f", 1)];
    let a = record("svc", Direction::Export, Some("i"), &items);
    let mut b = a.clone();
    b.world = "ex:w/other".into();
    b.items.reverse();
    let wiring = check(&[a, b], &Options::default()).unwrap();
    assert_eq!(wiring.provided[&Slot::Interface("i".into())], "svc");
}

#[test]
fn similar_name_and_export_list_notes() {
    let import = record(
        "app",
        Direction::Import,
        Some("i"),
        &[(ItemKind::Func, "lenght", 1)],
    );
    let export = record(
        "svc",
        Direction::Export,
        Some("i"),
        &[(ItemKind::Func, "length", 2), (ItemKind::Func, "other", 3)],
    );
    let shown = one_error(&[import.clone(), export], &Options::default());
    assert!(shown.contains("similar name: `length`"), "{shown}");

    let export = record(
        "svc",
        Direction::Export,
        Some("i"),
        &[(ItemKind::Func, "zzz", 2)],
    );
    let shown = one_error(&[import.clone(), export], &Options::default());
    assert!(shown.contains("crate `svc` exports `zzz`"), "{shown}");

    let export = record("svc", Direction::Export, Some("i"), &[]);
    let shown = one_error(&[import, export], &Options::default());
    assert!(shown.contains("exports no functions of `i`"), "{shown}");
}

fn wrapper_records(inner: Option<u64>, app_hash: u64) -> Vec<Record> {
    let iface = Some("wasi:http/handler@0.2.0");
    let f = [(ItemKind::Func, "handle", 7)];
    let mut records = vec![
        record("layer", Direction::Import, iface, &f),
        record("layer", Direction::Export, iface, &f),
        record(
            "app",
            Direction::Import,
            iface,
            &[(ItemKind::Func, "handle", app_hash)],
        ),
    ];
    if let Some(hash) = inner {
        records.push(record(
            "svc",
            Direction::Export,
            iface,
            &[(ItemKind::Func, "handle", hash)],
        ));
    }
    records
}

#[test]
fn a_wrapper_sits_between_the_importers_and_the_other_provider() {
    let slot = Slot::Interface("wasi:http/handler@0.2.0".into());
    let wiring = check(&wrapper_records(Some(7), 7), &Options::default()).unwrap();
    assert_eq!(wiring.provided[&slot], "layer");
    assert_eq!(
        wiring.wrapped[&slot],
        Wrapped {
            wrapper: "layer".into(),
            inner: Some("svc".into())
        }
    );
    assert!(wiring.host_imports.is_empty());
    assert!(wiring.provides_to(&slot, "app") && wiring.provides_to(&slot, "layer"));
}

#[test]
fn a_wrapper_without_another_provider_imports_from_the_host() {
    let slot = Slot::Interface("wasi:http/handler@0.2.0".into());
    let wiring = check(&wrapper_records(None, 7), &Options::default()).unwrap();
    assert_eq!(wiring.provided[&slot], "layer");
    assert_eq!(wiring.wrapped[&slot].inner, None);
    assert_eq!(wiring.host_imports[&slot], ["layer"]);
    assert!(wiring.provides_to(&slot, "app") && !wiring.provides_to(&slot, "layer"));
    let denied = Options {
        host_imports: HostImports::Deny,
    };
    let msg = one_error(&wrapper_records(None, 7), &denied);
    assert!(msg.contains("`layer`"), "{msg}");
}

#[test]
fn each_side_of_a_wrapper_is_compared_with_what_it_binds_to() {
    // The app's import differs from the wrapper's export.
    let msg = one_error(&wrapper_records(Some(7), 8), &Options::default());
    assert!(msg.contains("`app`") && msg.contains("`layer`"), "{msg}");
    assert!(!msg.contains("`svc`"), "{msg}");
    // The wrapper's import differs from the inner provider's export.
    let msg = one_error(&wrapper_records(Some(9), 7), &Options::default());
    assert!(msg.contains("`layer`") && msg.contains("`svc`"), "{msg}");
    assert!(!msg.contains("`app`"), "{msg}");
}

#[test]
fn two_wrappers_of_one_interface_are_rejected() {
    let iface = Some("i");
    let f = [(ItemKind::Func, "f", 1)];
    let records = [
        record("a", Direction::Import, iface, &f),
        record("a", Direction::Export, iface, &f),
        record("b", Direction::Import, iface, &f),
        record("b", Direction::Export, iface, &f),
    ];
    let msg = one_error(&records, &Options::default());
    assert!(
        msg.contains("interface `i` is wrapped by 2 crates: `a` and `b`"),
        "{msg}"
    );
}

/// SPEC.md section 1 shows the version-mismatch message: it is what the
/// check prints (written for weld 0.1.0: the current weld version stands
/// in for it, so a release does not change the text).
#[test]
fn spec_section_1_shows_the_abi_version_message() {
    let spec_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../abi-spec/SPEC.md");
    let spec = std::fs::read_to_string(spec_path).unwrap();
    let section = spec
        .split("\n## ")
        .find(|s| s.starts_with("1. Versioning"))
        .expect("SPEC.md section 1");
    let block = section
        .split("```weld-ld-message\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a ```weld-ld-message block in SPEC.md section 1");
    let mut r = record(
        "text-svc",
        Direction::Export,
        Some("ex:text/api@0.1.0"),
        &[],
    );
    r.abi_version = 0;
    r.weld_version = "0.0.9".into();
    let shown = one_error(&[r], &Options::default());
    let shown = shown.replace(weld_abi::WELD_VERSION, "0.1.0");
    assert_eq!(
        block, shown,
        "SPEC.md section 1's message differs from the check's"
    );
}

#[test]
fn an_unprovided_async_import_is_refused_naming_the_functions() {
    let records = [record(
        "app",
        Direction::Import,
        Some("ex:a/calls@0.1.0"),
        &[
            (ItemKind::Func, "[async]fetch", 1),
            (ItemKind::Func, "[streams]pipe", 3),
            (ItemKind::Func, "plain", 2),
        ],
    )];
    let imports = [
        ("ex:a/calls@0.1.0".to_string(), "plain".to_string()),
        ("ex:a/calls@0.1.0".to_string(), "[async]fetch".to_string()),
        ("ex:a/calls@0.1.0".to_string(), "pipe".to_string()),
    ];
    let errors = check_linked(
        &records,
        &Options::default(),
        Some(Imports::renamed(&imports)),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let msg = errors[0].to_string();
    assert!(
        msg.contains("interface `ex:a/calls@0.1.0` imported by crate `app`")
            && msg.contains("async function `fetch`")
            && msg.contains("function `pipe` (its parameters or result carry futures, streams or error-contexts)")
            && msg.contains("ASYNC.md section 11"),
        "{msg}"
    );
    // When the module imports only the plain function (the others were
    // not called), the import goes to the host.
    let sync = [imports[0].clone()];
    let wiring =
        check_linked(&records, &Options::default(), Some(Imports::renamed(&sync))).unwrap();
    assert_eq!(
        wiring.host_imports[&Slot::Interface("ex:a/calls@0.1.0".into())],
        ["app"]
    );
    // Through the importer's host adapter, the module imports the
    // Canonical ABI's `[async-lower]fetch` (the adapter's own import, not
    // renamed from a weld symbol): the interface goes to the host.
    let lowered = [
        imports[0].clone(),
        (
            "ex:a/calls@0.1.0".to_string(),
            "[async-lower]fetch".to_string(),
        ),
    ];
    let wiring = check_linked(
        &records,
        &Options::default(),
        Some(Imports {
            all: &lowered,
            unserved: &lowered[..1],
        }),
    )
    .unwrap();
    assert_eq!(
        wiring.host_imports[&Slot::Interface("ex:a/calls@0.1.0".into())],
        ["app"]
    );
    // With `pipe` called by a host adapter (the module imports `pipe`
    // through the adapter's own Canonical ABI call, not renamed from its
    // weld symbol), `pipe` goes to the host too; whether the module also
    // imports error-context or stream built-ins does not matter.
    let bridged = [
        lowered[0].clone(),
        lowered[1].clone(),
        ("ex:a/calls@0.1.0".to_string(), "pipe".to_string()),
    ];
    let served = Imports {
        all: &bridged,
        unserved: &bridged[..1],
    };
    let wiring = check_linked(&records, &Options::default(), Some(served)).unwrap();
    assert_eq!(
        wiring.host_imports[&Slot::Interface("ex:a/calls@0.1.0".into())],
        ["app"]
    );
    // The same imports, `pipe` renamed from its weld symbol (no adapter
    // served that reference, whatever built-ins others import): refused.
    let unserved = Imports {
        all: &bridged,
        unserved: &[bridged[0].clone(), bridged[2].clone()],
    };
    let errors = check_linked(&records, &Options::default(), Some(unserved)).unwrap_err();
    let msg = errors[0].to_string();
    assert!(
        !msg.contains("async function `fetch`") && msg.contains("function `pipe`"),
        "{msg}"
    );
    // Before the link, the async function counts as served by its
    // importer's adapter; the function carrying streams does not.
    let errors = check(&records, &Options::default()).unwrap_err();
    let msg = errors[0].to_string();
    assert!(
        !msg.contains("async function `fetch`") && msg.contains("function `pipe`"),
        "{msg}"
    );
}
