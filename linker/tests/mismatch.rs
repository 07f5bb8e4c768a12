//! The mismatch matrix of the link-time check, on real records: each crate's
//! records come from its own WIT text through `weld_bindgen::metadata`,
//! exactly what its generated bindings would carry. A consumer crate `app`
//! imports `ex:shapes/api`; a provider crate `shapes` exports it, compiled
//! from a WIT text that differs in one way per test.

use std::collections::BTreeSet;

use weld_abi::metadata::Record;
use weld_bindgen::Source;
use weld_ld::check::{Diagnostic, HostImports, Options, Slot, Wiring, check};

/// The interface every test wires.
const API: &str = "ex:shapes/api@1.0.0";

/// The body of `interface api` both crates start from.
const BODY: &str = "
    record point { x: s32, y: s32 }
    enum color { red, green, blue }
    record unused { a: u8 }
    area: func(a: point, b: point) -> u64;
    paint: func(p: point, c: color);
    scale: func(p: point, k: u32) -> point;
";

/// WIT text: package `ex:shapes@<version>` with `interface api { <body> }`
/// and `world w { <world> }`.
fn wit(version: &str, body: &str, world: &str) -> String {
    format!(
        "package ex:shapes{version};\n\
         interface api {{ {body} }}\n\
         interface log {{ write: func(msg: string); }}\n\
         world w {{ {world} }}\n"
    )
}

/// The records crate `krate` carries when built from `wit` (world `w`).
fn records(krate: &str, wit: &str) -> Vec<Record> {
    let mut options = weld_bindgen::Options::new(Source::Inline(wit.into()));
    options.world = Some("w".into());
    options.crate_name = krate.into();
    weld_bindgen::metadata(&options).unwrap_or_else(|e| panic!("{e}\n{wit}"))
}

/// `app`, importing `api` of version 1.0.0 as in [`BODY`].
fn consumer() -> Vec<Record> {
    records("app", &wit("@1.0.0", BODY, "import api;"))
}

/// `shapes`, exporting `api` with `body`.
fn provider(body: &str) -> Vec<Record> {
    records("shapes", &wit("@1.0.0", body, "export api;"))
}

/// The diagnostics of linking `crates` with default options.
fn errors(crates: &[Vec<Record>]) -> Vec<Diagnostic> {
    errors_with(crates, &Options::default())
}

fn errors_with(crates: &[Vec<Record>], options: &Options) -> Vec<Diagnostic> {
    let all: Vec<Record> = crates.concat();
    match check(&all, options) {
        Ok(wiring) => panic!("linked silently: {wiring:#?}"),
        Err(errors) => errors,
    }
}

fn link(crates: &[Vec<Record>], options: &Options) -> Wiring {
    let all: Vec<Record> = crates.concat();
    check(&all, options).unwrap_or_else(|errors| panic!("{}", render(&errors)))
}

