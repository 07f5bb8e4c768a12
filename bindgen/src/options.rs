//! The options of `#[shared_world]`, shared by the macro and any other front
//! end: one struct, one doc line per field.

use proc_macro2::TokenStream;
use std::path::PathBuf;

/// Where the WIT comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A WIT file or a directory (with an optional `deps/` folder).
    Path(PathBuf),
    /// WIT source text given inline.
    Inline(String),
    /// A directory with dependencies, plus inline WIT defining the world.
    PathAndInline(PathBuf, String),
}

/// How exported functions receive their parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportParams {
    /// Owned values (`String`, `Vec<T>`), as wit-bindgen's exports: one copy
    /// of each string and list, made by the generated glue.
    #[default]
    Owned,
    /// `&str` and `&[T]` (for plain `T`) borrowed from the caller: no copy.
    Borrowed,
}

/// How the types of imported functions' parameters are spelled
/// (wit-bindgen's `ownership` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ownership {
    /// Types own their strings and lists; an imported function borrows
    /// only the top level of a parameter (`&Record`, `Option<&str>`,
    /// `&[String]`), as wit-bindgen's default does.
    #[default]
    Owning,
    /// Types used only as imported functions' parameters borrow their
    /// strings and lists (`Record<'a> { name: &'a str }`); with
    /// `duplicate_if_necessary`, a type used both ways gets two
    /// definitions, `RecordParam<'a>` and `RecordResult`.
    Borrowing {
        /// Generate both definitions of a type used both ways.
        duplicate_if_necessary: bool,
    },
}

/// A Rust path given to an option (`with`'s targets), kept as the user's
/// tokens so that rustc's errors about it point at the user's code.
#[derive(Debug, Clone)]
pub struct RustPath {
    text: String,
    tokens: TokenStream,
}

impl RustPath {
    /// A path from tokens (the macro passes the user's, with their spans).
    pub fn new(tokens: TokenStream) -> Self {
        let text = tokens.to_string().replace(' ', "");
        RustPath { text, tokens }
    }

    /// A path from source text; `None` if `text` is not valid Rust tokens.
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok().map(RustPath::new)
    }

    /// The path as text, without spaces: `crate::shared::types`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The path's tokens.
    pub fn tokens(&self) -> &TokenStream {
        &self.tokens
    }
}

impl PartialEq for RustPath {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for RustPath {}

/// What `with` does with one interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithTarget {
    /// Generate the interface's bindings here (wit-bindgen's `generate`).
    Generate,
    /// Reuse the bindings at this path (a module generated for the same
    /// interface elsewhere, in this crate or another) instead of
    /// generating them.
    Path(RustPath),
}

