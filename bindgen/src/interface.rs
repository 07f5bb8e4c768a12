//! Interfaces: the module of an imported or exported interface.

use crate::context::{Cx, Scope};
use crate::function::{Export, expand_function_export, expand_function_import};
use crate::meta::{expand_metadata, record};
use crate::names::{camel, snake};
use crate::resource::{expand_resource_export, expand_resource_import};
use crate::types::{expand_type, inner_docs};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use weld_abi::metadata::Direction;
use wit_bindgen_core::wit_parser::{InterfaceId, TypeDefKind, TypeId, WorldKey};

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

/// The module of interface `id`, imported (`export == false`) or exported
/// as the world's item `key`. An interface the world imports (or exports)
/// under several names has a module per name, each with its own types and
/// the functions of its name (`weld1|<name>|f`), as wit-bindgen generates
/// them: each module but the one others refer to is generated with the
/// interface placed in it.
pub(crate) fn expand_interface(cx: &Cx, key: &WorldKey, id: InterfaceId, export: bool) -> Expanded {
    let at = cx.key_module_path(key, id);
    let prefix = export.then(|| String::from("exports"));
    let full: Vec<String> = prefix.into_iter().chain(at.iter().cloned()).collect();
    if full == cx.module_path(id, export) {
        return expand_module(cx, key, id, export);
    }
    cx.placed(id, export, at, || expand_module(cx, key, id, export))
}

/// The module of interface `id` as the world's item `key`, at
/// `cx.module_path(id, export)`.
fn expand_module(cx: &Cx, key: &WorldKey, id: InterfaceId, export: bool) -> Expanded {
    let iface = &cx.resolve.interfaces[id];
    let name = cx.resolve.name_world_key(key);
    let path = cx.module_path(id, export);
    let scope = Scope {
        depth: path.len(),
        interface: Some(id),
        export,
        typedef: false,
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
    let resources: Vec<TypeId> = iface
        .types
        .values()
        .copied()
        .filter(|t| matches!(cx.resolve.types[*t].kind, TypeDefKind::Resource))
        .collect();
    if !export {
        let mut funcs = Vec::new();
        let mut methods: BTreeMap<TypeId, Vec<TokenStream>> = BTreeMap::new();
        for f in iface.functions.values().filter(|f| !cx.skipped(f)) {
            let tokens = expand_function_import(cx, f, Some(&name), scope);
            match f.kind.resource() {
                Some(r) => methods.entry(r).or_default().push(tokens),
                None => funcs.push(tokens),
            }
        }
        let resources = resources.iter().map(|r| {
            let ty = expand_resource_import(cx, *r, Some(&name));
            let rname = crate::names::type_name(cx.resolve.types[*r].name.as_deref().unwrap_or(""));
            let fns = methods.remove(r).unwrap_or_default();
            quote!(#ty impl #rname { #(#fns)* })
        });
        let keep = keep_wit_section(path.len());
        let items = quote!(#docs #(#types)* #(#resources)* #(#funcs)* #meta #keep);
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
        .filter(|f| !cx.skipped(f))
        .map(|f| expand_function_export(cx, f, Some(&name), scope, &glue_path))
        .collect();
    let methods = exports
        .iter()
        .filter(|e| e.resource.is_none())
        .map(|e| &e.method);
    let stubs = stub_impls(cx, &exports, &resources, path.len());
    let glue = exports.iter().map(|e| &e.glue);
    let mut entries: Vec<&TokenStream> = exports.iter().map(|e| &e.entry).collect();
    let resources: Vec<_> = resources
        .iter()
        .map(|r| {
            let methods: Vec<TokenStream> = exports
                .iter()
                .filter(|e| e.resource == Some(*r))
                .map(|e| e.method.clone())
                .collect();
            expand_resource_export(cx, *r, Some(&name), &methods, &glue_path)
        })
        .collect();
    entries.extend(resources.iter().map(|r| &r.entry));
    let assoc = resources.iter().map(|r| &r.assoc);
    let resource_items = resources.iter().map(|r| &r.items);
    let items = quote! {
        #docs
        #(#types)*
        /// The functions a component implements to export this interface.
        pub trait Guest { #(#assoc)* #(#methods)* }
        #(#resource_items)*
        #(#glue)*
        #stubs
    };
    Expanded {
        path,
        items,
        entries: quote!(const _: () = { #(#entries)* #meta };),
    }
}

/// With the `stubs` option, the implementations of an exported
/// interface's traits by the bindings' `Stub` type (`depth` modules up),
/// every function `unreachable!()`, as wit-bindgen generates them.
fn stub_impls(cx: &Cx, exports: &[Export], resources: &[TypeId], depth: usize) -> TokenStream {
    if !cx.options.stubs {
        return TokenStream::new();
    }
    let up: Vec<TokenStream> = (0..depth).map(|_| quote!(super::)).collect();
    let stub = quote!(#(#up)* Stub);
    let names: Vec<_> = resources
        .iter()
        .map(|r| camel(cx.resolve.types[*r].name.as_deref().unwrap_or("")))
        .collect();
    let functions = exports
        .iter()
        .filter(|e| e.resource.is_none())
        .map(|e| &e.stub);
    let resource_impls = resources.iter().zip(&names).map(|(r, name)| {
        let tr = format_ident!("Guest{}", name);
        let methods = exports
            .iter()
            .filter(|e| e.resource == Some(*r))
            .map(|e| &e.stub);
        quote!(impl #tr for #stub { #(#methods)* })
    });
    quote! {
        impl Guest for #stub {
            #(type #names = #stub;)*
            #(#functions)*
        }
        #(#resource_impls)*
    }
}

/// A reference from an imported interface's module to the world's
/// `weld-wit` section (`depth` modules up). rustc puts each module in a
/// codegen unit of its own, and wasm-ld links an rlib's units only when
/// something needs them: a crate that only imports (the WASI preview 1
/// layer, say) would otherwise leave its world out of the module while its
/// `weld-meta` records are in, and `--component` would miss its imports.
/// The reference is to a function defined next to the section's static
/// (a reference to the static itself would put it in linear memory).
fn keep_wit_section(depth: usize) -> TokenStream {
    let up = (0..depth).map(|_| quote!(super::));
    quote! {
        #[cfg(target_arch = "wasm32")]
        #[used]
        #[doc(hidden)]
        static __WELD_WIT_KEEP: fn() = #(#up)* __weld_wit_anchor;
    }
}
