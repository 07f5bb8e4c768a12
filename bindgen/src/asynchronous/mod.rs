//! Async functions between linked crates (abi-spec/ASYNC.md section 4):
//! the importer's `async fn` calling `[async]f`, and the exporter's glue
//! behind it, with wit-bindgen 0.63's async Rust API shape.
//!
//! Both halves reuse the synchronous lifting and lowering (`crate::abi`)
//! on the function without its result, in the two async sides: parameters
//! move to the callee (lowered and lifted owned, never borrowed). The
//! result goes through a hidden per-function newtype with a generated
//! `Elem` impl (runtime/src/task/elem.rs): lowered into the
//! caller's return area when the call returns at once, or into the shared
//! future a pending call hands back.
//!
//! Must not: generate host-facing (Canonical ABI async) code; check.rs
//! rejects what this module does not generate.

mod elem;
mod flat_load;
mod host;
mod host_ends;
mod host_errors;
mod host_export_ends;
mod host_handles;
mod host_import;
pub(crate) mod host_walk;
mod payload;
mod sync;
mod world_ends;

pub(crate) use host_import::expand_streams_host_adapter;

pub(crate) use elem::expand_elem_impl;
pub(crate) use payload::{holds_handle_in_end, payload_elem, resource_elem, unsupported_payload};
pub(crate) use sync::{check_sync_filters, is_sync_bound};

use crate::abi::{FnGen, Side};
use crate::context::{Cx, Mode, Scope};
use crate::function::Export;
use crate::names::snake;
use crate::types::docs;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::{self, AbiVariant, LiftLower};
use wit_bindgen_core::wit_parser::{
    Function, FunctionKind, Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId,
};

/// What of function `f` weld does not generate yet for async, if
/// anything (check.rs reports each with the item's name): futures and
/// streams in world-level functions (the host boundary) that weld does
/// not bridge (`world_ends.rs`: ends nested in another type, a
/// synchronous export, ends in parameters that cross in memory),
/// `borrow<T>` in parameters of async functions other than a parameter
/// that is itself a borrow of a resource of `interface` (the function's),
/// such as a method's receiver ([`lent_resource`]), or the receiver of a
/// method of a world's resource (the host's). (World-level async exports
/// go to the host in the callback form, `host.rs`; world-level async
/// imports come from it through their host adapter, `host_import.rs`.)
///
/// `host_lent`, for an exported function, is the set of interfaces the
/// world imports: a parameter that is itself a borrow of a resource of
/// one of them is lent by the caller (the host, section 11) until the
/// call returns, and the callee drops its borrow handle before
/// `[task-return]` (`host_handles::host_borrowed_resource`). An importer
/// of such a function is refused (no crate could count the lend).
pub(crate) fn unsupported(
    resolve: &Resolve,
    f: &Function,
    (world_level, export): (bool, bool),
    interface: Option<InterfaceId>,
    host_lent: Option<&std::collections::HashSet<InterfaceId>>,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if world_level {
        out.extend(world_ends::unbridged(resolve, f, export));
    }
    if !f.kind.is_async() {
        return out;
    }
    // A borrow of the callee's own resource is lent to the call (section
    // 4); other borrows are not. A world's resources are the host's, and
    // so are its functions: a method's receiver is lent to the host's
    // subtask (the host adapter, section 11).
    let refused = f.params.iter().enumerate().any(|(i, p)| {
        let receiver = i == 0 && matches!(f.kind, FunctionKind::AsyncMethod(_));
        let lent = lent_resource(resolve, &p.ty, interface).is_some()
            || (world_level && receiver)
            || host_lent.is_some_and(|i| {
                host_handles::host_borrowed_resource(resolve, &p.ty, interface, i).is_some()
            });
        !lent && holds_borrow(resolve, &p.ty)
    });
    if refused {
        out.push("a `borrow<T>` in a parameter of an `async` function, other than a parameter that is itself a borrow of a resource of the function's own interface, such as a method's receiver, or, in an exported function, of an imported interface's (pass `own<T>`; abi-spec/ASYNC.md sections 4 and 11)");
    }
    out
}

/// The resource that parameter type `ty` borrows, if it is (through
/// aliases) a `borrow<r>` of a resource of `interface`: its exporter is
/// the callee of the interface's async functions, which can count the
/// lend until the call completes (ASYNC.md section 4).
pub(crate) fn lent_resource(
    resolve: &Resolve,
    ty: &Type,
    interface: Option<InterfaceId>,
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
                let owner = match resolve.types[r].owner {
                    wit_bindgen_core::wit_parser::TypeOwner::Interface(i) => Some(i),
                    _ => None,
                };
                return (owner.is_some() && owner == interface).then_some(r);
            }
            _ => return None,
        }
    }
    None
}

