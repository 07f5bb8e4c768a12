//! The post-return function of a Canonical ABI export: frees what the
//! lowered result owns once the host has read it.
//!
//! wit-bindgen-core's walk (`abi::post_return`) frees strings, lists and
//! maps, but nothing inside a fixed-length list (`list<T, N>`): a root
//! export returning `list<string, 2>` would leak both strings on every
//! call. This walk follows the result down to each fixed-length list whose
//! elements own memory and frees every element; each part of the result
//! that holds no such list goes to wit-bindgen-core's walk, so a result
//! without one is freed exactly as before.

use super::{FnGen, Operand};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_bindgen_core::abi::deallocate_lists_in_types;
use wit_bindgen_core::wit_parser::{Function, Int, Type, TypeDefKind};

impl FnGen<'_> {
    /// The body of `cabi_post_<f>`: frees the result in the return area
    /// the first argument points to.
    pub fn post_return(&mut self, f: &Function) {
        let Some(ty) = f.result else { return };
        let addr = self.args[0].clone();
        self.free_at(&ty, &addr, 0);
    }

    /// Frees the memory the value of `ty` at `addr` owns (strings, lists,
    /// maps), not its handles: what a host's copy of an element leaves
    /// (the handles moved with it; abi-spec/ASYNC.md section 11).
    pub(crate) fn free_memory_at(&mut self, ty: &Type, addr: &TokenStream) {
        self.free_at(ty, addr, 0);
    }

    /// Frees what the value of `ty` at `addr + offset` owns.
    fn free_at(&mut self, ty: &Type, addr: &TokenStream, offset: usize) {
        if !self.fixed_list_owns(ty) {
            let at = at(addr, offset);
            let resolve = self.cx.resolve;
            deallocate_lists_in_types(resolve, &[*ty], &[Operand::new(at)], true, self);
            return;
        }
        let Type::Id(id) = self.cx.dealias(ty) else {
            unreachable!("only a type holding a fixed-length list gets here")
        };
        let cx = self.cx;
        let sizes = &cx.sizes;
        match &cx.resolve.types[id].kind {
            TypeDefKind::Record(r) => {
                let fields: Vec<Type> = r.fields.iter().map(|f| f.ty).collect();
                self.free_fields(&fields, addr, offset);
            }
            TypeDefKind::Tuple(t) => self.free_fields(&t.types, addr, offset),
            TypeDefKind::FixedLengthList(elem, n) => {
                let size = sizes.size(elem).size_wasm32();
                let (n, elem) = (Literal::u32_unsuffixed(*n), *elem);
                let (i, base) = (self.tmp("i"), self.tmp("base"));
                let first = at(addr, offset);
                let stmts = self.in_block(|g| g.free_at(&elem, &quote!(#base), 0));
                let size = Literal::usize_unsuffixed(size);
                self.stmt(quote! {
                    for #i in 0..#n {
                        let #base = #first.add(#i as usize * #size);
                        #(#stmts)*
                    }
                });
            }
            TypeDefKind::List(elem) => {
                let elem = *elem;
                self.free_buffer(addr, offset, &[elem], |g, base| g.free_at(&elem, base, 0));
            }
            TypeDefKind::Map(k, v) => {
                let (k, v) = (*k, *v);
                let value_at = sizes.field_offsets([&k, &v])[1].0.size_wasm32();
                self.free_buffer(addr, offset, &[k, v], |g, base| {
                    g.free_at(&k, base, 0);
                    g.free_at(&v, base, value_at);
                });
            }
            TypeDefKind::Option(t) => self.free_cases(addr, offset, Int::U8, &[None, Some(*t)]),
            TypeDefKind::Result(r) => self.free_cases(addr, offset, Int::U8, &[r.ok, r.err]),
            TypeDefKind::Variant(v) => {
                let cases: Vec<Option<Type>> = v.cases.iter().map(|c| c.ty).collect();
                self.free_cases(addr, offset, v.tag(), &cases);
            }
            kind => unreachable!("{kind:?} holds no fixed-length list"),
        }
    }

    /// Frees the fields of a record or tuple laid out at `addr + offset`.
    fn free_fields(&mut self, fields: &[Type], addr: &TokenStream, offset: usize) {
        let cx = self.cx;
        let offsets: Vec<(usize, Type)> = cx
            .sizes
            .field_offsets(fields)
            .into_iter()
            .map(|(at, ty)| (at.size_wasm32(), *ty))
            .collect();
        for (at, ty) in offsets {
            self.free_at(&ty, addr, offset + at);
        }
    }

    /// Frees a list or map buffer (`ptr`, `len` at `addr + offset`) of
    /// entries laid out as a record of `entry`, after `each` freed what
    /// each entry owns.
    fn free_buffer(
        &mut self,
        addr: &TokenStream,
        offset: usize,
        entry: &[Type],
        each: impl FnOnce(&mut Self, &TokenStream),
    ) {
        let info = self.cx.sizes.record(entry);
        let (size, align) = (
            Literal::usize_unsuffixed(info.size.size_wasm32()),
            Literal::usize_unsuffixed(info.align.align_wasm32()),
        );
        let (ptr, len) = (self.tmp("ptr"), self.tmp("len"));
        let (i, base) = (self.tmp("i"), self.tmp("base"));
        let (p_at, l_at) = (at(addr, offset), at(addr, offset + 4));
        let stmts = self.in_block(|g| each(g, &quote!(#base)));
        let rt = &self.cx.rt;
        self.stmt(quote! {
            let #ptr = *#p_at.cast::<*mut u8>();
            let #len = *#l_at.cast::<usize>();
            for #i in 0..#len {
                let #base = #ptr.add(#i * #size);
                #(#stmts)*
            }
            #rt::rt::dealloc_list(#ptr, #len, #size, #align);
        });
    }

    /// Frees the payload of the case a variant, option or result at
    /// `addr + offset` holds.
    fn free_cases(&mut self, addr: &TokenStream, offset: usize, tag: Int, cases: &[Option<Type>]) {
        let cx = self.cx;
        let payload = offset
            + cx.sizes
                .payload_offset(tag, cases.iter().map(Option::as_ref))
                .size_wasm32();
        let arms: Vec<TokenStream> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, case)| {
                let ty = (*case)?;
                let stmts = self.in_block(|g| g.free_at(&ty, addr, payload));
                if stmts.is_empty() {
                    return None;
                }
                let i = Literal::usize_unsuffixed(i);
                Some(quote!(#i => { #(#stmts)* }))
            })
            .collect();
        let disc = match tag {
            Int::U8 => quote!(u8),
            Int::U16 => quote!(u16),
            Int::U32 | Int::U64 => quote!(u32),
        };
        let d = at(addr, offset);
        self.stmt(quote! {
            match *#d.cast::<#disc>() as usize { #(#arms)* _ => {} }
        });
    }

    /// The statements `emit` generates, in a block of their own.
    fn in_block(&mut self, emit: impl FnOnce(&mut Self)) -> Vec<TokenStream> {
        self.blocks.push(Vec::new());
        emit(self);
        self.blocks.pop().expect("the block pushed above")
    }

    /// Whether a value of `ty` holds a fixed-length list whose elements own
    /// memory (the part wit-bindgen-core's walk does not free).
    fn fixed_list_owns(&self, ty: &Type) -> bool {
        let Type::Id(id) = self.cx.dealias(ty) else {
            return false;
        };
        match &self.cx.resolve.types[id].kind {
            TypeDefKind::FixedLengthList(elem, _) => {
                crate::check::owns_memory(self.cx.resolve, elem)
            }
            TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
            kind => crate::check::children(kind)
                .iter()
                .any(|t| self.fixed_list_owns(t)),
        }
    }
}

/// `addr + offset` as a pointer expression.
fn at(addr: &TokenStream, offset: usize) -> TokenStream {
    if offset == 0 {
        return addr.clone();
    }
    let offset = Literal::usize_unsuffixed(offset);
    quote!(#addr.add(#offset))
}
