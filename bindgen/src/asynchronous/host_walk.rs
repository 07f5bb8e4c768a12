//! The generic walk over a value of a host import's parameters or result
//! that replaces every future and stream in it, at any depth (in options,
//! results, variants, tuples, records and lists), with its bridged end
//! (abi-spec/ASYNC.md section 11, "Host streams and futures"): a weld
//! reader given to the host becomes the Canonical readable end a pump
//! feeds from it ([`Dir::ToHost`]), a Canonical readable end the host
//! gives becomes a weld reader a pump feeds ([`Dir::FromHost`]).
//!
//! The value is walked where it lies, as the Canonical ABI lays it out:
//! in flat core values (locals of the adapter, [`Walk::flat`]) or in
//! memory ([`Walk::memory`]). Only the ends change; everything else is
//! left as it is (the values are the same in weld and on the host, a
//! host resource's handles included). Each end is converted with the
//! bridge functions of [`super::host_ends`], which other adapters reuse at
//! any depth through [`Walk::end`].
//!
//! Must not: convert the elements of an end (its pump lifts and lowers
//! them), or walk a value that holds no end (it generates nothing).

use super::host_ends::{self, DirectEnd};
use crate::context::{Cx, Scope};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::cell::Cell;
use wit_bindgen_core::abi::{FlatTypes, WasmType};
use wit_bindgen_core::wit_parser::{Function, Int, Type, TypeDefKind, TypeId};

/// Which way the ends cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Weld readers in the importer's arguments, given to the host.
    ToHost,
    /// Canonical readable ends in the host's result, given to the importer.
    FromHost,
}

/// A walk over the values of one function of one interface.
pub(crate) struct Walk<'a> {
    cx: &'a Cx<'a>,
    key: &'a str,
    func: &'a Function,
    scope: Scope,
    dir: Dir,
    /// The function's futures and streams (`find_futures_and_streams`).
    ends: Vec<TypeId>,
    /// A counter for fresh local names.
    fresh: Cell<usize>,
}

impl<'a> Walk<'a> {
    /// A walk converting the ends of `func` (of interface `key`) `dir`.
    pub(crate) fn new(
        cx: &'a Cx<'a>,
        key: &'a str,
        func: &'a Function,
        scope: Scope,
        dir: Dir,
    ) -> Self {
        Walk {
            cx,
            key,
            func,
            scope,
            dir,
            ends: func.find_futures_and_streams(cx.resolve),
            fresh: Cell::new(0),
        }
    }

    fn tmp(&self, what: &str) -> Ident {
        let n = self.fresh.get();
        self.fresh.set(n + 1);
        format_ident!("__weld_{}{}", what, n)
    }

    /// Whether a value of `ty` holds a future or stream outside the
    /// elements of its ends.
    pub(crate) fn holds_end(&self, ty: &Type) -> bool {
        holds_end(self.cx, ty)
    }

