//! The link-time check of the WIT wiring (SPEC.md sections 1, 7 and 8).
//!
//! wasm-ld binds symbols by name and knows nothing of WIT. This module reads
//! the `weld-meta` records of everything linked and decides, before any
//! code runs, whether the wiring is sound: every record built with this ABI
//! version, every interface (and world-level function) exported by at most
//! one crate, every import identical (by type hash) to what its provider
//! exports, an import of a version no crate exports bound to the one
//! linked export of a semver-compatible version (and compared with it), no
//! import left to the host while a linked crate exports an incompatible
//! version of it, and host imports only where the [`Options`] allow them.
//! A crate that imports and exports one slot (a wrapper) sits between the
//! slot's other importers and its one other exporter (or the host).
//!
//! It collects every problem, never only the first, as rustc-style
//! [`Diagnostic`]s, and returns the [`Wiring`] the driver needs (who
//! provides what, what goes to the host). It does no I/O, decodes no
//! sections and never panics; it must not depend on wasm-ld or the file
//! system, so every rule is testable from records alone.

mod compare;
pub mod core_imports;
mod diagnostic;
mod index;
mod messages;
mod options;
mod semver;
#[cfg(test)]
mod tests;
mod versions;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use weld_abi::metadata::Record;

pub use core_imports::{CoreImport, Origin};
pub use diagnostic::Diagnostic;
pub use options::{HostImports, Options};

use index::{Index, Side};

/// What an import binds to: an interface, or a world-level function.
///
/// World-level functions of all linked crates share one namespace and are
/// matched by function name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// An interface, by its world key (`ns:pkg/iface@1.0.0`, or the plain
    /// name of an interface defined inline in a world).
    Interface(String),
    /// A world-level function, by its WIT name.
    Function(String),
}

impl Slot {
    /// The slots a metadata record binds: its interface, or each of its
    /// world-level functions.
    pub(crate) fn of_record(r: &weld_abi::metadata::Record) -> Vec<Slot> {
        match &r.interface {
            Some(i) => vec![Slot::Interface(i.clone())],
            None => r
                .items
                .iter()
                .filter(|i| i.kind == weld_abi::metadata::ItemKind::Func)
                .map(|i| Slot::Function(i.name.clone()))
                .collect(),
        }
    }

    /// The Canonical ABI import module of the slot: the interface's world
    /// key, or `$root` for a world-level function.
    pub fn module(&self) -> &str {
        match self {
            Slot::Interface(name) => name,
            Slot::Function(_) => weld_abi::ROOT,
        }
    }

    /// How messages name the slot: "interface `I`" or "world-level
    /// function `f`".
    pub fn describe(&self) -> String {
        match self {
            Slot::Interface(name) => format!("interface `{name}`"),
            Slot::Function(name) => format!("world-level function `{name}`"),
        }
    }
}

impl fmt::Display for Slot {
    /// The interface's world key, or `$root/<function>` for a world-level
    /// function: the syntax of [`HostImports::AllowList`] entries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Interface(name) => f.write_str(name),
            Slot::Function(name) => write!(f, "{}/{name}", weld_abi::ROOT),
        }
    }
}

/// The checked wiring of a link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wiring {
    /// Every exported interface (or world-level function) -> the crate
    /// providing it, whether or not a linked crate imports it. For a
    /// wrapped slot, the wrapper: every importer but the wrapper binds to it.
    /// An imported interface bound to a compatible version (`compatible`)
    /// -> the crate providing that version.
    pub provided: BTreeMap<Slot, String>,
    /// Imported interfaces no crate exports in that version -> the
    /// semver-compatible exported version they bind to (SPEC.md section 7).
    pub compatible: BTreeMap<Slot, Slot>,
    /// Slots a crate both imports and exports (SPEC.md section 6,
    /// "Wrappers") -> who wraps what.
    pub wrapped: BTreeMap<Slot, Wrapped>,
    /// Imports no crate provides -> the crates importing them (sorted,
    /// once each); they go to the host.
    pub host_imports: BTreeMap<Slot, Vec<String>>,
    /// Every crate that has a record in the link.
    pub crates: BTreeSet<String>,
}

