//! The `with` option's resolution: which keys match which interfaces, and
//! the errors for keys that cannot be used.

use weld_bindgen::{ErrorKind, Options, RustPath, Source, WithTarget};

const WIT: &str = "
    package t:remap@1.2.0;
    interface types { record pos { x: u32 } }
    interface api { use types.{pos}; get: func() -> pos; }
    world w {
        import api;
        export types;
    }
    world imports-only {
        import api;
    }
    world exports-only {
        export types;
    }
";

fn options(world: &str, with: &[(&str, Option<&str>)]) -> Options {
    let mut o = Options::new(Source::Inline(WIT.to_string()));
    o.world = Some(world.to_string());
    o.with = with
        .iter()
        .map(|(k, p)| {
            let target = match p {
                Some(p) => WithTarget::Path(RustPath::parse(p).unwrap()),
                None => WithTarget::Generate,
            };
            (k.to_string(), target)
        })
        .collect();
    o
}

fn generated(o: &Options) -> String {
    weld_bindgen::generate(o).unwrap().tokens.to_string()
}

#[test]
fn a_key_with_or_without_the_version_maps_the_interface() {
    for key in ["t:remap/types@1.2.0", "t:remap/types"] {
        let code = generated(&options("imports-only", &[(key, Some("crate::other"))]));
        assert!(
            code.contains("use crate :: other as __weld_with_0"),
            "{code}"
        );
        assert!(code.contains("__weld_with_0 :: Pos"), "{code}");
        // The mapped interface gets no module and no metadata record.
        assert!(!code.contains("pub mod types"), "{code}");
        assert!(!code.contains("import t:remap/types"), "{code}");
    }
}

#[test]
fn generate_is_the_default() {
    let plain = generated(&options("imports-only", &[]));
    let explicit = generated(&options("imports-only", &[("t:remap/types", None)]));
    assert_eq!(plain, explicit);
    assert!(plain.contains("pub mod types"));
    assert!(plain.contains("import t:remap/types"));
}

#[test]
fn a_key_naming_an_exported_interface_changes_nothing() {
    // As in wit-bindgen: an export's bindings are always generated.
    let plain = generated(&options("exports-only", &[]));
    for key in ["t:remap/types", "t:remap/types@1.2.0"] {
        for target in [Some("crate::x"), None] {
            let code = generated(&options("exports-only", &[(key, target)]));
            assert_eq!(code, plain, "{key}");
        }
    }
}

#[test]
fn a_type_key_maps_one_type_of_an_imported_interface() {
    for key in ["t:remap/types@1.2.0/pos", "t:remap/types/pos"] {
        let code = generated(&options("imports-only", &[(key, Some("crate::MyPos"))]));
        assert!(
            code.contains("use crate :: MyPos as __weld_with_0"),
            "{code}"
        );
        // No definition of its own; the alias in `api` and the function's
        // result name the user's type.
        assert!(!code.contains("pub struct Pos"), "{code}");
        assert!(
            code.contains("pub type Pos = super :: super :: super :: __weld_with_0"),
            "{code}"
        );
        // The interface itself is still generated, with its record.
        assert!(code.contains("pub mod types"), "{code}");
    }
    let e = weld_bindgen::generate(&options("imports-only", &[("t:remap/types/nope", None)]))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::With(String::from("t:remap/types/nope")));
}

#[test]
fn unknown_keys_are_errors_naming_the_key() {
    let e =
        weld_bindgen::generate(&options("imports-only", &[("t:remap/typo", None)])).unwrap_err();
    assert_eq!(e.kind, ErrorKind::With(String::from("t:remap/typo")));
    assert!(
        e.to_string()
            .contains("t:remap/api@1.2.0, t:remap/types@1.2.0"),
        "{e}"
    );
}

/// One interface under several names (`import api; import backup: api;`):
/// as in wit-bindgen, a key maps that name's import only; the other
/// name's module is generated with its own types, which do not go through
/// the alias.
#[test]
fn a_key_maps_one_name_of_an_interface_under_several() {
    let wit = "
        package t:names;
        interface api { record pos { x: u32 } get: func() -> pos; }
        world w { import api; import backup: api; }
    ";
    let with = |key: &str| {
        let mut o = Options::new(Source::Inline(wit.to_string()));
        o.world = Some(String::from("w"));
        o.with = vec![(
            key.to_string(),
            WithTarget::Path(RustPath::parse("crate::other").unwrap()),
        )];
        generated(&o)
    };
    let code = with("t:names/api");
    assert!(!code.contains("pub mod api"), "{code}");
    assert!(code.contains("pub mod backup"), "{code}");
    assert!(code.contains("super :: backup :: Pos"), "{code}");
    assert!(!code.contains("__weld_with_0 :: Pos"), "{code}");
    assert!(code.contains("weld1|backup|get"), "{code}");
    assert!(!code.contains("weld1|t:names/api|get"), "{code}");

    let code = with("backup");
    assert!(code.contains("pub mod api"), "{code}");
    assert!(!code.contains("pub mod backup"), "{code}");
    assert!(code.contains("weld1|t:names/api|get"), "{code}");
    assert!(!code.contains("weld1|backup|get"), "{code}");
}

/// A world whose functions carry `pos` through a future and a stream.
const STREAMS_WIT: &str = "
    package t:ends;
    interface types { record pos { x: u32, label: string } }
    interface api {
        use types.{pos};
        positions: func() -> stream<pos>;
        later: func(p: future<pos>);
    }
    interface plain { count: func() -> stream<u32>; }
    world w {
        import api;
        import plain;
        export api;
    }
";

fn streams_options(with: &[(&str, &str)]) -> Options {
    let mut o = Options::new(Source::Inline(STREAMS_WIT.to_string()));
    o.with = with
        .iter()
        .map(|(k, p)| (k.to_string(), WithTarget::Path(RustPath::parse(p).unwrap())))
        .collect();
    o
}

#[test]
fn a_future_or_stream_of_a_type_with_maps_is_refused_naming_each_function() {
    for key in ["t:ends/types", "t:ends/types/pos"] {
        let err = weld_bindgen::generate(&streams_options(&[(key, "crate::mine")]))
            .err()
            .unwrap_or_else(|| panic!("{key}: generated"));
        assert_eq!(err.kind, ErrorKind::Unsupported, "{key}: {err:?}");
        let details = err.details.join("\n");
        // Both copies of `api`: the exported one's `pos` is the imported
        // `types`' too, which `with` maps.
        for side in ["imported", "exported"] {
            for f in ["positions", "later"] {
                let line = format!(
                    "function `{f}` in {side} interface `t:ends/api` carries a `future<T>` or `stream<T>` of `pos`, which `with` maps"
                );
                assert!(details.contains(&line), "{key}: {details}");
            }
        }
        assert_eq!(err.details.len(), 4, "{key}: {details}");
    }
    // Without `with`, or mapping an interface no element comes from.
    assert!(weld_bindgen::generate(&streams_options(&[])).is_ok());
    assert!(weld_bindgen::generate(&streams_options(&[("t:ends/plain", "crate::p")])).is_ok());
}
