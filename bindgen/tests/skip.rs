//! The `skip` option: a skipped function (by WIT name) gets no bindings, in
//! imports and exports, and no metadata item; the others are unchanged.

use weld_bindgen::{Options, Source};

const WIT: &str = "
    package t:skip;
    interface api {
        resource thing {
            constructor();
            get: func() -> u32;
            poke: func();
        }
        keep-me: func() -> u32;
        drop-me: func() -> u32;
    }
    world w {
        import api;
        export api;
        import host-keep: func();
        import host-drop: func();
        export run: func() -> u32;
        export unwanted: func() -> u32;
    }
";

fn options(skip: &[&str]) -> Options {
    let mut o = Options::new(Source::Inline(WIT.to_string()));
    o.skip = skip.iter().map(|s| s.to_string()).collect();
    o
}

fn generated(o: &Options) -> String {
    weld_bindgen::generate(o).unwrap().tokens.to_string()
}

fn func_items(o: &Options) -> Vec<String> {
    weld_bindgen::metadata(o)
        .unwrap()
        .iter()
        .flat_map(|r| r.items.iter().map(|i| i.name.clone()))
        .collect()
}

#[test]
fn skipped_functions_get_no_bindings_and_no_metadata() {
    let all = options(&[]);
    let some = options(&["drop-me", "host-drop", "unwanted", "[method]thing.poke"]);
    let (full, skipped) = (generated(&all), generated(&some));
    for name in ["fn drop_me", "fn host_drop", "fn unwanted", "fn poke"] {
        assert!(full.contains(name), "{name} without skip");
        assert!(!skipped.contains(name), "{name} is skipped: {skipped}");
    }
    for name in ["fn keep_me", "fn host_keep", "fn run", "fn get"] {
        assert!(skipped.contains(name), "{name} is not skipped");
    }
    let items = func_items(&some);
    for name in ["drop-me", "host-drop", "unwanted", "[method]thing.poke"] {
        assert!(func_items(&all).iter().any(|i| i == name), "{name}");
        assert!(!items.iter().any(|i| i == name), "{name} in {items:?}");
    }
    assert!(items.iter().any(|i| i == "keep-me"));
}

#[test]
fn a_skip_list_naming_nothing_changes_nothing() {
    assert_eq!(
        generated(&options(&[])),
        generated(&options(&["no-such-function"]))
    );
}
