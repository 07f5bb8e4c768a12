//! The `chainable_methods` option: which imported methods return their
//! receiver, and the error for a filter that names nothing.

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
