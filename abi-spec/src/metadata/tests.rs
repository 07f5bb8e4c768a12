//! Unit tests of the record format.

use super::*;

fn text_svc() -> Record {
    let mut record = Record::new(
        "text-svc",
        "ex:text/text-svc@0.1.0",
        Direction::Export,
        Some("ex:text/api@0.1.0".to_owned()),
    );
    record.items = vec![
        Item {
            kind: ItemKind::Func,
            name: "upper".into(),
            hash: 0x89ab_cdef_0123_4567,
        },
        Item {
            kind: ItemKind::Type,
            name: "point".into(),
            hash: 0x0123_4567_89ab_cdef,
        },
    ];
    record
}

#[test]
fn encodes_header_and_text_payload() {
    let bytes = text_svc().encode();
    let payload = "weld 0.1.0\ncrate text-svc\nworld ex:text/text-svc@0.1.0\n\
                   export ex:text/api@0.1.0\nfunc upper 89abcdef01234567\n\
                   type point 0123456789abcdef\n";
    assert_eq!(&bytes[..4], b"WELD");
    assert_eq!(&bytes[4..8], &1u32.to_le_bytes());
    assert_eq!(&bytes[8..12], &(payload.len() as u32).to_le_bytes());
    assert_eq!(&bytes[12..], payload.as_bytes());
}

#[test]
fn root_interface_is_dollar_root() {
    let record = Record::new("app", "ex:app/app", Direction::Import, None);
    let bytes = record.encode();
    assert!(bytes.ends_with(b"\nimport $root\n"));
    assert_eq!(decode(&bytes).unwrap(), vec![record]);
}

#[test]
fn round_trips_concatenated_records_with_duplicates() {
    let a = text_svc();
    let mut b = Record::new("a b%\n", "w", Direction::Import, Some("x y".into()));
    b.items.push(Item {
        kind: ItemKind::Func,
        name: "[method]r.f".into(),
        hash: u64::MAX,
    });
    let mut section = a.encode();
    section.extend(b.encode());
    section.extend(a.encode());
    assert_eq!(decode(&section).unwrap(), vec![a.clone(), b, a]);
    assert_eq!(decode(&[]).unwrap(), vec![]);
}

#[test]
fn reports_offsets() {
    let one = text_svc().encode();
    let mut section = one.clone();
    section.extend_from_slice(b"WEL");
    assert_eq!(
        decode(&section),
        Err(MetadataError::Truncated {
            offset: one.len(),
            what: "frame header",
            needed: 12,
            available: 3,
        })
    );

    let mut section = one.clone();
    section.extend_from_slice(b"\0\0\0\0\0\0\0\0\0\0\0\0");
    let err = decode(&section).unwrap_err();
    assert_eq!(err.offset(), one.len());
    assert!(matches!(err, MetadataError::BadMagic { .. }), "{err}");

    let short = &one[..one.len() - 1];
    let err = decode(short).unwrap_err();
    assert!(
        matches!(
            err,
            MetadataError::Truncated {
                offset: 12,
                what: "payload",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn reports_bad_lines_at_their_offset() {
    let bytes = text_svc().encode();
    let text = String::from_utf8(bytes[12..].to_vec()).unwrap();
    let cases = [
        (
            "func upper 89abcdef01234567",
            "func upper 89ABCDEF01234567",
            "hash",
        ),
        ("func upper", "fnuc upper", "expected `func <name> <hash>`"),
        (
            "crate text-svc",
            "krate text-svc",
            "expected `crate <crate name>`",
        ),
        ("export ex:", "exports ex:", "expected `import <interface>`"),
        ("crate text-svc", "crate text svc", "bad `%` escape"),
    ];
    for (from, to, message) in cases {
        let start = text.find(from).unwrap();
        let payload = text.replacen(from, to, 1);
        let err = decode(&frame(1, payload.as_bytes())).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains(message), "{shown}");
        assert!(err.offset() >= 12 + start, "{shown}");
        assert!(err.offset() <= 12 + start + from.len(), "{shown}");
    }
}

#[test]
fn reports_missing_lines_and_newline() {
    let err = decode(&frame(1, b"weld 0.1.0\ncrate c\n")).unwrap_err();
    assert_eq!(err.offset(), 12 + 19);
    assert!(
        err.to_string().contains("`world <world>` was expected"),
        "{err}"
    );

    let err = decode(&frame(1, b"weld 0.1.0\ncrate c")).unwrap_err();
    assert_eq!(err.offset(), 12 + 11);
    assert!(err.to_string().contains("newline"), "{err}");

    let err = decode(&frame(1, b"weld \xff")).unwrap_err();
    assert_eq!(err, MetadataError::InvalidUtf8 { offset: 17 });
}

#[test]
fn readable_foreign_versions_decode() {
    let mut record = text_svc();
    record.abi_version = 0;
    assert_eq!(decode(&record.encode()).unwrap(), vec![record]);
}

#[test]
fn unreadable_foreign_versions_name_crate_and_version() {
    let payload = b"weld 0.0.9\ncrate old-svc\nsomething new\n";
    let err = decode(&frame(0, payload)).unwrap_err();
    match &err {
        MetadataError::ForeignVersion {
            offset: 0,
            abi_version: 0,
            weld_version: Some(weld),
            crate_name: Some(krate),
            ..
        } => assert_eq!((weld.as_str(), krate.as_str()), ("0.0.9", "old-svc")),
        other => panic!("{other:?}"),
    }
    let shown = err.to_string();
    for part in [
        "old-svc",
        "weld 0.0.9",
        "weld ABI 0",
        "weld ABI 1",
        "rebuild `old-svc` with weld 0.1.0",
    ] {
        assert!(shown.contains(part), "{shown}");
    }
    assert!(std::error::Error::source(&err).is_some());

    let err = decode(&frame(7, b"\xff\xfe")).unwrap_err();
    assert!(matches!(
        err,
        MetadataError::ForeignVersion {
            abi_version: 7,
            weld_version: None,
            crate_name: None,
            ..
        }
    ));
}

/// A frame around an arbitrary payload.
fn frame(abi_version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = b"WELD".to_vec();
    out.extend(abi_version.to_le_bytes());
    out.extend((payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    out
}
