//! A link-time error, printed the way rustc prints one.

use std::fmt;

/// One problem found by [`super::check`].
///
/// ```text
/// error: function `area` of interface `ex:shapes/api@1.0.0` differs between crate `app` (imports it) and crate `shapes` (exports it)
///   = note: type `point` differs
///   = help: rebuild both crates against the same WIT
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// What is wrong, naming the interface or function and the crates.
    pub message: String,
    /// Details: which items differ, what the other side has.
    pub notes: Vec<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            notes: Vec::new(),
            hint: None,
        }
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `error: <message>`, then one `  = note: ` line per note and a
    /// `  = help: ` line for the hint; no trailing newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        for note in &self.notes {
            write!(f, "\n  = note: {note}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}
