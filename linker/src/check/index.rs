//! The records of a link, merged and indexed by slot and direction.
//!
//! Records equal but for their world (a crate may use one interface from
//! two worlds) or the order of their items count once. This module only
//! organises; the rules live in the parent module and in `compare`.

use std::collections::{BTreeMap, BTreeSet};

use weld_abi::ABI_VERSION;
use weld_abi::metadata::{Direction, Item, ItemKind, Record};

use super::{Diagnostic, Slot, messages};

/// What one crate imports or exports of one slot.
#[derive(Debug, Clone)]
pub(super) struct Side<'a> {
    /// The crate.
    pub krate: &'a str,
    /// The crate's worlds whose records hold this side (for messages).
    pub worlds: BTreeSet<&'a str>,
    /// The items, sorted by kind, name and hash.
    pub items: Vec<&'a Item>,
    /// Built with another ABI version: its hashes are not comparable.
    pub foreign: bool,
}

impl<'a> Side<'a> {
    /// The first item of `kind` named `name`.
    pub fn find(&self, kind: ItemKind, name: &str) -> Option<&'a Item> {
        self.items
            .iter()
            .copied()
            .find(|i| i.kind == kind && i.name == name)
    }

    /// The items of `kind`.
    pub fn of(&self, kind: ItemKind) -> impl Iterator<Item = &'a Item> + '_ {
        self.items.iter().copied().filter(move |i| i.kind == kind)
    }

    /// Whether `other` is the same crate with the same items and version
    /// class (worlds aside).
    fn same(&self, other: &Side<'_>) -> bool {
        self.krate == other.krate && self.foreign == other.foreign && self.items == other.items
    }
}

/// Every record of a link, merged.
#[derive(Debug, Default)]
pub(super) struct Index<'a> {
    /// Every crate with a record.
    pub crates: BTreeSet<&'a str>,
    /// Exported slots -> the distinct sides exporting them.
    pub exports: BTreeMap<Slot, Vec<Side<'a>>>,
    /// Imported slots -> the distinct sides importing them.
    pub imports: BTreeMap<Slot, Vec<Side<'a>>>,
    /// Crates with records of another ABI version -> (ABI version, weld
    /// version) of each.
    foreign: BTreeMap<&'a str, BTreeSet<(u32, &'a str)>>,
}

impl<'a> Index<'a> {
    /// Merges `records`.
    pub fn new(records: &'a [Record]) -> Self {
        let mut index = Index::default();
        for record in records {
            index.add(record);
        }
        index
    }

    /// Adds one record: one side for an interface, one side per function
    /// for world-level functions.
    fn add(&mut self, record: &'a Record) {
        let krate = record.crate_name.as_str();
        self.crates.insert(krate);
        let foreign = record.abi_version != ABI_VERSION;
        if foreign {
            self.foreign
                .entry(krate)
                .or_default()
                .insert((record.abi_version, record.weld_version.as_str()));
        }
        let map = match record.direction {
            Direction::Import => &mut self.imports,
            Direction::Export => &mut self.exports,
        };
        let side = |items: Vec<&'a Item>| Side {
            krate,
            worlds: BTreeSet::from([record.world.as_str()]),
            items,
            foreign,
        };
        match &record.interface {
            Some(name) => {
                let mut items: Vec<&Item> = record.items.iter().collect();
                items.sort_by_key(|i| (kind_order(i.kind), &i.name, i.hash));
                merge(map, Slot::Interface(name.clone()), side(items));
            }
            None => {
                for item in record.items.iter().filter(|i| i.kind == ItemKind::Func) {
                    merge(map, Slot::Function(item.name.clone()), side(vec![item]));
                }
            }
        }
    }

    /// One error per crate built with another ABI version.
    pub fn abi_errors(&self) -> Vec<Diagnostic> {
        self.foreign
            .iter()
            .map(|(krate, versions)| messages::abi_version(krate, versions))
            .collect()
    }

    /// For an interface no crate exports: the exported interfaces that are
    /// the same interface in another version (or unversioned), with the
    /// crates exporting them.
    pub fn other_versions(&self, slot: &Slot) -> Vec<(String, String)> {
        let Slot::Interface(wanted) = slot else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (other, sides) in &self.exports {
            if let Slot::Interface(name) = other
                && name != wanted
                && unversioned(name) == unversioned(wanted)
            {
                let crates: BTreeSet<&str> = sides.iter().map(|s| s.krate).collect();
                out.extend(crates.into_iter().map(|c| (name.clone(), c.to_owned())));
            }
        }
        out
    }
}

/// Adds `side` to the sides of `slot` unless an equal one is there (then
/// only its world is recorded).
fn merge<'a>(map: &mut BTreeMap<Slot, Vec<Side<'a>>>, slot: Slot, side: Side<'a>) {
    let sides = map.entry(slot).or_default();
    match sides.iter_mut().find(|s| s.same(&side)) {
        Some(existing) => existing.worlds.extend(side.worlds),
        None => sides.push(side),
    }
}

/// Types sort before functions.
fn kind_order(kind: ItemKind) -> u8 {
    match kind {
        ItemKind::Type => 0,
        ItemKind::Func => 1,
    }
}

/// An interface's world key without its `@version`: `ns:pkg/iface`.
pub(super) fn unversioned(name: &str) -> &str {
    name.split_once('@').map_or(name, |(base, _)| base)
}
