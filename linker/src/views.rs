//! Resources through a wrapper (SPEC.md section 13, "Resources through a
//! wrapper"): a wrapped interface that declares a resource has two
//! resource types in the link, the wrapper's (outer) and the one it wraps
//! (inner, the other exporter's or the host's). A crate's handles of it are
//! the outer ones, except in the wrapper's imports and in the inner
//! exporter's own exports. A function that carries such handles must mean
//! the same one on both sides of its call; otherwise one crate would use
//! (and drop, through `[resource-drop]`) a handle of the other type.
//!
//! This module reads each linked crate's world from the module's
//! `weld-wit` section and reports every function whose importer and
//! exporter see different types, naming both crates, the function and the
//! resource. It runs after the wiring check, decides nothing else, and
//! does nothing for a link without a wrapped resource.

use crate::check::{Diagnostic, Slot, Wiring};
use std::collections::{BTreeMap, BTreeSet};
use wit_parser::{
    Function, Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId, TypeOwner, WorldId,
    WorldItem,
};

/// Which of a wrapped resource's two types a side means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// The wrapper's own resource.
    Outer,
    /// The resource the wrapper wraps (the inner exporter's, or the host's).
    Inner,
}

/// One crate's decoded world.
struct World {
    resolve: Resolve,
    world: WorldId,
}

impl World {
    /// The world keys (`ns:pkg/iface@v`) of the interfaces it exports.
    fn exported_interfaces(&self) -> BTreeSet<String> {
        self.resolve.worlds[self.world]
            .exports
            .values()
            .filter_map(|item| match item {
                WorldItem::Interface { id, .. } => self.resolve.id_of(*id),
                _ => None,
            })
            .collect()
    }
}

