//! The `weld-meta` custom section: what each object imports and exports.
//!
//! One [`Record`] per (crate, interface, direction). wasm-ld concatenates
//! the same-named custom sections of all linked objects with no padding, so
//! a section is a sequence of self-delimiting frames:
//!
//! ```text
//! frame   = "WELD" abi_version:u32le payload_len:u32le payload
//! payload = line*                      ; UTF-8, every line ends in "\n"
//! line    = "weld "   <weld version>   ; always first  (stable in every ABI version)
//!         | "crate "  <crate name>     ; always second (stable in every ABI version)
//!         | "world "  <world>
//!         | ("import " | "export ") (<interface world key> | "$root")
//!         | ("func " | "type ") <name> " " <16 lowercase hex digits>
//! ```
//!
//! Values are escaped: `%`, ASCII control characters and space are written
//! `%XX`, so every value is one word and the payload stays readable with
//! `strings`. This module only (de)serializes; the link-time checks
//! (duplicates, hash equality, version skew) belong to the linker.

mod decode;
mod error;
mod escape;

use core::fmt;

pub use decode::decode;
pub use error::MetadataError;

use crate::{ABI_VERSION, ROOT, WELD_VERSION};

/// The four bytes that start every record frame.
pub const MAGIC: [u8; 4] = *b"WELD";

/// Length of a frame header: magic, ABI version, payload length.
pub const HEADER_LEN: usize = 12;

/// Whether a record lists what a crate imports or what it exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The crate calls these functions (and uses these types).
    Import,
    /// The crate defines these functions (and these types).
    Export,
}

impl Direction {
    /// The payload keyword: `"import"` or `"export"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Import => "import",
            Direction::Export => "export",
        }
    }
}

impl fmt::Display for Direction {
    /// Writes [`Direction::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an [`Item`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A WIT function; its hash covers the whole signature.
    Func,
    /// A named WIT type; its hash covers its structure.
    Type,
}

impl ItemKind {
    /// The payload keyword: `"func"` or `"type"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Func => "func",
            ItemKind::Type => "type",
        }
    }
}

impl fmt::Display for ItemKind {
    /// Writes [`ItemKind::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One function or type of an interface, with the hash of its structure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Item {
    /// Function or type.
    pub kind: ItemKind,
    /// The WIT name as is (`"upper"`, `"[method]r.f"`, `"point"`).
    pub name: String,
    /// [`crate::type_hash`] of the item's structural description.
    pub hash: u64,
}

/// What one crate imports or exports of one interface (or of the world's
/// root functions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// The ABI version the crate was built with.
    pub abi_version: u32,
    /// The weld version the crate was built with (e.g. `"0.1.0"`).
    pub weld_version: String,
    /// The Cargo crate name (e.g. `"text-svc"`).
    pub crate_name: String,
    /// The crate's world (e.g. `"ex:text/text-svc@0.1.0"`).
    pub world: String,
    /// Imported or exported.
    pub direction: Direction,
    /// The interface's world key; `None` for world-level functions.
    pub interface: Option<String>,
    /// Functions and types, in the generator's order.
    pub items: Vec<Item>,
}

impl Record {
    /// A record of this ABI and weld version, with no items yet.
    pub fn new(
        crate_name: impl Into<String>,
        world: impl Into<String>,
        direction: Direction,
        interface: Option<String>,
    ) -> Record {
        Record {
            abi_version: ABI_VERSION,
            weld_version: WELD_VERSION.to_owned(),
            crate_name: crate_name.into(),
            world: world.into(),
            direction,
            interface,
            items: Vec::new(),
        }
    }

    /// The record's frame: header and payload, ready to be placed in the
    /// [`crate::METADATA_SECTION`] custom section.
    ///
    /// # Panics
    ///
    /// If the payload exceeds 4 GiB (its length is a `u32`).
    pub fn encode(&self) -> Vec<u8> {
        let payload = self.payload();
        let len = u32::try_from(payload.len()).expect("weld metadata record larger than 4 GiB");
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&self.abi_version.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(payload.as_bytes());
        out
    }

    /// The text payload, one line per field and item.
    fn payload(&self) -> String {
        use escape::escape;
        let interface = self.interface.as_deref().unwrap_or(ROOT);
        let mut text = format!(
            "weld {}\ncrate {}\nworld {}\n{} {}\n",
            escape(&self.weld_version),
            escape(&self.crate_name),
            escape(&self.world),
            self.direction,
            escape(interface),
        );
        for item in &self.items {
            text.push_str(&format!(
                "{} {} {:016x}\n",
                item.kind,
                escape(&item.name),
                item.hash
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests;
