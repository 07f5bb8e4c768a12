//! The `additional_type_attributes` and `additional_member_attributes`
//! options: extra attributes on the records, variants and enums (and on
//! their fields and cases) that their selectors name, as in wit-bindgen.

use crate::context::Cx;
use crate::{Error, ErrorKind};
use proc_macro2::TokenStream;
use quote::quote;
use wit_bindgen_core::wit_parser::{Resolve, TypeDefKind, TypeId, TypeOwner};

/// A type's selector: its full WIT name, `ns:pkg/iface@1.0.0/name`, or
/// `world/name` for a type a world defines.
fn selector(resolve: &Resolve, id: TypeId) -> Option<String> {
    let def = &resolve.types[id];
    let owner = match def.owner {
        TypeOwner::World(w) => resolve.worlds[w].name.clone(),
        TypeOwner::Interface(i) => resolve.id_of(i)?,
        TypeOwner::None => return None,
    };
    Some(format!("{owner}/{}", def.name.as_deref()?))
}

/// Whether the option applies to type `id` at all: records, variants and
/// enums, as in wit-bindgen.
fn covered(resolve: &Resolve, id: TypeId) -> bool {
    matches!(
        resolve.types[id].kind,
        TypeDefKind::Record(_) | TypeDefKind::Variant(_) | TypeDefKind::Enum(_)
    )
}

/// The attributes `additional_type_attributes` gives type `id`, for each
/// of its definitions (both, with `duplicate_if_necessary`).
pub(crate) fn type_attributes(cx: &Cx, id: TypeId) -> TokenStream {
    let attrs = &cx.options.additional_type_attributes;
    if attrs.is_empty() || !covered(cx.resolve, id) {
        return TokenStream::new();
    }
    let Some(name) = selector(cx.resolve, id) else {
        return TokenStream::new();
    };
    let extra = attrs
        .iter()
        .filter(|(sel, _)| *sel == name)
        .filter_map(|(_, attr)| attr.parse::<TokenStream>().ok());
    quote!(#(#extra)*)
}

/// The attributes `additional_member_attributes` gives member `member` (a
/// field's or case's WIT name) of type `id`.
pub(crate) fn member_attributes(cx: &Cx, id: TypeId, member: &str) -> TokenStream {
    let attrs = &cx.options.additional_member_attributes;
    if attrs.is_empty() || !covered(cx.resolve, id) {
        return TokenStream::new();
    }
    let Some(name) = selector(cx.resolve, id) else {
        return TokenStream::new();
    };
    let extra = attrs
        .iter()
        .filter(|(sel, _)| sel.rsplit_once('.') == Some((name.as_str(), member)))
        .filter_map(|(_, attr)| attr.parse::<TokenStream>().ok());
    quote!(#(#extra)*)
}

/// The WIT names of the fields or cases of type `id`.
fn members(resolve: &Resolve, id: TypeId) -> Vec<&str> {
    match &resolve.types[id].kind {
        TypeDefKind::Record(r) => r.fields.iter().map(|f| f.name.as_str()).collect(),
        TypeDefKind::Variant(v) => v.cases.iter().map(|c| c.name.as_str()).collect(),
        TypeDefKind::Enum(e) => e.cases.iter().map(|c| c.name.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Each `additional_member_attributes` selector must name a field of a
/// record or a case of a variant or enum (`ns:pkg/iface/type.member`),
/// and each attribute must be Rust tokens.
pub(crate) fn check_member_selectors(cx: &Cx) -> Result<(), Error> {
    for (sel, attr) in &cx.options.additional_member_attributes {
        if attr.parse::<TokenStream>().is_err() {
            let msg = format!("`additional_member_attributes`: `{attr}` is not a Rust attribute");
            return Err(Error::new(ErrorKind::Option, msg));
        }
        let used = cx.resolve.types.iter().any(|(id, _)| {
            covered(cx.resolve, id)
                && selector(cx.resolve, id).is_some_and(|name| {
                    members(cx.resolve, id)
                        .iter()
                        .any(|m| sel.rsplit_once('.') == Some((name.as_str(), *m)))
                })
        });
        if !used {
            let msg = format!(
                "`additional_member_attributes`: `{sel}` names no field of a record and no case of a variant or enum (selectors are `ns:pkg/iface/type.member`, with the package's `@version` if it has one)"
            );
            return Err(Error::new(ErrorKind::Option, msg));
        }
    }
    Ok(())
}

/// Each selector must name a record, variant or enum of the WIT, and each
/// attribute must be Rust tokens (wit-bindgen's check of unused
/// selectors).
pub(crate) fn check_type_selectors(cx: &Cx) -> Result<(), Error> {
    for (sel, attr) in &cx.options.additional_type_attributes {
        if attr.parse::<TokenStream>().is_err() {
            let msg = format!("`additional_type_attributes`: `{attr}` is not a Rust attribute");
            return Err(Error::new(ErrorKind::Option, msg));
        }
        let used = cx.resolve.types.iter().any(|(id, _)| {
            covered(cx.resolve, id) && selector(cx.resolve, id).as_ref() == Some(sel)
        });
        if !used {
            let msg = format!(
                "`additional_type_attributes`: `{sel}` names no record, variant or enum (selectors are `ns:pkg/iface/type`, with the package's `@version` if it has one)"
            );
            return Err(Error::new(ErrorKind::Option, msg));
        }
    }
    Ok(())
}
