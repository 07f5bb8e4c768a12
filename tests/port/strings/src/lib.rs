//! Exports `port:test/strings`.

weld::generate!({
    path: "../wit",
    world: "strings-provider",
});

use exports::port::test::strings::Guest;

struct Component;

impl Guest for Component {
    fn shout(s: String) -> String {
        format!("{}!", s.to_uppercase())
    }

    fn join(parts: Vec<String>, sep: String) -> String {
        parts.join(&sep)
    }

    fn count_words(s: String) -> u32 {
        s.split_whitespace().count() as u32
    }
}

export!(Component);
