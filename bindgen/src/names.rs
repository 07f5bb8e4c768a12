//! Rust names for WIT names (kebab-case): wit-bindgen's conventions, so
//! ported code keeps compiling. Rust keywords get a trailing `_`.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// `snake_case` for functions, fields, parameters and modules.
pub(crate) fn snake(name: &str) -> Ident {
    ident(&escape(name.to_snake_case()))
}

/// `UpperCamelCase` for types and cases.
pub(crate) fn camel(name: &str) -> Ident {
    ident(&escape(name.to_upper_camel_case()))
}

/// `UpperCamelCase` for the name of a type definition other than a
/// resource: as in wit-bindgen, a type named `guest` is `Guest_`, since
/// `Guest` is the name of the traits of exports.
pub(crate) fn type_name(name: &str) -> Ident {
    if name == "guest" {
        return ident("Guest_");
    }
    camel(name)
}

/// `SHOUTY_CASE` for flags.
pub(crate) fn shouty(name: &str) -> Ident {
    ident(&escape(name.to_shouty_snake_case()))
}

/// An identifier from an already valid Rust name.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
