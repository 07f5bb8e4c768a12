//! `borrowed-text`: the app's `echo` with `export_params = "borrowed"`.
//! The bindings hand the caller's bytes over as `&str` (no copy at the
//! boundary); the one copy an echo needs to return a new string is the
//! implementation's own `to_owned`.

weld::generate!({ path: "../wit", world: "borrowed-text-service", export_params: "borrowed" });

use exports::many::probe::borrowed_text::Guest;

struct Text;

impl Guest for Text {
    fn echo(s: &str) -> String {
        s.to_owned()
    }
}

export!(Text);
