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

#[test]
fn a_crate_importing_its_own_export_is_rejected() {
    let f = [(ItemKind::Func, "handle", 7)];
    let records = [
        record(
            "wrapper",
            Direction::Import,
            Some("wasi:http/handler@0.2.0"),
            &f,
        ),
        record(
            "wrapper",
            Direction::Export,
            Some("wasi:http/handler@0.2.0"),
            &f,
        ),
    ];
    let msg = one_error(&records, &Options::default());
    assert!(
        msg.contains(
            "crate `wrapper` both imports and exports interface `wasi:http/handler@0.2.0`"
        ),
        "{msg}"
    );
}
