//! Strings and lists: borrowed in place on the way in, handed over on the
//! way out (SPEC.md, "Ownership").

use super::{FnGen, Operand, Side, size_align};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wit_bindgen_core::abi::Instruction;

impl FnGen<'_> {
    pub(super) fn emit_list(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        match inst {
            ListCanonLower { element, .. } => {
                let elem = self.ty(element);
                self.lower_buffer(&ops[0], quote!([#elem]), "vec", results)
            }
            // `raw_strings`: strings are bytes (`Vec<u8>`, `&[u8]`).
            StringLower { .. } if self.cx.options.raw_strings => {
                self.lower_buffer(&ops[0], quote!([u8]), "vec", results)
            }
            StringLower { .. } => self.lower_buffer(&ops[0], quote!(str), "string", results),
            ListLower { element, .. } => self.list_lower(element, &ops[0], results),
            ListCanonLift { element, .. } => {
                let elem = self.ty(element);
                self.lift_buffer(
                    ops,
                    quote!(slice_view::<#elem>),
                    quote!(vec_from_raw::<#elem>),
                    results,
                )
            }
            StringLift if self.cx.options.raw_strings => self.lift_buffer(
                ops,
                quote!(slice_view::<u8>),
                quote!(vec_from_raw::<u8>),
                results,
            ),
            StringLift => self.lift_buffer(ops, quote!(str_view), quote!(string_from_raw), results),
            ListLift { element, .. } => self.list_lift(element, ops, results),
            IterElem { .. } => {
                let e = self.tmp("e");
                self.elems.push(e.clone());
                results.push(Operand::new(quote!(#e)));
            }
            IterBasePointer => {
                let b = self.tmp("base");
                self.bases.push(b.clone());
                results.push(Operand::new(quote!(#b)));
            }
            _ => return false,
        }
        true
    }

    /// A string or plain list (`kind` `string` or `vec`): the caller
    /// passes its buffer as is; the callee hands its buffer over to the
    /// caller; `[task-return]` is lent it, freed after the call.
    fn lower_buffer(
        &mut self,
        op: &Operand,
        borrowed: TokenStream,
        kind: &str,
        results: &mut Vec<Operand>,
    ) {
        let (ptr, len) = (self.tmp("ptr"), self.tmp("len"));
        let rt = &self.cx.rt;
        let stmt = if self.side == Side::TaskReturn {
            // Lent to `[task-return]`, freed after it.
            let e = self.owned(op);
            self.needs_cleanup = true;
            let lend = format_ident!("{kind}_lend_raw");
            quote!(let (#ptr, #len) = #rt::rt::#lend(#e, &mut __cleanup);)
        } else if self.side.lowers_owned() {
            let e = self.owned(op);
            let into_raw = format_ident!("{kind}_into_raw");
            quote!(let (#ptr, #len) = #rt::rt::#into_raw(#e);)
        } else {
            let e = &op.expr;
            quote! {
                let #ptr: &#borrowed = &#e;
                let (#ptr, #len) = (#ptr.as_ptr().cast::<u8>().cast_mut(), #ptr.len());
            }
        };
        self.stmt(stmt);
        results.push(Operand::new(quote!(#ptr)));
        results.push(Operand::new(quote!(#len)));
    }

    /// A list whose elements need converting: a new buffer in the ABI's
    /// layout (temporary for the caller, handed over by the callee).
    fn list_lower(
        &mut self,
        element: &wit_bindgen_core::wit_parser::Type,
        op: &Operand,
        results: &mut Vec<Operand>,
    ) {
        let (stmts, _) = self.take_blocks(1).pop().expect("list block");
        let e = self.elems.pop().expect("list element");
        let base = self.bases.pop().expect("list base");
        let (size, align) = size_align(&self.cx.sizes, element);
        let (vec, len, buf, i) = (
            self.tmp("vec"),
            self.tmp("len"),
            self.tmp("buf"),
            self.tmp("i"),
        );
        let rt = self.cx.rt.clone();
        let (bind, iter) = if self.side.lowers_owned() || self.cx.has_own(element) {
            let x = self.owned(op);
            (quote!(let #vec = #x;), quote!(#vec.into_iter()))
        } else {
            let x = &op.expr;
            // `&[T]`, `&Vec<T>` or `&[&str]` (wit-bindgen's `Borrowing`):
            // slice whatever the parameter's type is.
            (quote!(let #vec = &(#x)[..];), quote!(#vec.iter()))
        };
        self.stmt(quote! {
            #bind
            let #len = #vec.len();
            let #buf = #rt::rt::alloc_list(#len, #size, #align);
            for (#i, #e) in #iter.enumerate() {
                let #base = #buf.add(#i * #size);
                #(#stmts)*
            }
        });
        self.lowered_array(&buf, &len, (&size, &align), results);
    }

    /// The array `buf` of `len` elements a loop just lowered (a list's or a
    /// map's): the caller frees it after the call, the callee hands it
    /// over; its pointer and length are the flat values.
    pub(super) fn lowered_array(
        &mut self,
        buf: &proc_macro2::Ident,
        len: &proc_macro2::Ident,
        (size, align): (&proc_macro2::Literal, &proc_macro2::Literal),
        results: &mut Vec<Operand>,
    ) {
        if matches!(self.side, Side::Caller | Side::TaskReturn) {
            self.needs_cleanup = true;
            self.stmt(quote!(__cleanup.push((#buf, #len * #size, #align));));
        }
        results.push(Operand::new(quote!(#buf)));
        results.push(Operand::new(quote!(#len)));
    }

    /// A string or plain list: the callee borrows it in place, the caller
    /// takes ownership of the buffer.
    fn lift_buffer(
        &mut self,
        ops: &[Operand],
        view: TokenStream,
        from_raw: TokenStream,
        results: &mut Vec<Operand>,
    ) {
        let (p, l) = (&ops[0].expr, &ops[1].expr);
        let rt = &self.cx.rt;
        let (f, is_view) = if self.side.lifts_owned() {
            (from_raw, false)
        } else {
            (view, true)
        };
        let name = self.tmp("l");
        self.stmt(quote!(let #name = #rt::rt::#f(#p, #l);));
        results.push(Operand {
            expr: quote!(#name),
            view: is_view,
        });
    }

    /// A list whose elements need converting: read element by element into
    /// a new `Vec`; the caller then frees the buffer it owns.
    fn list_lift(
        &mut self,
        element: &wit_bindgen_core::wit_parser::Type,
        ops: &[Operand],
        results: &mut Vec<Operand>,
    ) {
        let (stmts, elem_ops) = self.take_blocks(1).pop().expect("list block");
        let base = self.bases.pop().expect("list base");
        let (size, align) = size_align(&self.cx.sizes, element);
        let (p, l) = (&ops[0].expr, &ops[1].expr);
        let (buf, len, vec, i) = (
            self.tmp("buf"),
            self.tmp("len"),
            self.tmp("vec"),
            self.tmp("i"),
        );
        let rt = self.cx.rt.clone();
        let elem = self.owned(&elem_ops[0]);
        let free = self
            .side
            .lifts_owned()
            .then(|| quote!(#rt::rt::dealloc_list(#buf, #len, #size, #align);));
        self.stmt(quote! {
            let (#buf, #len) = (#p, #l);
            let mut #vec = #rt::rt::Vec::with_capacity(#len);
            for #i in 0..#len {
                let #base = #buf.add(#i * #size);
                #(#stmts)*
                #vec.push(#elem);
            }
            #free
        });
        results.push(Operand::new(quote!(#vec)));
    }
}
