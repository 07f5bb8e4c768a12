//! Resource handles in async exports to the host (abi-spec/ASYNC.md
//! section 11): which async functions the callback form covers as far as
//! their kind and handles go, and whether the host's lifting of their
//! parameters differs from the `[async]f` entry point's.
//!
//! The conversions are the synchronous Canonical export's (`crate::abi`,
//! `FnGen::to_host`): an `own<r>` of a resource this crate exports
//! arrives as the host's handle and is taken back with
//! `R::__weld_from_host` (`[resource-rep]`, `[resource-drop]`), and goes
//! back through `[task-return]` with `R::__weld_into_host`
//! (`[resource-new]`); a `borrow<r>` of it arrives as its
//! representation, weld's own handle, and is lent to the call's task as
//! between linked crates (section 4) until the task's future is dropped,
//! before `[task-return]`; handles of the host's resources are the
//! host's table indices on both sides, as between linked crates.
//!
//! Must not: generate code itself (the lifting and lowering are
//! `crate::abi`'s), or accept a future, stream or error-context
//! (`host.rs` decides on those).

use crate::context::{Cx, Scope};
use std::collections::HashSet;
use wit_bindgen_core::wit_parser::{
    Function, FunctionKind, Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId, TypeOwner,
    WorldItem,
};

/// Whether the kind of async function `f` has a callback-form export: a
/// freestanding function, or a method or static of a resource of an
/// interface (a world's resources are the host's; WIT has no async
/// constructors).
pub(crate) fn exportable_kind(resolve: &Resolve, f: &Function) -> bool {
    match f.kind {
        FunctionKind::AsyncFreestanding => true,
        FunctionKind::AsyncMethod(r) | FunctionKind::AsyncStatic(r) => {
            matches!(resolve.types[r].owner, TypeOwner::Interface(_))
        }
        _ => false,
    }
}

/// Whether the host's lifting of `f`'s parameters differs from the
/// `[async]f` entry point's: some parameter holds (at any depth) an
/// `own<r>` of a resource this crate exports, which the host passes as
/// its own handle of it, or is a borrow the host lends
/// ([`host_borrowed_resource`]), whose handle the callee must drop.
pub(crate) fn lifts_from_host(cx: &Cx, f: &Function, scope: Scope) -> bool {
    f.params.iter().any(|p| {
        holds_exported_own(cx, &p.ty, scope)
            || host_borrowed_resource(cx.resolve, &p.ty, scope.interface, &cx_imported(cx))
                .is_some()
    })
}

/// The interfaces the world imports.
fn cx_imported(cx: &Cx) -> HashSet<InterfaceId> {
    cx.resolve.worlds[cx.world]
        .imports
        .values()
        .filter_map(|item| match item {
            WorldItem::Interface { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

/// The resource that parameter type `ty` of an exported async function
/// of `interface` borrows, if it is (through aliases) a `borrow<r>` of a
/// resource of an interface in `imported` other than `interface`: the
/// caller (the host) lends the handle until `[task-return]`. The callee
/// holds the borrow handle in the call's task and drops it (the
/// Canonical ABI's `[resource-drop]` of a borrow) when the task's
/// future completes or is dropped, before `[task-return]` or
/// `[task-cancel]`; between linked crates it never drops it.
pub(crate) fn host_borrowed_resource(
    resolve: &Resolve,
    ty: &Type,
    interface: Option<InterfaceId>,
    imported: &HashSet<InterfaceId>,
) -> Option<TypeId> {
    let mut ty = *ty;
    while let Type::Id(id) = ty {
        match &resolve.types[id].kind {
            TypeDefKind::Type(inner) => ty = *inner,
            TypeDefKind::Handle(Handle::Borrow(r)) => {
                let mut r = *r;
                while let TypeDefKind::Type(Type::Id(inner)) = &resolve.types[r].kind {
                    r = *inner;
                }
                let TypeOwner::Interface(owner) = resolve.types[r].owner else {
                    return None;
                };
                return (Some(owner) != interface && imported.contains(&owner)).then_some(r);
            }
            _ => return None,
        }
    }
    None
}

/// Whether `ty` is or holds an `own<r>` of a resource this crate exports.
fn holds_exported_own(cx: &Cx, ty: &Type, scope: Scope) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::Handle(Handle::Own(r)) => cx.is_exported(cx.resource(*r), scope),
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_exported_own(cx, t, scope)),
    }
}
