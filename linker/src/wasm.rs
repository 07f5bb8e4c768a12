//! The few facts weld-ld needs from a wasm object: its custom sections,
//! and a linked module's export names.

/// The payloads of every custom section named `name`, in order.
pub fn custom_sections<'a>(bytes: &'a [u8], name: &str) -> Result<Vec<&'a [u8]>, String> {
    custom_sections_where(bytes, |n| n == name.as_bytes())
}

/// The payloads of every custom section whose name `wanted` accepts.
pub fn custom_sections_where(
    bytes: &[u8],
    wanted: impl Fn(&[u8]) -> bool,
) -> Result<Vec<&[u8]>, String> {
    let mut rest = bytes.strip_prefix(b"\0asm").ok_or("no wasm magic")?;
    rest = rest.get(4..).ok_or("truncated wasm header")?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let id = rest[0];
        let (size, n) = leb_u32(&rest[1..]).ok_or("bad section size")?;
        let body = rest
            .get(1 + n..1 + n + size as usize)
            .ok_or("truncated section")?;
        rest = &rest[1 + n + size as usize..];
        if id == 0 {
            let (len, m) = leb_u32(body).ok_or("bad custom section name")?;
            let sname = body
                .get(m..m + len as usize)
                .ok_or("truncated custom section name")?;
            if wanted(sname) {
                out.push(&body[m + len as usize..]);
            }
        }
    }
    Ok(out)
}

/// The names of a module's exports.
pub fn export_names(bytes: &[u8]) -> Result<std::collections::BTreeSet<String>, String> {
    let mut out = std::collections::BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::ExportSection(reader) = payload.map_err(|e| e.to_string())? {
            for export in reader {
                out.insert(export.map_err(|e| e.to_string())?.name.to_string());
            }
        }
    }
    Ok(out)
}

fn leb_u32(b: &[u8]) -> Option<(u32, usize)> {
    let mut v: u32 = 0;
    for (i, byte) in b.iter().take(5).enumerate() {
        v |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_named_custom_sections_and_survives_garbage() {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[0, 6, 3, b'a', b'b', b'c', 1, 2]);
        m.extend_from_slice(&[1, 1, 0]);
        m.extend_from_slice(&[0, 5, 3, b'a', b'b', b'c', 9]);
        assert_eq!(
            custom_sections(&m, "abc").unwrap(),
            vec![&[1u8, 2][..], &[9u8][..]]
        );
        for cut in 0..m.len() {
            let _ = custom_sections(&m[..cut], "abc");
        }
        assert!(custom_sections(b"\x7fELF", "abc").is_err());
    }
}
