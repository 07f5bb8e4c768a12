//! The options of `#[shared_world]`, shared by the macro and any other front
//! end: one struct, one doc line per field.

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
    /// The path of the weld runtime crate in generated code.
    pub runtime_path: String,
    /// The name of the generated export macro.
    pub export_macro_name: String,
    /// Whether the export macro is `pub` (usable from other crates) rather
    /// than `pub(crate)`.
    pub pub_export_macro: bool,
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
            runtime_path: String::from("::weld"),
            export_macro_name: String::from("export"),
            pub_export_macro: false,
        }
    }
}
