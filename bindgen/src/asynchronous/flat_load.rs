//! The flat core values of a Canonical ABI value that lies in memory:
//! what `[task-return]f` takes (up to 16 flat values) when the result was
//! lowered into an area first (`host_export_ends.rs`, whose walk converts
//! the ends there). Variants join their cases' flat types as the
//! Canonical ABI's `flatten` does (wit-bindgen-core's `push_flat` gives
//! the joined types).
//!
//! Must not: allocate, free or move anything: it only reads the area.

use super::host_walk::flat_types;
use crate::context::Cx;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::cell::Cell;
use wit_bindgen_core::abi::WasmType;
use wit_bindgen_core::wit_parser::{FlagsRepr, Int, Type, TypeDefKind};

/// Statements, and an expression per flat value (with its core type), of
/// a value of `ty` at `addr`.
pub(crate) type Loaded = (TokenStream, Vec<(TokenStream, WasmType)>);

/// Reads flat values of values in memory.
pub(crate) struct Loader<'a> {
    cx: &'a Cx<'a>,
    fresh: Cell<usize>,
}

impl<'a> Loader<'a> {
    /// A loader for the types of `cx`.
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        Loader {
            cx,
            fresh: Cell::new(0),
        }
    }

    fn tmp(&self) -> Ident {
        let n = self.fresh.get();
        self.fresh.set(n + 1);
        format_ident!("__weld_flat{}", n)
    }

    /// The flat values of a value of `ty` at `addr` (a `*mut u8`
    /// expression).
    pub(crate) fn load(&self, ty: &Type, addr: &TokenStream) -> Loaded {
        let one = |t: TokenStream, core: WasmType| {
            (
                TokenStream::new(),
                vec![(quote!((*(#addr).cast::<#t>() as i32)), core)],
            )
        };
        let exact = |t: TokenStream, core: WasmType| {
            (
                TokenStream::new(),
                vec![(quote!(*(#addr).cast::<#t>()), core)],
            )
        };
        match ty {
            Type::Bool | Type::U8 => one(quote!(u8), WasmType::I32),
            Type::S8 => one(quote!(i8), WasmType::I32),
            Type::U16 => one(quote!(u16), WasmType::I32),
            Type::S16 => one(quote!(i16), WasmType::I32),
            Type::U32 | Type::S32 | Type::Char | Type::ErrorContext => {
                exact(quote!(i32), WasmType::I32)
            }
            Type::U64 | Type::S64 => exact(quote!(i64), WasmType::I64),
            Type::F32 => exact(quote!(f32), WasmType::F32),
            Type::F64 => exact(quote!(f64), WasmType::F64),
            Type::String => self.pointer_and_length(addr),
            Type::Id(id) => self.load_def(*id, addr),
        }
    }

    fn pointer_and_length(&self, addr: &TokenStream) -> Loaded {
        let vals = vec![
            (quote!(*(#addr).cast::<*mut u8>()), WasmType::Pointer),
            (quote!(*(#addr).add(4).cast::<usize>()), WasmType::Length),
        ];
        (TokenStream::new(), vals)
    }

    fn load_def(&self, id: wit_bindgen_core::wit_parser::TypeId, addr: &TokenStream) -> Loaded {
        let kind = &self.cx.resolve.types[id].kind;
        match kind {
            TypeDefKind::Type(t) => self.load(t, addr),
            TypeDefKind::Record(_) | TypeDefKind::Tuple(_) => {
                let fields = crate::check::children(kind);
                self.fields(fields, addr)
            }
            TypeDefKind::FixedLengthList(t, n) => self.fields(vec![*t; *n as usize], addr),
            TypeDefKind::Flags(f) => match f.repr() {
                FlagsRepr::U8 => self.load(&Type::U8, addr),
                FlagsRepr::U16 => self.load(&Type::U16, addr),
                FlagsRepr::U32(n) => self.fields(vec![Type::U32; n], addr),
            },
            TypeDefKind::Enum(e) => self.load(&int_type(e.tag()), addr),
            TypeDefKind::Option(t) => self.cases(id, Int::U8, &[None, Some(*t)], addr),
            TypeDefKind::Result(r) => self.cases(id, Int::U8, &[r.ok, r.err], addr),
            TypeDefKind::Variant(v) => {
                let cases: Vec<Option<Type>> = v.cases.iter().map(|c| c.ty).collect();
                self.cases(id, v.tag(), &cases, addr)
            }
            TypeDefKind::List(_) | TypeDefKind::Map(..) => self.pointer_and_length(addr),
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) | TypeDefKind::Handle(_) => {
                self.load(&Type::U32, addr)
            }
            TypeDefKind::Resource | TypeDefKind::Unknown => {
                unreachable!("not a value type")
            }
        }
    }

    /// The flat values of consecutive fields of types `fields`.
    fn fields(&self, fields: Vec<Type>, addr: &TokenStream) -> Loaded {
        let offsets = self.cx.sizes.field_offsets(&fields);
        let mut stmts = TokenStream::new();
        let mut vals = Vec::new();
        for (off, ty) in offsets {
            let off = Literal::usize_unsuffixed(off.size_wasm32());
            let (s, v) = self.load(ty, &quote!((#addr).add(#off)));
            stmts.extend(s);
            vals.extend(v);
        }
        (stmts, vals)
    }

    /// The flat values of a variant-like value: its discriminant, then its
    /// case's payload converted to the joined types, zeros after it.
    fn cases(
        &self,
        id: wit_bindgen_core::wit_parser::TypeId,
        tag: Int,
        cases: &[Option<Type>],
        addr: &TokenStream,
    ) -> Loaded {
        let joined = flat_types(self.cx, &Type::Id(id));
        let payload = self
            .cx
            .sizes
            .payload_offset(tag, cases.iter().map(Option::as_ref))
            .size_wasm32();
        let payload = Literal::usize_unsuffixed(payload);
        let disc_ty = match tag {
            Int::U8 => quote!(u8),
            Int::U16 => quote!(u16),
            Int::U32 | Int::U64 => quote!(u32),
        };
        let arms = cases.iter().enumerate().map(|(i, case)| {
            let (stmts, vals) = match case {
                Some(t) => self.load(t, &quote!((#addr).add(#payload))),
                None => (TokenStream::new(), Vec::new()),
            };
            let i_lit = Literal::usize_unsuffixed(i);
            let disc = Literal::i32_unsuffixed(i as i32);
            let items = joined[1..]
                .iter()
                .enumerate()
                .map(|(k, to)| match vals.get(k) {
                    Some((v, from)) => convert(v.clone(), *from, *to),
                    None => zero(*to),
                });
            quote!(#i_lit => { #stmts (#disc, #(#items,)*) })
        });
        let tmp = self.tmp();
        let stmts = quote! {
            let #tmp = match *(#addr).cast::<#disc_ty>() as usize {
                #(#arms)*
                _ => ::core::unreachable!(),
            };
        };
        let vals = joined
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let k = Literal::usize_unsuffixed(k);
                (quote!(#tmp.#k), *t)
            })
            .collect();
        (stmts, vals)
    }
}

/// The integer type of a discriminant.
fn int_type(tag: Int) -> Type {
    match tag {
        Int::U8 => Type::U8,
        Int::U16 => Type::U16,
        Int::U32 | Int::U64 => Type::U32,
    }
}

/// The zero of core type `t`.
fn zero(t: WasmType) -> TokenStream {
    match t {
        WasmType::I32 => quote!(0i32),
        WasmType::I64 | WasmType::PointerOrI64 => quote!(0i64),
        WasmType::F32 => quote!(0f32),
        WasmType::F64 => quote!(0f64),
        WasmType::Pointer => quote!(::core::ptr::null_mut::<u8>()),
        WasmType::Length => quote!(0usize),
    }
}

/// `v`, a flat value of core type `from`, as the joined core type `to`
/// (the Canonical ABI's `join`: integers widen unsigned, floats go by
/// their bits).
fn convert(v: TokenStream, from: WasmType, to: WasmType) -> TokenStream {
    use WasmType::*;
    let wide = |t: WasmType| matches!(t, I64 | PointerOrI64);
    match (from, to) {
        (a, b) if a == b || (wide(a) && wide(b)) => v,
        (I32, Pointer) => quote!(((#v) as u32 as usize as *mut u8)),
        (Length, Pointer) => quote!(((#v) as *mut u8)),
        (I32, Length) => quote!(((#v) as u32 as usize)),
        (Pointer, Length) => quote!(((#v) as usize)),
        (Pointer, I32) => quote!(((#v) as usize as i32)),
        (Length, I32) => quote!(((#v) as i32)),
        (F32, I32) => quote!(((#v).to_bits() as i32)),
        (F32, Pointer) => quote!(((#v).to_bits() as usize as *mut u8)),
        (F32, Length) => quote!(((#v).to_bits() as usize)),
        (I32, b) if wide(b) => quote!(((#v) as u32 as i64)),
        (Pointer, b) if wide(b) => quote!(((#v) as usize as i64)),
        (Length, b) if wide(b) => quote!(((#v) as i64)),
        (F32, b) if wide(b) => quote!(((#v).to_bits() as i64)),
        (F64, b) if wide(b) => quote!(((#v).to_bits() as i64)),
        (from, to) => unreachable!("no join of {from:?} into {to:?}"),
    }
}
