//! The host adapter of an async import (abi-spec/ASYNC.md section 11):
//! `weld1|<key>|[async-host:<crate>/<world>]f`, with the signature of `[async]f`
//! (section 4), calling the Canonical ABI's `[async-lower]f` imported from
//! `<key>`. Every importing crate defines one per async import; weld-ld
//! binds `[async]f` to the first importer's when no linked crate exports
//! the interface, and otherwise the adapter is never referenced (wasm-ld
//! drops it, and its `[async-lower]f` import with it).
//!
//! The adapter takes over the parameters as `[async]f`'s callee would.
//! When they fit the async-lowered call's flat parameters (at most
//! `MAX_FLAT_ASYNC_PARAMS` flat values), they are passed on as they came
//! and freed afterwards by lifting and dropping them; otherwise they are
//! lifted into a hidden record type whose `Elem` impl moves them into an
//! area in canonical layout. The runtime (`weld::task::host_import`) does
//! the rest: result area, status codes, the subtask's events.
//!
//! Error-contexts that are a parameter or the result themselves are
//! converted to and from host ones (`host_errors`, ASYNC.md section 7),
//! in this adapter and in the synchronous one below.
//!
//! Must not: generate anything for exports (the callback form lives
//! elsewhere), or touch the result's values (its `Elem` impl does).

use super::{host_ends, host_errors, host_walk, params_only, result_elem};
use crate::abi::{FnGen, Operand, Side, Target, core_type};
use crate::context::{Cx, Scope};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::{self, AbiVariant, LiftLower, WasmType};
use wit_bindgen_core::wit_parser::{Function, Handle, Resolve, Type, TypeDefKind};

