//! Why a `weld-meta` section could not be decoded, and where.

use core::fmt;

/// A malformed `weld-meta` section. Every variant names the byte offset in
/// the section (as passed to [`super::decode`]) where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataError {
    /// The section ends inside a frame.
    Truncated {
        /// Where the incomplete part starts.
        offset: usize,
        /// What was being read (`"frame header"`, `"payload"`).
        what: &'static str,
        /// Bytes the part needs.
        needed: usize,
        /// Bytes left in the section.
        available: usize,
    },
    /// A frame does not start with `WELD`.
    BadMagic {
        /// Where the frame starts.
        offset: usize,
        /// The four bytes found instead.
        found: [u8; 4],
    },
    /// The payload is not UTF-8.
    InvalidUtf8 {
        /// The first byte that is not part of valid UTF-8.
        offset: usize,
    },
    /// A payload line of this ABI version does not follow the grammar.
    BadLine {
        /// Where the offending line (or, for a missing line, the place
        /// where it was expected) starts.
        offset: usize,
        /// What is wrong, quoting what was found.
        message: String,
    },
    /// A record of another ABI version whose payload this version cannot
    /// read. The frame and the first two payload lines are the same in
    /// every version, so the producer's weld version and crate are known
    /// when they are readable.
    ForeignVersion {
        /// Where the record's frame starts.
        offset: usize,
        /// The record's ABI version.
        abi_version: u32,
        /// The weld version that wrote it, from its `weld` line.
        weld_version: Option<String>,
        /// The crate that it describes, from its `crate` line.
        crate_name: Option<String>,
        /// The error under this version's grammar.
        cause: Box<MetadataError>,
    },
}

impl MetadataError {
    /// The byte offset in the section that the error is about.
    pub fn offset(&self) -> usize {
        match self {
            MetadataError::Truncated { offset, .. }
            | MetadataError::BadMagic { offset, .. }
            | MetadataError::InvalidUtf8 { offset }
            | MetadataError::BadLine { offset, .. }
            | MetadataError::ForeignVersion { offset, .. } => *offset,
        }
    }
}

impl fmt::Display for MetadataError {
    /// One sentence, starting with the byte offset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::Truncated {
                offset,
                what,
                needed,
                available,
            } => write!(
                f,
                "weld-meta byte {offset}: truncated {what}: needs {needed} bytes, {available} left"
            ),
            MetadataError::BadMagic { offset, found } => write!(
                f,
                "weld-meta byte {offset}: expected a record starting with \"WELD\", found {}",
                found.escape_ascii()
            ),
            MetadataError::InvalidUtf8 { offset } => {
                write!(f, "weld-meta byte {offset}: payload is not valid UTF-8")
            }
            MetadataError::BadLine { offset, message } => {
                write!(f, "weld-meta byte {offset}: {message}")
            }
            MetadataError::ForeignVersion {
                offset,
                abi_version,
                weld_version,
                crate_name,
                cause,
            } => {
                let krate = crate_name.as_deref().unwrap_or("<unknown crate>");
                let weld = weld_version.as_deref().unwrap_or("<unknown version>");
                write!(
                    f,
                    "weld-meta byte {offset}: crate `{krate}` was built by weld {weld} \
                     (weld ABI {abi_version}); this is weld ABI {}, which cannot read it ({cause}); \
                     rebuild `{krate}` with weld {}",
                    crate::ABI_VERSION,
                    crate::WELD_VERSION,
                )
            }
        }
    }
}

impl std::error::Error for MetadataError {
    /// For [`MetadataError::ForeignVersion`], the error under this grammar.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MetadataError::ForeignVersion { cause, .. } => Some(cause.as_ref()),
            _ => None,
        }
    }
}
