//! The world: the root of the bindings, its module tree and the export
//! macro.

use crate::context::{Cx, Scope};
use crate::function::{expand_function_export, expand_function_import};
use crate::interface::expand_interface;
use crate::meta::{expand_metadata, record};
use crate::names::{ident, snake};
use crate::resource::expand_resource_import;
use crate::type_attributes::{check_member_selectors, check_type_selectors};
use crate::types::expand_type;
use crate::{Error, Options};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use weld_abi::metadata::Direction;
use wit_bindgen_core::wit_parser::{Function, Resolve, TypeDefKind, TypeId, WorldId, WorldItem};

/// A module of the generated tree.
#[derive(Default)]
struct Module {
    items: TokenStream,
    children: BTreeMap<String, Module>,
}

impl Module {
    fn insert(&mut self, path: &[String], items: TokenStream) {
        match path.split_first() {
            None => self.items.extend(items),
            Some((first, rest)) => self
                .children
                .entry(first.clone())
                .or_default()
                .insert(rest, items),
        }
    }

    fn render(self) -> TokenStream {
        let items = self.items;
        let children = self.children.into_iter().map(|(name, m)| {
            let name = snake(&name);
            let body = m.render();
            quote! {
                #[allow(dead_code, unused_imports, missing_docs, clippy::all)]
                pub mod #name { #body }
            }
        });
        quote!(#items #(#children)*)
    }
}

/// The bindings of world `world`.
pub(crate) fn expand_world(
    resolve: &Resolve,
    world: WorldId,
    options: &Options,
) -> Result<TokenStream, Error> {
    let cx = Cx::new(resolve, world, options)?;
    crate::function::check_chain_filters(&cx)?;
    crate::asynchronous::check_sync_filters(&cx)?;
    check_type_selectors(&cx)?;
    crate::asynchronous::check_mapped_payloads(&cx)?;
    check_member_selectors(&cx)?;
    let w = &resolve.worlds[world];
    let root = Scope {
        depth: 0,
        interface: None,
        export: false,
        typedef: false,
    };
    let mut tree = Module::default();
    let mut root_imports: Vec<&Function> = Vec::new();
    let mut methods: BTreeMap<TypeId, Vec<TokenStream>> = BTreeMap::new();
    for (key, item) in &w.imports {
        match item {
            // Reused from the module `with` names, not generated.
            WorldItem::Interface { .. } if cx.remapped.maps_key(&resolve.name_world_key(key)) => {}
            WorldItem::Interface { id, .. } => {
                let e = expand_interface(&cx, key, *id, false);
                tree.insert(&e.path, e.items);
            }
            WorldItem::Function(f) if cx.skipped(f) => {}
            WorldItem::Function(f) => {
                let tokens = expand_function_import(&cx, f, None, root);
                match f.kind.resource() {
                    Some(r) => methods.entry(r).or_default().push(tokens),
                    None => tree.insert(&[], tokens),
                }
                root_imports.push(f);
            }
            WorldItem::Type { id, .. } => {
                let ty = expand_type(&cx, *id, root);
                tree.insert(&[], ty);
            }
        }
    }
    tree.insert(&[], expand_world_resources(&cx, w, methods));
    tree.insert(&[], crate::asynchronous::expand_end_modules(&cx));
    if !root_imports.is_empty() {
        let rec = record(&cx, Direction::Import, None, [], root_imports);
        tree.insert(&[], expand_metadata(&rec));
    }
    let wit = crate::meta::expand_wit_section(&cx)?;
    tree.insert(&[], wit.clone());
    let mut entries = expand_exports(&cx, w, &mut tree);
    if !entries.is_empty() {
        // With the export entry points, so it is linked whenever they are.
        entries.push(quote!(const _: () = { #wit };));
    }
    let stubs = cx.options.stubs && !entries.is_empty();
    let export_macro = expand_export_macro(&cx, &w.name, entries);
    let stub = if stubs {
        // wit-bindgen's `stubs`: a `Stub` type implementing every export
        // with `unreachable!()`, and exported.
        let inner = export_macro_inner(&w.name);
        quote! {
            /// Implements every export of the world with `unreachable!()`
            /// (the `stubs` option).
            #[derive(Debug)]
            pub struct Stub;
            #inner!(Stub with_types_in self);
        }
    } else {
        TokenStream::new()
    };
    let rt = &cx.rt;
    let check = format_ident!(
        "VERSION_CHECK_{}",
        env!("CARGO_PKG_VERSION").replace('.', "_")
    );
    let body = tree.render();
    let with_uses = cx.remapped.uses();
    Ok(quote! {
        const _: () = #rt::#check;
        #(#with_uses)*
        #body
        #export_macro
        #stub
    })
}

/// The resources declared in the world itself: always imported (a world's
/// own types are imports), so each is a handle struct whose functions are
/// `$root` imports, provided by the host (SPEC.md, "Resources").
fn expand_world_resources(
    cx: &Cx,
    w: &wit_bindgen_core::wit_parser::World,
    mut methods: BTreeMap<TypeId, Vec<TokenStream>>,
) -> TokenStream {
    let resources = w.imports.values().filter_map(|item| match item {
        WorldItem::Type { id, .. }
            if matches!(cx.resolve.types[*id].kind, TypeDefKind::Resource) =>
        {
            Some(*id)
        }
        _ => None,
    });
    let items = resources.map(|r| {
        let ty = expand_resource_import(cx, r, None);
        let name = crate::names::type_name(cx.resolve.types[r].name.as_deref().unwrap_or(""));
        let fns = methods.remove(&r).unwrap_or_default();
        quote!(#ty impl #name { #(#fns)* })
    });
    quote!(#(#items)*)
}

/// Exported interfaces and functions; returns the export macro's entries.
fn expand_exports(
    cx: &Cx,
    w: &wit_bindgen_core::wit_parser::World,
    tree: &mut Module,
) -> Vec<TokenStream> {
    let root = Scope {
        depth: 0,
        interface: None,
        export: true,
        typedef: false,
    };
    let mut entries = Vec::new();
    let mut methods = Vec::new();
    let mut stubs = Vec::new();
    let mut funcs: Vec<&Function> = Vec::new();
    for (key, item) in &w.exports {
        match item {
            WorldItem::Interface { id, .. } => {
                let e = expand_interface(cx, key, *id, true);
                tree.insert(&e.path, e.items);
                entries.push(e.entries);
            }
            WorldItem::Function(f) if cx.skipped(f) => {}
            WorldItem::Function(f) => {
                let glue_path = quote!($($path_to_types_root)*);
                let e = expand_function_export(cx, f, None, root, &glue_path);
                methods.push(e.method);
                stubs.push(e.stub);
                tree.insert(&[], e.glue);
                entries.push(e.entry);
                funcs.push(f);
            }
            WorldItem::Type { .. } => {}
        }
    }
    if !funcs.is_empty() {
        let meta = expand_metadata(&record(cx, Direction::Export, None, [], funcs));
        entries.push(quote!(const _: () = { #meta };));
        tree.insert(
            &[],
            quote! {
                /// The world's own exported functions.
                pub trait Guest { #(#methods)* }
            },
        );
        if cx.options.stubs {
            tree.insert(&[], quote!(impl Guest for Stub { #(#stubs)* }));
        }
    }
    entries
}

/// The name of the `macro_rules!` macro behind the export macro.
fn export_macro_inner(world: &str) -> Ident {
    format_ident!("__export_{}_impl", world.replace('-', "_"))
}

/// `export!(Type)`: defines the `#[export_name]` entry points that call
/// `Type`'s `Guest` implementations, and their metadata records.
fn expand_export_macro(cx: &Cx, world: &str, entries: Vec<TokenStream>) -> TokenStream {
    if entries.is_empty() {
        return TokenStream::new();
    }
    let inner = export_macro_inner(world);
    let name = ident(&cx.options.export_macro_name);
    let default_module = match &cx.options.default_bindings_module {
        Some(path) => path.tokens().clone(),
        None => quote!(self),
    };
    let (vis, macro_export) = if cx.options.pub_export_macro {
        (quote!(pub), quote!(#[macro_export]))
    } else {
        (quote!(pub(crate)), TokenStream::new())
    };
    quote! {
        /// Exports `$ty`'s implementations of this world's `Guest` traits
        /// under their weld symbols: `export!(MyComponent)`, or
        /// `export!(MyComponent with_types_in path::to::bindings)` when the
        /// bindings live in another module.
        #[allow(unused_macros)]
        #[doc(hidden)]
        #macro_export
        macro_rules! #inner {
            ($ty:ident) => {
                #default_module::#name!($ty with_types_in #default_module);
            };
            ($ty:ident with_types_in $($path_to_types_root:tt)*) => {
                #(#entries)*
            };
        }
        #[doc(inline)]
        #[allow(unused_imports)]
        #vis use #inner as #name;
    }
}