/// Every function whose importer and exporter would see different types
/// of a wrapped resource. `frames` are the module's `weld-wit` frames.
pub fn check(frames: &[weld_abi::wit_section::Frame], wiring: &Wiring) -> Vec<Diagnostic> {
    let wrapped: BTreeMap<&str, &crate::check::Wrapped> = wiring
        .wrapped
        .iter()
        .filter_map(|(slot, w)| match slot {
            Slot::Interface(i) => Some((i.as_str(), w)),
            Slot::Function(_) => None,
        })
        .collect();
    if wrapped.is_empty() {
        return Vec::new();
    }
    let mut worlds: BTreeMap<&str, World> = BTreeMap::new();
    for f in frames {
        if !wiring.crates.contains(&f.crate_name) || worlds.contains_key(f.crate_name.as_str()) {
            continue;
        }
        // A world that does not decode is the component encoder's error to
        // report; it cannot carry a wrapped resource this check knows of.
        if let Some(w) = decode(&f.world) {
            worlds.insert(&f.crate_name, w);
        }
    }
    let exported: BTreeMap<&str, BTreeSet<String>> = worlds
        .iter()
        .map(|(c, w)| (*c, w.exported_interfaces()))
        .collect();
    let views = Views {
        wiring,
        wrapped: &wrapped,
        exported: &exported,
    };
    let mut out = BTreeSet::new();
    for (krate, w) in &worlds {
        for (key, item) in &w.resolve.worlds[w.world].imports {
            let (slot, funcs): (Slot, Vec<&Function>) = match item {
                WorldItem::Interface { id, .. } => (
                    Slot::Interface(w.resolve.name_world_key(key)),
                    w.resolve.interfaces[*id].functions.values().collect(),
                ),
                WorldItem::Function(f) => (Slot::Function(f.name.clone()), vec![f]),
                WorldItem::Type { .. } => continue,
            };
            for f in funcs {
                for (resource, iface) in resources_of(&w.resolve, f) {
                    if let Some(d) = views.edge(krate, &slot, &f.name, &resource, &iface) {
                        out.insert(d);
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}

/// What the check knows of the link.
struct Views<'a> {
    wiring: &'a Wiring,
    wrapped: &'a BTreeMap<&'a str, &'a crate::check::Wrapped>,
    exported: &'a BTreeMap<&'a str, BTreeSet<String>>,
}

impl Views<'_> {
    /// The type crate `krate` means by resource `r` of wrapped `iface` in
    /// the functions it imports (and in world-level exports, whose `use`s
    /// are imports): the wrapper's own import binds to the inner exporter,
    /// every other crate's to the wrapper.
    fn imported(&self, krate: &str, iface: &str) -> View {
        if self.wrapped[iface].wrapper == krate {
            View::Inner
        } else {
            View::Outer
        }
    }

    /// The crate an import of `slot` by `krate` binds to (`None`: the host).
    fn exporter(&self, krate: &str, slot: &Slot) -> Option<String> {
        match self.wiring.wrapped.get(slot) {
            Some(w) if w.wrapper == krate => w.inner.clone(),
            _ => self.wiring.provided.get(slot).cloned(),
        }
    }

    /// The diagnostic for function `func` of `slot`, imported by `krate`,
    /// if it carries resource `resource` of `iface` and the two sides mean
    /// different types of it.
    fn edge(
        &self,
        krate: &str,
        slot: &Slot,
        func: &str,
        resource: &str,
        iface: &str,
    ) -> Option<Diagnostic> {
        let wrapped = self.wrapped.get(iface)?;
        let importer = self.imported(krate, iface);
        let exporter = self.exporter(krate, slot);
        let exporter_view = match &exporter {
            // The host's functions mean the host's resource: the inner one
            // when the host is what the wrapper wraps. Otherwise the host
            // cannot name the linked resource at all, which is not this
            // check's to judge.
            None if wrapped.inner.is_none() => View::Inner,
            None => return None,
            Some(e) => {
                let exports_it = self.exported.get(e.as_str())?.contains(iface);
                match slot {
                    // An exported interface `use`s the world's export of
                    // `iface` when the world exports it: the wrapper's is
                    // the outer type, the inner exporter's the inner one.
                    Slot::Interface(_) if exports_it && *e == wrapped.wrapper => View::Outer,
                    Slot::Interface(_) if exports_it => View::Inner,
                    _ => self.imported(e, iface),
                }
            }
        };
        (importer != exporter_view).then(|| {
            mismatch(
                krate,
                exporter.as_deref(),
                slot,
                func,
                resource,
                iface,
                wrapped,
                importer,
            )
        })
    }
}

/// The message for one function whose sides mean different types.
#[allow(
    clippy::too_many_arguments,
    reason = "every part is named in the message"
)]
fn mismatch(
    importer: &str,
    exporter: Option<&str>,
    slot: &Slot,
    func: &str,
    resource: &str,
    iface: &str,
    wrapped: &crate::check::Wrapped,
    importer_view: View,
) -> Diagnostic {
    let exporter_name = exporter.map_or(String::from("the host"), |e| format!("crate `{e}`"));
    let wrapper = &wrapped.wrapper;
    let inner = wrapped
        .inner
        .as_deref()
        .map_or(String::from("the host's"), |c| format!("crate `{c}`'s"));
    let function = match slot {
        Slot::Interface(i) => format!("function `{func}` of interface `{i}`"),
        Slot::Function(f) => format!("world-level function `{f}`"),
    };
    let side = |name: &str, view: View| match view {
        View::Outer => format!("{name} means crate `{wrapper}`'s `{resource}` (the wrapper's)"),
        View::Inner => format!("{name} means {inner} `{resource}` (the one `{wrapper}` wraps)"),
    };
    let other = match importer_view {
        View::Outer => View::Inner,
        View::Inner => View::Outer,
    };
    Diagnostic::new(format!(
        "{function}, imported by crate `{importer}` and exported by {exporter_name}, passes handles of resource `{resource}` of `{iface}`, which crate `{wrapper}` wraps, and the two sides mean different resources"
    ))
    .note(side(&format!("crate `{importer}`"), importer_view))
    .note(side(&exporter_name, other))
    .note(format!(
        "a handle is the address of its exporter's value: the side that takes the other's handle for its own would use and drop it as the wrong type (a wrapper's importers all bind to `{wrapper}`, its own import binds to what it wraps)"
    ))
    .hint(match (importer_view, slot) {
        (View::Outer, Slot::Interface(i)) => format!(
            "have `{wrapper}` wrap `{i}` too (import and export it), so that `{importer}`'s calls reach the wrapper, which passes its own `{resource}`; or pass `{resource}` only between crates that mean the same one"
        ),
        (View::Outer, Slot::Function(_)) => format!(
            "have `{importer}` call a function of an interface `{wrapper}` exports, whose `{resource}` is the wrapper's; or pass `{resource}` only between crates that mean the same one"
        ),
        (View::Inner, _) => format!(
            "every crate but `{wrapper}` binds `{iface}` to the wrapper, so only `{wrapper}` and {inner} own code hold the inner `{resource}`: move the function into one of them, or pass it only the wrapper's `{resource}`"
        ),
    })
}

/// Decodes one crate's embedded world.
fn decode(encoded: &[u8]) -> Option<World> {
    let (resolve, world) = crate::component::decode_world(encoded)?;
    Some(World { resolve, world })
}

/// The resources function `f` carries (own or borrow, at any depth), with
/// the world key of the interface declaring each.
fn resources_of(resolve: &Resolve, f: &Function) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let types = f.params.iter().map(|p| &p.ty).chain(f.result.as_ref());
    for ty in types {
        walk(resolve, ty, &mut seen, &mut found);
    }
    found
        .into_iter()
        .filter_map(|r: TypeId| {
            let def = &resolve.types[r];
            let TypeOwner::Interface(i) = def.owner else {
                return None;
            };
            Some((def.name.clone()?, interface_key(resolve, i)?))
        })
        .collect()
}

fn interface_key(resolve: &Resolve, i: InterfaceId) -> Option<String> {
    resolve.id_of(i)
}

/// Collects the resource types reachable from `ty` into `found`.
fn walk(resolve: &Resolve, ty: &Type, seen: &mut BTreeSet<TypeId>, found: &mut BTreeSet<TypeId>) {
    let Type::Id(id) = ty else {
        return;
    };
    if !seen.insert(*id) {
        return;
    }
    let mut each = |t: &Type| walk(resolve, t, seen, found);
    match &resolve.types[*id].kind {
        TypeDefKind::Resource => {
            found.insert(*id);
        }
        TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => each(&Type::Id(*r)),
        TypeDefKind::Type(t) | TypeDefKind::List(t) | TypeDefKind::Option(t) => each(t),
        TypeDefKind::Record(r) => r.fields.iter().for_each(|f| each(&f.ty)),
        TypeDefKind::Tuple(t) => t.types.iter().for_each(&mut each),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).for_each(each),
        TypeDefKind::Result(r) => r.ok.iter().chain(r.err.iter()).for_each(each),
        _ => {}
    }
}
