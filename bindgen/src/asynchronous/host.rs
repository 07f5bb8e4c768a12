//! Async exports to the host, callback form (abi-spec/ASYNC.md section
//! 11): for an exported async function, the entry point
//! `[async-lift]<key>#f`, its callback `[callback][async-lift]<key>#f`,
//! and the call of `[task-return]f` imported from `[export]<key>`.
//!
//! Every crate exporting the function defines them, as every crate
//! defines its canonical exports; weld-ld keeps the root crate's and
//! drops the others'. The call itself is the runtime's
//! (`weld::task::host::export_lift`): this module lifts the parameters
//! (as the `[async]f` glue does: the host's buffers become the callee's),
//! and lowers the result for `[task-return]`, which the host copies out
//! during the call; the value's buffers are freed afterwards.
//!
//! Resource handles in the parameters and result cross with the
//! Canonical ABI's handle tables (`host_handles.rs`).
//!
//! Futures and streams that are a parameter or the result themselves
//! are bridged by `host_export_ends`.
//!
//! Must not: generate these for a function whose parameters or result
//! hold an `error-context`, or a future or stream that
//! `host_export_ends` does not bridge (their host conversions are not
//! written; weld-ld refuses such a function in a root crate, naming it,
//! because its `[async-lift]` export is missing).

use crate::abi::{FnGen, Side};
use crate::context::{Cx, Scope};
use crate::names::snake;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::{self, AbiVariant, LiftLower};
use wit_bindgen_core::wit_parser::{Function, FunctionKind, Param, Resolve, Type, TypeDefKind};

/// Whether weld can export async function `f` to the host: a
/// freestanding function, or a method or static of a resource of an
/// interface (`host_handles::exportable_kind`), whose parameters and
/// result hold no future, stream or `error-context`; or a freestanding
/// function whose futures and streams `host_export_ends` bridges.
pub(crate) fn host_exportable(cx: &Cx, f: &Function) -> bool {
    let resolve = cx.resolve;
    super::host_handles::exportable_kind(resolve, f)
        && (f
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(f.result.as_ref())
            .all(|t| plain_for_host(resolve, t))
            || (f.kind == FunctionKind::AsyncFreestanding
                && super::host_export_ends::export_ends(cx, f).is_some()))
}

/// Whether `ty` holds nothing whose host conversion is not written.
pub(crate) fn plain_for_host(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return !matches!(ty, Type::ErrorContext);
    };
    match &resolve.types[*id].kind {
        // Handles cross with the Canonical ABI's tables (host_handles.rs).
        TypeDefKind::Handle(_) => true,
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .all(|t| plain_for_host(resolve, t)),
    }
}