/// The host adapter of async import `f` of interface `key` (`$root` for
/// a world-level function).
pub(crate) fn expand_async_host_adapter(
    cx: &Cx,
    f: &Function,
    key: &str,
    scope: Scope,
) -> TokenStream {
    let rt = &cx.rt;
    let entry = cx
        .resolve
        .wasm_signature(AbiVariant::GuestImport, &params_only(f));
    let lowered = cx.resolve.wasm_signature(AbiVariant::GuestImportAsync, f);
    let names: Vec<Ident> = (0..entry.params.len())
        .map(|i| format_ident!("arg{}", i))
        .collect();
    let mut decls: Vec<TokenStream> = names
        .iter()
        .zip(&entry.params)
        .map(|(n, t)| {
            let t = core_type(*t);
            quote!(#n: #t)
        })
        .collect();
    let retptr = f.result.is_some();
    if retptr {
        decls.push(quote!(__weld_ret: *mut u8));
    }
    let ret_arg = if retptr {
        quote!(__weld_ret)
    } else {
        quote!(::core::ptr::null_mut::<u8>())
    };
    let import_params = lowered.params.iter().enumerate().map(|(i, t)| {
        let (n, t) = (format_ident!("p{}", i), core_type(*t));
        quote!(#n: #t)
    });
    let lower_name = weld_abi::asynchronous::async_lower_name(&f.name);
    let host_ret = retptr.then(|| quote!(__weld_host_ret));
    // The result's newtype, defined next to the import's `async fn`.
    let elem = result_elem(cx, f, scope).0;
    let Some(errors) = host_errors::direct_errors(cx, f) else {
        // An error-context nested in a parameter, the result or an end's
        // element: no adapter (weld-ld names the import it leaves
        // unprovided).
        return TokenStream::new();
    };
    if !host_ends::bridgeable(cx, f) {
        // Ends the pumps cannot bridge: no adapter (weld-ld names the
        // import it leaves unprovided).
        return TokenStream::new();
    }
    let param_ends: Vec<bool> = f
        .params
        .iter()
        .map(|p| host_walk::holds_end(cx, &p.ty))
        .collect();
    if lowered.indirect_params && (param_ends.contains(&true) || errors.any()) {
        return TokenStream::new();
    }
    if f.params.iter().any(|p| forgets_more_than_ends(cx, &p.ty)) {
        // The release forgets a parameter holding a nested end whole: it
        // must own nothing else.
        return TokenStream::new();
    }
    let Some(moved) = moved_handles(cx, f) else {
        // A handle the release could not tell from the values it frees.
        return TokenStream::new();
    };
    // The result's ends, at any depth, where the host wrote it.
    let from_host = host_walk::Walk::new(cx, key, f, scope, host_walk::Dir::FromHost);
    let walk_result = f
        .result
        .as_ref()
        .map(|t| from_host.memory(t, quote!(__weld_area)))
        .unwrap_or_default();
    let weld_error = errors
        .result
        .then(|| host_errors::from_host(cx, quote!(*__weld_area.cast::<i32>())));
    let weld_error = weld_error.map(|weld| quote!(*__weld_area.cast::<i32>() = #weld;));
    // The host error-contexts of the parameters live until the call is
    // over: their guards are dropped with `convert` (called or not).
    let guards = errors.drop_guards();
    let mv = guards.as_ref().map(|_| quote!(move));
    let convert = if walk_result.is_empty() && weld_error.is_none() {
        quote!(#mv |_: *mut u8| { #guards })
    } else {
        quote!(#mv |__weld_area: *mut u8| unsafe {
            #walk_result
            #weld_error
            #guards
        })
    };
    let body = if lowered.indirect_params {
        let g = handles_as_u32(cx, f);
        let (params_ty, params_def) = params_record(cx, &g, scope);
        let lift = lift_args(cx, &g, scope, &names, quote!(#params_ty));
        quote! {
            #params_def
            let __weld_params = unsafe { #lift };
            unsafe {
                #rt::task::host_import::host_call_indirect::<#elem, #params_ty>(
                    __weld_params,
                    #ret_arg,
                    |__weld_area, __weld_host_ret| {
                        let _ = __weld_host_ret;
                        __weld_lower(__weld_area, #host_ret)
                    },
                    #convert,
                )
            }
        }
    } else {
        // Lifted and dropped at once: freed. Futures and streams moved to
        // their pumps: their weld readers are not the adapter's any more.
        let holes = (0..param_ends.len()).map(|i| {
            let v = format_ident!("__weld_p{}", i);
            quote!(#v: _)
        });
        let forgets = param_ends
            .iter()
            .zip(&moved)
            .enumerate()
            .map(|(i, (e, moved))| {
                let v = format_ident!("__weld_p{}", i);
                if *e || *moved {
                    quote!(::core::mem::forget(#v);)
                } else {
                    quote!(drop(#v);)
                }
            });
        let drop = quote!((|#(#holes),*| { #(#forgets)* }));
        let release = lift_args(cx, f, scope, &names, drop);
        let bridges = bridge_params(cx, f, key, scope, &entry.params);
        let errors = host_errors::to_host_params(cx, f, &errors);
        quote! {
            let __weld_release = move || unsafe { #release };
            #bridges
            #errors
            unsafe {
                #rt::task::host_import::host_call::<#elem>(
                    #ret_arg,
                    |__weld_host_ret| {
                        let _ = __weld_host_ret;
                        __weld_lower(#(#names,)* #host_ret)
                    },
                    __weld_release,
                    #convert,
                )
            }
        }
    };
    let symbol = weld_abi::symbol(
        Some(key),
        &weld_abi::asynchronous::async_host_name(&cx.importer_tag(), &f.name),
    );
    let entry_name = format_ident!(
        "__weld_async_host_{}",
        f.name.replace(['-', '.', '[', ']'], "_")
    );
    quote! {
        #[doc(hidden)]
        #[cfg(target_arch = "wasm32")]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(#(#decls),*) -> i32 {
            #[link(wasm_import_module = #key)]
            unsafe extern "C" {
                #[link_name = #lower_name]
                fn __weld_lower(#(#import_params),*) -> i32;
            }
            #body
        }
    }
}

/// Statements replacing each future or stream in the parameters, at any
/// depth (a weld reader in the flat arguments `argN`, of core types
/// `flat`), with the Canonical end a pump feeds from it.
fn bridge_params(cx: &Cx, f: &Function, key: &str, scope: Scope, flat: &[WasmType]) -> TokenStream {
    let walk = host_walk::Walk::new(cx, key, f, scope, host_walk::Dir::ToHost);
    let mut out = TokenStream::new();
    for (i, p) in f.params.iter().enumerate() {
        if !walk.holds_end(&p.ty) {
            continue;
        }
        let start = host_ends::flat_offset(cx, f, i);
        let n = host_walk::flat_types(cx, &p.ty).len();
        let args: Vec<(Ident, WasmType)> = (start..start + n)
            .map(|j| (format_ident!("arg{}", j), flat[j]))
            .collect();
        let names = args.iter().map(|(a, _)| a);
        let stmts = walk.flat(&p.ty, &args);
        out.extend(quote! {
            #(#[allow(unused_mut)] let mut #names = #names;)*
            #stmts
        });
    }
    out
}

/// The host adapter of synchronous import `f` of interface `key` whose
/// parameters or result are futures or streams (ASYNC.md section 11):
/// `weld1|<key>|[async-host:<crate>/<world>]f`, with `f`'s own signature, calling
/// the Canonical import `(<key>, f)` with each weld end replaced by a
/// Canonical one and the Canonical end of its result replaced by a weld
/// one, and likewise each error-context that is a parameter or the
/// result. Nothing when `f` has neither, or one nested in another type,
/// or more flat parameters or results than fit in registers.
pub(crate) fn expand_streams_host_adapter(
    cx: &Cx,
    f: &Function,
    key: &str,
    scope: Scope,
) -> TokenStream {
    let Some(errors) = host_errors::direct_errors(cx, f) else {
        return TokenStream::new();
    };
    let types_of = || f.params.iter().map(|p| &p.ty).chain(f.result.as_ref());
    let any_end = types_of().any(|t| host_walk::holds_end(cx, t));
    if !any_end && !errors.any() {
        return TokenStream::new();
    }
    let sig = cx.resolve.wasm_signature(AbiVariant::GuestImport, f);
    let param_end = f.params.iter().any(|p| host_walk::holds_end(cx, &p.ty));
    let listed = f.params.iter().any(|p| end_in_list(cx, &p.ty));
    if !host_ends::bridgeable(cx, f) || (sig.indirect_params && param_end) || listed {
        // Parameters' ends in memory the importer owns: not walked.
        return TokenStream::new();
    }
    let names: Vec<Ident> = (0..sig.params.len())
        .map(|i| format_ident!("arg{}", i))
        .collect();
    let types: Vec<TokenStream> = sig.params.iter().map(|t| core_type(*t)).collect();
    let ret = sig.results.first().map(|t| {
        let t = core_type(*t);
        quote!(-> #t)
    });
    let bridges = bridge_params(cx, f, key, scope, &sig.params);
    let to_host = host_errors::to_host_params(cx, f, &errors);
    let call = quote!(unsafe { __weld_host(#(#names),*) });
    let walk = host_walk::Walk::new(cx, key, f, scope, host_walk::Dir::FromHost);
    // The result's ends, at any depth: in the return area, or in the one
    // flat result.
    let call = match (&f.result, sig.retptr, sig.results.first()) {
        (Some(ty), true, _) => {
            let area = names.last().expect("the return pointer");
            let stmts = walk.memory(ty, quote!(#area as *mut u8));
            if stmts.is_empty() {
                call
            } else {
                quote! {
                    #call;
                    unsafe { #stmts }
                }
            }
        }
        (Some(ty), false, Some(t)) if walk.holds_end(ty) => {
            let stmts = walk.flat(ty, &[(format_ident!("__weld_h"), *t)]);
            quote! {
                let mut __weld_h = #call;
                unsafe { #stmts }
                __weld_h
            }
        }
        _ if errors.result => {
            let weld = host_errors::from_host(cx, quote!(__weld_h));
            quote! {
                let __weld_h = #call;
                unsafe { #weld }
            }
        }
        // The parameters' host error-contexts are dropped after the call
        // (their guards, locals, drop when the adapter returns).
        _ => call,
    };
    let symbol = weld_abi::symbol(
        Some(key),
        &weld_abi::asynchronous::async_host_name(&cx.importer_tag(), &f.name),
    );
    let entry_name = format_ident!("__weld_host_{}", f.name.replace(['-', '.', '[', ']'], "_"));
    let name = &f.name;
    quote! {
        #[doc(hidden)]
        #[cfg(target_arch = "wasm32")]
        #[allow(non_snake_case, unused_unsafe, clippy::all)]
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(#(#names: #types),*) #ret {
            #[link(wasm_import_module = #key)]
            unsafe extern "C" {
                #[link_name = #name]
                fn __weld_host(#(#names: #types),*) #ret;
            }
            #bridges
            #to_host
            #call
        }
    }
}

/// Lifts the adapter's arguments `names` (owned: `[async]f`'s parameters
/// move to the callee) and passes them to `target`.
fn lift_args(
    cx: &Cx,
    f: &Function,
    scope: Scope,
    names: &[Ident],
    target: TokenStream,
) -> TokenStream {
    let target = Target {
        path: target,
        borrowed: vec![false; f.params.len()],
        self_rep: None,
        wrap: None,
    };
    let args = names.iter().map(|n| quote!(#n)).collect();
    let mut generator = FnGen::new(cx, scope, Side::AsyncCallee, args).calling_target(target);
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LiftArgsLowerResults,
        &params_only(f),
        &mut generator,
        false,
    );
    generator.tail = Some(quote!(__weld_future));
    generator.into_body()
}

/// The hidden record of `f`'s parameters, `__WeldAsyncParams(p1, .., pn)`,
/// with an `Elem` impl in the canonical layout of the parameters' record
/// (what an async-lowered call reads behind its parameter pointer).
fn params_record(cx: &Cx, f: &Function, scope: Scope) -> (TokenStream, TokenStream) {
    let types: Vec<TokenStream> = f
        .params
        .iter()
        .map(|p| cx.rust_type(&p.ty, crate::context::Mode::Owned, scope))
        .collect();
    let info = cx.sizes.record(f.params.iter().map(|p| &p.ty));
    let offsets = cx.sizes.field_offsets(f.params.iter().map(|p| &p.ty));
    let mut lower = FnGen::new(cx, scope, Side::AsyncCallee, Vec::new());
    let mut lift = FnGen::new(cx, scope, Side::AsyncCaller { retptr: false }, Vec::new());
    let mut lifted = Vec::new();
    for (i, (offset, ty)) in offsets.iter().enumerate() {
        let off = Literal::usize_unsuffixed(offset.size_wasm32());
        let field = Literal::usize_unsuffixed(i);
        abi::lower_to_memory(
            cx.resolve,
            &mut lower,
            Operand::new(quote!(__dst.add(#off))),
            Operand::new(quote!(__v.#field)),
            ty,
        );
        let value = abi::lift_from_memory(
            cx.resolve,
            &mut lift,
            Operand::new(quote!(__src.add(#off))),
            ty,
        );
        lifted.push(value.expr().clone());
    }
    let (lower, lift) = (lower.into_body(), lift.into_body());
    // The parameters' record: `lower_one` writes and `lift_one` reads it
    // field by field at its offsets.
    let elem = super::elem::elem_impl(
        cx,
        &quote!(__WeldAsyncParams),
        (info.size.size_wasm32(), info.align.align_wasm32()),
        &lower,
        &quote!(#lift Self(#(#lifted),*)),
    );
    let def = quote! {
        struct __WeldAsyncParams(#(#types),*);
        #elem
    };
    (quote!(__WeldAsyncParams), def)
}

/// For each parameter of async import `f`, whether it is an `own<T>`
/// handle that the async-lowered call moves to the host (the adapter's
/// release forgets it rather than dropping it: its `[resource-drop]`
/// would name a handle the caller no longer has). A borrow, such as a
/// method's receiver, lifts into a handle that drops nothing. `None` when
/// a handle sits inside another type (the release would drop it with the
/// values around it): no adapter.
fn moved_handles(cx: &Cx, f: &Function) -> Option<Vec<bool>> {
    let mut out = Vec::new();
    for p in &f.params {
        match top_handle(cx.resolve, &p.ty) {
            Some(Handle::Own(_)) => out.push(true),
            Some(Handle::Borrow(_)) => out.push(false),
            None if holds_handle(cx.resolve, &p.ty) => return None,
            None => out.push(false),
        }
    }
    Some(out)
}

/// `f` with each parameter that is a handle (a method's receiver, an
/// `own<T>` moving to the host) typed `u32`: the handle as the importer
/// passed it, which the parameters' record of an indirect call holds in
/// the handle's canonical layout (an `i32`) without owning it, so that
/// freeing the record (`drop_elems`) drops no handle. (An `own<T>` of a
/// call cancelled before the host took it is then leaked, not dropped.)
fn handles_as_u32(cx: &Cx, f: &Function) -> Function {
    let mut g = f.clone();
    for p in &mut g.params {
        if top_handle(cx.resolve, &p.ty).is_some() {
            p.ty = Type::U32;
        }
    }
    g
}

/// Whether a value of `ty` holds a future or stream in a list (whose
/// buffer, as a parameter, is the importer's; a fixed-length list's
/// elements are flat values like any other).
fn end_in_list(cx: &Cx, ty: &Type) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::List(t) => host_walk::holds_end(cx, t),
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) | TypeDefKind::Handle(_) => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| end_in_list(cx, t)),
    }
}

/// Whether `ty` holds a future or stream below its top and also owns
/// something else (memory, a handle): an async adapter's release, which
/// forgets such a parameter whole, would leak it.
fn forgets_more_than_ends(cx: &Cx, ty: &Type) -> bool {
    let nested = host_walk::holds_end(cx, ty)
        && !matches!(cx.dealias(ty), Type::Id(id)
            if matches!(cx.resolve.types[id].kind, TypeDefKind::Future(_) | TypeDefKind::Stream(_)));
    nested && (owns_besides_ends(cx, ty))
}

/// Whether a value of `ty` owns memory or a handle outside its ends.
fn owns_besides_ends(cx: &Cx, ty: &Type) -> bool {
    match cx.dealias(ty) {
        Type::String => true,
        Type::Id(id) => match &cx.resolve.types[id].kind {
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
            TypeDefKind::List(_) | TypeDefKind::Map(..) | TypeDefKind::Handle(_) => true,
            kind => crate::check::children(kind)
                .iter()
                .any(|t| owns_besides_ends(cx, t)),
        },
        _ => false,
    }
}

/// The handle `ty` is, through aliases, if it is one.
fn top_handle(resolve: &Resolve, ty: &Type) -> Option<Handle> {
    let mut ty = *ty;
    while let Type::Id(id) = ty {
        match &resolve.types[id].kind {
            TypeDefKind::Type(inner) => ty = *inner,
            TypeDefKind::Handle(h) => return Some(*h),
            _ => return None,
        }
    }
    None
}

/// Whether `ty` holds a handle outside the elements of its futures and
/// streams (those move with their ends).
fn holds_handle(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Handle(_) => true,
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_handle(resolve, t)),
    }
}
