//! `metadata::decode` is total: no input makes it panic, and every record
//! it is given back in a well-formed section round-trips.
//!
//! Exhaustive over truncations and single-byte changes of a few encoded
//! sections, plus pseudo-random garbling (a fixed-seed xorshift, so runs
//! are reproducible without extra dependencies).

use weld_abi::metadata::{Direction, Item, ItemKind, Record, decode};

fn samples() -> Vec<Record> {
    let mut export = Record::new(
        "text-svc",
        "ex:text/text-svc@0.1.0",
        Direction::Export,
        Some("ex:text/api@0.1.0".into()),
    );
    export.items = vec![
        Item {
            kind: ItemKind::Func,
            name: "upper".into(),
            hash: 0x89ab_cdef_0123_4567,
        },
        Item {
            kind: ItemKind::Type,
            name: "point".into(),
            hash: 0,
        },
    ];
    let root = Record::new("app", "ex:app/app", Direction::Import, None);
    let mut odd = Record::new("x y%", "é\n", Direction::Import, Some("ifc".into()));
    odd.abi_version = 0;
    odd.items.push(Item {
        kind: ItemKind::Func,
        name: "[method]r.f".into(),
        hash: u64::MAX,
    });
    vec![export, root, odd]
}

fn sections() -> Vec<Vec<u8>> {
    let records = samples();
    let mut all = Vec::new();
    for r in &records {
        all.extend(r.encode());
    }
    let mut out: Vec<Vec<u8>> = records.iter().map(Record::encode).collect();
    out.push(all);
    out
}

#[test]
fn well_formed_sections_round_trip() {
    let records = samples();
    for r in &records {
        assert_eq!(decode(&r.encode()).unwrap(), vec![r.clone()]);
    }
    let all: Vec<u8> = records.iter().flat_map(Record::encode).collect();
    assert_eq!(decode(&all).unwrap(), records);
}

#[test]
fn every_truncation_is_an_error_or_a_record_prefix() {
    for section in sections() {
        let full = decode(&section).unwrap();
        for len in 0..section.len() {
            match decode(&section[..len]) {
                Ok(records) => assert_eq!(records[..], full[..records.len()], "len {len}"),
                Err(e) => assert!(e.offset() <= len, "len {len}: {e}"),
            }
        }
    }
}

#[test]
fn every_single_byte_change_is_handled() {
    for section in sections() {
        for i in 0..section.len() {
            for mask in [0x01, 0x20, 0x80, 0xff] {
                let mut garbled = section.clone();
                garbled[i] ^= mask;
                if let Err(e) = decode(&garbled) {
                    assert!(e.offset() <= garbled.len(), "byte {i} ^ {mask:#x}: {e}");
                    assert!(!e.to_string().is_empty());
                }
            }
            for value in [0u8, b'\n', b' ', b'%', 0xff] {
                let mut garbled = section.clone();
                garbled[i] = value;
                let _ = decode(&garbled);
            }
        }
    }
}

#[test]
fn random_garbling_never_panics() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let sections = sections();
    for _ in 0..20_000 {
        let mut bytes = sections[(next() % sections.len() as u64) as usize].clone();
        for _ in 0..1 + next() % 4 {
            let i = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes[i] = next() as u8,
                1 => bytes.truncate(i),
                _ => bytes.insert(i, next() as u8),
            }
            if bytes.is_empty() {
                break;
            }
        }
        let _ = decode(&bytes);
    }
    // Huge declared lengths must not allocate or overflow.
    let mut header = b"WELD\x01\0\0\0".to_vec();
    header.extend(u32::MAX.to_le_bytes());
    assert!(decode(&header).is_err());
}
