//! `map<K, V>`: laid out like `list<tuple<K, V>>` (SPEC.md section 2).
//! Lowered entry by entry into a new array (the caller's is temporary,
//! the callee's is handed over); lifted entry by entry into the map type,
//! the caller then freeing the array it owns, as for lists of non-plain
//! elements (lists.rs).

use super::{FnGen, Operand};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_bindgen_core::abi::Instruction;
use wit_bindgen_core::wit_parser::Type;

impl FnGen<'_> {
    pub(super) fn emit_map(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        match inst {
            MapLower { key, value, .. } => self.map_lower(key, value, &ops[0], results),
            MapLift { key, value, ty } => {
                let map = self.type_name_or_shape(*ty);
                self.map_lift(key, value, map, ops, results);
            }
            IterMapKey { .. } | IterMapValue { .. } => {
                let e = self.tmp("e");
                self.elems.push(e.clone());
                results.push(Operand::new(quote!(#e)));
            }
            GuestDeallocateMap { key, value } => {
                let (stmts, _) = self.take_blocks(1).pop().expect("map block");
                let base = self.bases.pop().expect("map base");
                let (size, align) = self.entry_layout(key, value);
                let rt = &self.cx.rt;
                let (p, l, i) = (&ops[0].expr, &ops[1].expr, self.tmp("i"));
                self.stmt(quote! {
                    for #i in 0..#l { let #base = #p.add(#i * #size); #(#stmts)* }
                    #rt::rt::dealloc_list(#p, #l, #size, #align);
                });
            }
            _ => return false,
        }
        true
    }

    /// The size and alignment of one entry, `tuple<K, V>`.
    fn entry_layout(&self, key: &Type, value: &Type) -> (Literal, Literal) {
        let info = self.cx.sizes.record([key, value]);
        (
            Literal::usize_unsuffixed(info.size.size_wasm32()),
            Literal::usize_unsuffixed(info.align.align_wasm32()),
        )
    }

    /// Writes every entry into a new array: the key and the value each at
    /// their offset from the entry's base (the block uses one base pointer
    /// for each, both the entry's).
    fn map_lower(&mut self, key: &Type, value: &Type, op: &Operand, results: &mut Vec<Operand>) {
        let (stmts, _) = self.take_blocks(1).pop().expect("map block");
        let (v, k) = (self.elems.pop(), self.elems.pop());
        let (v, k) = (v.expect("map value"), k.expect("map key"));
        let (value_base, key_base) = (self.bases.pop(), self.bases.pop());
        let (value_base, key_base) = (value_base.expect("base"), key_base.expect("base"));
        let (size, align) = self.entry_layout(key, value);
        let (it, len, buf, i) = (
            self.tmp("it"),
            self.tmp("len"),
            self.tmp("buf"),
            self.tmp("i"),
        );
        let rt = self.cx.rt.clone();
        let iter = if self.side.lowers_owned() || self.cx.has_own(key) || self.cx.has_own(value) {
            let x = self.owned(op);
            quote!(::core::iter::IntoIterator::into_iter(#x))
        } else {
            // The map type's `&M: IntoIterator`, reached by the method
            // call's auto-deref whether the operand is a map, a `&M` or a
            // `&&M`, and whatever its key and value types are spelled as
            // (owned, or borrowed with `ownership: Borrowing`).
            let x = &op.expr;
            quote!((&#x).into_iter())
        };
        self.stmt(quote! {
            let #it = #iter;
            let #len = ::core::iter::ExactSizeIterator::len(&#it);
            let #buf = #rt::rt::alloc_list(#len, #size, #align);
            for (#i, (#k, #v)) in #it.enumerate() {
                let #key_base = #buf.add(#i * #size);
                let #value_base = #key_base;
                #(#stmts)*
            }
        });
        self.lowered_array(&buf, &len, (&size, &align), results);
    }

    /// Reads every entry into a new map (`Default` and `Extend<(K, V)>`,
    /// which `BTreeMap`, `HashMap` and most maps implement); the caller
    /// then frees the array it owns.
    fn map_lift(
        &mut self,
        key: &Type,
        value: &Type,
        map: TokenStream,
        ops: &[Operand],
        results: &mut Vec<Operand>,
    ) {
        let (stmts, entry) = self.take_blocks(1).pop().expect("map block");
        let base = self.bases.pop().expect("map base");
        let (size, align) = self.entry_layout(key, value);
        let (p, l) = (&ops[0].expr, &ops[1].expr);
        let (buf, len, m, i) = (
            self.tmp("buf"),
            self.tmp("len"),
            self.tmp("map"),
            self.tmp("i"),
        );
        let rt = self.cx.rt.clone();
        let (k, v) = (self.owned(&entry[0]), self.owned(&entry[1]));
        let free = self
            .side
            .lifts_owned()
            .then(|| quote!(#rt::rt::dealloc_list(#buf, #len, #size, #align);));
        self.stmt(quote! {
            let (#buf, #len) = (#p, #l);
            let mut #m: #map = ::core::default::Default::default();
            for #i in 0..#len {
                let #base = #buf.add(#i * #size);
                #(#stmts)*
                ::core::iter::Extend::extend(&mut #m, ::core::iter::once((#k, #v)));
            }
            #free
        });
        results.push(Operand::new(quote!(#m)));
    }

    /// The Rust type of the type definition `id` (its name if it has one).
    fn type_name_or_shape(&self, id: wit_bindgen_core::wit_parser::TypeId) -> TokenStream {
        self.ty(&Type::Id(id))
    }
}
