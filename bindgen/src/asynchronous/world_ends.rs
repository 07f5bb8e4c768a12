//! Which world-level functions with futures or streams weld bridges to
//! and from the host (abi-spec/ASYNC.md section 11): a world-level
//! function always belongs to the host, so its ends cross only where a
//! host adapter (imports, `host_import.rs`, here only with ends that are
//! a parameter or the result themselves: a narrower rule than the
//! adapters') or the callback form (exports, `host.rs` and
//! `host_export_ends.rs`) bridges them. check.rs
//! refuses the others, naming the function, before anything is
//! generated.
//!
//! Must not: disagree with what those modules generate: the rules below
//! are theirs, in terms of the `Resolve` alone.

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
        return Some(NESTED);
    }
    if export {
        return unbridged_export(f);
    }
    let direct = f
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .filter(|t| is_end(resolve, t))
        .count();
    if direct != all.len() {
        return Some(NESTED);
    }
    let param_ends = f.params.iter().any(|p| is_end(resolve, &p.ty));
    let fits = if f.kind.is_async() {
        let sig = resolve.wasm_signature(AbiVariant::GuestImportAsync, f);
        !(param_ends && sig.indirect_params)
    } else {
        let sig = resolve.wasm_signature(AbiVariant::GuestImport, f);
        !sig.indirect_params && !sig.retptr
    };
    (!fits).then_some(IN_MEMORY)
}

/// [`unbridged`] for an export: async (`host_export_ends.rs` walks its
/// parameters' and result's ends at any depth).
fn unbridged_export(f: &Function) -> Option<&'static str> {
    (!f.kind.is_async()).then_some(SYNC_EXPORT)
}

const NESTED: &str = "a `future<T>` or `stream<T>` in a world-level function, nested in another type of an import or with elements that hold a handle, a future, a stream or an `error-context` (at the host boundary weld bridges futures and streams with plain elements, in an import as a parameter or the result themselves, in an async export at any depth, abi-spec/ASYNC.md section 11; between linked crates any of them work in interfaces)";

const SYNC_EXPORT: &str = "a `future<T>` or `stream<T>` in a synchronous world-level export (a synchronous export cannot wait for the host, and wasmtime 48 refuses to lift a synchronous function type asynchronously: make the function `async`, abi-spec/ASYNC.md section 11)";

const IN_MEMORY: &str = "a `future<T>` or `stream<T>` in a world-level function whose parameters or result cross in memory (more flat values than fit in registers; weld's host bridge needs the ends among the flat values, abi-spec/ASYNC.md section 11)";

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
