//! The `weld-meta` records generated code carries, one per (crate,
//! interface, direction), placed next to the code that uses the interface so
//! the linker sees a record exactly when it links that code.

use crate::context::Cx;
use crate::describe;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use weld_abi::metadata::{Direction, Item, ItemKind, Record};
use wit_bindgen_core::wit_parser::{Function, Type, TypeId, WorldItem};

/// The record for one interface (or the world's own functions when
/// `interface` is `None`).
pub(crate) fn record<'a>(
    cx: &Cx,
    direction: Direction,
    interface: Option<&str>,
    types: impl IntoIterator<Item = (&'a String, &'a TypeId)>,
    functions: impl IntoIterator<Item = &'a Function>,
) -> Record {
    let mut items: Vec<Item> = types
        .into_iter()
        .map(|(name, id)| Item {
            kind: ItemKind::Type,
            name: name.clone(),
            hash: weld_abi::type_hash(&describe::ty(cx.resolve, &Type::Id(*id))),
        })
        .collect();
    let functions = functions.into_iter().filter(|f| !cx.skipped(f));
    items.extend(functions.map(|f| Item {
        kind: ItemKind::Func,
        // `[async]f` or `[streams]f` for what has no Canonical ABI export
        // or import yet (ASYNC.md section 12).
        name: crate::asynchronous::meta_name(cx.resolve, f),
        hash: weld_abi::type_hash(&describe::function(cx.resolve, f)),
    }));
    Record {
        abi_version: weld_abi::ABI_VERSION,
        weld_version: weld_abi::WELD_VERSION.to_string(),
        crate_name: cx.options.crate_name.clone(),
        world: world_id(cx),
        direction,
        interface: interface.map(str::to_string),
        items,
    }
}

/// A `static` that puts `record` into the `weld-meta` custom section.
pub(crate) fn expand_metadata(record: &Record) -> TokenStream {
    let bytes = record.encode();
    let len = bytes.len();
    let lit = Literal::byte_string(&bytes);
    let section = weld_abi::METADATA_SECTION;
    // Not `#[used]`: rustc keeps a `link_section` static whenever its
    // codegen unit is linked (also under LTO), and `#[used]` would make
    // wasm-ld keep a copy in the data segment too, in every instance's
    // memory.
    quote! {
        #[cfg_attr(target_arch = "wasm32", unsafe(link_section = #section))]
        #[allow(dead_code)]
        #[doc(hidden)]
        static __WELD_META: [u8; #len] = *#lit;
    }
}

/// A `static` that puts the world's WIT (encoded by wit-component) into
/// the `weld-wit` section, for weld-ld to build a component's world.
pub(crate) fn expand_wit_section(cx: &Cx) -> Result<TokenStream, crate::Error> {
    let encoded = wit_component::metadata::encode(
        cx.resolve,
        cx.world,
        wit_component::StringEncoding::UTF8,
        None,
        false,
    )
    .map_err(|e| {
        crate::Error::caused_by(
            crate::ErrorKind::Encode,
            "cannot encode the world for weld-ld",
            &e,
        )
    })?;
    let bytes = weld_abi::wit_section::frame(&cx.options.crate_name, &encoded);
    let len = bytes.len();
    let lit = Literal::byte_string(&bytes);
    let section = weld_abi::WIT_SECTION;
    // Not `#[used]`, as for `weld-meta`. `__weld_wit_anchor` lives in the
    // same module, so in the same codegen unit: a reference to it links
    // the unit, and the section with it (`interface::keep_wit_section`).
    Ok(quote! {
        #[cfg_attr(target_arch = "wasm32", unsafe(link_section = #section))]
        #[allow(dead_code)]
        #[doc(hidden)]
        static __WELD_WIT: [u8; #len] = *#lit;
        #[doc(hidden)]
        #[inline(never)]
        pub fn __weld_wit_anchor() {}
    })
}

/// `ns:pkg/world@version` of the world being generated.
fn world_id(cx: &Cx) -> String {
    let w = &cx.resolve.worlds[cx.world];
    match w.package {
        Some(pkg) => {
            let n = &cx.resolve.packages[pkg].name;
            let v = n
                .version
                .as_ref()
                .map(|v| format!("@{v}"))
                .unwrap_or_default();
            format!("{}:{}/{}{v}", n.namespace, n.name, w.name)
        }
        None => w.name.clone(),
    }
}

/// Every record the bindings of the world carry: one per imported and
/// exported interface, and one per direction for world-level functions.
pub(crate) fn world_records(cx: &Cx) -> Vec<Record> {
    let w = &cx.resolve.worlds[cx.world];
    let mut out = Vec::new();
    for (items, direction) in [
        (&w.imports, Direction::Import),
        (&w.exports, Direction::Export),
    ] {
        let mut funcs = Vec::new();
        for (key, item) in items {
            match item {
                // A mapped interface's record comes with the bindings it
                // is mapped to.
                WorldItem::Interface { .. }
                    if direction == Direction::Import
                        && cx.remapped.maps_key(&cx.resolve.name_world_key(key)) => {}
                WorldItem::Interface { id, .. } => {
                    let iface = &cx.resolve.interfaces[*id];
                    let name = cx.resolve.name_world_key(key);
                    out.push(record(
                        cx,
                        direction,
                        Some(&name),
                        &iface.types,
                        iface.functions.values(),
                    ));
                }
                WorldItem::Function(f) if !cx.skipped(f) => funcs.push(f),
                WorldItem::Function(_) => {}
                WorldItem::Type { .. } => {}
            }
        }
        if !funcs.is_empty() {
            out.push(record(cx, direction, None, [], funcs));
        }
    }
    out
}
