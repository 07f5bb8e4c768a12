//! Wrappers: a crate that imports and exports the same interface (or
//! world-level function) sits between the slot's other importers and its
//! other exporter (or the host). Its bindings name that export
//! `__wrap_weld1|…` and that import `__real_weld1|…`; before wasm-ld runs,
//! weld-ld asks for `--wrap=weld1|…` for each of its symbols, so every other
//! reference reaches the wrapper and the wrapper's own reaches the inner
//! provider (SPEC.md section 6, "Wrappers").

use crate::Error;
use crate::check::{self, Diagnostic, Slot};
use std::collections::{BTreeMap, BTreeSet};
use weld_abi::metadata::{Direction, ItemKind, Record};

/// What each crate of a link imports: `(crate, interface, item)` for every
/// item of every import record (`None` for world-level functions).
pub struct Imports<'a>(BTreeSet<(&'a str, Option<&'a str>, &'a str)>);

impl<'a> Imports<'a> {
    /// Collects the import records of `records`.
    pub fn of(records: impl IntoIterator<Item = &'a Record>) -> Self {
        let mut set = BTreeSet::new();
        for r in records {
            if r.direction == Direction::Import {
                for i in &r.items {
                    set.insert((
                        r.crate_name.as_str(),
                        r.interface.as_deref(),
                        i.name.as_str(),
                    ));
                }
            }
        }
        Imports(set)
    }

    /// Whether the crate of export record `r` also imports the slot of its
    /// item `name` (so it wraps it): the interface, or for a world-level
    /// function that very function.
    pub fn wraps(&self, r: &Record, name: &str) -> bool {
        self.0.iter().any(|&(c, i, n)| {
            c == r.crate_name && i == r.interface.as_deref() && (r.interface.is_some() || n == name)
        })
    }

    /// Whether a crate other than `krate` imports any item of `interface`.
    pub fn interface_by_other(&self, krate: &str, interface: &str) -> bool {
        self.0
            .iter()
            .any(|&(c, i, _)| c != krate && i == Some(interface))
    }

    /// Whether a crate other than `krate` imports `name` of `interface`.
    pub fn by_other(&self, krate: &str, interface: Option<&str>, name: &str) -> bool {
        self.0
            .iter()
            .any(|&(c, i, n)| c != krate && i == interface && n == name)
    }
}

/// The symbols to pass as `--wrap=<symbol>`: every function and
/// `[resource-drop]` that a crate exports of a slot it also imports.
pub fn symbols(records: &[Record]) -> BTreeSet<String> {
    let imports = Imports::of(records);
    let mut out = BTreeSet::new();
    for r in records.iter().filter(|r| r.direction == Direction::Export) {
        for item in &r.items {
            let func = match item.kind {
                ItemKind::Func => item.name.clone(),
                ItemKind::Type if is_resource(item) => {
                    weld_abi::canonical::resource_drop(&item.name)
                }
                ItemKind::Type => continue,
            };
            if imports.wraps(r, &item.name) {
                out.insert(weld_abi::symbol(r.interface.as_deref(), &func));
            }
        }
    }
    out
}

/// Whether a type item is a resource: its hash is that of `resource <name>`.
pub fn is_resource(item: &weld_abi::metadata::Item) -> bool {
    item.kind == ItemKind::Type
        && item.hash == weld_abi::type_hash(&format!("resource {}", item.name))
}

/// The wasm-ld flags for [`symbols`].
///
/// # Errors
/// Two crates wrapping one slot (wasm-ld has one layer of `--wrap`, and
/// would only report their duplicate `__wrap_` definitions).
pub fn flags(records: &[Record]) -> Result<Vec<String>, Error> {
    let errors: Vec<Diagnostic> = wrappers(records)
        .iter()
        .filter(|(_, crates)| crates.len() > 1)
        .map(|(slot, crates)| check::two_wrappers(slot, crates))
        .collect();
    if !errors.is_empty() {
        return Err(Error::Check(errors));
    }
    Ok(symbols(records)
        .into_iter()
        .map(|s| format!("--wrap={s}"))
        .collect())
}