/// The glue and the entry points of `f`'s callback-form export (empty
/// when [`host_exportable`] is false), over `lifted`, the lifting shared
/// with the `[async]f` entry point (its flat parameters are the same:
/// at most 16, else one pointer).
pub(crate) fn expand_host_export(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    glue_path: &TokenStream,
    lifted: &super::Lifted<'_>,
) -> (TokenStream, TokenStream) {
    if !host_exportable(cx, f) {
        return (TokenStream::new(), TokenStream::new());
    }
    let name = snake(&f.name);
    let rt = &cx.rt;
    let lift_name = format_ident!("_export_{}_async_lift", name);
    let return_name = format_ident!("_export_{}_task_return", name);
    let sig = cx
        .resolve
        .wasm_signature(AbiVariant::GuestExportAsync, &super::params_only(f));
    let super::Lifted {
        future,
        params,
        args,
        elem,
    } = lifted;
    let free_area = sig.indirect_params.then(|| {
        let info = cx.sizes.params(f.params.iter().map(|p| &p.ty));
        let size = Literal::usize_unsuffixed(info.size.size_wasm32());
        let align = Literal::usize_unsuffixed(info.align.align_wasm32());
        // The host allocated the parameter area with `cabi_realloc` and
        // hands it over: freed once the parameters are lifted out of it.
        quote!(unsafe { #rt::rt::dealloc_list(arg0, 1, #size, #align) };)
    });
    let ends = super::host_export_ends::export_ends(cx, f).unwrap_or_default();
    let bridges = super::host_export_ends::bridge_params(cx, f, interface, scope);
    let task_return =
        super::host_export_ends::expand_end_task_return(cx, f, interface, scope, (&ends, elem))
            .unwrap_or_else(|| expand_task_return(cx, f, interface, scope, elem));
    let glue = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #lift_name<__T: Guest + 'static>(#(#params),*) -> i32 {
            #bridges
            let __weld_future = unsafe { #future::<__T>(#(#args),*) };
            #free_area
            unsafe { #rt::task::host::export_lift::<#elem, _>(__weld_future, #return_name) as i32 }
        }
        #task_return
    };
    let lift_export = cx.canonical_name(
        interface,
        &f.name,
        weld_abi::host_async::async_lift_name(interface, &f.name),
    );
    let callback_export = cx.canonical_name(
        interface,
        &f.name,
        weld_abi::host_async::callback_name(interface, &f.name),
    );
    let lift_entry = format_ident!("__weld_async_lift_{}", name);
    let callback_entry = format_ident!("__weld_async_callback_{}", name);
    let entries = quote! {
        #[unsafe(export_name = #lift_export)]
        unsafe extern "C" fn #lift_entry(#(#params),*) -> i32 {
            unsafe { #glue_path::#lift_name::<$ty>(#(#args),*) }
        }
        #[unsafe(export_name = #callback_export)]
        unsafe extern "C" fn #callback_entry(event: i32, waitable: i32, code: i32) -> i32 {
            unsafe { #rt::task::host::export_callback(event as u32, waitable as u32, code as u32) as i32 }
        }
    };
    (glue, entries)
}

/// `fn(elem)`: passes the result to `[task-return]f` (flat, or through a
/// pointer past 16 flat values): its strings and lists are lent to the
/// call (the host copies them out) and freed after it, its own handles
/// move to the host (`Side::TaskReturn`).
fn expand_task_return(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    elem: &TokenStream,
) -> TokenStream {
    let name = snake(&f.name);
    let return_name = format_ident!("_export_{}_task_return", name);
    let module = weld_abi::host_async::task_return_module(interface);
    let symbol = weld_abi::host_async::task_return_name(&f.name);
    let Some(ty) = f.result else {
        let call =
            FnGen::new(cx, scope, Side::TaskReturn, Vec::new()).calling_import(module, symbol);
        let body = lend(cx, f, call, None);
        return quote! {
            #[doc(hidden)]
            #[allow(non_snake_case, unused_unsafe, clippy::all)]
            fn #return_name(_: ()) {
                unsafe { #body }
            }
        };
    };
    let call = FnGen::new(cx, scope, Side::TaskReturn, vec![quote!(__weld_value)])
        .calling_import(module, symbol);
    let body = lend(cx, f, call, Some(ty));
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, unused_unsafe, clippy::all)]
        fn #return_name(__weld_result: #elem) {
            let __weld_value = __weld_result.0;
            unsafe { #body }
        }
    }
}

/// The lowering of a function whose one parameter is the result (of
/// type `ty`, none without result): `[task-return]`'s signature is that
/// of an import taking the result. `f` lends its other fields.
fn lend(cx: &Cx, f: &Function, mut generator: FnGen<'_>, ty: Option<Type>) -> TokenStream {
    let mut task_return = f.clone();
    task_return.name = "task-return".into();
    task_return.kind = FunctionKind::Freestanding;
    task_return.result = None;
    task_return.params = ty
        .map(|ty| Param {
            name: "value".into(),
            ty,
            span: Default::default(),
        })
        .into_iter()
        .collect();
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LowerArgsLiftResults,
        &task_return,
        &mut generator,
        false,
    );
    generator.into_body()
}