/// A slot one crate both imports and exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// The crate that imports and exports the slot.
    pub wrapper: String,
    /// The crate its import binds to; `None` when the host provides it.
    pub inner: Option<String>,
}

impl Wiring {
    /// Whether a linked crate provides `slot` to `krate`: false for a slot
    /// no crate exports, and for a wrapper's own import of a slot that only
    /// the host provides.
    pub fn provides_to(&self, slot: &Slot, krate: &str) -> bool {
        match self.wrapped.get(slot) {
            Some(w) if w.wrapper == krate => w.inner.is_some(),
            _ => self.provided.contains_key(slot),
        }
    }
}

/// Checks the records of everything linked; all problems are collected
/// (never only the first).
///
/// Identical records count once (wasm-ld concatenates the sections of every
/// object, duplicates included); a crate built with another ABI version is
/// reported once and its hashes are not compared.
///
/// # Errors
/// Every [`Diagnostic`] found, in a stable order: ABI versions, providers,
/// versions, then imports by slot.
pub fn check(records: &[Record], options: &Options) -> Result<Wiring, Vec<Diagnostic>> {
    check_linked(records, options, None)
}

/// [`check`] of a linked module that imports `imports` (`(module, name)`,
/// after renaming). An imported interface bound to a compatible version may
/// name functions the provider's version lacks as long as nothing calls
/// them: such a function is an error only when the module still imports it
/// (with `imports` `None`, always). Every function both versions name is
/// compared.
///
/// # Errors
/// As [`check`].
pub fn check_linked(
    records: &[Record],
    options: &Options,
    imports: Option<Imports<'_>>,
) -> Result<Wiring, Vec<Diagnostic>> {
    let index = Index::new(records);
    let mut errors = index.abi_errors();
    let mut wiring = Wiring {
        crates: index.crates.iter().map(|c| c.to_string()).collect(),
        ..Wiring::default()
    };
    let mut providers = BTreeMap::new();
    for (slot, sides) in &index.exports {
        if let Some(p) = providers_of(slot, sides, &index, &mut errors) {
            wiring
                .provided
                .insert(slot.clone(), p.outer.krate.to_owned());
            if p.wrapper {
                let wrapped = Wrapped {
                    wrapper: p.outer.krate.to_owned(),
                    inner: p.inner.map(|s| s.krate.to_owned()),
                };
                wiring.wrapped.insert(slot.clone(), wrapped);
            }
            providers.insert(slot, p);
        }
    }
    let (compatible, version_errors) = versions::resolve(&index);
    errors.extend(version_errors);
    let link = Link {
        index: &index,
        options,
        providers: &providers,
        compatible: &compatible,
        imports,
    };
    for (slot, importers) in &index.imports {
        link.bind(slot, importers, &mut wiring, &mut errors);
    }
    if errors.is_empty() {
        Ok(wiring)
    } else {
        Err(errors)
    }
}

/// The imports of a linked module, after renaming (`(module, name)`).
#[derive(Clone, Copy, Debug)]
pub struct Imports<'a> {
    /// Every import.
    pub all: &'a [(String, String)],
    /// Those renamed from a weld symbol no input defined
    /// (`env::weld1|<interface>|<func>`): references that nothing in the
    /// link served, not even a host adapter (whose own Canonical ABI
    /// imports are not renamed).
    pub unserved: &'a [(String, String)],
}

impl<'a> Imports<'a> {
    /// Imports that all come from weld symbols (a module without host
    /// adapters).
    pub fn renamed(all: &'a [(String, String)]) -> Self {
        Self { all, unserved: all }
    }
}

/// What the imports of a link bind to.
struct Link<'l, 's, 'a> {
    index: &'l Index<'a>,
    options: &'l Options,
    providers: &'l BTreeMap<&'s Slot, Providers<'s, 'a>>,
    compatible: &'l versions::Compatible,
    imports: Option<Imports<'l>>,
}

