//! Crates that rustc compiled into one object. Without LTO, rustc passes
//! the linker the objects of the crate being linked (the root) directly
//! and every other crate in an archive (`.rlib`), so the crates with
//! `weld-meta` records in direct objects are the root. With `lto = true`
//! or `lto = "thin"`, every crate's code and records come in the direct
//! objects. weld-ld then takes the root from cargo's `CARGO_PKG_NAME`,
//! which rustc passes on to its linker, and refuses wrappers: wasm-ld's
//! `--wrap` only reroutes references between objects, and the calls of
//! merged crates were bound (or inlined) before the linker ran.

use crate::Error;
use crate::check::{Diagnostic, Slot};
use std::collections::BTreeSet;
use weld_abi::metadata::Record;

/// The root crates of a link that rustc started: `direct` (the crates with
/// records in objects passed directly) unless it holds several, which
/// means the crates were compiled into one object; then the one named
/// `package` (the `CARGO_PKG_NAME` of the link).
///
/// # Errors
///
/// Merged crates with a wrapper among them (one diagnostic per wrapped
/// slot), or that `package` does not name.
pub fn roots(
    direct: BTreeSet<String>,
    package: Option<&str>,
    records: &[Record],
) -> Result<BTreeSet<String>, Error> {
    if direct.len() <= 1 {
        return Ok(direct);
    }
    let wrapped: Vec<Diagnostic> = crate::wrap::wrappers(records)
        .iter()
        .map(|(slot, crates)| wrapper_merged(slot, crates, &direct))
        .collect();
    if !wrapped.is_empty() {
        return Err(Error::Check(wrapped));
    }
    match package {
        Some(p) if direct.contains(p) => Ok(BTreeSet::from([p.to_string()])),
        _ => Err(Error::Check(vec![root_unknown(&direct, package)])),
    }
}

fn listed(crates: &BTreeSet<String>) -> String {
    let names: Vec<String> = crates.iter().map(|c| format!("`{c}`")).collect();
    names.join(", ")
}

fn wrapper_merged(slot: &Slot, wrappers: &BTreeSet<&str>, merged: &BTreeSet<String>) -> Diagnostic {
    let wrappers: Vec<String> = wrappers.iter().map(|c| format!("`{c}`")).collect();
    Diagnostic::new(format!(
        "{} is wrapped by {}, but rustc compiled the linked crates into one object",
        slot.describe(),
        wrappers.join(", ")
    ))
    .note(format!(
        "the crates {} came merged, as `lto = true` or `lto = \"thin\"` builds them; wasm-ld's `--wrap` cannot reroute calls inside one object, so the wrapper would be skipped",
        listed(merged)
    ))
    .hint("build this link without LTO (`lto = false` in its profile)")
}

fn root_unknown(merged: &BTreeSet<String>, package: Option<&str>) -> Diagnostic {
    let named = match package {
        Some(p) => format!("`CARGO_PKG_NAME` is `{p}`, none of them"),
        None => String::from("`CARGO_PKG_NAME` is not set"),
    };
    Diagnostic::new(format!(
        "rustc compiled the crates {} into one object, and weld-ld cannot tell which is the root crate",
        listed(merged)
    ))
    .note(format!(
        "crates came merged, as `lto = true` or `lto = \"thin\"` builds them, and {named}; the root crate's exports are the module's"
    ))
    .hint("link through cargo, which names the root crate, or build without LTO")
}

/// Whether the objects rustc passed directly (not in archives) carry the
/// records of several crates: LTO compiled them into the root's objects.
pub fn several_direct(objects: &[crate::inputs::Object]) -> bool {
    let direct: BTreeSet<&str> = objects
        .iter()
        .filter(|o| o.member.is_none())
        .flat_map(|o| o.records.iter().map(|r| r.crate_name.as_str()))
        .collect();
    direct.len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use weld_abi::metadata::{Direction, Item, ItemKind};

    fn record(krate: &str, direction: Direction, interface: &str) -> Record {
        Record {
            abi_version: weld_abi::ABI_VERSION,
            weld_version: weld_abi::WELD_VERSION.into(),
            crate_name: krate.into(),
            world: format!("t:t/{krate}"),
            direction,
            interface: Some(interface.into()),
            items: vec![Item {
                kind: ItemKind::Func,
                name: "f".into(),
                hash: 1,
            }],
        }
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_crate_in_the_direct_objects_is_the_root_whatever_cargo_says() {
        let records = [record("app", Direction::Import, "t:t/i")];
        assert_eq!(
            roots(set(&["app"]), Some("other"), &records).unwrap(),
            set(&["app"])
        );
        assert_eq!(roots(set(&[]), None, &records).unwrap(), set(&[]));
    }

    #[test]
    fn merged_crates_take_the_root_from_cargo() {
        let records = [
            record("app", Direction::Import, "t:t/i"),
            record("service", Direction::Export, "t:t/i"),
        ];
        let merged = set(&["app", "service"]);
        assert_eq!(
            roots(merged.clone(), Some("app"), &records).unwrap(),
            set(&["app"])
        );
        for package in [None, Some("elsewhere")] {
            let e = roots(merged.clone(), package, &records)
                .unwrap_err()
                .to_string();
            assert!(e.contains("cannot tell which is the root crate"), "{e}");
            assert!(e.contains("`app`, `service`"), "{e}");
            assert!(e.contains("lto"), "{e}");
        }
    }

    #[test]
    fn a_wrapper_among_merged_crates_is_refused_by_name() {
        let records = [
            record("app", Direction::Import, "t:t/i"),
            record("layer", Direction::Import, "t:t/i"),
            record("layer", Direction::Export, "t:t/i"),
            record("store", Direction::Export, "t:t/i"),
        ];
        let e = roots(set(&["app", "layer", "store"]), Some("app"), &records)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("error: interface `t:t/i` is wrapped by `layer`"),
            "{e}"
        );
        assert!(
            e.contains("`--wrap` cannot reroute calls inside one object"),
            "{e}"
        );
        assert!(e.contains("`lto = false`"), "{e}");
    }
}
