// `raw_strings`: every WIT `string` is bytes, `Vec<u8>` (and `&[u8]` as an
// imported function's parameter), in every position, as in wit-bindgen.

weld::generate!({
    inline: "
        package ui:raw;
        interface text {
            record entry { key: string, values: list<string> }
            variant token { word(string), number(u32) }
            upper: func(s: string) -> string;
            split: func(s: string, at: option<string>) -> list<string>;
            lookup: func(e: entry) -> result<string, string>;
            first: func(t: list<token>) -> option<token>;
        }
        world app {
            import text;
            export text;
            export run: func(input: string, names: list<string>) -> string;
        }
    ",
    world: "app",
    raw_strings,
});

use exports::ui::raw::text::{Entry, Token};

struct App;

impl Guest for App {
    fn run(input: Vec<u8>, names: Vec<Vec<u8>>) -> Vec<u8> {
        let mut out = ui::raw::text::upper(&input);
        let parts: Vec<Vec<u8>> = ui::raw::text::split(&out, Some(b","));
        let entry = ui::raw::text::Entry { key: out.clone(), values: parts };
        if let Ok(found) = ui::raw::text::lookup(&entry) {
            out.extend_from_slice(&found);
        }
        out.extend(names.concat());
        out
    }
}

impl exports::ui::raw::text::Guest for App {
    fn upper(s: Vec<u8>) -> Vec<u8> {
        s.to_ascii_uppercase()
    }
    fn split(s: Vec<u8>, at: Option<Vec<u8>>) -> Vec<Vec<u8>> {
        let at = at.and_then(|a| a.first().copied()).unwrap_or(b' ');
        s.split(|b| *b == at).map(<[u8]>::to_vec).collect()
    }
    fn lookup(e: Entry) -> Result<Vec<u8>, Vec<u8>> {
        e.values.into_iter().next().ok_or(e.key)
    }
    fn first(t: Vec<Token>) -> Option<Token> {
        t.into_iter().find(|t| matches!(t, Token::Word(w) if !w.is_empty()))
    }
}

export!(App);

fn main() {}