impl Link<'_, '_, '_> {
    /// Binds the `importers` of `slot`: to its provider (or, for a
    /// wrapper's own import, the inner one), to the provider of a
    /// compatible version, or to the host.
    fn bind(
        &self,
        slot: &Slot,
        importers: &[Side<'_>],
        wiring: &mut Wiring,
        errors: &mut Vec<Diagnostic>,
    ) {
        let everything = |_: &str| true;
        if let Some(p) = self.providers.get(slot) {
            for importer in importers {
                let target = if p.wrapper && importer.krate == p.outer.krate {
                    p.inner
                } else {
                    Some(p.outer)
                };
                match target {
                    Some(provider) => errors.extend(compare::compare(
                        (slot, slot),
                        importer,
                        provider,
                        &everything,
                    )),
                    None if self.compatible.refused.contains(slot) => {}
                    None => self.unprovided(slot, std::slice::from_ref(importer), wiring, errors),
                }
            }
        } else if let Some(exported) = self.compatible.bound.get(slot) {
            let Some(p) = self.providers.get(exported) else {
                return;
            };
            wiring
                .provided
                .insert(slot.clone(), p.outer.krate.to_owned());
            wiring.compatible.insert(slot.clone(), exported.clone());
            let called = |func: &str| {
                self.imports.is_none_or(|imports| {
                    imports
                        .all
                        .iter()
                        .any(|(m, n)| m == slot.module() && n == func)
                })
            };
            for importer in importers {
                errors.extend(compare::compare(
                    (slot, exported),
                    importer,
                    p.outer,
                    &called,
                ));
            }
        } else if !self.index.exports.contains_key(slot) && !self.compatible.refused.contains(slot)
        {
            self.unprovided(slot, importers, wiring, errors);
        }
    }

    /// Whether the linked module still imports something of `slot` (with
    /// `imports` `None`, before the link, always). A crate's record lists
    /// every function of the interfaces its world imports; what nothing
    /// calls, wasm-ld removed, and the module does not import it.
    fn kept(&self, slot: &Slot) -> bool {
        self.imports.is_none_or(|imports| {
            imports.all.iter().any(|(m, n)| match slot {
                Slot::Interface(name) => m == name,
                Slot::Function(name) => m == weld_abi::ROOT && n == name,
            })
        })
    }

    /// The functions of `slot` that the module still imports and that have
    /// no Canonical ABI import (abi-spec/ASYNC.md sections 11 and 12), as
    /// messages name them: async ones and those carrying futures, streams
    /// or error-contexts that the module imports through their weld symbol
    /// (`[async]f` or `f`, renamed, [`Imports::unserved`]): the importer's
    /// bindings defined no host adapter for weld-ld to bind it to. An
    /// adapter's own import of `f` (a Canonical ABI call whose ends or
    /// error-contexts it converts) is not one. Before the link (`imports`
    /// `None`) an async function counts as served by its importer's
    /// adapter, a synchronous one does not.
    fn async_imports(&self, slot: &Slot, importers: &[Side<'_>]) -> Vec<String> {
        let mut out = Vec::new();
        for importer in importers {
            for item in &importer.items {
                let Some((is_async, f)) = crate::exports::async_item(&item.name) else {
                    continue;
                };
                if is_async && self.imports.is_none() {
                    continue;
                }
                // The module imports `[async]f`, or the plain `f`, through
                // a reference no host adapter served: renamed from the
                // weld symbol, not imported by an adapter's own
                // Canonical ABI call.
                let name = if is_async { item.name.as_str() } else { f };
                let imported = self.imports.is_none_or(|imports| {
                    imports
                        .unserved
                        .iter()
                        .any(|(m, n)| m == slot.module() && n == name)
                });
                let what = crate::exports::async_kind(is_async, f);
                if imported && !out.contains(&what) {
                    out.push(what);
                }
            }
        }
        out
    }

    /// An import no crate exports and the module still imports: a
    /// version skew, or a host import (allowed or not).
    fn unprovided(
        &self,
        slot: &Slot,
        importers: &[Side<'_>],
        wiring: &mut Wiring,
        errors: &mut Vec<Diagnostic>,
    ) {
        if !self.kept(slot) {
            return;
        }
        let crates: Vec<String> = importers
            .iter()
            .map(|s| s.krate.to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let others = self.index.other_versions(slot);
        let async_funcs = self.async_imports(slot, importers);
        if !async_funcs.is_empty() {
            errors.push(messages::async_not_provided(slot, &crates, &async_funcs));
        } else if !others.is_empty() {
            errors.push(messages::version_skew(slot, &crates, &others));
        } else if self.options.host_imports.allows(slot) {
            wiring.host_imports.insert(slot.clone(), crates);
        } else {
            errors.push(messages::not_provided(
                slot,
                &crates,
                &self.options.host_imports,
            ));
        }
    }
}

/// The imports of `records` that bind to a semver-compatible version:
/// imported interface -> exported interface (for weld-ld's aliases before
/// wasm-ld runs).
///
/// # Errors
/// What [`check`] reports about versions: compatible versions exported by
/// several crates, a wrapper of one of several exported versions, a crate
/// whose import would bind to its own export of another version.
pub fn compatible(records: &[Record]) -> Result<BTreeMap<Slot, Slot>, Vec<Diagnostic>> {
    let index = Index::new(records);
    let (compatible, errors) = versions::resolve(&index);
    if errors.is_empty() {
        Ok(compatible.bound)
    } else {
        Err(errors)
    }
}

/// The error for two crates that both wrap `slot` (for weld-ld's check
/// before wasm-ld runs).
pub fn two_wrappers(slot: &Slot, crates: &BTreeSet<&str>) -> Diagnostic {
    messages::two_wrappers(slot, crates)
}

/// Who exports a slot.
struct Providers<'s, 'a> {
    /// What every importer binds to (the wrapper, if there is one).
    outer: &'s Side<'a>,
    /// Whether `outer` also imports the slot (a wrapper).
    wrapper: bool,
    /// What the wrapper's own import binds to: the one other exporter, if
    /// any (else the host).
    inner: Option<&'s Side<'a>>,
}

/// The sides exporting `slot`: one crate, or a wrapper and at most one
/// other; `None` (with an error) for two plain exporters, two wrappers, or
/// one crate exporting the slot in two different forms.
fn providers_of<'s, 'a>(
    slot: &Slot,
    sides: &'s [Side<'a>],
    index: &Index<'a>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Providers<'s, 'a>> {
    let crates: BTreeSet<&str> = sides.iter().map(|s| s.krate).collect();
    let imports = index.imports.get(slot).map_or(&[][..], Vec::as_slice);
    let (wrappers, plain): (BTreeSet<&str>, BTreeSet<&str>) = crates
        .iter()
        .partition(|c| imports.iter().any(|s| s.krate == **c));
    if wrappers.len() > 1 {
        errors.push(messages::two_wrappers(slot, &wrappers));
        return None;
    }
    if plain.len() > 1 {
        errors.push(messages::two_providers(slot, &plain));
        return None;
    }
    let side_of = |krate: &str, errors: &mut Vec<Diagnostic>| {
        let mine: Vec<&'s Side<'a>> = sides.iter().filter(|s| s.krate == krate).collect();
        if mine.len() > 1 && mine.iter().all(|s| !s.foreign) {
            errors.push(messages::provider_twice(slot, krate));
        }
        mine.first().copied()
    };
    let inner = match plain.first() {
        Some(krate) => Some(side_of(krate, errors)?),
        None => None,
    };
    match wrappers.first() {
        Some(krate) => Some(Providers {
            outer: side_of(krate, errors)?,
            wrapper: true,
            inner,
        }),
        None => Some(Providers {
            outer: inner?,
            wrapper: false,
            inner: None,
        }),
    }
}
