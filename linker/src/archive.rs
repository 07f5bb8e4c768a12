//! Reading the members of a Unix `ar` archive (a staticlib), GNU and BSD
//! name variants. Only what a linker input needs: each member's bytes.

/// An archive's members as `(name, bytes)`, or why it cannot be read.
pub fn members(bytes: &[u8]) -> Result<Vec<(String, &[u8])>, String> {
    let mut rest = bytes
        .strip_prefix(b"!<arch>\n")
        .ok_or("no `!<arch>` header")?;
    let mut gnu_names: &[u8] = &[];
    let mut out = Vec::new();
    while !rest.is_empty() {
        if rest.len() < 60 {
            return Err(String::from("truncated member header"));
        }
        let (header, body) = rest.split_at(60);
        let name = String::from_utf8_lossy(&header[..16])
            .trim_end()
            .to_string();
        let size: usize = String::from_utf8_lossy(&header[48..58])
            .trim()
            .parse()
            .map_err(|_| format!("bad size in the header of member `{name}`"))?;
        if body.len() < size {
            return Err(format!("member `{name}` is truncated"));
        }
        let data = &body[..size];
        rest = &body[size + (size & 1).min(body.len() - size)..];
        match name.as_str() {
            "/" | "/SYM64/" | "__.SYMDEF" | "__.SYMDEF SORTED" => {}
            "//" => gnu_names = data,
            _ => out.push(member(&name, data, gnu_names)?),
        }
    }
    Ok(out)
}

fn member<'a>(name: &str, data: &'a [u8], gnu_names: &[u8]) -> Result<(String, &'a [u8]), String> {
    if let Some(len) = name.strip_prefix("#1/") {
        // BSD: the name follows the header.
        let len: usize = len.parse().map_err(|_| format!("bad BSD name `{name}`"))?;
        let raw = data.get(..len).ok_or("truncated BSD name")?;
        let n = String::from_utf8_lossy(raw)
            .trim_end_matches('\0')
            .to_string();
        return Ok((n, &data[len..]));
    }
    if let Some(off) = name.strip_prefix('/') {
        // GNU: an offset into the `//` table.
        let off: usize = off.parse().map_err(|_| format!("bad GNU name `{name}`"))?;
        let tail = gnu_names.get(off..).ok_or("GNU name offset out of range")?;
        let end = tail.iter().position(|&b| b == b'\n').unwrap_or(tail.len());
        let n = String::from_utf8_lossy(&tail[..end])
            .trim_end_matches('/')
            .to_string();
        return Ok((n, data));
    }
    Ok((name.trim_end_matches('/').to_string(), data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, size: usize) -> Vec<u8> {
        format!("{name:<16}{:<12}{:<6}{:<6}{:<8}{size:<10}`\n", 0, 0, 0, 644).into_bytes()
    }

    #[test]
    fn reads_gnu_names_and_odd_sizes() {
        let mut a = b"!<arch>\n".to_vec();
        let table = b"a-long-member-name.o/\n";
        a.extend(header("//", table.len()));
        a.extend_from_slice(table);
        a.extend(header("/0", 3));
        a.extend_from_slice(b"abc\n");
        a.extend(header("short.o/", 2));
        a.extend_from_slice(b"xy");
        let m = members(&a).unwrap();
        assert_eq!(
            m,
            vec![
                ("a-long-member-name.o".to_string(), &b"abc"[..]),
                ("short.o".to_string(), &b"xy"[..])
            ]
        );
    }

    #[test]
    fn truncated_archives_are_errors_not_panics() {
        let mut a = b"!<arch>\n".to_vec();
        a.extend(header("x.o/", 100));
        a.extend_from_slice(b"short");
        for cut in 0..a.len() {
            let _ = members(&a[..cut]);
        }
        assert!(members(&a).is_err());
        assert!(members(b"not an archive").is_err());
    }
}
