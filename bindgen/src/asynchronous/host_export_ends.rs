//! Futures and streams of an async function exported to the host in the
//! callback form (abi-spec/ASYNC.md section 11, "Ends of exports"): the
//! host passes Canonical readable ends in the parameters of
//! `[async-lift]<key>#f`, at any depth, each of which becomes a weld
//! reader fed by a pump before the parameters are lifted (the walk of
//! `host_walk`); each weld reader in the result becomes a Canonical
//! readable end fed by a pump, given to `[task-return]f`. The pumps are `weld::task::host_streams`', over the
//! function's built-ins (`[stream-new-N]f`, ...) imported from
//! `[export]<key>`, as wit-component names an export's.
//!
//! Must not: bridge an end whose elements hold a handle, a future, a
//! stream or an `error-context` (their host conversions are not
//! written): such a function gets no `[async-lift]` export, and weld-ld
//! names it in a root crate.

use super::host::plain_for_host;
use super::host_ends::{self, DirectEnd};
use super::host_walk::{Dir, Walk, flat_types, holds_end};
use crate::context::{Cx, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::AbiVariant;
use wit_bindgen_core::wit_parser::{Function, Resolve, Type, TypeDefKind};

/// The futures and streams of an exported async function that cross to
/// and from the host.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ExportEnds {
    /// The result's end, when the result is a future or stream itself.
    result: Option<DirectEnd>,
}

/// `f`'s ends, if it has any and they can cross to and from the host:
/// futures and streams at any depth of the parameters and the result
/// (walked in place by [`Walk`]), their elements, and everything else in
/// the parameters and the result, plain for the host.
pub(crate) fn export_ends(cx: &Cx, f: &Function) -> Option<ExportEnds> {
    let all = f.find_futures_and_streams(cx.resolve);
    if all.is_empty() {
        return None;
    }
    let payloads_plain = all
        .iter()
        .all(|id| super::world_ends::plain_elements(cx.resolve, *id));
    let others_plain = f
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .all(|t| plain_or_end(cx.resolve, t));
    // The walk does not visit maps: an end in one is not bridged.
    let in_map = f
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .any(|t| super::host_walk::end_in_map(cx, t));
    if !payloads_plain || !others_plain || in_map {
        return None;
    }
    let result = match &f.result {
        Some(t) if holds_end(cx, t) => direct_end(cx, f, t),
        _ => None,
    };
    Some(ExportEnds { result })
}

/// The end `ty` is, if it is a future or stream itself.
fn direct_end(cx: &Cx, f: &Function, ty: &Type) -> Option<DirectEnd> {
    let Type::Id(id) = cx.dealias(ty) else {
        return None;
    };
    let (stream, payload) = match &cx.resolve.types[id].kind {
        TypeDefKind::Stream(p) => (true, *p),
        TypeDefKind::Future(p) => (false, *p),
        _ => return None,
    };
    let index = f
        .find_futures_and_streams(cx.resolve)
        .iter()
        .position(|e| *e == id)?;
    Some(DirectEnd::new(index, stream, payload))
}

/// Whether `ty` holds nothing whose host conversion is not written,
/// futures and streams aside (their elements are checked apart).
fn plain_or_end(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return plain_for_host(resolve, ty);
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => true,
        TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .all(|t| plain_or_end(resolve, t)),
    }
}

