//! Error-contexts of a host import (abi-spec/ASYNC.md section 7, "To the
//! host"): the host adapter of a function whose parameters or result are
//! `error-context`s gives the host a new host error-context with the
//! message of each weld one it passes (`[error-context-new-utf8]`), drops
//! it when the call is over, and turns the host's result into a new weld
//! error-context (`[error-context-debug-message-utf8]`, then
//! `[error-context-drop]`), through `weld::rt::ErrorContext`'s host
//! conversions.
//!
//! Only error-contexts that are a parameter or the result themselves
//! cross; a function with one nested in another type or in a future's or
//! stream's element gets no adapter (its import stays unprovided: weld-ld
//! names it).
//!
//! Must not: convert error-contexts between linked crates (the adapter
//! only runs when the host provides the interface).

use super::host_ends;
use crate::context::Cx;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wit_bindgen_core::wit_parser::{Function, Type, TypeDefKind, TypeId};

/// Which parameters of a function, and whether its result, are
/// error-contexts themselves.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    /// One entry per parameter.
    pub params: Vec<bool>,
    /// The result is an error-context.
    pub result: bool,
}

impl Errors {
    /// Whether an error-context crosses at all.
    pub fn any(&self) -> bool {
        self.result || self.any_param()
    }

    /// Whether a parameter is an error-context.
    pub fn any_param(&self) -> bool {
        self.params.iter().any(|p| *p)
    }

    /// `drop(__weld_ec_guards);` when parameters made host error-contexts
    /// ([`to_host_params`]), for the point where the call is over.
    pub fn drop_guards(&self) -> Option<TokenStream> {
        self.any_param().then(|| quote!(drop(__weld_ec_guards);))
    }
}

/// `f`'s error-contexts if each is a parameter or the result itself;
/// `None` if one is nested in another type or an end's element.
pub(crate) fn direct_errors(cx: &Cx, f: &Function) -> Option<Errors> {
    let direct = |ty: &Type| matches!(cx.dealias(ty), Type::ErrorContext);
    let nested = |ty: &Type| !direct(ty) && crate::check::holds_error_context(cx.resolve, ty);
    let element = |id: &TypeId| match &cx.resolve.types[*id].kind {
        TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t)) => {
            crate::check::holds_error_context(cx.resolve, t)
        }
        _ => false,
    };
    let types = || f.params.iter().map(|p| &p.ty).chain(f.result.as_ref());
    if types().any(nested) || f.find_futures_and_streams(cx.resolve).iter().any(element) {
        return None;
    }
    Some(Errors {
        params: f.params.iter().map(|p| direct(&p.ty)).collect(),
        result: f.result.as_ref().is_some_and(direct),
    })
}

/// Statements replacing each error-context parameter's weld handle (flat
/// argument `argN`, left to its owner) with a new host error-context, and
/// binding `__weld_ec_guards`, the tuple of their drop guards: the host
/// handles live until it is dropped ([`Errors::drop_guards`]). Nothing
/// without such parameters.
pub(crate) fn to_host_params(cx: &Cx, f: &Function, errors: &Errors) -> TokenStream {
    let rt = &cx.rt;
    let mut out = TokenStream::new();
    let mut guards = Vec::new();
    for (i, _) in errors.params.iter().enumerate().filter(|(_, e)| **e) {
        let arg = format_ident!("arg{}", host_ends::flat_offset(cx, f, i));
        let guard = format_ident!("__weld_ec{}", i);
        out.extend(quote! {
            let #guard = unsafe { #rt::rt::ErrorContext::handle_to_host(#arg as u32 as usize) };
            let #arg = #guard.handle() as i32;
        });
        guards.push(guard);
    }
    if !guards.is_empty() {
        out.extend(quote!(let __weld_ec_guards = (#(#guards,)*);));
    }
    out
}

/// The weld handle (`i32`) of a new error-context made of host
/// error-context `host` (an `i32` expression), which is dropped.
pub(crate) fn from_host(cx: &Cx, host: TokenStream) -> TokenStream {
    let rt = &cx.rt;
    quote!(#rt::rt::ErrorContext::from_host((#host) as u32).into_handle() as i32)
}
