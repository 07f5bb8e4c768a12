//! Errors of the generator: what went wrong, for which item, and why.
//!
//! Messages here are the ones users read in `compile_error!`s; each kind has
//! one message shape so the macro, the tests and docs agree.

use std::fmt;

/// What kind of problem the generator met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The WIT path does not exist.
    MissingPath,
    /// The WIT failed to parse or resolve; the source says which text.
    Wit(WitSource),
    /// The world parsed but could not be encoded for the `weld-wit`
    /// section.
    Encode,
    /// The requested world does not exist (or none was named and there is
    /// not exactly one).
    World,
    /// The world uses features the weld ABI does not support (yet).
    Unsupported,
    /// An option has a value the generator cannot use.
    Option,
    /// A `with` entry cannot be used; the string is its key, as given.
    With(String),
}

/// Which WIT text a parse error is in, so the macro can point at the
/// option that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WitSource {
    /// A file or directory named by `path` (or an extra path).
    Path,
    /// The `inline` text, which weld-bindgen names [`INLINE_FILE`] in
    /// messages.
    Inline,
}

/// The file name that WIT parse errors give the `inline` text.
pub const INLINE_FILE: &str = "inline.wit";

/// An error with its cause chain, rendered as one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The kind of error.
    pub kind: ErrorKind,
    /// The main message (one line).
    pub message: String,
    /// Further lines: each unsupported item, or the underlying cause chain.
    pub details: Vec<String>,
}

impl Error {
    /// An error with no details.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// An error caused by `cause` (its `{:#}` chain becomes the details).
    pub fn caused_by(kind: ErrorKind, message: impl Into<String>, cause: &anyhow::Error) -> Self {
        let mut e = Error::new(kind, message);
        e.details = cause.chain().map(|c| format!("caused by: {c}")).collect();
        e
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for d in &self.details {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
