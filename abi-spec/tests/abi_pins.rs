//! The ABI's shapes are pinned to its version: changing the symbol mangling
//! or the metadata encoding without bumping `ABI_VERSION` fails here.
//!
//! When you bump `ABI_VERSION`, add a row for the new version (keep the old
//! rows: they document what older versions looked like).

use weld_abi::metadata::{Direction, Item, ItemKind, Record};
use weld_abi::{ABI_VERSION, symbol, type_hash};

/// Per ABI version: an interface symbol, a root symbol, the encoding of
/// [`fixed_record`], and the hash of `record p {x: u32}`.
type Pin = (u32, &'static str, &'static str, &'static [u8], u64);

const PINS: &[Pin] = &[(
    1,
    "weld1|ex:a/b@1.0.0|f",
    "weld1|$root|g",
    b"WELD\x01\0\0\0l\0\0\0weld 0.0.0\ncrate pin\nworld ex:a/w@1.0.0\n\
      export ex:a/b@1.0.0\ntype t 0000000000000001\nfunc f ffffffffffffffff\n",
    0x33e0_6176_032d_0ddc,
)];

fn fixed_record() -> Record {
    Record {
        abi_version: ABI_VERSION,
        weld_version: "0.0.0".into(),
        crate_name: "pin".into(),
        world: "ex:a/w@1.0.0".into(),
        direction: Direction::Export,
        interface: Some("ex:a/b@1.0.0".into()),
        items: vec![
            Item {
                kind: ItemKind::Type,
                name: "t".into(),
                hash: 1,
            },
            Item {
                kind: ItemKind::Func,
                name: "f".into(),
                hash: u64::MAX,
            },
        ],
    }
}

#[test]
fn shapes_match_the_pins_of_this_version() {
    let Some(&(_, iface, root, record, hash)) = PINS.iter().find(|p| p.0 == ABI_VERSION) else {
        panic!("ABI_VERSION is {ABI_VERSION}: add its pins to abi-spec/tests/abi_pins.rs");
    };
    let change = "changed without bumping weld_abi::ABI_VERSION";
    assert_eq!(
        symbol(Some("ex:a/b@1.0.0"), "f"),
        iface,
        "symbol shape {change}"
    );
    assert_eq!(symbol(None, "g"), root, "root symbol shape {change}");
    let encoded = fixed_record().encode();
    assert_eq!(
        encoded.escape_ascii().to_string(),
        record.escape_ascii().to_string(),
        "metadata encoding {change}"
    );
    assert_eq!(
        type_hash("record p {x: u32}"),
        hash,
        "type hash function {change}"
    );
}
