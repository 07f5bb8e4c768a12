//! Interfaces: the module of an imported or exported interface.

use crate::context::{Cx, Scope};
use crate::function::{expand_function_export, expand_function_import};
use crate::meta::{expand_metadata, record};
use crate::names::snake;
use crate::types::{expand_type, inner_docs};
use proc_macro2::TokenStream;
use quote::quote;
use weld_abi::metadata::Direction;
use wit_bindgen_core::wit_parser::{InterfaceId, WorldKey};

/// What one interface contributes to the bindings.
pub(crate) struct Expanded {
    /// The module path below the bindings root.
    pub path: Vec<String>,
    /// The items of that module.
    pub items: TokenStream,
    /// For exports: the `#[export_name]` entry points and the metadata
    /// record, for the export macro.
    pub entries: TokenStream,
}

/// The module of interface `id`, imported (`export == false`) or exported.
pub(crate) fn expand_interface(cx: &Cx, key: &WorldKey, id: InterfaceId, export: bool) -> Expanded {
    let iface = &cx.resolve.interfaces[id];
    let name = cx.resolve.name_world_key(key);
    let path = cx.module_path(id, export);
    let scope = Scope {
        depth: path.len(),
        interface: Some(id),
        export,
    };
    let types = iface.types.values().map(|t| expand_type(cx, *t, scope));
    let direction = if export {
        Direction::Export
    } else {
        Direction::Import
    };
    let meta = expand_metadata(&record(
        cx,
        direction,
        Some(&name),
        &iface.types,
        iface.functions.values(),
    ));
    let docs = inner_docs(&iface.docs);
    if !export {
        let funcs = iface
            .functions
            .values()
            .map(|f| expand_function_import(cx, f, Some(&name), scope));
        let items = quote!(#docs #(#types)* #(#funcs)* #meta);
        return Expanded {
            path,
            items,
            entries: TokenStream::new(),
        };
    }
    let segments = path.iter().map(|s| snake(s));
    let glue_path = quote!($($path_to_types_root)*::#(#segments)::*);
    let exports: Vec<_> = iface
        .functions
        .values()
        .map(|f| expand_function_export(cx, f, Some(&name), scope, &glue_path))
        .collect();
    let methods = exports.iter().map(|e| &e.method);
    let glue = exports.iter().map(|e| &e.glue);
    let entries = exports.iter().map(|e| &e.entry);
    let items = quote! {
        #docs
        #(#types)*
        /// The functions a component implements to export this interface.
        pub trait Guest { #(#methods)* }
        #(#glue)*
    };
    Expanded {
        path,
        items,
        entries: quote!(const _: () = { #(#entries)* #meta };),
    }
}
