//! Functions: the Rust wrapper of an imported function, and the trait
//! method plus ABI glue of an exported one.

use crate::ExportParams;
use crate::abi::{FnGen, Side, Target, core_type};
use crate::context::{Cx, Mode, Scope};
use crate::names::{camel, snake};
use crate::ownership::Style;
use crate::types::docs;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::abi::{self, AbiVariant, LiftLower, WasmSignature};
use wit_bindgen_core::wit_parser::{
    Function, FunctionKind, Resolve, Type, TypeDefKind, TypeId, WorldItem,
};

/// An imported function: lowers its borrowed arguments and calls the
/// function's weld symbol, which the linker binds to the crate exporting
/// it (or to the host).
pub(crate) fn expand_function_import(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
) -> TokenStream {
    if f.kind.is_async() {
        return crate::asynchronous::expand_async_import(cx, f, interface, scope);
    }
    let name = rust_name(f);
    let method = matches!(f.kind, FunctionKind::Method(_));
    let params: Vec<Ident> = f.params.iter().map(|p| snake(&p.name)).collect();
    let mut decls: Vec<TokenStream> = f
        .params
        .iter()
        .zip(&params)
        .map(|(p, n)| {
            let t = cx.import_param_type(&p.ty, scope);
            quote!(#n: #t)
        })
        .collect();
    let mut args: Vec<TokenStream> = f
        .params
        .iter()
        .zip(&params)
        .zip(&decls)
        .map(|((p, n), decl)| lent_arg(cx, &p.ty, n, decl))
        .collect();
    let chain = chaining(&cx.options.chainable_methods, cx.resolve, f, interface);
    if method {
        (decls[0], args[0]) = match chain {
            Some(Chain::Owning) => (quote!(self), quote!((&self))),
            _ => (quote!(&self), quote!(self)),
        };
    }
    let mut ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let mut tail = TokenStream::new();
    if let Some(chain) = chain {
        ret = Some(match chain {
            Chain::Owning => quote!(-> Self),
            Chain::Borrowing => quote!(-> &Self),
        });
        tail = quote!(; self);
    }
    let mut generator = FnGen::new(cx, scope, Side::Caller, args)
        .calling_symbol(cx.symbol(interface, &f.name, false));
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LowerArgsLiftResults,
        f,
        &mut generator,
        false,
    );
    let body = generator.into_body();
    let docs = docs(&f.docs);
    // A world-level function's ends come from the host too (`$root`).
    let key = interface.unwrap_or(weld_abi::ROOT);
    let adapter = crate::asynchronous::expand_streams_host_adapter(cx, f, key, scope);
    quote! {
        #adapter
        #docs
        #[allow(unused_unsafe, non_camel_case_types, clippy::all)]
        pub fn #name(#(#decls),*) #ret {
            unsafe { #body } #tail
        }
    }
}

