//! Framing of the `weld-wit` section. wasm-ld concatenates same-named
//! custom sections, so each crate's world is one frame:
//! `u32 LE length of the rest`, the crate's name, a NUL byte, then the
//! world encoded by wit-component. The same frame may appear several times.

/// One frame: the crate and its encoded world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The crate the world belongs to.
    pub crate_name: String,
    /// The world, as `wit_component::metadata::encode` writes it.
    pub world: Vec<u8>,
}

/// Encodes one frame.
pub fn frame(crate_name: &str, world: &[u8]) -> Vec<u8> {
    let len = crate_name.len() + 1 + world.len();
    let mut out = Vec::with_capacity(4 + len);
    out.extend_from_slice(&(len as u32).to_le_bytes());
    out.extend_from_slice(crate_name.as_bytes());
    out.push(0);
    out.extend_from_slice(world);
    out
}

/// Decodes every frame of a section, without repeats, in order; `None` if
/// the section is malformed.
pub fn frames(mut section: &[u8]) -> Option<Vec<Frame>> {
    let mut out: Vec<Frame> = Vec::new();
    while !section.is_empty() {
        let len = u32::from_le_bytes(section.get(..4)?.try_into().ok()?) as usize;
        let body = section.get(4..4usize.checked_add(len)?)?;
        let nul = body.iter().position(|&b| b == 0)?;
        let f = Frame {
            crate_name: String::from_utf8(body[..nul].to_vec()).ok()?,
            world: body[nul + 1..].to_vec(),
        };
        if !out.contains(&f) {
            out.push(f);
        }
        section = &section[4 + len..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_repeat_once() {
        let parts = [
            frame("a", b"\0asm-a"),
            frame("b", b"xyz"),
            frame("a", b"\0asm-a"),
        ];
        let s = parts.concat();
        let f = frames(&s).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].crate_name.as_str(), f[0].world.as_slice()),
            ("a", &b"\0asm-a"[..])
        );
        assert_eq!(
            (f[1].crate_name.as_str(), f[1].world.as_slice()),
            ("b", &b"xyz"[..])
        );
    }

    #[test]
    fn a_section_cut_inside_a_frame_is_rejected() {
        let parts = [frame("a", b"\0asm-a"), frame("bb", b"xyz")];
        let s = parts.concat();
        let boundaries = [0, parts[0].len(), s.len()];
        for cut in 0..=s.len() {
            assert_eq!(
                frames(&s[..cut]).is_some(),
                boundaries.contains(&cut),
                "cut at {cut}"
            );
        }
        assert!(
            frames(&[5, 0, 0, 0, b'x', b'y']).is_none(),
            "no NUL after the crate name"
        );
    }
}
