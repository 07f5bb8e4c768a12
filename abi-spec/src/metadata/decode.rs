//! Decoding a (possibly concatenated) `weld-meta` section.
//!
//! Total: every input gives records or a [`MetadataError`], never a panic.

use super::escape::unescape;
use super::{Direction, HEADER_LEN, Item, ItemKind, MAGIC, MetadataError, Record};
use crate::{ABI_VERSION, ROOT};

/// Decodes every record in a section, in order, duplicates included (the
/// linker, not the decoder, merges them). An empty section has no records.
///
/// Records of another ABI version are returned as long as their payload
/// follows this version's grammar, so the linker can report the skew; if it
/// does not, the error is [`MetadataError::ForeignVersion`]. Never panics.
pub fn decode(section: &[u8]) -> Result<Vec<Record>, MetadataError> {
    let mut records = Vec::new();
    let mut offset = 0;
    while offset < section.len() {
        let frame = read_frame(section, offset)?;
        records.push(frame.record()?);
        offset = frame.payload_start + frame.payload.len();
    }
    Ok(records)
}

/// A frame whose header has been read.
struct Frame<'a> {
    /// Offset of the magic.
    start: usize,
    /// The header's ABI version.
    abi_version: u32,
    /// Offset of the payload's first byte.
    payload_start: usize,
    /// The payload bytes.
    payload: &'a [u8],
}

/// Reads the frame header at `offset` and slices its payload.
fn read_frame(section: &[u8], offset: usize) -> Result<Frame<'_>, MetadataError> {
    let rest = &section[offset..];
    let header: &[u8; HEADER_LEN] = rest
        .get(..HEADER_LEN)
        .and_then(|h| h.try_into().ok())
        .ok_or(MetadataError::Truncated {
            offset,
            what: "frame header",
            needed: HEADER_LEN,
            available: rest.len(),
        })?;
    let [m0, m1, m2, m3, v0, v1, v2, v3, l0, l1, l2, l3] = *header;
    if [m0, m1, m2, m3] != MAGIC {
        return Err(MetadataError::BadMagic {
            offset,
            found: [m0, m1, m2, m3],
        });
    }
    let abi_version = u32::from_le_bytes([v0, v1, v2, v3]);
    let len = usize::try_from(u32::from_le_bytes([l0, l1, l2, l3])).unwrap_or(usize::MAX);
    let payload_start = offset + HEADER_LEN;
    let payload = rest[HEADER_LEN..]
        .get(..len)
        .ok_or(MetadataError::Truncated {
            offset: payload_start,
            what: "payload",
            needed: len,
            available: rest.len() - HEADER_LEN,
        })?;
    Ok(Frame {
        start: offset,
        abi_version,
        payload_start,
        payload,
    })
}

impl Frame<'_> {
    /// Parses the payload; wraps failures of foreign versions.
    fn record(&self) -> Result<Record, MetadataError> {
        match self.parse() {
            Err(cause) if self.abi_version != ABI_VERSION => Err(MetadataError::ForeignVersion {
                offset: self.start,
                abi_version: self.abi_version,
                weld_version: self.stable_line(0, "weld"),
                crate_name: self.stable_line(1, "crate"),
                cause: Box::new(cause),
            }),
            result => result,
        }
    }

    /// The value of line `index` if it is `<keyword> <value>`: the lines
    /// every ABI version starts with, read without the rest of the grammar.
    fn stable_line(&self, index: usize, keyword: &str) -> Option<String> {
        let line = self.payload.split(|&b| b == b'\n').nth(index)?;
        let value = core::str::from_utf8(line).ok()?.strip_prefix(keyword)?;
        unescape(value.strip_prefix(' ')?).ok()
    }

    /// Parses the payload with this version's grammar.
    fn parse(&self) -> Result<Record, MetadataError> {
        let text = core::str::from_utf8(self.payload).map_err(|e| MetadataError::InvalidUtf8 {
            offset: self.payload_start + e.valid_up_to(),
        })?;
        let mut lines = Lines::new(text, self.payload_start)?;
        let weld_version = lines.header("weld", "<weld version>")?;
        let crate_name = lines.header("crate", "<crate name>")?;
        let world = lines.header("world", "<world>")?;
        let (direction, interface) = lines.direction()?;
        let mut items = Vec::new();
        while let Some(line) = lines.next_line() {
            items.push(line.item()?);
        }
        Ok(Record {
            abi_version: self.abi_version,
            weld_version,
            crate_name,
            world,
            direction,
            interface: (interface != ROOT).then_some(interface),
            items,
        })
    }
}