fn render(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one diagnostic, printed.
fn only(errors: Vec<Diagnostic>) -> String {
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    errors[0].to_string()
}

/// Asserts `shown` contains every part.
#[track_caller]
fn assert_names(shown: &str, parts: &[&str]) {
    for part in parts {
        assert!(shown.contains(part), "missing {part:?} in:\n{shown}");
    }
}

fn deny() -> Options {
    Options {
        host_imports: HostImports::Deny,
    }
}

#[test]
fn matching_pair_links() {
    let wiring = link(&[consumer(), provider(BODY)], &deny());
    assert_eq!(
        wiring.provided.get(&Slot::Interface(API.into())),
        Some(&"shapes".to_string())
    );
    assert_eq!(wiring.provided.len(), 1);
    assert!(wiring.host_imports.is_empty());
    assert_eq!(
        wiring.crates,
        BTreeSet::from(["app".into(), "shapes".into()])
    );
}

#[test]
fn duplicate_records_count_once() {
    let (app, shapes) = (consumer(), provider(BODY));
    let once = link(&[app.clone(), shapes.clone()], &deny());
    let twice = link(&[app.clone(), shapes.clone(), shapes, app], &deny());
    assert_eq!(once, twice);
}

#[test]
fn changed_parameter_type() {
    let body = BODY.replace("k: u32", "k: u64");
    let shown = only(errors(&[consumer(), provider(&body)]));
    assert_names(
        &shown,
        &[
            "error: function `scale` of `ex:shapes/api@1.0.0` differs between \
             crate `app` (imports it) and crate `shapes` (exports it)",
            "note: the parameter or result types of `scale` differ",
            "help: rebuild both crates against the same WIT",
        ],
    );
}

#[test]
fn added_record_field() {
    let body = BODY.replace("y: s32 }", "y: s32, z: s32 }");
    let errors = errors(&[consumer(), provider(&body)]);
    // Every function taking or returning a `point` differs.
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    for (error, func) in errors.iter().zip(["area", "paint", "scale"]) {
        assert_names(
            &error.to_string(),
            &[
                &format!("function `{func}` of `{API}` differs"),
                "crate `app` (imports it) and crate `shapes` (exports it)",
                "note: type `point` differs",
            ],
        );
    }
}

#[test]
fn renamed_function() {
    let body = BODY.replace("area:", "surface:");
    let shown = only(errors(&[consumer(), provider(&body)]));
    assert_names(
        &shown,
        &[
            "error: crate `app` imports function `area` of `ex:shapes/api@1.0.0`, \
             which crate `shapes` does not export",
            "note: crate `shapes` exports `surface` with the same signature: renamed to `surface`?",
            "crate `app` was built against world `ex:shapes/w@1.0.0`",
        ],
    );
}

#[test]
fn changed_enum_case() {
    let body = BODY.replace("blue", "yellow");
    let shown = only(errors(&[consumer(), provider(&body)]));
    assert_names(
        &shown,
        &[
            "error: function `paint` of `ex:shapes/api@1.0.0` differs between \
             crate `app` (imports it) and crate `shapes` (exports it)",
            "note: type `color` differs",
        ],
    );
    assert!(!shown.contains("`point`"), "{shown}");
}

#[test]
fn type_mismatch_not_reached_by_a_function() {
    let body = BODY.replace("a: u8", "a: u16");
    let shown = only(errors(&[consumer(), provider(&body)]));
    assert_names(
        &shown,
        &[
            "error: type `unused` of `ex:shapes/api@1.0.0` differs between crate `app` (imports it) and crate `shapes` (exports it)",
        ],
    );
}

#[test]
fn package_version_skew() {
    let newer = records("shapes", &wit("@2.0.0", BODY, "export api;"));
    // Not sent to the host even though host imports are allowed.
    let shown = only(errors(&[consumer(), newer]));
    assert_names(
        &shown,
        &[
            "error: crate `app` imports `ex:shapes/api@1.0.0`, but crate `shapes` exports `ex:shapes/api@2.0.0`",
            "help: build every crate against the same version of `ex:shapes`",
        ],
    );
    let unversioned = records("shapes", &wit("", BODY, "export api;"));
    let shown = only(errors(&[consumer(), unversioned]));
    assert_names(&shown, &["but crate `shapes` exports `ex:shapes/api`"]);
}

#[test]
fn abi_version_skew() {
    let mut old = provider(BODY);
    for record in &mut old {
        record.abi_version = 0;
        record.weld_version = "0.0.9".into();
    }
    let shown = only(errors(&[consumer(), old]));
    assert_names(
        &shown,
        &[
            &format!(
                "error: crate `shapes` was built by weld 0.0.9 (ABI 0); this is weld-ld {} (ABI {})",
                weld_abi::WELD_VERSION,
                weld_abi::ABI_VERSION
            ),
            &format!(
                "help: rebuild `shapes` with weld {}",
                weld_abi::WELD_VERSION
            ),
        ],
    );
}

#[test]
fn two_providers_of_one_interface() {
    let other = records("shapes-too", &wit("@1.0.0", BODY, "export api;"));
    let shown = only(errors(&[consumer(), provider(BODY), other]));
    assert_names(
        &shown,
        &[
            "error: interface `ex:shapes/api@1.0.0` is exported by 2 crates: `shapes` and `shapes-too`",
            "help: link only one of `shapes` and `shapes-too`",
        ],
    );
}

#[test]
fn unprovided_import_with_no_host_imports() {
    let shown = only(errors_with(&[consumer()], &deny()));
    assert_names(
        &shown,
        &[
            "error: interface `ex:shapes/api@1.0.0` imported by crate `app` is provided by no linked crate",
            "--no-host-imports",
        ],
    );
    // Allowed by default: it goes to the host.
    let wiring = link(&[consumer()], &Options::default());
    assert_eq!(
        wiring.host_imports.get(&Slot::Interface(API.into())),
        Some(&vec!["app".to_string()])
    );
}

#[test]
fn allow_listed_host_imports_link() {
    let app = records(
        "app",
        &wit(
            "@1.0.0",
            BODY,
            "import api; import log; import now: func() -> u64;",
        ),
    );
    let log = Slot::Interface("ex:shapes/log@1.0.0".into());
    let now = Slot::Function("now".into());
    let allow = |entries: &[&str]| Options {
        host_imports: HostImports::AllowList(entries.iter().map(|e| e.to_string()).collect()),
    };

    let wiring = link(
        &[app.clone(), provider(BODY)],
        &allow(&["ex:shapes/log", "$root/now"]),
    );
    assert_eq!(wiring.host_imports.keys().collect::<Vec<_>>(), [&log, &now]);
    assert_eq!(wiring.host_imports[&log], ["app"]);

    let errors = errors_with(&[app, provider(BODY)], &allow(&["ex:shapes/log@1.0.0"]));
    let shown = only(errors);
    assert_names(
        &shown,
        &[
            "error: world-level function `now` imported by crate `app` is provided by no linked crate",
            "add it to the host-import allow-list (`--allow-host-import $root/now`)",
        ],
    );
}

#[test]
fn every_problem_is_reported() {
    let app = records(
        "app",
        &wit(
            "@1.0.0",
            BODY,
            "import api; import log; import now: func() -> u64;",
        ),
    );
    let body = BODY
        .replace("k: u32", "k: u64")
        .replace("area:", "surface:");
    let shapes = records("shapes", &wit("@1.0.0", &body, "export api; export log;"));
    let mut logger = records("logger", &wit("@1.0.0", BODY, "export log;"));
    for record in &mut logger {
        record.abi_version = 0;
    }
    let shown = render(&errors_with(&[app, shapes, logger], &deny()));
    assert_names(
        &shown,
        &[
            "crate `logger` was built by weld",
            "interface `ex:shapes/log@1.0.0` is exported by 2 crates: `logger` and `shapes`",
            "crate `app` imports function `area`",
            "function `scale` of `ex:shapes/api@1.0.0` differs",
            "world-level function `now` imported by crate `app` is provided by no linked crate",
        ],
    );
    assert_eq!(shown.matches("error: ").count(), 5, "{shown}");
}

#[test]
fn world_level_functions_match_by_name() {
    let app = records(
        "app",
        &wit("@1.0.0", BODY, "import now: func() -> u64; import api;"),
    );
    let clock = records("clock", &wit("@1.0.0", BODY, "export now: func() -> u64;"));
    let wiring = link(&[app.clone(), clock, provider(BODY)], &deny());
    assert_eq!(wiring.provided[&Slot::Function("now".into())], "clock");
    assert_eq!(wiring.provided[&Slot::Interface(API.into())], "shapes");

    let clock32 = records("clock", &wit("@1.0.0", BODY, "export now: func() -> u32;"));
    let shown = only(errors(&[app.clone(), clock32, provider(BODY)]));
    assert_names(
        &shown,
        &[
            "error: world-level function `now` differs between crate `app` (imports it) and crate `clock` (exports it)",
        ],
    );

    let clock = records("clock", &wit("@1.0.0", BODY, "export now: func() -> u64;"));
    let other = records(
        "other-clock",
        &wit("@1.0.0", BODY, "export now: func() -> u64;"),
    );
    let shown = only(errors(&[app, clock, other, provider(BODY)]));
    assert_names(
        &shown,
        &["error: world-level function `now` is exported by 2 crates: `clock` and `other-clock`"],
    );
}

/// One interface under two plain names (SPEC.md section 6): each name is
/// its own slot, bound to the crate exporting that name; a crate exporting
/// the interface under its own name does not serve them, so they go to the
/// host (here refused, naming the name).
#[test]
fn an_interface_under_several_names_is_a_slot_per_name() {
    let app = records(
        "app",
        &wit("@1.0.0", BODY, "import one: api; import two: api;"),
    );
    let both = records(
        "shapes",
        &wit("@1.0.0", BODY, "export one: api; export two: api;"),
    );
    let wiring = link(&[app.clone(), both], &deny());
    for name in ["one", "two"] {
        assert_eq!(
            wiring.provided.get(&Slot::Interface(name.into())),
            Some(&"shapes".to_string()),
            "{wiring:#?}"
        );
    }
    assert!(wiring.host_imports.is_empty());

    let by_interface_name = provider(BODY);
    let shown = render(&errors_with(&[app, by_interface_name], &deny()));
    assert!(
        shown.contains("`one`") && shown.contains("`two`"),
        "{shown}"
    );
    assert!(!shown.contains(&format!("`{API}`")), "{shown}");
}

/// A name's exporter is checked against its importers like any slot.
#[test]
fn a_named_slot_is_checked() {
    let app = records("app", &wit("@1.0.0", BODY, "import one: api;"));
    let body = BODY.replace("k: u32", "k: u64");
    let shapes = records("shapes", &wit("@1.0.0", &body, "export one: api;"));
    let shown = only(errors(&[app, shapes]));
    assert_names(
        &shown,
        &[
            "error: function `scale` of `one` differs between crate `app` (imports it) and crate `shapes` (exports it)",
        ],
    );
}
