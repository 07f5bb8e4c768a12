//! The one table of the macro's options: every option of wit-bindgen 0.63's
//! `generate!` plus weld's own, each with the kind of value it takes, a doc
//! line and what weld does with it. The macro's parser, its unknown-option
//! and expected-value messages, and a test against docs/bindings.md are all
//! derived from [`OPTIONS`].

/// The kind of value an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string literal: `"..."`.
    Str,
    /// A string, or a list of strings.
    StrOrStrs,
    /// `true` or `false`.
    Bool,
    /// No value: the option's name alone.
    Flag,
    /// No value, or `true`/`false`.
    FlagOrBool,
    /// `true`/`false`, or a list of strings.
    BoolOrStrs,
    /// A list of string literals: `["a", "b"]`.
    Strs,
    /// A list of Rust paths: `[PartialEq, serde::Serialize]`.
    Paths,
    /// `with`'s map: `{ "ns:pkg/iface": path::to::module, .. }`.
    With,
    /// A map of selectors to attribute lists: `{ "sel": [#[attr]] }`.
    AttrMap,
    /// `ownership`'s value: `Owning` or `Borrowing { .. }`.
    Ownership,
}

impl ValueKind {
    /// What a value of this kind looks like, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Str => "a string",
            ValueKind::StrOrStrs => "a string or a list of strings",
            ValueKind::Bool => "`true` or `false`",
            ValueKind::Flag => "no value",
            ValueKind::FlagOrBool => "no value or `true`/`false`",
            ValueKind::BoolOrStrs => "`true`/`false` or a list of strings",
            ValueKind::Strs => "a list of strings",
            ValueKind::Paths => "a list of paths",
            ValueKind::With => "a map",
            ValueKind::AttrMap => "a map of selectors to attributes",
            ValueKind::Ownership => "`Owning` or `Borrowing { duplicate_if_necessary: .. }`",
        }
    }
}

/// What weld does with an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// wit-bindgen's meaning.
    Same,
    /// Accepted and without effect in weld, for the reason given.
    NoOp(&'static str),
    /// Some values have wit-bindgen's meaning (`accepted`); the others are
    /// errors, for the reason given.
    Partial {
        /// The values that are accepted.
        accepted: &'static str,
        /// Why the others are refused.
        reason: &'static str,
    },
    /// Refused, for the reason given.
    Rejected(&'static str),
    /// weld's own option (wit-bindgen's macro has no such option).
    Weld,
}

impl Status {
    /// The status's one-word label, as docs/bindings.md's table shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::NoOp(_) => "no-op",
            Status::Partial { .. } => "partial",
            Status::Rejected(_) => "rejected",
            Status::Weld => "weld only",
        }
    }
}

/// One option of the macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The option's name, as written in the macro.
    pub name: &'static str,
    /// The kind of value it takes.
    pub value: ValueKind,
    /// An example value, as written after `name:` (empty for a flag).
    pub example: &'static str,
    /// One line saying what it does.
    pub doc: &'static str,
    /// What weld does with it.
    pub status: Status,
}

impl OptionSpec {
    /// The message for a value of the wrong kind:
    /// ``option `path` takes a string: `path: "wit"` ``.
    pub fn expected_message(&self) -> String {
        let kind = self.value.describe();
        if self.example.is_empty() {
            format!("option `{}` takes {kind}: `{}`", self.name, self.name)
        } else {
            format!(
                "option `{}` takes {kind}: `{}: {}`",
                self.name, self.name, self.example
            )
        }
    }

    /// The message for an option (or a value of it) that weld refuses;
    /// `None` if the status refuses nothing.
    pub fn rejected_message(&self) -> Option<String> {
        match self.status {
            Status::Rejected(why) => {
                Some(format!("option `{}` is not supported: {why}", self.name))
            }
            Status::Partial { accepted, reason } => Some(format!(
                "option `{}` accepts only {accepted} in weld: {reason}",
                self.name
            )),
            _ => None,
        }
    }
}

/// The option named `name`, if there is one.
pub fn option(name: &str) -> Option<&'static OptionSpec> {
    OPTIONS.iter().find(|o| o.name == name)
}

/// The message for an option no one knows.
pub fn unknown_option_message(name: &str) -> String {
    let known: Vec<&str> = OPTIONS
        .iter()
        .filter(|o| !matches!(o.status, Status::Rejected(_)))
        .map(|o| o.name)
        .collect();
    format!(
        "unknown option `{name}`; the options are: {}",
        known.join(", ")
    )
}