/// The payload's lines, each with its offset in the section.
struct Lines<'a> {
    /// Lines without their `\n`, with section offsets, in order.
    lines: std::vec::IntoIter<Line<'a>>,
    /// Offset just past the payload, where a missing line is reported.
    end: usize,
}

/// One payload line.
struct Line<'a> {
    /// Section offset of its first byte.
    offset: usize,
    /// Its text, without the `\n`.
    text: &'a str,
}

impl<'a> Lines<'a> {
    /// Splits `text`, which starts at section offset `base`; every line,
    /// the last included, must end in `\n`.
    fn new(text: &'a str, base: usize) -> Result<Self, MetadataError> {
        let mut lines = Vec::new();
        let mut offset = base;
        for raw in text.split_inclusive('\n') {
            let Some(line) = raw.strip_suffix('\n') else {
                return Err(bad(
                    offset,
                    format!("last line {} does not end in a newline", quote(raw)),
                ));
            };
            lines.push(Line { offset, text: line });
            offset += raw.len();
        }
        Ok(Lines {
            lines: lines.into_iter(),
            end: offset,
        })
    }

    /// The next line, if any.
    fn next_line(&mut self) -> Option<Line<'a>> {
        self.lines.next()
    }

    /// The next line, which must exist; `expected` describes it.
    fn required(&mut self, expected: &str) -> Result<Line<'a>, MetadataError> {
        let end = self.end;
        self.next_line()
            .ok_or_else(|| bad(end, format!("payload ends where `{expected}` was expected")))
    }

    /// The value of the next line, which must be `<keyword> <value>`.
    fn header(&mut self, keyword: &str, value: &str) -> Result<String, MetadataError> {
        let expected = format!("{keyword} {value}");
        let line = self.required(&expected)?;
        match line.split() {
            Some((k, v)) if k == keyword => line.unescape(v),
            _ => Err(line.expected(&expected)),
        }
    }

    /// The `import <interface>` or `export <interface>` line.
    fn direction(&mut self) -> Result<(Direction, String), MetadataError> {
        let expected = "import <interface>` or `export <interface>";
        let line = self.required(expected)?;
        let (direction, value) = match line.split() {
            Some(("import", v)) => (Direction::Import, v),
            Some(("export", v)) => (Direction::Export, v),
            _ => return Err(line.expected(expected)),
        };
        Ok((direction, line.unescape(value)?))
    }
}

impl Line<'_> {
    /// `(keyword, rest)` split at the first space.
    fn split(&self) -> Option<(&str, &str)> {
        self.text.split_once(' ')
    }

    /// A `func <name> <hash>` or `type <name> <hash>` line.
    fn item(&self) -> Result<Item, MetadataError> {
        let expected = "func <name> <hash>` or `type <name> <hash>";
        let (kind, rest) = match self.split() {
            Some(("func", rest)) => (ItemKind::Func, rest),
            Some(("type", rest)) => (ItemKind::Type, rest),
            _ => return Err(self.expected(expected)),
        };
        let (name, hash) = rest
            .split_once(' ')
            .ok_or_else(|| self.expected(expected))?;
        let hash = parse_hash(hash).ok_or_else(|| {
            bad(
                self.offset,
                format!(
                    "expected a hash of 16 lowercase hex digits, found {} in line {}",
                    quote(hash),
                    quote(self.text)
                ),
            )
        })?;
        Ok(Item {
            kind,
            name: self.unescape(name)?,
            hash,
        })
    }

    /// Unescapes `value`, a subslice of this line's text.
    fn unescape(&self, value: &str) -> Result<String, MetadataError> {
        unescape(value).map_err(|i| {
            let at = self.offset + (value.as_ptr() as usize - self.text.as_ptr() as usize) + i;
            bad(
                at,
                format!(
                    "bad `%` escape or unescaped space/control character in {}",
                    quote(value)
                ),
            )
        })
    }

    /// "expected `…`, found `…`" at this line.
    fn expected(&self, expected: &str) -> MetadataError {
        bad(
            self.offset,
            format!("expected `{expected}`, found {}", quote(self.text)),
        )
    }
}

/// Exactly 16 lowercase hex digits.
fn parse_hash(text: &str) -> Option<u64> {
    let ok = text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    ok.then(|| u64::from_str_radix(text, 16).ok()).flatten()
}

/// A [`MetadataError::BadLine`].
fn bad(offset: usize, message: String) -> MetadataError {
    MetadataError::BadLine { offset, message }
}

/// `text` quoted for a message, shortened to 60 characters.
fn quote(text: &str) -> String {
    const MAX: usize = 60;
    let mut short: String = text.chars().take(MAX).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}
