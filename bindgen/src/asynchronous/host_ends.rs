//! Futures and streams of a host import (abi-spec/ASYNC.md section 11,
//! "Host streams and futures"): the host adapter of a function whose
//! parameters or result are futures or streams turns each weld end it
//! passes into a Canonical one (a pump writes the weld object's values to
//! the host) and each Canonical end it gets into a weld object (a pump
//! reads the host's), through `weld::task::host_streams` and the
//! function's built-ins (`[stream-new-N]f`, ...) imported from its
//! interface.
//!
//! [`to_host`] and [`from_host`] convert one end, wherever it sits: the
//! walk over a whole value (`super::host_walk`) calls them for each end
//! at any depth of the parameters and the result. A function whose ends
//! the pumps cannot bridge ([`bridgeable`]) gets no adapter (its import
//! stays unprovided: weld-ld names it).
//!
//! Must not: bridge ends between linked crates (the adapter only runs when
//! the host provides the interface).

use crate::context::{Cx, Mode, Scope};
use proc_macro2::TokenStream;
use quote::quote;
use wit_bindgen_core::abi::AbiVariant;
use wit_bindgen_core::wit_parser::{Function, Type, TypeDefKind};

/// One future or stream of a function, wherever it sits in its
/// parameters or result (the walk of `super::host_walk` finds it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DirectEnd {
    /// Its position in `find_futures_and_streams` (the `N` of the built-ins).
    index: usize,
    /// A stream (else a future).
    stream: bool,
    /// Its element type.
    payload: Option<Type>,
}

impl DirectEnd {
    /// End number `index` of its function's `find_futures_and_streams`, a
    /// stream (else a future) of `payload`.
    pub(crate) fn new(index: usize, stream: bool, payload: Option<Type>) -> Self {
        DirectEnd {
            index,
            stream,
            payload,
        }
    }
}

/// Whether the host adapter of `f` can bridge its futures and streams at
/// any depth ([`super::host_walk`]): no end's elements hold an end (a
/// pump moves elements as they are), and no end sits in a map. Elements holding resource handles
/// cross both ways: the host's read of a parameter's end moves their
/// handles out, and the pump then frees only their memory
/// (`StreamBuiltins::moved`).
pub(crate) fn bridgeable(cx: &Cx, f: &Function) -> bool {
    let types = f.params.iter().map(|p| &p.ty).chain(f.result.as_ref());
    if types.clone().any(|t| super::host_walk::end_in_map(cx, t)) {
        // The walk does not visit maps.
        return false;
    }
    !f.find_futures_and_streams(cx.resolve).iter().any(|id| {
        matches!(&cx.resolve.types[*id].kind,
            TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t))
                if super::host_walk::holds_end(cx, t))
    })
}

/// The index of the first flat value of parameter `i` of `f` (whose flat
/// parameters are not indirect).
pub(crate) fn flat_offset(cx: &Cx, f: &Function, i: usize) -> usize {
    let mut g = f.clone();
    g.params.truncate(i);
    g.result = None;
    cx.resolve
        .wasm_signature(AbiVariant::GuestImport, &g)
        .params
        .len()
}

/// The Rust element type of `end`.
fn elem(cx: &Cx, end: &DirectEnd, scope: Scope) -> TokenStream {
    match &end.payload {
        Some(t) => cx.rust_type(t, Mode::Owned, scope),
        None => quote!(()),
    }
}

