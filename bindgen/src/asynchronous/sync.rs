//! wit-bindgen 0.63's `sync` option: WIT `async` functions bound as
//! blocking Rust functions (ASYNC.md section 4, "One symbol whatever each
//! side's binding").
//!
//! The filters are wit-bindgen's (`wit_bindgen_core::AsyncFilterSet`):
//! `all`, `ns:pkg/iface#f` (the function on both sides), `import:..` and
//! `export:..` (one side); a world-level function is named by its name
//! alone. A selected import is `pub fn f(params as a synchronous import
//! takes them) -> R`: it copies its borrowed parameters into the owned
//! values `[async]f` takes over (an async call moves its parameters) and
//! runs the call with `weld::rt::block_on`. A selected export is a plain
//! `fn` of the `Guest` trait, behind the same `[async]f` entry point (its
//! future is ready at once). Neither choice is visible to the other crate.
//!
//! Must not: change the symbol or the ABI of the function.

use crate::context::{Cx, Mode, Scope};
use crate::names::snake;
use crate::types::docs;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use wit_bindgen_core::wit_parser::{Function, FunctionKind, WorldItem};

/// Whether filter `filter` selects function `f` of `interface` (its
/// printed world key; `None` at world level) on the import or export side.
fn selects(filter: &str, interface: Option<&str>, f: &Function, is_import: bool) -> bool {
    let name = match interface {
        Some(key) => format!("{key}#{}", f.name),
        None => f.name.clone(),
    };
    match filter {
        "all" => true,
        other => match (other.strip_prefix("import:"), other.strip_prefix("export:")) {
            (Some(target), _) => is_import && target == name,
            (_, Some(target)) => !is_import && target == name,
            _ => other == name,
        },
    }
}

/// Whether async function `f` of `interface` is bound as a blocking
/// function on this side (`sync` option). Async resource methods and
/// statics stay async (`check_sync_filters` refuses a filter naming one).
pub(crate) fn is_sync_bound(
    cx: &Cx,
    interface: Option<&str>,
    f: &Function,
    is_import: bool,
) -> bool {
    f.kind == FunctionKind::AsyncFreestanding
        && cx
            .options
            .sync
            .iter()
            .any(|filter| selects(filter, interface, f, is_import))
}

