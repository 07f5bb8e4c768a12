//! Escaping of payload values, so each one is a single space-free word.

/// Whether `byte` is written as `%XX`.
fn needs_escape(byte: u8) -> bool {
    byte == b'%' || byte == b' ' || byte.is_ascii_control()
}

/// `value` with `%`, space and ASCII control characters written `%XX`.
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        if ch.is_ascii() && needs_escape(ch as u8) {
            out.push_str(&format!("%{:02X}", ch as u8));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Reverses [`escape`]. `Err(index)` is the byte index in `word` of a `%`
/// not followed by two hex digits, or of a character that should have been
/// escaped.
pub(crate) fn unescape(word: &str) -> Result<String, usize> {
    let bytes = word.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = word.get(i + 1..i + 3).ok_or(i)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(i);
                }
                out.push(u8::from_str_radix(hex, 16).map_err(|_| i)?);
                i += 3;
            }
            b if needs_escape(b) => return Err(i),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    // Unescaped `%XX` may form invalid UTF-8 (e.g. `%FF`).
    String::from_utf8(out).map_err(|_| 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for value in [
            "",
            "plain",
            "a b",
            "100%",
            "tab\there",
            "new\nline",
            "é ü",
            "\u{7f}",
        ] {
            let escaped = escape(value);
            assert!(!escaped.contains([' ', '\n']), "{escaped:?}");
            assert_eq!(unescape(&escaped).as_deref(), Ok(value));
        }
        assert_eq!(escape("a b%"), "a%20b%25");
    }

    #[test]
    fn rejects_bad_escapes() {
        assert_eq!(unescape("a%2"), Err(1));
        assert_eq!(unescape("a%zz"), Err(1));
        assert_eq!(unescape("a%+1"), Err(1));
        assert_eq!(unescape("ab\tc"), Err(2));
        assert_eq!(unescape("%FF"), Err(0));
    }
}
