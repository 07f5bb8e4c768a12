//! Options that change the generated API: `chainable_methods` (which
//! imported methods return their receiver), `additional_type_attributes`
//! and `additional_member_attributes` (which types, fields and cases get
//! the attributes) and `raw_strings` (strings as bytes), and the errors
//! for selectors that name nothing.

use weld_bindgen::{ErrorKind, Options, Source};

const WIT: &str = "
    package t:chain;
    interface api {
        resource thing {
            constructor();
            set: func(v: u32);
            get: func() -> u32;
        }
    }
    world w { import api; }
";

fn options(filters: &[&str]) -> Options {
    let mut o = Options::new(Source::Inline(WIT.to_string()));
    o.chainable_methods = filters.iter().map(|s| s.to_string()).collect();
    o
}

fn generated(filters: &[&str]) -> String {
    weld_bindgen::generate(&options(filters))
        .unwrap()
        .tokens
        .to_string()
}

#[test]
fn methods_returning_nothing_return_their_receiver() {
    let plain = generated(&[]);
    assert!(plain.contains("pub fn set (& self , v : u32) {"), "{plain}");
    let owning = generated(&["all"]);
    assert!(
        owning.contains("pub fn set (self , v : u32) -> Self"),
        "{owning}"
    );
    // A method with a result is never chainable.
    assert!(owning.contains("pub fn get (& self) -> u32"), "{owning}");
    let borrowing = generated(&["&t:chain/api#thing"]);
    assert!(
        borrowing.contains("pub fn set (& self , v : u32) -> & Self"),
        "{borrowing}"
    );
    // The first matching filter decides.
    assert_eq!(generated(&["-t:chain/api#[method]thing.set", "all"]), plain);
}

#[test]
fn a_filter_naming_no_method_is_an_error() {
    let e = weld_bindgen::generate(&options(&["t:chain/api#nothing"])).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Option);
    assert!(e.to_string().contains("`t:chain/api#nothing`"), "{e}");
    assert!(weld_bindgen::generate(&options(&["all"])).is_ok());
}

mod type_attributes {
    use weld_bindgen::{ErrorKind, Options, Source};

    const WIT: &str = "
        package t:attrs@1.0.0;
        interface types {
            record point { x: u32 }
            record other { y: u32 }
        }
        world w { import types; }
    ";

    fn options(pairs: &[(&str, &str)]) -> Options {
        let mut o = Options::new(Source::Inline(WIT.to_string()));
        o.additional_type_attributes = pairs
            .iter()
            .map(|(s, a)| (s.to_string(), a.to_string()))
            .collect();
        o
    }

    #[test]
    fn only_the_selected_type_gets_the_attribute() {
        let o = options(&[("t:attrs/types@1.0.0/point", "#[derive(Hash)]")]);
        let code = weld_bindgen::generate(&o).unwrap().tokens.to_string();
        assert_eq!(code.matches("# [derive (Hash)]").count(), 1, "{code}");
        let at = code.find("# [derive (Hash)]").unwrap();
        let point = code.find("pub struct Point").unwrap();
        assert!(
            at < point && !code[at..point].contains("pub struct"),
            "{code}"
        );
    }

    #[test]
    fn both_definitions_of_a_duplicated_type_get_the_attribute() {
        let mut o = Options::new(Source::Inline(String::from(
            "
            package t:dup;
            interface types {
                record named { name: string }
                echo: func(n: named) -> named;
            }
            world w { import types; }
            ",
        )));
        o.ownership = weld_bindgen::Ownership::Borrowing {
            duplicate_if_necessary: true,
        };
        o.additional_type_attributes = vec![(
            String::from("t:dup/types/named"),
            String::from("#[doc = \"dup\"]"),
        )];
        let code = weld_bindgen::generate(&o).unwrap().tokens.to_string();
        for def in ["pub struct NamedResult {", "pub struct NamedParam < 'a > {"] {
            let at = code.find(def).unwrap_or_else(|| panic!("{def}: {code}"));
            let before = &code[..at];
            let attr = before.rfind("# [doc = \"dup\"]").expect(def);
            assert!(!before[attr..].contains("pub struct"), "{def}: {code}");
        }
    }