    /// An `i32` expression: end `id` (a future or stream type) whose
    /// handle is the `i32` expression `handle`, converted.
    pub(crate) fn end(&self, id: TypeId, handle: TokenStream) -> TokenStream {
        let cx = self.cx;
        let index = self
            .ends
            .iter()
            .position(|e| *e == id)
            .expect("an end of the function");
        let (stream, payload) = match &cx.resolve.types[id].kind {
            TypeDefKind::Stream(p) => (true, *p),
            TypeDefKind::Future(p) => (false, *p),
            _ => unreachable!("a future or stream"),
        };
        let end = DirectEnd::new(index, stream, payload);
        let (key, func, scope) = (self.key, &self.func.name, self.scope);
        let call = match self.dir {
            Dir::ToHost => host_ends::to_host(cx, key, func, &end, scope, handle),
            Dir::FromHost => host_ends::from_host(cx, key, func, &end, scope, handle),
        };
        quote!(unsafe { #call })
    }

    /// Statements converting the ends of a value of `ty` held in the
    /// mutable flat locals `flats` (with their core types, as joined by
    /// the variants around them).
    pub(crate) fn flat(&self, ty: &Type, flats: &[(Ident, WasmType)]) -> TokenStream {
        if !self.holds_end(ty) {
            return TokenStream::new();
        }
        let Type::Id(id) = self.cx.dealias(ty) else {
            return TokenStream::new();
        };
        let kind = &self.cx.resolve.types[id].kind;
        match kind {
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                let (v, t) = &flats[0];
                let h = from_core(quote!(#v), *t);
                let new = self.end(id, h);
                let new = to_core(new, *t);
                quote!(#v = #new;)
            }
            TypeDefKind::Record(_) | TypeDefKind::Tuple(_) => {
                let mut out = TokenStream::new();
                let mut at = 0;
                for field in crate::check::children(kind) {
                    let n = flat_count(self.cx, &field);
                    out.extend(self.flat(&field, &flats[at..at + n]));
                    at += n;
                }
                out
            }
            TypeDefKind::Option(t) => self.flat_cases(&[None, Some(*t)], flats),
            TypeDefKind::Result(r) => self.flat_cases(&[r.ok, r.err], flats),
            TypeDefKind::Variant(v) => {
                let cases: Vec<Option<Type>> = v.cases.iter().map(|c| c.ty).collect();
                self.flat_cases(&cases, flats)
            }
            TypeDefKind::List(elem) => {
                let (ptr, len) = (&flats[0].0, &flats[1].0);
                let ptr = quote!((#ptr as usize as *mut u8));
                self.list(elem, ptr, quote!((#len as usize)))
            }
            TypeDefKind::FixedLengthList(elem, n) => {
                let per = flat_count(self.cx, elem);
                let mut out = TokenStream::new();
                for i in 0..*n as usize {
                    out.extend(self.flat(elem, &flats[i * per..(i + 1) * per]));
                }
                out
            }
            _ => unreachable!("no end outside the kinds above ({})", kind_name(kind)),
        }
    }

    /// The flat walk of a variant-like value: `flats[0]` the discriminant,
    /// the payload of the case it names after it.
    fn flat_cases(&self, cases: &[Option<Type>], flats: &[(Ident, WasmType)]) -> TokenStream {
        let disc = &flats[0].0;
        let arms = cases.iter().enumerate().filter_map(|(i, case)| {
            let ty = (*case)?;
            let n = flat_count(self.cx, &ty);
            let stmts = self.flat(&ty, &flats[1..1 + n]);
            if stmts.is_empty() {
                return None;
            }
            let i = Literal::usize_unsuffixed(i);
            Some(quote!(#i => { #stmts }))
        });
        quote!(match #disc as usize { #(#arms)* _ => {} })
    }

    /// Statements converting the ends of a value of `ty` in memory at
    /// `addr` (a `*mut u8` expression).
    pub(crate) fn memory(&self, ty: &Type, addr: TokenStream) -> TokenStream {
        if !self.holds_end(ty) {
            return TokenStream::new();
        }
        let Type::Id(id) = self.cx.dealias(ty) else {
            return TokenStream::new();
        };
        let kind = &self.cx.resolve.types[id].kind;
        let p = self.tmp("p");
        let body = match kind {
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                let new = self.end(id, quote!(*#p.cast::<i32>()));
                quote!(*#p.cast::<i32>() = #new;)
            }
            TypeDefKind::Record(_) | TypeDefKind::Tuple(_) => {
                let fields = crate::check::children(kind);
                let offsets = self.cx.sizes.field_offsets(fields.iter());
                let mut out = TokenStream::new();
                for (off, field) in offsets {
                    let off = Literal::usize_unsuffixed(off.size_wasm32());
                    out.extend(self.memory(field, quote!(#p.add(#off))));
                }
                out
            }
            TypeDefKind::Option(t) => self.memory_cases(Int::U8, &[None, Some(*t)], &p),
            TypeDefKind::Result(r) => self.memory_cases(Int::U8, &[r.ok, r.err], &p),
            TypeDefKind::Variant(v) => {
                let cases: Vec<Option<Type>> = v.cases.iter().map(|c| c.ty).collect();
                self.memory_cases(v.tag(), &cases, &p)
            }
            TypeDefKind::List(elem) => self.list(
                elem,
                quote!(*#p.cast::<*mut u8>()),
                quote!(*#p.add(4).cast::<usize>()),
            ),
            TypeDefKind::FixedLengthList(elem, n) => {
                let n = Literal::usize_unsuffixed(*n as usize);
                self.list(elem, quote!(#p), quote!(#n))
            }
            _ => unreachable!("no end outside the kinds above ({})", kind_name(kind)),
        };
        quote! {{
            let #p: *mut u8 = #addr;
            #body
        }}
    }

    /// The memory walk of the variant-like value at `p`.
    fn memory_cases(&self, tag: Int, cases: &[Option<Type>], p: &Ident) -> TokenStream {
        let payload = self
            .cx
            .sizes
            .payload_offset(tag, cases.iter().map(Option::as_ref))
            .size_wasm32();
        let payload = Literal::usize_unsuffixed(payload);
        let arms = cases.iter().enumerate().filter_map(|(i, case)| {
            let ty = (*case)?;
            let stmts = self.memory(&ty, quote!(#p.add(#payload)));
            if stmts.is_empty() {
                return None;
            }
            let i = Literal::usize_unsuffixed(i);
            Some(quote!(#i => { #stmts }))
        });
        let disc = match tag {
            Int::U8 => quote!(u8),
            Int::U16 => quote!(u16),
            Int::U32 | Int::U64 => quote!(u32),
        };
        quote!(match *#p.cast::<#disc>() as usize { #(#arms)* _ => {} })
    }

    /// The walk of each element of a list of `elem` (`ptr`, `len`
    /// expressions).
    fn list(&self, elem: &Type, ptr: TokenStream, len: TokenStream) -> TokenStream {
        let size = Literal::usize_unsuffixed(self.cx.sizes.size(elem).size_wasm32());
        let (base, i) = (self.tmp("base"), self.tmp("i"));
        let each = self.memory(elem, quote!(#base.add(#i * #size)));
        quote! {{
            let #base: *mut u8 = #ptr;
            for #i in 0..#len {
                #each
            }
        }}
    }
}

/// The kind's name, for the walk's invariant messages.
fn kind_name(kind: &TypeDefKind) -> &'static str {
    kind.as_str()
}

/// Whether a value of `ty` holds a future or stream inside a map (which
/// the walk does not visit: its host adapter is not generated).
pub(crate) fn end_in_map(cx: &Cx, ty: &Type) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::Map(k, v) => holds_end(cx, k) || holds_end(cx, v),
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) | TypeDefKind::Handle(_) => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| end_in_map(cx, t)),
    }
}

/// Whether a value of `ty` holds a future or stream (outside the elements
/// of its ends).
pub(crate) fn holds_end(cx: &Cx, ty: &Type) -> bool {
    let Type::Id(id) = cx.dealias(ty) else {
        return false;
    };
    match &cx.resolve.types[id].kind {
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => true,
        TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
        kind => crate::check::children(kind)
            .iter()
            .any(|t| holds_end(cx, t)),
    }
}

/// The number of flat core values of `ty`.
fn flat_count(cx: &Cx, ty: &Type) -> usize {
    flat_types(cx, ty).len()
}

/// The flat core types of `ty` (at most 64; a longer value never walks
/// flat: it crosses in memory).
pub(crate) fn flat_types(cx: &Cx, ty: &Type) -> Vec<WasmType> {
    let mut storage = [WasmType::I32; 64];
    let mut flat = FlatTypes::new(&mut storage);
    cx.resolve.push_flat(ty, &mut flat);
    flat.to_vec()
}

/// An `i32` expression from a flat value `v` of core type `t`.
fn from_core(v: TokenStream, t: WasmType) -> TokenStream {
    match t {
        WasmType::Pointer | WasmType::Length => quote!((#v as usize as i32)),
        _ => quote!((#v as i32)),
    }
}

/// The flat value of core type `t` holding the `i32` expression `v`.
fn to_core(v: TokenStream, t: WasmType) -> TokenStream {
    match t {
        WasmType::Pointer => quote!(((#v) as u32 as usize as *mut u8)),
        WasmType::Length => quote!(((#v) as u32 as usize)),
        WasmType::I64 | WasmType::PointerOrI64 => quote!(((#v) as u32 as i64)),
        _ => quote!((#v)),
    }
}