/// Statements replacing each Canonical readable end the host passed in
/// `[async-lift]`'s parameters (flat arguments `argN`, or the parameter
/// area `arg0` past 16 flat values), at any depth, with the weld reader
/// a pump feeds from it, before the parameters are lifted.
pub(crate) fn bridge_params(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
) -> TokenStream {
    let module = weld_abi::host_async::task_return_module(interface);
    let walk = Walk::new(cx, &module, f, scope, Dir::FromHost);
    let sig = cx
        .resolve
        .wasm_signature(AbiVariant::GuestExportAsync, &super::params_only(f));
    let mut out = TokenStream::new();
    if sig.indirect_params {
        let types: Vec<Type> = f.params.iter().map(|p| p.ty).collect();
        for (off, ty) in cx.sizes.field_offsets(&types) {
            let off = Literal::usize_unsuffixed(off.size_wasm32());
            out.extend(walk.memory(ty, quote!((arg0 as usize as *mut u8).add(#off))));
        }
        return out;
    }
    for (i, p) in f.params.iter().enumerate() {
        if !holds_end(cx, &p.ty) {
            continue;
        }
        let start = host_ends::flat_offset(cx, f, i);
        let flats: Vec<_> = (start..start + flat_types(cx, &p.ty).len())
            .map(|k| (format_ident!("arg{}", k), sig.params[k]))
            .collect();
        let names = flats.iter().map(|(n, _)| n);
        out.extend(quote!(#(#[allow(unused_mut)] let mut #names = #names;)*));
        out.extend(walk.flat(&p.ty, &flats));
    }
    out
}
/// `fn(elem)` when `f`'s result holds futures or streams (else `None`):
/// when it is one, a pump feeds a new Canonical readable end from the
/// weld reader, and `[task-return]f` moves that end to the host; when
/// they are inside another type, [`expand_nested_task_return`].
pub(crate) fn expand_end_task_return(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    (ends, elem): (&ExportEnds, &TokenStream),
) -> Option<TokenStream> {
    let Some(end) = ends.result.as_ref() else {
        return expand_nested_task_return(cx, f, interface, scope, elem);
    };
    let name = format_ident!("_export_{}_task_return", crate::names::snake(&f.name));
    let module = weld_abi::host_async::task_return_module(interface);
    let symbol = weld_abi::host_async::task_return_name(&f.name);
    let host = host_ends::to_host(
        cx,
        &module,
        &f.name,
        end,
        scope,
        quote!(__weld_result.0.into_handle() as i32),
    );
    Some(quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, unused_unsafe, clippy::all)]
        fn #name(__weld_result: #elem) {
            #[link(wasm_import_module = #module)]
            unsafe extern "C" {
                #[link_name = #symbol]
                fn task_return(end: i32);
            }
            // SAFETY: the weld reader moves to the pump; the Canonical end
            // it returns moves to the host.
            let __weld_end = unsafe { #host };
            // SAFETY: `[task-return]f` of the running export call.
            unsafe { task_return(__weld_end) }
        }
    })
}

/// `fn(elem)` when `f`'s result holds futures or streams inside another
/// type (else `None`): the result moves into an area in canonical layout
/// (its `Elem` impl), the walk (`Dir::ToHost`) replaces each weld reader
/// there with a Canonical readable end a pump feeds, `[task-return]f`
/// gets the flat values read from the area (`flat_load`) or, past 16,
/// the area itself, and what the result owned in memory is freed after
/// the host copied it out (the post-return walk, which leaves the ends
/// alone: they moved to the host).
fn expand_nested_task_return(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    elem: &TokenStream,
) -> Option<TokenStream> {
    let ty = f.result?;
    if !holds_end(cx, &ty) || direct_end(cx, f, &ty).is_some() {
        return None;
    }
    let rt = &cx.rt;
    let name = format_ident!("_export_{}_task_return", crate::names::snake(&f.name));
    let module = weld_abi::host_async::task_return_module(interface);
    let symbol = weld_abi::host_async::task_return_name(&f.name);
    let convert = Walk::new(cx, &module, f, scope, Dir::ToHost).memory(&ty, quote!(__weld_area));
    let flat = flat_types(cx, &ty);
    let (decls, call) = if flat.len() > weld_abi::host_async::MAX_FLAT_PARAMS {
        (
            vec![quote!(value: *mut u8)],
            quote!(task_return(__weld_area)),
        )
    } else {
        let (stmts, vals) = super::flat_load::Loader::new(cx).load(&ty, &quote!(__weld_area));
        let decls = flat.iter().enumerate().map(|(i, t)| {
            let (n, t) = (format_ident!("p{}", i), crate::abi::core_type(*t));
            quote!(#n: #t)
        });
        let vals = vals.into_iter().map(|(v, _)| v);
        (decls.collect(), quote!({ #stmts task_return(#(#vals),*) }))
    };
    let mut free = crate::abi::FnGen::new(cx, scope, crate::abi::Side::Canonical, Vec::new());
    free.free_memory_at(&ty, &quote!(__weld_area));
    let free = free.into_body();
    let size = Literal::usize_unsuffixed(cx.sizes.size(&ty).size_wasm32());
    let align = Literal::usize_unsuffixed(cx.sizes.align(&ty).align_wasm32());
    Some(quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, unused_unsafe, clippy::all)]
        fn #name(__weld_result: #elem) {
            #[link(wasm_import_module = #module)]
            unsafe extern "C" {
                #[link_name = #symbol]
                fn task_return(#(#decls),*);
            }
            let __weld_area = #rt::rt::alloc_list(1, #size, #align);
            // SAFETY: an area of the result's canonical size and alignment;
            // the result moves into it, its ends to the pumps, the ends'
            // Canonical handles to the host; the host copies the rest out
            // during `[task-return]f`, after which it is freed here.
            unsafe {
                <#elem as #rt::task::Elem>::lower_one(__weld_result, __weld_area);
                #convert
                #call;
                #free
                #rt::rt::dealloc_list(__weld_area, 1, #size, #align);
            }
        }
    })
}