/// How an imported function's lowering reads parameter `name`: as is, or,
/// for a by-value parameter holding an `error-context` (lent for the call,
/// ASYNC.md section 7), through a reference, so that no part of it is
/// moved into a local that would drop before the call.
fn lent_arg(cx: &Cx, ty: &Type, name: &Ident, decl: &TokenStream) -> TokenStream {
    let by_value = decl
        .clone()
        .into_iter()
        .nth(2)
        .is_none_or(|t| t.to_string() != "&");
    if by_value && crate::check::holds_error_context(cx.resolve, ty) {
        quote!((&#name))
    } else {
        quote!(#name)
    }
}

/// How a chainable imported method returns its receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chain {
    /// `fn m(self, ..) -> Self`.
    Owning,
    /// `fn m(&self, ..) -> &Self`.
    Borrowing,
}

/// Whether the `chainable_methods` filters make imported function `f` (of
/// `interface`, by printed world key) return its receiver, with
/// wit-bindgen's rules: only methods returning nothing; the first filter
/// that matches decides (`all`, `ns:pkg/iface#res`, or
/// `ns:pkg/iface#[method]res.m`; `-` turns chaining off, `&` borrows).
pub(crate) fn chaining(
    filters: &[String],
    resolve: &Resolve,
    f: &Function,
    interface: Option<&str>,
) -> Option<Chain> {
    let (FunctionKind::Method(r), None) = (&f.kind, f.result) else {
        return None;
    };
    let prefix = interface.map(|i| format!("{i}#")).unwrap_or_default();
    let resource = format!(
        "{prefix}{}",
        resolve.types[*r].name.as_deref().unwrap_or("")
    );
    let method = format!("{prefix}{}", f.name);
    filters.iter().find_map(|filter| {
        let (target, mode) = chain_filter(filter);
        (target == "all" || target == resource || target == method).then_some(mode)
    })?
}

/// wit-bindgen's check of the `chainable_methods` filters: each one other
/// than `all` must name an imported method (or resource) of the world.
pub(crate) fn check_chain_filters(cx: &Cx) -> Result<(), crate::Error> {
    let w = &cx.resolve.worlds[cx.world];
    let mut names: Vec<(Option<String>, &Function)> = Vec::new();
    for (key, item) in &w.imports {
        match item {
            WorldItem::Interface { id, .. } => {
                let name = cx.resolve.name_world_key(key);
                let funcs = cx.resolve.interfaces[*id].functions.values();
                names.extend(funcs.map(|f| (Some(name.clone()), f)));
            }
            WorldItem::Function(f) => names.push((None, f)),
            WorldItem::Type { .. } => {}
        }
    }
    for filter in &cx.options.chainable_methods {
        let (target, _) = chain_filter(filter);
        let used = target == "all"
            || names.iter().any(|(i, f)| {
                chaining(&[target.to_string()], cx.resolve, f, i.as_deref()).is_some()
            });
        if !used {
            return Err(crate::Error::new(
                crate::ErrorKind::Option,
                format!(
                    "`chainable_methods`: `{filter}` names no imported method of the world that returns nothing (`ns:pkg/iface#resource` or `ns:pkg/iface#[method]resource.name`)"
                ),
            ));
        }
    }
    Ok(())
}

/// A `chainable_methods` filter: what it names, and its mode (`None` for
/// `-`, which turns chaining off).
pub(crate) fn chain_filter(filter: &str) -> (&str, Option<Chain>) {
    if let Some(rest) = filter.strip_prefix('-') {
        (rest, None)
    } else if let Some(rest) = filter.strip_prefix('&') {
        (rest, Some(Chain::Borrowing))
    } else {
        (filter, Some(Chain::Owning))
    }
}

/// The pieces of one exported function.
pub(crate) struct Export {
    /// The `Guest` trait method.
    pub method: TokenStream,
    /// The method with an `unreachable!()` body, for the `stubs` option.
    pub stub: TokenStream,
    /// `_export_<name>_cabi::<T>`: lifts arguments, calls `T`, lowers the result.
    pub glue: TokenStream,
    /// The `#[export_name]` entry points, for the export macro (they refer
    /// to `$ty` and to the glue through `glue_path`): the weld symbol, and
    /// the Canonical ABI export (plus post-return) that weld-ld keeps for
    /// the root world only.
    pub entry: TokenStream,
    /// The resource whose `GuestR` trait gets `method`, if any.
    pub resource: Option<TypeId>,
}

/// An exported function, whose glue lives in the module at `glue_path`
/// (a token path usable from the export macro).
pub(crate) fn expand_function_export(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    glue_path: &TokenStream,
) -> Export {
    if f.kind.is_async() {
        return crate::asynchronous::expand_async_export(cx, f, interface, scope, glue_path);
    }
    let name = snake(&f.name);
    let glue_name = format_ident!("_export_{}_cabi", name);
    let borrowed: Vec<bool> = f
        .params
        .iter()
        .map(|p| {
            cx.options.export_params == ExportParams::Borrowed
                && cx.borrowed_view(&p.ty, scope).is_some()
        })
        .collect();
    let (docs, sig) = trait_method(cx, f, scope, &borrowed);
    let method = quote!(#docs #sig;);
    let stub = quote! {
        #[allow(unused_variables)]
        #sig { ::core::unreachable!() }
    };
    let sig = cx.resolve.wasm_signature(AbiVariant::GuestImport, f);
    let (core_params, core_args, core_ret) = core_signature(&sig);
    let target = target(cx, f, &borrowed);
    let mut generator =
        FnGen::new(cx, scope, Side::Callee, core_args.clone()).calling_target(target);
    abi::call(
        cx.resolve,
        AbiVariant::GuestImport,
        LiftLower::LiftArgsLowerResults,
        f,
        &mut generator,
        false,
    );
    let body = generator.into_body();
    let glue = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #glue_name<__T: Guest>(#(#core_params),*) #core_ret {
            unsafe { #body }
        }
    };
    let symbol = cx.symbol(interface, &f.name, true);
    let entry_name = format_ident!("__weld_export_{}", name);
    // A function carrying futures, streams or error-contexts has no
    // Canonical ABI export yet (ASYNC.md sections 7 and 11; weld-ld
    // refuses it in a root crate).
    let canonical = if f.find_futures_and_streams(cx.resolve).is_empty()
        && !crate::check::carries_error_context(cx.resolve, f)
    {
        expand_canonical_export(cx, f, interface, scope, glue_path, &borrowed)
    } else {
        Canonical {
            glue: TokenStream::new(),
            entries: Vec::new(),
        }
    };
    let canonical_entries = &canonical.entries;
    let entry = quote! {
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(#(#core_params),*) #core_ret {
            unsafe { #glue_path::#glue_name::<$ty>(#(#core_args),*) }
        }
        #(#canonical_entries)*
    };
    let canonical_glue = canonical.glue;
    Export {
        method,
        stub,
        glue: quote!(#glue #canonical_glue),
        entry,
        resource: f.kind.resource(),
    }
}

/// The Rust name of a function: wit-bindgen's `new` for constructors and
/// the plain name for methods and statics.
pub(crate) fn rust_name(f: &Function) -> Ident {
    match &f.kind {
        FunctionKind::Constructor(_) => format_ident!("new"),
        FunctionKind::Method(_)
        | FunctionKind::Static(_)
        | FunctionKind::AsyncMethod(_)
        | FunctionKind::AsyncStatic(_) => snake(f.item_name()),
        _ => snake(&f.name),
    }
}

/// What an export's glue calls: `__T::f`, or for a resource function the
/// `GuestR` implementation of `__T::R`.
pub(crate) fn target(cx: &Cx, f: &Function, borrowed: &[bool]) -> Target {
    let name = rust_name(f);
    let mut target = Target {
        path: quote!(__T::#name),
        borrowed: borrowed.to_vec(),
        self_rep: None,
        wrap: None,
    };
    if let Some(r) = f.kind.resource() {
        let wit_name = cx.resolve.types[r].name.as_deref().unwrap_or("");
        let handle = crate::names::type_name(wit_name);
        let r = camel(wit_name);
        let tr = format_ident!("Guest{}", r);
        target.path = quote!(<__T::#r as #tr>::#name);
        match &f.kind {
            FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => {
                target.self_rep = Some(quote!(__T::#r))
            }
            FunctionKind::Constructor(_) => {
                target.wrap = Some((quote!(#handle), fallible_error(cx, f).is_some()));
            }
            _ => {}
        }
    }
    target
}

/// For a fallible constructor (`constructor(..) -> result<r, e>`): `Some`
/// of its error type.
fn fallible_error(cx: &Cx, f: &Function) -> Option<Option<Type>> {
    let Type::Id(id) = cx.dealias(&f.result?) else {
        return None;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::Result(r) => Some(r.err),
        _ => None,
    }
}

/// The Canonical ABI export of a function (what a host calls): its glue
/// and entry points.
struct Canonical {
    glue: TokenStream,
    entries: Vec<TokenStream>,
}

fn expand_canonical_export(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    glue_path: &TokenStream,
    borrowed: &[bool],
) -> Canonical {
    let name = snake(&f.name);
    let glue_name = format_ident!("_canon_{}", name);
    let sig = cx.resolve.wasm_signature(AbiVariant::GuestExport, f);
    let (core_params, core_args, core_ret) = core_signature(&sig);
    let target = target(cx, f, borrowed);
    let mut generator =
        FnGen::new(cx, scope, Side::Canonical, core_args.clone()).calling_target(target);
    abi::call(
        cx.resolve,
        AbiVariant::GuestExport,
        LiftLower::LiftArgsLowerResults,
        f,
        &mut generator,
        false,
    );
    let body = generator.into_body();
    let export = cx.canonical_name(
        interface,
        &f.name,
        weld_abi::canonical::export_name(interface, &f.name),
    );
    let entry_name = format_ident!("__weld_canon_{}", name);
    let mut glue = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #glue_name<__T: Guest>(#(#core_params),*) #core_ret {
            unsafe { #body }
        }
    };
    let mut entries = vec![quote! {
        #[unsafe(export_name = #export)]
        unsafe extern "C" fn #entry_name(#(#core_params),*) #core_ret {
            unsafe { #glue_path::#glue_name::<$ty>(#(#core_args),*) }
        }
    }];
    if abi::guest_export_needs_post_return(cx.resolve, f) {
        let (post_glue, post_entry) = expand_post_return(cx, f, interface, scope, glue_path, &sig);
        glue.extend(post_glue);
        entries.push(post_entry);
    }
    Canonical { glue, entries }
}

/// `cabi_post_<export>`: frees the strings and lists of a canonical
/// export's result once the host has read it.
fn expand_post_return(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
    glue_path: &TokenStream,
    sig: &WasmSignature,
) -> (TokenStream, TokenStream) {
    let name = snake(&f.name);
    let post_name = format_ident!("_canon_post_{}", name);
    let ret_ty = sig
        .results
        .first()
        .map(|t| core_type(*t))
        .unwrap_or_else(|| quote!(*mut u8));
    let mut generator = FnGen::new(cx, scope, Side::Canonical, vec![quote!(arg0)]);
    generator.post_return(f);
    let body = generator.into_body();
    let post = cx.canonical_name(
        interface,
        &f.name,
        weld_abi::canonical::post_return_name(interface, &f.name),
    );
    let post_entry = format_ident!("__weld_canon_post_{}", name);
    let glue = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unused_unsafe, clippy::all)]
        pub unsafe fn #post_name(arg0: #ret_ty) {
            unsafe { #body }
        }
    };
    let entry = quote! {
        #[unsafe(export_name = #post)]
        unsafe extern "C" fn #post_entry(arg0: #ret_ty) {
            unsafe { #glue_path::#post_name(arg0) }
        }
    };
    (glue, entry)
}

/// The docs and the signature (without `;` or body) of an exported
/// function's trait method.
fn trait_method(
    cx: &Cx,
    f: &Function,
    scope: Scope,
    borrowed: &[bool],
) -> (TokenStream, TokenStream) {
    let name = rust_name(f);
    let skip = usize::from(matches!(f.kind, FunctionKind::Method(_)));
    let receiver = (skip == 1).then(|| quote!(&self,));
    let params = f.params.iter().zip(borrowed).skip(skip).map(|(p, b)| {
        let n = snake(&p.name);
        let t = if *b {
            cx.rust_type(&p.ty, Mode::ExportBorrowed, scope)
        } else {
            // wit-bindgen's owned mode: an alias of a list holding borrows
            // is spelled `Vec<RBorrow<'_>>`, as wit-bindgen spells it.
            let mode = cx.type_mode_for(&p.ty, Style::Owned, "'_", scope);
            cx.print_ty(&p.ty, mode, scope)
        };
        quote!(#n: #t)
    });
    let ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let docs = docs(&f.docs);
    if matches!(f.kind, FunctionKind::Constructor(_)) {
        let ret = match fallible_error(cx, f) {
            Some(Some(e)) => {
                let e = cx.rust_type(&e, Mode::Owned, scope);
                quote!(::core::result::Result<Self, #e>)
            }
            Some(None) => quote!(::core::result::Result<Self, ()>),
            None => quote!(Self),
        };
        return (docs, quote!(fn new(#(#params),*) -> #ret where Self: Sized));
    }
    (docs, quote!(fn #name(#receiver #(#params),*) #ret))
}

/// `(argN: type, ..)`, the argument names, and `-> type` of a core signature.
fn core_signature(
    sig: &WasmSignature,
) -> (Vec<TokenStream>, Vec<TokenStream>, Option<TokenStream>) {
    let names: Vec<Ident> = (0..sig.params.len())
        .map(|i| format_ident!("arg{}", i))
        .collect();
    let params = names
        .iter()
        .zip(&sig.params)
        .map(|(n, t)| {
            let t = core_type(*t);
            quote!(#n: #t)
        })
        .collect();
    let args = names.iter().map(|n| quote!(#n)).collect();
    let ret = sig.results.first().map(|t| {
        let t = core_type(*t);
        quote!(-> #t)
    });
    (params, args, ret)
}
