//! Semver-compatible binding: an import of `ns:pkg/iface@A` that no linked
//! crate exports in exactly that version binds to the linked export of a
//! compatible version `@B` (rule in `semver`), as wasmtime's linker binds
//! it to a host definition. The highest compatible version exported wins;
//! they can only come from one crate, because two crates exporting
//! compatible versions of one interface are two providers of it. A wrapper
//! wraps one version: a wrapped interface exported in another compatible
//! version too is refused, and so is a crate whose import would bind to
//! its own export of another version.
//!
//! Only decides; the comparison of the bound sides is `compare`'s, the
//! wording `messages`'.

use std::collections::{BTreeMap, BTreeSet};

use super::index::Index;
use super::{Diagnostic, Slot, messages, semver};

/// The bindings across versions of a link.
#[derive(Debug, Default)]
pub(super) struct Compatible {
    /// Imported interface (no exporter of that exact version) -> the
    /// exported, compatible version it binds to.
    pub bound: BTreeMap<Slot, Slot>,
    /// Imported interfaces of a family refused here (an error is reported):
    /// they are neither bound nor left to the host.
    pub refused: BTreeSet<Slot>,
}

/// One family of compatible versions: every exported version, by key.
type Families<'i> = BTreeMap<String, Vec<&'i Slot>>;

/// The bindings of `index`'s imports across versions, and every error
/// found (refused families, imports that would bind to their own crate).
pub(super) fn resolve(index: &Index<'_>) -> (Compatible, Vec<Diagnostic>) {
    let mut families: Families<'_> = BTreeMap::new();
    for slot in index.exports.keys() {
        if let Slot::Interface(name) = slot
            && let Some((key, _)) = semver::key(name)
        {
            families.entry(key).or_default().push(slot);
        }
    }
    let mut errors = Vec::new();
    let refused: BTreeSet<&str> = families
        .iter()
        .filter(|(_, slots)| slots.len() > 1)
        .filter_map(|(key, slots)| family_error(index, slots).map(|e| (key, e)))
        .map(|(key, e)| {
            errors.push(e);
            key.as_str()
        })
        .collect();
    let mut out = Compatible::default();
    for (slot, importers) in &index.imports {
        let Slot::Interface(name) = slot else {
            continue;
        };
        let Some((key, _)) = semver::key(name) else {
            continue;
        };
        let Some(family) = families.get(&key) else {
            continue;
        };
        if refused.contains(key.as_str()) {
            out.refused.insert(slot.clone());
            continue;
        }
        if index.exports.contains_key(slot) {
            continue;
        }
        let Some(target) = family
            .iter()
            .copied()
            .max_by(|a, b| semver::by_version(a.module(), b.module()))
        else {
            continue;
        };
        let own: BTreeSet<&str> = importers
            .iter()
            .map(|s| s.krate)
            .filter(|k| exporters(index, family).any(|(c, _)| c == *k))
            .collect();
        if own.is_empty() {
            out.bound.insert(slot.clone(), target.clone());
        } else {
            for krate in own {
                let exported: Vec<&Slot> = exporters(index, family)
                    .filter(|(c, _)| *c == krate)
                    .map(|(_, s)| s)
                    .collect();
                errors.push(messages::own_version(krate, slot, &exported));
            }
            out.refused.insert(slot.clone());
        }
    }
    (out, errors)
}

/// `(crate, exported slot)` for every exporter of a family's versions.
fn exporters<'i, 'a>(
    index: &'i Index<'a>,
    family: &'i [&'i Slot],
) -> impl Iterator<Item = (&'a str, &'i Slot)> + 'i {
    family.iter().flat_map(move |slot| {
        let sides = index.exports.get(*slot).map_or(&[][..], Vec::as_slice);
        sides.iter().map(move |s| (s.krate, *slot))
    })
}

/// The error of a family exported in several versions, if it is refused:
/// a wrapper of one of them, or more than one crate exporting them.
fn family_error(index: &Index<'_>, family: &[&Slot]) -> Option<Diagnostic> {
    let mut all: Vec<(&str, &Slot)> = exporters(index, family).collect();
    all.sort();
    all.dedup();
    let imports = |krate: &str, slot: &Slot| {
        index
            .imports
            .get(slot)
            .is_some_and(|sides| sides.iter().any(|s| s.krate == krate))
    };
    if let Some(&(wrapper, wrapped)) = all.iter().find(|(c, s)| imports(c, s)) {
        let others: Vec<(&str, &Slot)> =
            all.iter().copied().filter(|(_, s)| *s != wrapped).collect();
        return Some(messages::wrapped_across_versions(wrapper, wrapped, &others));
    }
    let crates: BTreeSet<&str> = all.iter().map(|(c, _)| *c).collect();
    if crates.len() < 2 {
        return None;
    }
    // Crates that also import another version: a wrapper across versions.
    let across: Vec<(&str, &Slot)> = index
        .imports
        .iter()
        .filter(|(slot, _)| {
            family
                .iter()
                .any(|f| semver::compatible(f.module(), slot.module()))
        })
        .flat_map(|(slot, sides)| sides.iter().map(move |s| (s.krate, slot)))
        .filter(|(c, _)| crates.contains(c))
        .collect();
    Some(messages::compatible_providers(&all, &across))
}
