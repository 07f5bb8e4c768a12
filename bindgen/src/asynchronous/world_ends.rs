//! Which world-level functions with futures or streams weld bridges to
//! and from the host (abi-spec/ASYNC.md section 11): a world-level
//! function always belongs to the host, so its ends cross only where a
//! host adapter (imports, `host_import.rs`) or the callback form
//! (exports, `host.rs` and `host_export_ends.rs`) bridges them. check.rs
//! refuses the others, naming the function, before anything is
//! generated.
//!
//! Must not: disagree with what those modules generate: the rules below
//! are theirs, in terms of the `Resolve` alone (elements are held to a
//! stricter rule: no handles in them at world level).

use super::host::plain_for_host;
use wit_bindgen_core::abi::AbiVariant;
use wit_bindgen_core::wit_parser::{Function, Resolve, Type, TypeDefKind, TypeId};

/// Why world-level function `f` (imported, or exported when `export`)
/// cannot carry its futures and streams across the host boundary, if it
/// cannot; `None` when it has none or they cross.
pub(crate) fn unbridged(resolve: &Resolve, f: &Function, export: bool) -> Option<&'static str> {
    let all = f.find_futures_and_streams(resolve);
    if all.is_empty() {
        return None;
    }
    let elements_plain = all.iter().all(|id| plain_elements(resolve, *id));
    if !elements_plain {
        return Some(ELEMENTS);
    }
    let in_map = f
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .any(|t| end_in_map(resolve, t));
    if in_map {
        return Some(MAPPED);
    }
    if export {
        return unbridged_export(f);
    }
    let param_ends = f.params.iter().any(|p| holds_end(resolve, &p.ty));
    if f.params.iter().any(|p| end_in_list(resolve, &p.ty, false)) {
        return Some(LISTED);
    }
    let variant = if f.kind.is_async() {
        AbiVariant::GuestImportAsync
    } else {
        AbiVariant::GuestImport
    };
    if param_ends && resolve.wasm_signature(variant, f).indirect_params {
        return Some(IN_MEMORY);
    }
    let owning = f.kind.is_async()
        && f.params.iter().any(|p| {
            !is_end(resolve, &p.ty)
                && holds_end(resolve, &p.ty)
                && owns_besides_ends(resolve, &p.ty)
        });
    owning.then_some(OWNING)
}

/// Whether a value of `ty` holds a future or stream (outside the
/// elements of its ends) inside a list (`listed`: already inside one).
fn end_in_list(resolve: &Resolve, ty: &Type, listed: bool) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => listed,
        TypeDefKind::List(t) => end_in_list(resolve, t, true),
        TypeDefKind::Map(k, v) => end_in_list(resolve, k, true) || end_in_list(resolve, v, true),
        TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| end_in_list(resolve, t, listed)),
    }
}

/// Whether a value of `ty` holds a future or stream (outside the
/// elements of its ends) inside a map's keys or values, which neither
/// the host adapters' walk nor the exports' visits.
fn end_in_map(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Map(k, v) => holds_end(resolve, k) || holds_end(resolve, v),
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
        TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| end_in_map(resolve, t)),
    }
}

/// Whether a value of `ty` holds a future or stream (outside the
/// elements of its ends).
fn holds_end(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => true,
        TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_end(resolve, t)),
    }
}

/// Whether a value of `ty` owns memory or a handle outside its ends (the
/// release of an async import's parameters forgets a parameter holding a
/// nested end whole).
fn owns_besides_ends(resolve: &Resolve, ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
            TypeDefKind::List(_) | TypeDefKind::Map(..) | TypeDefKind::Handle(_) => true,
            kind => crate::check::children(kind)
                .iter()
                .any(|t| owns_besides_ends(resolve, t)),
        },
        _ => false,
    }
}

/// [`unbridged`] for an export: async (`host_export_ends.rs` walks its
/// parameters' and result's ends at any depth).
fn unbridged_export(f: &Function) -> Option<&'static str> {
    (!f.kind.is_async()).then_some(SYNC_EXPORT)
}

const ELEMENTS: &str = "a `future<T>` or `stream<T>` in a world-level function, with elements that hold a handle, a future, a stream or an `error-context` (at the host boundary weld bridges futures and streams with plain elements, abi-spec/ASYNC.md section 11; between linked crates any of them work in interfaces)";

const LISTED: &str = "a `future<T>` or `stream<T>` inside a list in a parameter of a world-level import (the list's buffer is the caller's, which the host adapter does not rewrite; pass the ends outside lists, abi-spec/ASYNC.md section 11)";

const MAPPED: &str = "a `future<T>` or `stream<T>` inside a `map<K, V>` in a world-level function (the host boundary does not bridge futures and streams in maps; abi-spec/ASYNC.md section 11)";

const OWNING: &str = "a `future<T>` or `stream<T>` inside another type of a parameter of an async world-level import, together with strings, lists or handles (the host adapter releases such a parameter whole; pass the ends apart, abi-spec/ASYNC.md section 11)";

const SYNC_EXPORT: &str = "a `future<T>` or `stream<T>` in a synchronous world-level export (a synchronous export cannot wait for the host, and wasmtime 48 refuses to lift a synchronous function type asynchronously: make the function `async`, abi-spec/ASYNC.md section 11)";

const IN_MEMORY: &str = "a `future<T>` or `stream<T>` in the parameters of a world-level import whose parameters cross in memory (more flat values than fit in registers: 16, or 4 for an async import; weld's host adapter needs the ends among the flat values, abi-spec/ASYNC.md section 11)";

/// Whether the elements of future or stream `id` cross the host boundary
/// as the pumps move them: no handle, future, stream or `error-context`
/// in them (a handle is checked here whatever `plain_for_host` says of
/// handles elsewhere: a pump would move a Canonical handle as a weld one).
pub(crate) fn plain_elements(resolve: &Resolve, id: TypeId) -> bool {
    match &resolve.types[id].kind {
        TypeDefKind::Future(p) | TypeDefKind::Stream(p) => p
            .as_ref()
            .is_none_or(|t| plain_for_host(resolve, t) && !holds_handle(resolve, t)),
        _ => false,
    }
}

/// Whether a value of `ty` holds a resource handle.
fn holds_handle(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Handle(_) | TypeDefKind::Resource => true,
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_handle(resolve, t)),
    }
}

/// Whether `ty` is a future or a stream itself (through aliases).
fn is_end(resolve: &Resolve, ty: &Type) -> bool {
    let mut ty = *ty;
    while let Type::Id(id) = ty {
        match &resolve.types[id].kind {
            TypeDefKind::Type(inner) => ty = *inner,
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => return true,
            _ => return false,
        }
    }
    false
}
