//! Futures and streams of an async function exported to the host in the
//! callback form (abi-spec/ASYNC.md section 11, "Ends of exports"): the
//! host passes Canonical readable ends in the parameters of
//! `[async-lift]<key>#f`, each of which becomes a weld reader fed by a
//! pump before the parameters are lifted; a weld reader in the result
//! becomes a Canonical readable end fed by a pump, given to
//! `[task-return]f`. The pumps are `weld::task::host_streams`', over the
//! function's built-ins (`[stream-new-N]f`, ...) imported from
//! `[export]<key>`, as wit-component names an export's.
//!
//! Must not: bridge an end nested in another type, or one whose elements
//! hold a handle, a future, a stream or an `error-context` (their host
//! conversions are not written): such a function gets no `[async-lift]`
//! export, and weld-ld names it in a root crate.

use super::host::plain_for_host;
use super::host_ends::{self, Ends};
use crate::context::{Cx, Scope};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wit_bindgen_core::abi::AbiVariant;
use wit_bindgen_core::wit_parser::{Function, Type, TypeDefKind};

/// `f`'s ends, if it has any and they can cross to and from the host:
/// each future and stream is a parameter or the result itself, their
/// elements and every other parameter and the result are plain for the
/// host, and the parameters that are ends are flat (not in memory).
pub(crate) fn export_ends(cx: &Cx, f: &Function) -> Option<Ends> {
    let ends = host_ends::direct_ends(cx, f).filter(Ends::any)?;
    let payloads_plain =
        f.find_futures_and_streams(cx.resolve)
            .iter()
            .all(|id| match &cx.resolve.types[*id].kind {
                TypeDefKind::Future(p) | TypeDefKind::Stream(p) => {
                    p.as_ref().is_none_or(|t| plain_for_host(cx.resolve, t))
                }
                _ => false,
            });
    let others_plain = f
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .filter(|t| !is_end(cx, t))
        .all(|t| plain_for_host(cx.resolve, t));
    let in_memory = ends.params.iter().any(Option::is_some)
        && cx
            .resolve
            .wasm_signature(AbiVariant::GuestExportAsync, &super::params_only(f))
            .indirect_params;
    (payloads_plain && others_plain && !in_memory).then_some(ends)
}

/// Whether `ty` is a future or a stream itself.
fn is_end(cx: &Cx, ty: &Type) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    matches!(
        cx.resolve.types[id].kind,
        TypeDefKind::Future(_) | TypeDefKind::Stream(_)
    )
}

/// Statements replacing each flat argument `argN` that is a Canonical
/// readable end the host passed with the weld reader a pump feeds from
/// it, before the parameters are lifted.
pub(crate) fn bridge_params(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    ends: &Ends,
) -> TokenStream {
    let module = weld_abi::host_async::task_return_module(interface);
    let mut out = TokenStream::new();
    for (i, end) in ends.params.iter().enumerate() {
        let Some(end) = end else { continue };
        let arg = format_ident!("arg{}", host_ends::flat_offset(cx, f, i));
        let weld = host_ends::from_host(cx, &module, &f.name, end, scope, quote!(#arg));
        out.extend(quote!(let #arg = unsafe { #weld };));
    }
    out
}

/// `fn(elem)` when `f`'s result is a future or stream (else `None`): a
/// pump feeds a new Canonical readable end from the weld reader, and
/// `[task-return]f` moves that end to the host.
pub(crate) fn expand_end_task_return(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    (ends, elem): (&Ends, &TokenStream),
) -> Option<TokenStream> {
    let end = ends.result.as_ref()?;
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