/// Every option: wit-bindgen 0.63's, in its parser's order, then weld's own.
pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "path",
        value: ValueKind::StrOrStrs,
        example: "\"wit\"",
        doc: "WIT files or folders, relative to the crate's `Cargo.toml`",
        status: Status::Same,
    },
    OptionSpec {
        name: "inline",
        value: ValueKind::Str,
        example: "\"package a:b; world w {}\"",
        doc: "WIT source text (with `path`: the folder supplies dependencies)",
        status: Status::Same,
    },
    OptionSpec {
        name: "world",
        value: ValueKind::Str,
        example: "\"app\"",
        doc: "the world: a name or `ns:pkg/world@version` (default: the only world)",
        status: Status::Same,
    },
    OptionSpec {
        name: "std_feature",
        value: ValueKind::Flag,
        example: "",
        doc: "put what needs `std` behind `cfg(feature = \"std\")`",
        status: Status::NoOp(
            "weld's generated code uses only `core` and `alloc`, so nothing needs the `std` feature",
        ),
    },
    OptionSpec {
        name: "raw_strings",
        value: ValueKind::Flag,
        example: "",
        doc: "every WIT `string` as bytes: `Vec<u8>`, `&[u8]` in imported functions' parameters",
        status: Status::Same,
    },
    OptionSpec {
        name: "skip",
        value: ValueKind::Strs,
        example: "[\"my-function\"]",
        doc: "functions (WIT names: `f`, `[method]r.m`) to generate no bindings for",
        status: Status::Same,
    },
    OptionSpec {
        name: "ownership",
        value: ValueKind::Ownership,
        example: "Owning",
        doc: "owning or borrowing types for imported functions' parameters",
        status: Status::Same,
    },
    OptionSpec {
        name: "runtime_path",
        value: ValueKind::Str,
        example: "\"::weld\"",
        doc: "path of the runtime crate in generated code (in weld, the `weld` crate)",
        status: Status::Same,
    },
    OptionSpec {
        name: "map_type",
        value: ValueKind::Str,
        example: "\"std::collections::HashMap\"",
        doc: "the Rust type of WIT `map<K, V>`, a path to a type taking `<K, V>` that implements `Default`, `Extend<(K, V)>` and `IntoIterator` (by value and by reference, with an exact size), as `BTreeMap` and `HashMap` do (default: `weld::rt::Map`, a `BTreeMap`)",
        status: Status::Same,
    },
    OptionSpec {
        name: "bitflags_path",
        value: ValueKind::Str,
        example: "\"bitflags\"",
        doc: "path of the `bitflags` crate used for flags types",
        status: Status::NoOp(
            "weld's flags types come from its runtime's own macro (with the `bitflags` API), not from the `bitflags` crate",
        ),
    },
    OptionSpec {
        name: "stubs",
        value: ValueKind::Flag,
        example: "",
        doc: "generate stub implementations of the exports, and export them",
        status: Status::Same,
    },
    OptionSpec {
        name: "export_prefix",
        value: ValueKind::Str,
        example: "\"test_\"",
        doc: "prefix for the names of the module's exports",
        status: Status::Rejected(
            "the crates of a link call each other's exports by their weld symbol names (`weld1|<interface>|<function>`, SPEC.md), and weld-ld finds the root world's Canonical ABI exports by their standard names; a prefix would hide the exports from both",
        ),
    },
    OptionSpec {
        name: "additional_derives",
        value: ValueKind::Paths,
        example: "[PartialEq, serde::Serialize]",
        doc: "extra derives for every record, variant, enum and flags type",
        status: Status::Same,
    },
    OptionSpec {
        name: "additional_derives_ignore",
        value: ValueKind::Strs,
        example: "[\"my-record\"]",
        doc: "WIT type names that do not get `additional_derives`",
        status: Status::Same,
    },
    OptionSpec {
        name: "additional_type_attributes",
        value: ValueKind::AttrMap,
        example: "{ \"my:pkg/types/point\": [#[derive(Hash)]] }",
        doc: "extra attributes on the named records, variants and enums",
        status: Status::Same,
    },
    OptionSpec {
        name: "additional_member_attributes",
        value: ValueKind::AttrMap,
        example: "{ \"my:pkg/types/point.x\": [#[doc = \"x\"]] }",
        doc: "extra attributes on the named fields and cases",
        status: Status::Same,
    },
    OptionSpec {
        name: "with",
        value: ValueKind::With,
        example: "{ \"ns:pkg/iface\": path::to::module, \"ns:pkg/other\": generate }",
        doc: "reuse the bindings of an interface from another module, or generate them",
        status: Status::Partial {
            accepted: "keys naming imported interfaces",
            reason: "the mapped module must hold weld bindings of that interface",
        },
    },
    OptionSpec {
        name: "generate_all",
        value: ValueKind::Flag,
        example: "",
        doc: "generate every interface `with` does not map",
        status: Status::NoOp("weld generates every interface `with` does not map anyway"),
    },
    OptionSpec {
        name: "type_section_suffix",
        value: ValueKind::Str,
        example: "\"x\"",
        doc: "suffix for the name of the component-type custom section",
        status: Status::NoOp(
            "weld's metadata and WIT sections are framed per crate and concatenated by the linker, so they never collide and need no suffix",
        ),
    },
    OptionSpec {
        name: "disable_run_ctors_once_workaround",
        value: ValueKind::Bool,
        example: "true",
        doc: "turn off the guard that runs libc constructors once",
        status: Status::NoOp(
            "weld modules run constructors once in `_initialize` (SPEC.md section 9); the generated entry points never run them",
        ),
    },
    OptionSpec {
        name: "default_bindings_module",
        value: ValueKind::Str,
        example: "\"crate::bindings\"",
        doc: "where `export!(T)` finds the bindings when no `with_types_in` is given",
        status: Status::Same,
    },
    OptionSpec {
        name: "export_macro_name",
        value: ValueKind::Str,
        example: "\"export\"",
        doc: "name of the export macro",
        status: Status::Same,
    },
    OptionSpec {
        name: "pub_export_macro",
        value: ValueKind::Bool,
        example: "true",
        doc: "make the export macro `pub` instead of `pub(crate)`",
        status: Status::Same,
    },
    OptionSpec {
        name: "generate_unused_types",
        value: ValueKind::Bool,
        example: "true",
        doc: "also generate the types no function uses",
        status: Status::NoOp("weld generates every type of the world's interfaces, used or not"),
    },
    OptionSpec {
        name: "features",
        value: ValueKind::Strs,
        example: "[\"my-feature\"]",
        doc: "WIT features to enable for `@unstable(feature = ..)` items",
        status: Status::Same,
    },
    OptionSpec {
        name: "disable_custom_section_link_helpers",
        value: ValueKind::Bool,
        example: "true",
        doc: "omit the helpers that keep the custom sections linked",
        status: Status::NoOp(
            "weld's sections are statics next to the code that needs them, and each imported interface's module links its world's; there are no helpers to disable",
        ),
    },
    OptionSpec {
        name: "debug",
        value: ValueKind::Bool,
        example: "true",
        doc: "write the generated code to a file",
        status: Status::NoOp(
            "set the environment variable `WELD_DEBUG_DUMP=<dir>` to write the generated code to `<dir>/<crate>.rs`",
        ),
    },
    OptionSpec {
        name: "chainable_methods",
        value: ValueKind::Strs,
        example: "[\"all\"]",
        doc: "imported resource methods returning nothing return `self` instead",
        status: Status::Same,
    },
    OptionSpec {
        name: "sync",
        value: ValueKind::BoolOrStrs,
        example: "true",
        doc: "bind WIT `async` functions as blocking ones (`true`: all; or filters `ns:pkg/iface#f`, `import:..`, `export:..`)",
        status: Status::Same,
    },
    OptionSpec {
        name: "merge_structurally_equal_types",
        value: ValueKind::Bool,
        example: "false",
        doc: "one type for each set of structurally equal types, the others aliases",
        status: Status::Same,
    },
    OptionSpec {
        name: "async",
        value: ValueKind::Bool,
        example: "false",
        doc: "older wit-bindgen's `async` option (0.63 removed it in favour of `sync`)",
        status: Status::Partial {
            accepted: "`false`",
            reason: "wit-bindgen 0.63's async API (async imports and trait methods) is what weld generates; older wit-bindgen's `async: true` selections are not supported",
        },
    },
    OptionSpec {
        name: "export_params",
        value: ValueKind::Str,
        example: "\"borrowed\"",
        doc: "`\"owned\"` (`String`/`Vec<T>`) or `\"borrowed\"` (`&str`/`&[T]`) parameters for exported functions",
        status: Status::Weld,
    },
    OptionSpec {
        name: "all_features",
        value: ValueKind::FlagOrBool,
        example: "true",
        doc: "enable every `@unstable` feature (wit-bindgen's command line has `--all-features`)",
        status: Status::Weld,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, o) in OPTIONS.iter().enumerate() {
            assert!(
                OPTIONS[i + 1..].iter().all(|p| p.name != o.name),
                "`{}` is in the table twice",
                o.name
            );
        }
    }

    #[test]
    fn messages() {
        let path = option("path").unwrap();
        assert_eq!(
            path.expected_message(),
            "option `path` takes a string or a list of strings: `path: \"wit\"`"
        );
        assert!(unknown_option_message("x").contains("path, inline, world"));
        assert!(!unknown_option_message("x").contains("export_prefix"));
    }
}
