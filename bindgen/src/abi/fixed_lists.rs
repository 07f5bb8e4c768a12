//! Fixed-length lists (`list<T, N>`, Rust `[T; N]`): N consecutive
//! elements in memory, N elements' flat values in a signature (SPEC.md
//! sections 2 and 3). No buffer of their own: an array lives where its
//! container puts it.

use super::{FnGen, Operand, size_align};
use quote::quote;
use wit_bindgen_core::abi::Instruction;

impl FnGen<'_> {
    pub(super) fn emit_fixed_list(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        match inst {
            // `let [a, b, ..] = array;`: by value from an owned array, by
            // reference from a borrowed one (match ergonomics).
            FixedLengthListLower { size, .. } => {
                let names: Vec<_> = (0..*size).map(|_| self.tmp("a")).collect();
                let e = self.owned(&ops[0]);
                self.stmt(quote!(let [#(#names),*] = #e;));
                results.extend(names.iter().map(|n| Operand::new(quote!(#n))));
            }
            FixedLengthListLift { size, .. } => {
                let values: Vec<_> = ops[..*size as usize]
                    .iter()
                    .map(|o| self.owned(o))
                    .collect();
                self.bind(quote!([#(#values),*]), results);
            }
            FixedLengthListLowerToMemory { element, .. } => {
                let (stmts, _) = self.take_blocks(1).pop().expect("array block");
                let e = self.elems.pop().expect("array element");
                let base = self.bases.pop().expect("array base");
                let (size, _) = size_align(&self.cx.sizes, element);
                let (array, addr, i) = (self.owned(&ops[0]), &ops[1].expr, self.tmp("i"));
                self.stmt(quote! {
                    for (#i, #e) in ::core::iter::IntoIterator::into_iter(#array).enumerate() {
                        let #base = #addr.add(#i * #size);
                        #(#stmts)*
                    }
                });
            }
            FixedLengthListLiftFromMemory {
                element, size: n, ..
            } => {
                let (stmts, elem) = self.take_blocks(1).pop().expect("array block");
                let base = self.bases.pop().expect("array base");
                let (size, _) = size_align(&self.cx.sizes, element);
                let (addr, i) = (&ops[0].expr, self.tmp("i"));
                let value = self.owned(&elem[0]);
                let (t, n) = (self.ty(element), proc_macro2::Literal::u32_unsuffixed(*n));
                self.bind(
                    quote! {
                        ::core::array::from_fn::<#t, #n, _>(|#i| {
                            let #base = #addr.add(#i * #size);
                            #(#stmts)*
                            #value
                        })
                    },
                    results,
                );
            }
            _ => return false,
        }
        true
    }
}
