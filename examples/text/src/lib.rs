//! The text service: exports `example:text/transform` with owned parameters
//! (wit-bindgen's default API).

#[weld::shared_world(path = "wit", world = "text-service")]
mod bindings {}

use bindings::exports::example::text::transform::{Guest, TextStats};

struct Text;

impl Guest for Text {
    fn upper(s: String) -> String {
        s.to_uppercase()
    }

    fn words(s: String) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn stats(s: String) -> TextStats {
        TextStats {
            chars: s.chars().count() as u32,
            words: s.split_whitespace().count() as u32,
            lines: s.lines().count() as u32,
        }
    }
}

bindings::export!(Text with_types_in bindings);
