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
mod sync;

pub(crate) use elem::expand_elem_impl;
pub(crate) use sync::{check_sync_filters, is_sync_bound};

use crate::abi::{FnGen, Side, Target};
use crate::context::{Cx, Mode, Scope};
use crate::function::Export;
use crate::names::snake;
use crate::types::docs;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::{self, AbiVariant, LiftLower};
use wit_bindgen_core::wit_parser::{
    Function, FunctionKind, Handle, Resolve, Type, TypeDefKind, TypeId,
};

/// What of function `f` weld does not generate yet for async, if
/// anything (check.rs reports each with the item's name): futures and
/// streams in world-level functions (the host boundary), world-level
/// async functions, `borrow<T>` parameters of async functions.
pub(crate) fn unsupported(resolve: &Resolve, f: &Function, world_level: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if world_level && !f.find_futures_and_streams(resolve).is_empty() {
        out.push(
            "a `future<T>` or `stream<T>` in a world-level function (futures and streams at the host boundary, abi-spec/ASYNC.md section 11, are not implemented yet; they work in interfaces between linked crates)",
        );
    }
    if f.kind != FunctionKind::AsyncFreestanding {
        return out;
    }
    if world_level {
        out.push(
            "an `async` world-level function (async at the host boundary, abi-spec/ASYNC.md section 11, is not implemented yet; async functions of interfaces work between linked crates)",
        );
    }
    if f.params.iter().any(|p| holds_borrow(resolve, &p.ty)) {
        out.push("a `borrow<T>` in a parameter of an `async` function (pass `own<T>`)");
    }
    out
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
/// definition for a function without result).
fn result_elem(cx: &Cx, f: &Function, scope: Scope) -> (TokenStream, TokenStream) {
    let Some(ty) = f.result else {
        return (quote!(()), TokenStream::new());
    };
    let name = format_ident!("__WeldAsyncResult_{}", f.name.replace('-', "_"));
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
    if is_sync_bound(cx, interface, f, true) {
        return sync::expand_sync_import(cx, f, interface, scope);
    }
    let (elem_def, function) = async_import_fn(cx, f, interface, scope, snake(&f.name));
    let docs = docs(&f.docs);
    quote! {
        #elem_def
        #docs
        #[allow(unused_unsafe, non_camel_case_types, clippy::all)]
        pub #function
    }
}

/// The `async fn <name>(owned params) -> R` of imported async function
/// `f` (without visibility), and the definition of its result's hidden
/// newtype.
fn async_import_fn(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    name: Ident,
) -> (TokenStream, TokenStream) {
    let rt = &cx.rt;
    let params: Vec<Ident> = f.params.iter().map(|p| snake(&p.name)).collect();
    let decls = f.params.iter().zip(&params).map(|(p, n)| {
        let t = cx.rust_type(&p.ty, Mode::Owned, scope);
        quote!(#n: #t)
    });
    let ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let (elem, elem_def) = result_elem(cx, f, scope);
    let retptr = f.result.is_some();
    let args = params.iter().map(|p| quote!(#p)).collect();
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
    let function = quote! {
        async fn #name(#(#decls),*) #ret {
            let __weld_result = {
                #area
                let __weld_status = unsafe { #body };
                unsafe { #rt::task::api::async_result::<#elem>(__weld_status, __weld_ret) }
            };
            __weld_result.await #value
        }
    };
    (elem_def, function)
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
    let rt = &cx.rt;
    let glue_name = format_ident!("_export_{}_async", name);
    let params = f.params.iter().map(|p| {
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
    let sig = quote!(#asyncness fn #name(#(#params),*) #ret);
    let method = quote!(#docs #[allow(async_fn_in_trait)] #sig;);
    let stub = quote! {
        #[allow(unused_variables, async_fn_in_trait)]
        #sig { ::core::unreachable!() }
    };
    let core = cx
        .resolve
        .wasm_signature(AbiVariant::GuestImport, &params_only(f));
    let names: Vec<Ident> = (0..core.params.len())
        .map(|i| format_ident!("arg{}", i))
        .collect();
    let types: Vec<TokenStream> = core
        .params
        .iter()
        .map(|t| crate::abi::core_type(*t))
        .collect();
    let mut core_params: Vec<TokenStream> = names
        .iter()
        .zip(&types)
        .map(|(n, t)| quote!(#n: #t))
        .collect();
    let mut core_args: Vec<TokenStream> = names.iter().map(|n| quote!(#n)).collect();
    let retptr = if f.result.is_some() {
        core_params.push(quote!(__weld_ret: *mut u8));
        core_args.push(quote!(__weld_ret));
        quote!(__weld_ret)
    } else {
        quote!(::core::ptr::null_mut::<u8>())
    };
    let target = Target {
        path: quote!(__T::#name),
        borrowed: vec![false; f.params.len()],
        self_rep: None,
        wrap: None,
    };
    let arg_exprs = names.iter().map(|n| quote!(#n)).collect();
    let mut generator = FnGen::new(cx, scope, Side::AsyncCallee, arg_exprs).calling_target(target);
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
    let (elem, elem_def) = result_elem(cx, f, scope);
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
    let glue = quote! {
        #elem_def
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #glue_name<__T: Guest + 'static>(#(#core_params),*) -> i32 {
            let __weld_future = unsafe { #body };
            unsafe { #rt::task::api::async_export::<#elem, _>(async move { #wrap }, #retptr) }
        }
    };
    let symbol = async_symbol(cx, interface, f, true);
    let entry_name = format_ident!("__weld_export_async_{}", name);
    let entry = quote! {
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(#(#core_params),*) -> i32 {
            unsafe { #glue_path::#glue_name::<$ty>(#(#core_args),*) }
        }
    };
    Export {
        method,
        stub,
        glue,
        entry,
        resource: None,
    }
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

/// Whether `ty` may be the element of a future or stream between linked
/// crates: a number, a string, an `error-context`, or a record, variant,
/// enum or flags type of an interface (whose bindings get an `Elem` impl, `payload_elem`).
/// Other element types would need an impl on a type the bindings do not
/// define (`Vec<T>`, `Option<T>`, tuples), which the orphan rule forbids
/// without a wrapper; they are rejected for now.
pub(crate) fn unsupported_payload(
    resolve: &Resolve,
    payload: &Option<Type>,
) -> Option<&'static str> {
    let mut ty = (*payload)?;
    loop {
        return match ty {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => None,
            Type::S8 | Type::S16 | Type::S32 | Type::S64 => None,
            Type::F32 | Type::F64 | Type::String | Type::ErrorContext => None,
            Type::Id(id) => match &resolve.types[id].kind {
                TypeDefKind::Type(inner) => {
                    ty = *inner;
                    continue;
                }
                TypeDefKind::Record(_)
                | TypeDefKind::Variant(_)
                | TypeDefKind::Enum(_)
                | TypeDefKind::Flags(_)
                    if matches!(
                        resolve.types[id].owner,
                        wit_bindgen_core::wit_parser::TypeOwner::Interface(_)
                    ) =>
                {
                    None
                }
                _ => Some(UNSUPPORTED_PAYLOAD),
            },
            _ => Some(UNSUPPORTED_PAYLOAD),
        };
    }
}

const UNSUPPORTED_PAYLOAD: &str = "a `future<T>` or `stream<T>` whose `T` is not a number, `string`, or a record, variant, enum or flags type of an interface (the element types weld passes between linked crates so far)";

/// The `Elem` impl of named type `id`, defined in the module of `scope`,
/// when some future or stream of the package carries it (or a type
/// merged into it, `merge_structurally_equal_types`).
pub(crate) fn payload_elem(cx: &Cx, id: TypeId, scope: Scope) -> TokenStream {
    let kind = &cx.resolve.types[id].kind;
    let named = matches!(
        kind,
        TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_)
    );
    // With `merge_structurally_equal_types`, an element type merged into
    // an equal one is an alias of it: the representative carries the impl.
    let carried = cx.resolve.types.iter().any(|(_, d)| match &d.kind {
        TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t)) => match cx.dealias(t) {
            Type::Id(p) => p == id || cx.representatives.get(&p) == Some(&id),
            _ => false,
        },
        _ => false,
    });
    if !named || !carried {
        return TokenStream::new();
    }
    let self_ty = cx.rust_type(&Type::Id(id), Mode::Owned, scope);
    expand_elem_impl(cx, &Type::Id(id), scope, &self_ty, false)
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
/// `with` maps to a type the bindings do not define: they cannot give it
/// an `Elem` impl (the orphan rule, and its layout is not theirs to
/// vouch for). The error names each function and element type.
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
                if let Some(ty) = mapped_payload(cx, end, scope) {
                    let side = if export { "exported" } else { "imported" };
                    problems.push(format!(
                        "function `{}` in {side} interface `{name}` carries a `future<T>` or `stream<T>` of `{ty}`, which `with` maps to a type these bindings do not define (they cannot implement its element conversion, `weld::task::Elem`); leave that interface or type generated",
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
            "world `{}` passes a type that `with` maps through a future or stream",
            w.name
        ),
    );
    err.details = problems;
    Err(err)
}

/// The WIT name of the element of future or stream `end` if `with` maps
/// it (as seen from `scope`) to a type the bindings do not define.
fn mapped_payload(cx: &Cx, end: TypeId, scope: Scope) -> Option<String> {
    let (TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t))) = &cx.resolve.types[end].kind
    else {
        return None;
    };
    let Type::Id(id) = cx.dealias(t) else {
        return None;
    };
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