/// Options for generating one world's bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The WIT source.
    pub source: Source,
    /// The world to generate: a name or `ns:pkg/world@version`; `None` when
    /// the source defines exactly one.
    pub world: Option<String>,
    /// The name of the crate being compiled (recorded in the metadata section
    /// so that the linker can name it in errors).
    pub crate_name: String,
    /// Parameter passing for exported functions.
    pub export_params: ExportParams,
    /// Extra derives for every generated record, variant, enum and flags
    /// type, as Rust paths (`"PartialEq"`, `"serde::Serialize"`).
    pub additional_derives: Vec<String>,
    /// Type names (WIT names, `my-record`) that do not get
    /// `additional_derives`.
    pub additional_derives_ignore: Vec<String>,
    /// Imported interfaces (`ns:pkg/iface`, with or without `@version`)
    /// mapped to existing bindings, or explicitly generated.
    pub with: Vec<(String, WithTarget)>,
    /// WIT features enabled for `@unstable(feature = ..)` items.
    pub features: Vec<String>,
    /// Enable every `@unstable` feature.
    pub all_features: bool,
    /// The module `export!(T)` finds the bindings in when no
    /// `with_types_in` is given (default: the module the bindings are in).
    pub default_bindings_module: Option<RustPath>,
    /// The path of the weld runtime crate in generated code.
    pub runtime_path: String,
    /// The name of the generated export macro.
    pub export_macro_name: String,
    /// Whether the export macro is `pub` (usable from other crates) rather
    /// than `pub(crate)`.
    pub pub_export_macro: bool,
    /// Functions to generate no bindings for, by WIT name (`run`,
    /// `[method]thing.get`): a skipped import has no Rust function, a
    /// skipped export no trait method and no entry point.
    pub skip: Vec<String>,
    /// Generate a `Stub` type implementing every export with
    /// `unreachable!()`, and export it (wit-bindgen's `stubs`).
    pub stubs: bool,
    /// Imported resource methods returning nothing that return their
    /// receiver instead (wit-bindgen's `chainable_methods` filters: `all`,
    /// `ns:pkg/iface#res`, `ns:pkg/iface#[method]res.m`, each optionally
    /// prefixed with `-` (off) or `&` (return `&Self`)).
    pub chainable_methods: Vec<String>,
    /// WIT `async` functions bound as blocking Rust functions (wit-bindgen's
    /// `sync` filters: `all`, `ns:pkg/iface#f`, `import:ns:pkg/iface#f`,
    /// `export:ns:pkg/iface#f`; the macro's `sync: true` is `["all"]`).
    pub sync: Vec<String>,
    /// More WIT paths, read after the source's path (wit-bindgen's
    /// `path: ["a", "b"]`): each is parsed in order, and with no inline
    /// WIT each one's package is a candidate for the world.
    pub extra_paths: Vec<PathBuf>,
    /// Attributes for single types (wit-bindgen's
    /// `additional_type_attributes`): a selector, the type's full WIT name
    /// (`ns:pkg/iface@1.0.0/point`, or `world/point` for a world's type),
    /// and one attribute as Rust source (`#[derive(Hash)]`).
    pub additional_type_attributes: Vec<(String, String)>,
    /// Attributes for single fields and cases (wit-bindgen's
    /// `additional_member_attributes`): a selector, the type's full WIT
    /// name and the member's (`ns:pkg/iface/point.x`, a record's field or
    /// a variant's or enum's case), and one attribute as Rust source.
    pub additional_member_attributes: Vec<(String, String)>,
    /// Every WIT `string` as bytes, not checked to be UTF-8 (wit-bindgen's
    /// `raw_strings`): `Vec<u8>`, and `&[u8]` in imported functions'
    /// parameters. The ABI is unchanged.
    pub raw_strings: bool,
    /// The Rust type of WIT `map<K, V>`, a path to a generic type taking
    /// `<K, V>` (wit-bindgen's `map_type`); `None`: `weld::rt::Map`, a
    /// `BTreeMap`.
    pub map_type: Option<RustPath>,
    /// How imported functions' parameters borrow (wit-bindgen's
    /// `ownership`).
    pub ownership: Ownership,
    /// Structurally equal types become aliases of the first one
    /// (wit-bindgen's `merge_structurally_equal_types`).
    pub merge_structurally_equal_types: bool,
}

impl Options {
    /// Options with defaults for everything but the source.
    pub fn new(source: Source) -> Self {
        Options {
            source,
            world: None,
            crate_name: String::from("unknown"),
            export_params: ExportParams::Owned,
            additional_derives: Vec::new(),
            additional_derives_ignore: Vec::new(),
            with: Vec::new(),
            features: Vec::new(),
            all_features: false,
            default_bindings_module: None,
            runtime_path: String::from("::weld"),
            export_macro_name: String::from("export"),
            pub_export_macro: false,
            skip: Vec::new(),
            stubs: false,
            chainable_methods: Vec::new(),
            sync: Vec::new(),
            extra_paths: Vec::new(),
            additional_type_attributes: Vec::new(),
            additional_member_attributes: Vec::new(),
            raw_strings: false,
            map_type: None,
            ownership: Ownership::Owning,
            merge_structurally_equal_types: false,
        }
    }
}