/// Whether some async function of the package takes a borrow of resource
/// `r` that its exporter lends to the call (then its handles need the
/// lend count: resource.rs).
pub(crate) fn lent_in_async(resolve: &Resolve, r: TypeId) -> bool {
    resolve.interfaces.iter().any(|(id, i)| {
        i.functions.values().any(|f| {
            f.kind.is_async()
                && f.params
                    .iter()
                    .any(|p| lent_resource(resolve, &p.ty, Some(id)) == Some(r))
        })
    })
}

/// Whether `ty` is or holds a `borrow<T>`.
fn holds_borrow(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Handle(Handle::Borrow(_)) => true,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_borrow(resolve, t)),
    }
}

/// The symbol of async function `f` of `interface` as this crate names it.
fn async_symbol(cx: &Cx, interface: Option<&str>, f: &Function, export: bool) -> String {
    cx.symbol(interface, &weld_abi::async_name(&f.name), export)
}

/// The hidden newtype carrying `f`'s result through a return area or a
/// future: its name, and its definition with its `Elem` impl (`()` and no
/// definition for a function without result). Named after the function,
/// so unique in its module: an import defines it in its function's body
/// (a resource's functions are in an `impl` block), an export next to its
/// glue (shared by the `[async]f` and `[async-lift]` entry points).
fn result_elem(cx: &Cx, f: &Function, scope: Scope) -> (TokenStream, TokenStream) {
    let Some(ty) = f.result else {
        return (quote!(()), TokenStream::new());
    };
    let name = format_ident!("__WeldAsyncResult_{}", snake(&f.name));
    let rust = cx.rust_type(&ty, Mode::Owned, scope);
    let body = expand_elem_impl(cx, &ty, scope, &quote!(#name), true);
    let def = quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        pub struct #name(pub #rust);
        #body
    };
    (quote!(#name), def)
}

/// The function without its result: what the synchronous lifting and
/// lowering walk for the parameters.
fn params_only(f: &Function) -> Function {
    let mut g = f.clone();
    g.result = None;
    g
}

/// An imported async function: `pub async fn f(owned params) -> R`, which
/// hands its parameters over to `[async]f` and awaits the result if the
/// call is pending. The call starts when the future is first polled.
pub(crate) fn expand_async_import(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
) -> TokenStream {
    let module_items = import_module_items(cx, f, interface, scope);
    if is_sync_bound(cx, interface, f, true) {
        let function = sync::expand_sync_import(cx, f, interface, scope);
        return quote!(#module_items #function);
    }
    let function = async_import_fn(cx, f, interface, scope, crate::function::rust_name(f));
    let docs = docs(&f.docs);
    quote! {
        #module_items
        #docs
        #[allow(unused_unsafe, non_camel_case_types, clippy::all)]
        pub #function
    }
}

/// What an imported async function that is not a resource's (those are
/// in an `impl` block, and define both in their body: [`async_import_fn`])
/// defines next to it: its result newtype and its host adapter (section
/// 11).
fn import_module_items(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
) -> TokenStream {
    if f.kind.resource().is_some() {
        return TokenStream::new();
    }
    let (_, elem_def) = result_elem(cx, f, scope);
    let key = interface.unwrap_or(weld_abi::ROOT);
    let adapter = host_import::expand_async_host_adapter(cx, f, key, scope);
    quote!(#elem_def #adapter)
}

/// The `async fn <name>(owned params) -> R` of imported async function
/// `f`, without visibility or attributes.
fn async_import_fn(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    name: Ident,
) -> TokenStream {
    let rt = &cx.rt;
    let method = matches!(f.kind, FunctionKind::AsyncMethod(_));
    let params: Vec<Ident> = f.params.iter().map(|p| snake(&p.name)).collect();
    let mut decls: Vec<TokenStream> = f
        .params
        .iter()
        .zip(&params)
        .map(|(p, n)| {
            let t = cx.rust_type(&p.ty, Mode::Owned, scope);
            quote!(#n: #t)
        })
        .collect();
    if method {
        // The receiver: lent to the call until it completes (section 4).
        decls[0] = quote!(&self);
    }
    let ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let (elem, elem_def) = result_elem(cx, f, scope);
    let retptr = f.result.is_some();
    let mut args: Vec<TokenStream> = params.iter().map(|p| quote!(#p)).collect();
    if method {
        args[0] = quote!(self);
    }
    let mut generator = FnGen::new(cx, scope, Side::AsyncCaller { retptr }, args)
        .calling_symbol(async_symbol(cx, interface, f, false));
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LowerArgsLiftResults,
        &params_only(f),
        &mut generator,
        false,
    );
    generator.tail = Some(quote!(__weld_status));
    let body = generator.into_body();
    let area = return_area(cx, f.result.as_ref());
    let value = if retptr { quote!(.0) } else { quote!() };
    // A resource's functions are in an `impl` block: their result newtype
    // and their host adapter (an item exported whether or not the function
    // is called) live in the function's body ([`expand_async_import`]
    // defines the others' next to the function).
    let local_def = f.kind.resource().is_some().then(|| {
        let key = interface.unwrap_or(weld_abi::ROOT);
        let adapter = host_import::expand_async_host_adapter(cx, f, key, scope);
        quote!(#elem_def #adapter)
    });
    quote! {
        async fn #name(#(#decls),*) #ret {
            #local_def
            let __weld_result = {
                #area
                let __weld_status = unsafe { #body };
                unsafe { #rt::task::api::async_result::<#elem>(__weld_status, __weld_ret) }
            };
            __weld_result.await #value
        }
    }
}

/// `__weld_ret`: a return area of the result's size and alignment on the
/// stack (a null pointer without result).
fn return_area(cx: &Cx, result: Option<&Type>) -> TokenStream {
    let Some(ty) = result else {
        return quote!(let __weld_ret = ::core::ptr::null_mut::<u8>(););
    };
    let size = Literal::usize_unsuffixed(cx.sizes.size(ty).size_wasm32());
    let align = Literal::usize_unsuffixed(cx.sizes.align(ty).align_wasm32());
    quote! {
        #[repr(C, align(#align))]
        struct __WeldArea([::core::mem::MaybeUninit<u8>; #size]);
        let mut __weld_area = __WeldArea([::core::mem::MaybeUninit::uninit(); #size]);
        let __weld_ret = __weld_area.0.as_mut_ptr().cast::<u8>();
    }
}

/// An exported async function: the `Guest` trait's `async fn`, and the
/// glue behind `[async]f`, which lifts the parameters (taking them over),
/// runs the implementation's future as a task of the module's executor
/// (`Executor::call`) and lowers the result into the caller's return area,
/// or returns the future the task will write.
pub(crate) fn expand_async_export(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    glue_path: &TokenStream,
) -> Export {
    let name = snake(&f.name);
    let rust_name = crate::function::rust_name(f);
    let rt = &cx.rt;
    let glue_name = format_ident!("_export_{}_async", name);
    let method = matches!(f.kind, FunctionKind::AsyncMethod(_));
    let receiver = method.then(|| quote!(&self,));
    let params = f.params.iter().skip(usize::from(method)).map(|p| {
        let n = snake(&p.name);
        let t = cx.rust_type(&p.ty, Mode::Owned, scope);
        quote!(#n: #t)
    });
    let ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let docs = docs(&f.docs);
    // With the `sync` option the implementation is a plain `fn`; the
    // glue below is the same, its future ready at once.
    let blocking = is_sync_bound(cx, interface, f, false);
    let asyncness = (!blocking).then(|| quote!(async));
    let sig = quote!(#asyncness fn #rust_name(#receiver #(#params),*) #ret);
    let method = quote!(#docs #[allow(async_fn_in_trait)] #sig;);
    let stub = quote! {
        #[allow(unused_variables, async_fn_in_trait)]
        #sig { ::core::unreachable!() }
    };
    let core = cx
        .resolve
        .wasm_signature(AbiVariant::GuestImport, &params_only(f));
    let indirect = core.indirect_params;
    let names: Vec<Ident> = (0..core.params.len())
        .map(|i| format_ident!("arg{}", i))
        .collect();
    let types: Vec<TokenStream> = core
        .params
        .iter()
        .map(|t| crate::abi::core_type(*t))
        .collect();
    let lift_params: Vec<TokenStream> = names
        .iter()
        .zip(&types)
        .map(|(n, t)| quote!(#n: #t))
        .collect();
    let lift_args: Vec<TokenStream> = names.iter().map(|n| quote!(#n)).collect();
    let mut core_params = lift_params.clone();
    let mut core_args = lift_args.clone();
    let retptr = if f.result.is_some() {
        core_params.push(quote!(__weld_ret: *mut u8));
        core_args.push(quote!(__weld_ret));
        quote!(__weld_ret)
    } else {
        quote!(::core::ptr::null_mut::<u8>())
    };
    let (elem, elem_def) = result_elem(cx, f, scope);
    let future_name = format_ident!("_export_{}_future", name);
    let lift = Lifted {
        future: &future_name,
        params: &lift_params,
        args: &lift_args,
        elem: &elem,
    };
    let future_fn = expand_export_future(cx, f, scope, &lift, indirect, blocking, false);
    // The host passes its own handles of this crate's resources: their
    // lifting differs (host_handles.rs), in a second function.
    let host_future_name = format_ident!("_export_{}_future_host", name);
    let host_lift = Lifted {
        future: &host_future_name,
        ..lift
    };
    let (host_lift, host_future_fn) =
        if host::host_exportable(cx, f) && host_handles::lifts_from_host(cx, f, scope) {
            let host_fn = expand_export_future(cx, f, scope, &host_lift, indirect, blocking, true);
            (host_lift, host_fn)
        } else {
            (lift, TokenStream::new())
        };
    let (host_glue, host_entries) =
        host::expand_host_export(cx, f, interface, scope, glue_path, &host_lift);
    let glue = quote! {
        #elem_def
        #future_fn
        #host_future_fn
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #glue_name<__T: Guest + 'static>(#(#core_params),*) -> i32 {
            let __weld_future = unsafe { #future_name::<__T>(#(#lift_args),*) };
            unsafe { #rt::task::api::async_export::<#elem, _>(__weld_future, #retptr) }
        }
        #host_glue
    };
    let symbol = async_symbol(cx, interface, f, true);
    let entry_name = format_ident!("__weld_export_async_{}", name);
    let entry = quote! {
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(#(#core_params),*) -> i32 {
            unsafe { #glue_path::#glue_name::<$ty>(#(#core_args),*) }
        }
        #host_entries
    };
    Export {
        method,
        stub,
        glue,
        entry,
        resource: f.kind.resource(),
    }
}

/// The lifted call of an exported async function, shared by its
/// entry points (`[async]f` between linked crates, `[async-lift]` for
/// the host): the function taking the flat parameters and returning the
/// call's future of the result newtype.
pub(crate) struct Lifted<'a> {
    /// The function's name (`_export_<f>_future`).
    pub future: &'a Ident,
    /// Its core parameters (`argN: type`).
    pub params: &'a [TokenStream],
    /// Their names.
    pub args: &'a [TokenStream],
    /// The result newtype (`()` without result).
    pub elem: &'a TokenStream,
}

/// `_export_<f>_future::<T>(flat params)`: lifts the parameters (taking
/// them over) and calls the `Guest` trait's `async fn`; returns its
/// future, with the result wrapped in the newtype that carries it (with
/// the `sync` option, `blocking`, the trait's method is a plain `fn` and
/// the future is ready at once). `host`: the parameters come from the
/// host, own handles of this crate's resources in the host's table.
fn expand_export_future(
    cx: &Cx,
    f: &Function,
    scope: Scope,
    lifted: &Lifted<'_>,
    indirect: bool,
    blocking: bool,
    host: bool,
) -> TokenStream {
    let Lifted {
        future: future_name,
        params,
        elem,
        ..
    } = lifted;
    let target = crate::function::target(cx, f, &vec![false; f.params.len()]);
    let core = cx
        .resolve
        .wasm_signature(AbiVariant::GuestImport, &params_only(f));
    let arg_exprs = (0..core.params.len())
        .map(|i| {
            let n = format_ident!("arg{}", i);
            quote!(#n)
        })
        .collect();
    let mut generator = FnGen::new(cx, scope, Side::AsyncCallee, arg_exprs)
        .calling_target(target)
        .export_task(blocking);
    if host {
        generator = generator.at_host();
    }
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LiftArgsLowerResults,
        &params_only(f),
        &mut generator,
        false,
    );
    generator.tail = Some(quote!(__weld_future));
    let body = generator.into_body();
    let awaited = if blocking {
        quote!(__weld_future)
    } else {
        quote!(__weld_future.await)
    };
    let wrap = if f.result.is_some() {
        quote!(#elem(#awaited))
    } else {
        awaited
    };
    let mut task = quote!(async move { #wrap });
    let lends = param_lends(cx, f, scope, indirect);
    for (name, _) in lends.iter().rev() {
        task = quote!(#name.run(#task));
    }
    let lend = lends.iter().map(|(_, stmt)| stmt);
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #future_name<__T: Guest + 'static>(
            #(#params),*
        ) -> impl ::core::future::Future<Output = #elem> + 'static {
            #(#lend)*
            let __weld_future = unsafe { #body };
            #task
        }
    }
}

/// The lends of the borrowed parameters of an async function (an async
/// method's receiver, or any parameter that is a borrow of a resource of
/// the function's interface) to the call's task (ASYNC.md section 4):
/// each lend's name and the statement taking it, before the parameters
/// are lifted; each ends after the task's future is dropped. A handle is
/// its parameter's flat value, or read from the parameter area.
fn param_lends(cx: &Cx, f: &Function, scope: Scope, indirect: bool) -> Vec<(Ident, TokenStream)> {
    let types: Vec<Type> = f.params.iter().map(|p| p.ty).collect();
    let offsets = cx.sizes.field_offsets(&types);
    let mut out = Vec::new();
    for (i, (p, (offset, _))) in f.params.iter().zip(offsets).enumerate() {
        let Some(r) = lent_resource(cx.resolve, &p.ty, scope.interface) else {
            continue;
        };
        // The flat position: the flat values of the parameters before it.
        let mut before = params_only(f);
        before.params.truncate(i);
        let at = cx
            .resolve
            .wasm_signature(AbiVariant::GuestImport, &before)
            .params
            .len();
        let borrow = cx.type_path_suffixed(r, scope, "Borrow");
        let handle = if indirect {
            let offset = Literal::usize_unsuffixed(offset.size_wasm32());
            quote!(unsafe { arg0.add(#offset).cast::<i32>().read() })
        } else {
            let arg = format_ident!("arg{}", at);
            quote!(#arg)
        };
        let name = format_ident!("__weld_lend{}", i);
        out.push((
            name.clone(),
            quote!(let #name = #borrow::__weld_lend_async((#handle) as u32);),
        ));
    }
    out
}

/// The Rust type of a `future<T>` or `stream<T>` value (always a readable
/// end, ASYNC.md section 3): wit-bindgen's `FutureReader<T>` and
/// `StreamReader<T>`, from the runtime; `()` for a missing payload.
pub(crate) fn end_type(cx: &Cx, kind: &TypeDefKind, scope: Scope) -> TokenStream {
    let rt = &cx.rt;
    let payload = |t: &Option<Type>| match t {
        Some(t) => cx.rust_type(t, Mode::Owned, scope),
        None => quote!(()),
    };
    match kind {
        TypeDefKind::Future(t) => {
            let t = payload(t);
            quote!(#rt::rt::FutureReader<#t>)
        }
        TypeDefKind::Stream(t) => {
            let t = payload(t);
            quote!(#rt::rt::StreamReader<#t>)
        }
        _ => quote!(()),
    }
}

/// wit-bindgen's `wit_future` and `wit_stream` modules, whose `new`
/// creates a future or stream, when the world has any.
pub(crate) fn expand_end_modules(cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let any = |f: fn(&TypeDefKind) -> bool| cx.resolve.types.iter().any(|(_, d)| f(&d.kind));
    let future = any(|k| matches!(k, TypeDefKind::Future(_))).then(|| {
        quote! {
            /// Creating futures (wit-bindgen's `wit_future`).
            pub mod wit_future {
                /// A new future: its writer and its reader. A writer
                /// dropped without writing writes `default()`.
                #[allow(dead_code)]
                pub fn new<T: #rt::task::Elem>(
                    default: fn() -> T,
                ) -> (#rt::rt::FutureWriter<T>, #rt::rt::FutureReader<T>) {
                    #rt::rt::future_pair(default)
                }
            }
        }
    });
    let stream = any(|k| matches!(k, TypeDefKind::Stream(_))).then(|| {
        quote! {
            /// Creating streams (wit-bindgen's `wit_stream`).
            pub mod wit_stream {
                /// A new stream: its writer and its reader.
                #[allow(dead_code)]
                pub fn new<T: #rt::task::Elem>() -> (#rt::rt::StreamWriter<T>, #rt::rt::StreamReader<T>) {
                    #rt::rt::stream_pair()
                }
            }
        }
    });
    quote!(#future #stream)
}

/// The name of `f`'s `weld-meta` item (ASYNC.md section 12): `[async]f`
/// for an async function (its entry point's name), `[streams]f` for a
/// synchronous one carrying futures, streams or error-contexts, else `f`. weld-ld gives
/// neither kind a Canonical ABI export or host import yet.
pub(crate) fn meta_name(resolve: &Resolve, f: &Function) -> String {
    if f.kind.is_async() {
        weld_abi::async_name(&f.name)
    } else if !f.find_futures_and_streams(resolve).is_empty()
        || crate::check::carries_error_context(resolve, f)
    {
        format!("{}{}", weld_abi::STREAMS_PREFIX, f.name)
    } else {
        f.name.clone()
    }
}

/// Refuses a future or stream between linked crates whose element type
/// `with` (or, for a map outside a record, the `map_type` option) maps to
/// a type the bindings do not define: they cannot give it an `Elem` impl
/// (the orphan rule, and its layout is not theirs to vouch for). The
/// error names each function and element type.
pub(crate) fn check_mapped_payloads(cx: &Cx) -> Result<(), crate::Error> {
    let resolve = cx.resolve;
    let w = &resolve.worlds[cx.world];
    let items = w.imports.iter().map(|i| (i, false));
    let mut problems = Vec::new();
    for ((key, item), export) in items.chain(w.exports.iter().map(|i| (i, true))) {
        let wit_bindgen_core::wit_parser::WorldItem::Interface { id, .. } = item else {
            continue;
        };
        let name = resolve.name_world_key(key);
        if !export && cx.remapped.maps_key(&name) {
            continue;
        }
        let scope = Scope {
            depth: 0,
            interface: Some(*id),
            export,
            typedef: false,
        };
        for f in resolve.interfaces[*id].functions.values() {
            for end in f.find_futures_and_streams(resolve) {
                let side = if export { "exported" } else { "imported" };
                if let Some(ty) = mapped_payload(cx, end, scope) {
                    problems.push(format!(
                        "function `{}` in {side} interface `{name}` carries a `future<T>` or `stream<T>` of `{ty}`, which `with` maps to a type these bindings do not define (they cannot implement its element conversion, `weld::task::Elem`); leave that interface or type generated",
                        f.name
                    ));
                }
                if let Some(path) = map_typed_payload(cx, end) {
                    problems.push(format!(
                        "function `{}` in {side} interface `{name}` carries a `future<T>` or `stream<T>` whose element is or holds (in a list, option, result or tuple) a `map<K, V>`, which the `map_type` option makes `{path}<K, V>`, a type these bindings do not define (the runtime's element conversion covers `weld::rt::Map`); drop the option or put the map in a record",
                        f.name
                    ));
                }
            }
        }
    }
    problems.dedup();
    if problems.is_empty() {
        return Ok(());
    }
    let mut err = crate::Error::new(
        crate::ErrorKind::Unsupported,
        format!(
            "world `{}` passes a type that `with` or `map_type` maps through a future or stream",
            w.name
        ),
    );
    err.details = problems;
    Err(err)
}

/// The `map_type` option's path if it names the Rust type of a map that
/// the element of future or stream `end` holds outside a record or variant.
fn map_typed_payload<'a>(cx: &Cx<'a>, end: TypeId) -> Option<&'a str> {
    let path = cx.options.map_type.as_ref()?;
    let (TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t))) = &cx.resolve.types[end].kind
    else {
        return None;
    };
    payload::holds_bare_map(cx.resolve, t).then(|| path.as_str())
}

/// The WIT name of the element of future or stream `end` if `with` maps
/// it (as seen from `scope`) to a type the bindings do not define.
fn mapped_payload(cx: &Cx, end: TypeId, scope: Scope) -> Option<String> {
    let (TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t))) = &cx.resolve.types[end].kind
    else {
        return None;
    };
    let parts = payload::elem_parts(cx.resolve, t).ok()?;
    parts.into_iter().find_map(|id| mapped(cx, id, scope))
}

/// The WIT name of named type `id` if `with` maps it (as seen from
/// `scope`) to a type the bindings do not define.
fn mapped(cx: &Cx, id: TypeId, scope: Scope) -> Option<String> {
    if cx.is_exported(id, scope) {
        return None;
    }
    let def = &cx.resolve.types[id];
    let by_interface = match def.owner {
        wit_bindgen_core::wit_parser::TypeOwner::Interface(owner) => {
            !cx.is_placed(owner, false) && cx.remapped.alias(owner).is_some()
        }
        _ => false,
    };
    (by_interface || cx.remapped.type_alias(id).is_some())
        .then(|| def.name.clone().unwrap_or_else(|| "<anonymous>".into()))
}