/// An expression of `end`'s built-ins (`StreamBuiltins` or
/// `FutureBuiltins`), imported from `key` for function `func`.
fn builtins(cx: &Cx, key: &str, func: &str, end: &DirectEnd, scope: Scope) -> TokenStream {
    let rt = &cx.rt;
    let moved = moved_fn(cx, end, scope);
    let kind = if end.stream { "stream" } else { "future" };
    let name = |op: &str, lowered: bool| {
        weld_abi::asynchronous::end_builtin(kind, op, end.index, func, lowered)
    };
    let (new, read, write) = (name("new", false), name("read", true), name("write", true));
    let (drop_r, drop_w) = (name("drop-readable", false), name("drop-writable", false));
    let (rw, ty) = if end.stream {
        (quote!(, n: usize), quote!(StreamBuiltins))
    } else {
        (TokenStream::new(), quote!(FutureBuiltins))
    };
    // A pump cancels a pending host read when its weld reader is dropped.
    let cancel_r = name("cancel-read", false);
    quote! {{
        #[link(wasm_import_module = #key)]
        unsafe extern "C" {
            #[link_name = #new]
            fn new() -> u64;
            #[link_name = #read]
            fn read(end: u32, ptr: *mut u8 #rw) -> u32;
            #[link_name = #write]
            fn write(end: u32, ptr: *const u8 #rw) -> u32;
            #[link_name = #cancel_r]
            fn cancel_read(end: u32) -> u32;
            #[link_name = #drop_r]
            fn drop_readable(end: u32);
            #[link_name = #drop_w]
            fn drop_writable(end: u32);
        }
        #rt::task::host_streams::#ty {
            new, read, write, cancel_read, drop_readable, drop_writable, moved: #moved,
        }
    }}
}

/// `Some(f)`, `f` freeing the memory of `n` lowered elements of `end`
/// that the host copied, not their handles (which moved with the copy),
/// when the elements hold a handle; else `None`.
fn moved_fn(cx: &Cx, end: &DirectEnd, scope: Scope) -> TokenStream {
    let Some(ty) = end.payload.filter(|t| holds_handle(cx, t)) else {
        return quote!(::core::option::Option::None);
    };
    let mut g = crate::abi::FnGen::new(cx, scope, crate::abi::Side::Canonical, Vec::new());
    g.free_memory_at(&ty, &quote!(__weld_base));
    let body = g.into_body();
    let size = proc_macro2::Literal::usize_unsuffixed(cx.sizes.size(&ty).size_wasm32());
    quote! {{
        unsafe extern "C" fn moved(ptr: *mut u8, n: usize) {
            for i in 0..n {
                let __weld_base = unsafe { ptr.add(i * #size) };
                unsafe { #body }
            }
        }
        ::core::option::Option::Some(moved as unsafe extern "C" fn(*mut u8, usize))
    }}
}

/// Whether a value of `ty` holds a resource handle.
fn holds_handle(cx: &Cx, ty: &Type) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::Handle(_) => true,
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_handle(cx, t)),
    }
}

/// An `i32` expression: the Canonical readable end that replaces the weld
/// reader `handle` (an `i32` expression) of `end`, which a pump now feeds.
pub(crate) fn to_host(
    cx: &Cx,
    key: &str,
    func: &str,
    end: &DirectEnd,
    scope: Scope,
    handle: TokenStream,
) -> TokenStream {
    let call = if end.stream {
        quote!(stream_to_host)
    } else {
        quote!(future_to_host)
    };
    bridge(
        cx,
        (key, func),
        end,
        scope,
        call,
        quote!((#handle) as u32 as usize),
    )
}

/// An `i32` expression: the weld reader that replaces the host's readable
/// end `handle` (an `i32` expression) of `end`, fed by a pump.
pub(crate) fn from_host(
    cx: &Cx,
    key: &str,
    func: &str,
    end: &DirectEnd,
    scope: Scope,
    handle: TokenStream,
) -> TokenStream {
    let call = if end.stream {
        quote!(stream_from_host)
    } else {
        quote!(future_from_host)
    };
    bridge(cx, (key, func), end, scope, call, quote!((#handle) as u32))
}

/// The call of the runtime's bridge `call` (`host_streams`) with the
/// end's element type, `handle` and the end's built-ins (of function
/// `func` of interface `key`), as an `i32`.
fn bridge(
    cx: &Cx,
    (key, func): (&str, &str),
    end: &DirectEnd,
    scope: Scope,
    call: TokenStream,
    handle: TokenStream,
) -> TokenStream {
    let rt = &cx.rt;
    let ops = builtins(cx, key, func, end, scope);
    let t = elem(cx, end, scope);
    quote!(#rt::task::host_streams::#call::<#t>(#handle, #ops) as i32)
}