/// Each slot some crate both imports and exports -> those crates.
pub(crate) fn wrappers(records: &[Record]) -> BTreeMap<Slot, BTreeSet<&str>> {
    let mut sides: BTreeMap<(Slot, &str), (bool, bool)> = BTreeMap::new();
    for r in records {
        for slot in Slot::of_record(r) {
            let side = sides.entry((slot, r.crate_name.as_str())).or_default();
            match r.direction {
                Direction::Import => side.0 = true,
                Direction::Export => side.1 = true,
            }
        }
    }
    let mut out: BTreeMap<Slot, BTreeSet<&str>> = BTreeMap::new();
    for ((slot, krate), both) in sides {
        if both == (true, true) {
            out.entry(slot).or_default().insert(krate);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use weld_abi::metadata::Item;

    fn record(
        krate: &str,
        direction: Direction,
        interface: Option<&str>,
        items: &[Item],
    ) -> Record {
        let mut r = Record::new(krate, "t:t/w", direction, interface.map(str::to_owned));
        r.items = items.to_vec();
        r
    }

    fn item(kind: ItemKind, name: &str, description: &str) -> Item {
        Item {
            kind,
            name: name.into(),
            hash: weld_abi::type_hash(description),
        }
    }

    #[test]
    fn a_wrapper_wraps_its_functions_and_resource_drops() {
        let items = [
            item(ItemKind::Type, "cell", "resource cell"),
            item(ItemKind::Type, "pair", "record pair {a: u32}"),
            item(
                ItemKind::Func,
                "[constructor]cell",
                "func(u32) -> own<cell>",
            ),
            item(ItemKind::Func, "get", "func() -> u32"),
        ];
        let records = [
            record("layer", Direction::Import, Some("t:t/i"), &items),
            record("layer", Direction::Export, Some("t:t/i"), &items),
            record("app", Direction::Import, Some("t:t/i"), &items),
            record("svc", Direction::Export, Some("t:t/i"), &items),
            record("svc", Direction::Export, Some("t:t/other"), &items),
        ];
        assert_eq!(
            flags(&records).unwrap(),
            [
                "--wrap=weld1|t:t/i|[constructor]cell",
                "--wrap=weld1|t:t/i|[resource-drop]cell",
                "--wrap=weld1|t:t/i|get",
            ]
        );
    }

    #[test]
    fn world_level_functions_wrap_one_by_one() {
        let records = [
            record(
                "app",
                Direction::Import,
                None,
                &[item(ItemKind::Func, "now", "func() -> u64")],
            ),
            record(
                "app",
                Direction::Export,
                None,
                &[
                    item(ItemKind::Func, "now", "func() -> u64"),
                    item(ItemKind::Func, "run", "func()"),
                ],
            ),
        ];
        assert_eq!(flags(&records).unwrap(), ["--wrap=weld1|$root|now"]);
    }

    #[test]
    fn no_wrapper_no_flags() {
        let f = [item(ItemKind::Func, "get", "func() -> u32")];
        let records = [
            record("app", Direction::Import, Some("t:t/i"), &f),
            record("svc", Direction::Export, Some("t:t/i"), &f),
        ];
        assert!(flags(&records).unwrap().is_empty());
    }

    #[test]
    fn two_wrappers_of_one_slot_are_refused_by_name() {
        let f = [item(ItemKind::Func, "get", "func() -> u32")];
        let records = [
            record("a", Direction::Import, Some("t:t/i"), &f),
            record("a", Direction::Export, Some("t:t/i"), &f),
            record("b", Direction::Import, Some("t:t/i"), &f),
            record("b", Direction::Export, Some("t:t/i"), &f),
        ];
        let msg = flags(&records).unwrap_err().to_string();
        assert!(
            msg.contains("interface `t:t/i` is wrapped by 2 crates: `a` and `b`"),
            "{msg}"
        );
    }
}