    #[test]
    fn a_selector_naming_no_type_is_an_error() {
        let o = options(&[("t:attrs/types/point", "#[derive(Hash)]")]);
        let e = weld_bindgen::generate(&o).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Option);
        assert!(e.to_string().contains("t:attrs/types/point"), "{e}");
    }
}

mod raw_strings {
    use weld_bindgen::{Options, Source};

    const WIT: &str = "
        package t:raw;
        interface api {
            record r { s: string }
            f: func(s: string, r: r) -> string;
        }
        world w { import api; export api; }
    ";

    fn generated(raw: bool) -> String {
        let mut o = Options::new(Source::Inline(WIT.to_string()));
        o.raw_strings = raw;
        weld_bindgen::generate(&o).unwrap().tokens.to_string()
    }

    #[test]
    fn strings_are_bytes() {
        let plain = generated(false);
        assert!(plain.contains("pub fn f (s : & str"), "{plain}");
        let raw = generated(true);
        assert!(raw.contains("pub fn f (s : & [u8]"), "{raw}");
        assert!(raw.contains("pub s : :: weld :: rt :: Vec < u8 >"), "{raw}");
        assert!(!raw.contains("rt :: String"), "{raw}");
        assert!(
            !raw.contains("str_view") && !raw.contains("string_from_raw"),
            "{raw}"
        );
    }

    #[test]
    fn the_abi_is_unchanged() {
        let metadata = |raw: bool| {
            let mut o = Options::new(Source::Inline(WIT.to_string()));
            o.raw_strings = raw;
            weld_bindgen::metadata(&o).unwrap()
        };
        assert_eq!(metadata(false), metadata(true));
    }
}

mod member_attributes {
    use weld_bindgen::{ErrorKind, Options, Source};

    const WIT: &str = "
        package t:members@1.0.0;
        interface types {
            record point { x: u32, y: u32 }
            variant shape { dot, line(u32) }
            enum color { red, green }
        }
        world w { import types; }
    ";

    fn generated(pairs: &[(&str, &str)]) -> Result<String, weld_bindgen::Error> {
        let mut o = Options::new(Source::Inline(WIT.to_string()));
        o.additional_member_attributes = pairs
            .iter()
            .map(|(s, a)| (s.to_string(), a.to_string()))
            .collect();
        weld_bindgen::generate(&o).map(|b| b.tokens.to_string())
    }

    #[test]
    fn only_the_selected_members_get_the_attributes() {
        let code = generated(&[
            ("t:members/types@1.0.0/point.y", "#[doc = \"why\"]"),
            ("t:members/types@1.0.0/shape.line", "#[doc = \"a line\"]"),
            ("t:members/types@1.0.0/color.green", "#[doc = \"go\"]"),
        ])
        .unwrap();
        for (attr, member) in [
            ("# [doc = \"why\"] pub y : u32", "field"),
            ("# [doc = \"a line\"] Line (u32)", "variant case"),
            ("# [doc = \"go\"] Green", "enum case"),
        ] {
            assert_eq!(code.matches(attr).count(), 1, "{member}: {code}");
        }
        assert!(code.contains("{ pub x : u32 ,"), "{code}");
        assert_eq!(code.matches("# [doc = ").count(), 3, "{code}");
    }

    #[test]
    fn a_selector_naming_no_member_is_an_error() {
        for sel in [
            "t:members/types@1.0.0/point.z",
            "t:members/types@1.0.0/point",
        ] {
            let e = generated(&[(sel, "#[doc = \"x\"]")]).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Option);
            assert!(e.to_string().contains(sel), "{e}");
        }
    }
}