/// wit-bindgen's check of the `sync` filters (each one other than `all`
/// must name a function of the world on its side), and weld's own: every
/// parameter of a selected imported function must be one the blocking
/// binding can copy into the owned value the async call takes.
pub(crate) fn check_sync_filters(cx: &Cx) -> Result<(), crate::Error> {
    let resolve = cx.resolve;
    let w = &resolve.worlds[cx.world];
    let mut funcs: Vec<(Option<String>, &Function, bool)> = Vec::new();
    let sides = w.imports.iter().map(|i| (i, true));
    for ((key, item), is_import) in sides.chain(w.exports.iter().map(|i| (i, false))) {
        match item {
            WorldItem::Interface { id, .. } => {
                let name = resolve.name_world_key(key);
                let all = resolve.interfaces[*id].functions.values();
                funcs.extend(all.map(|f| (Some(name.clone()), f, is_import)));
            }
            WorldItem::Function(f) => funcs.push((None, f, is_import)),
            WorldItem::Type { .. } => {}
        }
    }
    for filter in &cx.options.sync {
        let used = funcs
            .iter()
            .any(|(i, f, imp)| selects(filter, i.as_deref(), f, *imp));
        if filter != "all" && !used {
            return Err(crate::Error::new(
                crate::ErrorKind::Option,
                format!(
                    "`sync`: unused sync option `{filter}`: it names no function of the world (`ns:pkg/iface#f`, `import:ns:pkg/iface#f`, `export:ns:pkg/iface#f` or `all`)"
                ),
            ));
        }
    }
    let mut problems = Vec::new();
    for (interface, f, is_import) in &funcs {
        let method = matches!(
            f.kind,
            FunctionKind::AsyncMethod(_) | FunctionKind::AsyncStatic(_)
        );
        let named =
            cx.options.sync.iter().any(|filter| {
                filter != "all" && selects(filter, interface.as_deref(), f, *is_import)
            });
        if method && named {
            problems.push(format!(
                "async resource function `{}` ({}): the `sync` option binds only freestanding async functions as blocking ones so far (leave it async and call it through `weld::rt::block_on`)",
                f.name,
                interface.as_deref().unwrap_or("world"),
            ));
        }
        if !is_import || !is_sync_bound(cx, interface.as_deref(), f, true) {
            continue;
        }
        let scope = import_scope(cx, interface.as_deref());
        for p in &f.params {
            if owned_copy(cx, &p.ty, scope, &snake(&p.name)).is_none() {
                let ty = cx.import_param_type(&p.ty, scope);
                problems.push(format!(
                    "parameter `{}` of imported async function `{}` ({}): the `sync` option's blocking binding takes it as `{}`, which it cannot copy into the owned value the async call takes (use `ownership: Owning`, or leave the function async)",
                    p.name,
                    f.name,
                    interface.as_deref().unwrap_or("world"),
                    ty.to_string().replace(" ", "")
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut err = crate::Error::new(
        crate::ErrorKind::Unsupported,
        format!(
            "world `{}`: the `sync` option selects async functions it cannot bind as blocking ones",
            w.name
        ),
    );
    err.details = problems;
    Err(err)
}

/// The scope of an imported interface's functions (by printed key).
fn import_scope(cx: &Cx, interface: Option<&str>) -> Scope {
    let resolve = cx.resolve;
    let id = interface.and_then(|name| {
        resolve.worlds[cx.world]
            .imports
            .iter()
            .find_map(|(key, item)| match item {
                WorldItem::Interface { id, .. } if resolve.name_world_key(key) == name => Some(*id),
                _ => None,
            })
    });
    Scope {
        depth: 0,
        interface: id,
        export: false,
        typedef: false,
    }
}

/// The owned value a blocking import passes on for parameter `name` of
/// type `ty`: the parameter itself when the import takes it owned, a copy
/// of a borrowed one (`&str`, `&[T]`, `&Record`, `Option<&str>`), or
/// `None` when it cannot be copied generically (a `Borrowing` type).
fn owned_copy(
    cx: &Cx,
    ty: &wit_bindgen_core::wit_parser::Type,
    scope: Scope,
    name: &Ident,
) -> Option<TokenStream> {
    let rt = &cx.rt;
    let taken = cx.import_param_type(ty, scope).to_string();
    let owned = cx.rust_type(ty, Mode::Owned, scope).to_string();
    if taken == owned {
        Some(quote!(#name))
    } else if taken.starts_with('&') {
        Some(quote!(#rt::rt::ToOwned::to_owned(#name)))
    } else if let Some(inner) = taken.strip_prefix(":: core :: option :: Option < ")
        && inner.starts_with('&')
    {
        Some(quote!(#name.map(|__v| #rt::rt::ToOwned::to_owned(__v))))
    } else {
        None
    }
}

/// A blocking binding of imported async function `f`: `pub fn f(..)`
/// copying borrowed parameters, then `block_on` of the async call.
pub(super) fn expand_sync_import(
    cx: &Cx,
    f: &Function,
    interface: Option<&str>,
    scope: Scope,
) -> TokenStream {
    let name = snake(&f.name);
    let rt = &cx.rt;
    let inner = format_ident!("__weld_async_{}", name);
    let function = super::async_import_fn(cx, f, interface, scope, inner.clone());
    let params: Vec<Ident> = f.params.iter().map(|p| snake(&p.name)).collect();
    let decls = f.params.iter().zip(&params).map(|(p, n)| {
        let t = cx.import_param_type(&p.ty, scope);
        quote!(#n: #t)
    });
    let args = f.params.iter().zip(&params).map(|(p, n)| {
        owned_copy(cx, &p.ty, scope, n).expect("check_sync_filters refused the others")
    });
    let ret = f.result.map(|r| {
        let r = cx.rust_type(&r, Mode::Owned, scope);
        quote!(-> #r)
    });
    let docs = docs(&f.docs);
    quote! {
        #docs
        #[allow(clippy::all)]
        pub fn #name(#(#decls),*) #ret {
            #[allow(unused_unsafe, non_camel_case_types, clippy::all)]
            #function
            #rt::rt::block_on(#inner(#(#args),*))
        }
    }
}
