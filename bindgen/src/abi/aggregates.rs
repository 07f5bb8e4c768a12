//! Records, tuples, flags, variants, enums, options and results.

use super::{FnGen, Operand};
use crate::names::{camel, snake};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_bindgen_core::abi::Instruction;
use wit_bindgen_core::wit_parser::{FlagsRepr, TypeId};

/// How a case's payload appears in a `match` pattern.
#[derive(Clone, Copy)]
enum Payload {
    /// `Case(p)`: bound to the case's payload name.
    Bound,
    /// `Ok(_)`: a result side without a type.
    Ignored,
    /// `Case`: no payload.
    None,
}

impl FnGen<'_> {
    pub(super) fn emit_aggregate(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        match inst {
            RecordLower { record, ty, .. } => {
                let path = self.def_name(*ty, true);
                let names: Vec<_> = record.fields.iter().map(|_| self.tmp("f")).collect();
                let fields = record.fields.iter().map(|f| snake(&f.name));
                let e = &ops[0].expr;
                self.stmt(quote!(let #path { #(#fields: #names),* } = #e;));
                results.extend(names.iter().map(|n| Operand::new(quote!(#n))));
            }
            RecordLift { record, ty, .. } => {
                let path = self.def_name(*ty, false);
                let fields = record.fields.iter().map(|f| snake(&f.name));
                let values: Vec<_> = ops.iter().map(|o| self.owned(o)).collect();
                self.bind(quote!(#path { #(#fields: #values),* }), results);
            }
            TupleLower { tuple, .. } => {
                let names: Vec<_> = tuple.types.iter().map(|_| self.tmp("t")).collect();
                let e = &ops[0].expr;
                self.stmt(quote!(let (#(#names,)*) = #e;));
                results.extend(names.iter().map(|n| Operand::new(quote!(#n))));
            }
            TupleLift { .. } => {
                let values: Vec<_> = ops.iter().map(|o| self.owned(o)).collect();
                self.bind(quote!((#(#values,)*)), results);
            }
            FlagsLower { flags, .. } => {
                let e = &ops[0].expr;
                let bits = self.tmp("bits");
                self.stmt(quote!(let #bits = (#e).bits();));
                for word in 0..flags.repr().count() {
                    let shift = Literal::u32_unsuffixed(32 * word as u32);
                    self.bind(quote!((#bits as u64 >> #shift) as i32), results);
                }
            }
            FlagsLift { flags, ty, .. } => {
                let path = self.type_name(*ty);
                let bits = match flags.repr() {
                    FlagsRepr::U8 => quote!(u8),
                    FlagsRepr::U16 => quote!(u16),
                    FlagsRepr::U32(1) => quote!(u32),
                    FlagsRepr::U32(_) => quote!(u64),
                };
                let words = ops.iter().enumerate().map(|(i, o)| {
                    let e = &o.expr;
                    let shift = Literal::u32_unsuffixed(32 * i as u32);
                    quote!((((#e) as u32 as u64) << #shift))
                });
                self.bind(
                    quote!(#path::from_bits_retain((0u64 #(| #words)*) as #bits)),
                    results,
                );
            }
            _ => return false,
        }
        true
    }

    pub(super) fn emit_variant(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        let e = ops.first().map(|o| o.expr.clone()).unwrap_or_default();
        match inst {
            VariantPayloadName => {
                let p = self.tmp("p");
                self.payloads.push(p.clone());
                results.push(Operand::new(quote!(#p)));
            }
            VariantLower {
                variant,
                ty,
                results: flat,
                ..
            } => {
                let path = self.def_name(*ty, true);
                let cases: Vec<_> = variant
                    .cases
                    .iter()
                    .map(|c| {
                        let n = camel(&c.name);
                        let shape = if c.ty.is_some() {
                            Payload::Bound
                        } else {
                            Payload::None
                        };
                        (quote!(#path::#n), shape)
                    })
                    .collect();
                self.lower_arms(&e, &cases, flat.len(), results);
            }
            OptionLower { results: flat, .. } => {
                let cases = [
                    (quote!(::core::option::Option::None), Payload::None),
                    (quote!(::core::option::Option::Some), Payload::Bound),
                ];
                self.lower_arms(&e, &cases, flat.len(), results);
            }
            ResultLower {
                result,
                results: flat,
                ..
            } => {
                let shape = |t: &Option<_>| {
                    if t.is_some() {
                        Payload::Bound
                    } else {
                        Payload::Ignored
                    }
                };
                let cases = [
                    (quote!(::core::result::Result::Ok), shape(&result.ok)),
                    (quote!(::core::result::Result::Err), shape(&result.err)),
                ];
                self.lower_arms(&e, &cases, flat.len(), results);
            }
            EnumLower { .. } => {
                // A method call: the operand may be the enum or a reference.
                self.bind(quote!((#e)._lower()), results);
            }
            VariantLift { variant, ty, .. } => {
                let path = self.def_name(*ty, false);
                let ctors: Vec<_> = variant
                    .cases
                    .iter()
                    .map(|c| {
                        let n = camel(&c.name);
                        (quote!(#path::#n), false)
                    })
                    .collect();
                self.lift_arms(&e, *ty, &ctors, results);
            }
            EnumLift { ty, .. } => {
                let path = self.type_name(*ty);
                self.bind(quote!(#path::_lift(#e)), results);
            }
            OptionLift { ty, .. } => {
                let ctors = [
                    (quote!(::core::option::Option::None), false),
                    (quote!(::core::option::Option::Some), false),
                ];
                self.lift_arms(&e, *ty, &ctors, results);
            }
            ResultLift { ty, .. } => {
                let ctors = [
                    (quote!(::core::result::Result::Ok), true),
                    (quote!(::core::result::Result::Err), true),
                ];
                self.lift_arms(&e, *ty, &ctors, results);
            }
            _ => return false,
        }
        true
    }

    /// `match value { case => { stmts; (flat values) } }`, one arm per
    /// finished block; each case's payload is bound to its payload name.
    fn lower_arms(
        &mut self,
        value: &TokenStream,
        cases: &[(TokenStream, Payload)],
        flat: usize,
        results: &mut Vec<Operand>,
    ) {
        let n = cases.len();
        let blocks = self.take_blocks(n);
        let payloads = self.payloads.split_off(self.payloads.len() - n);
        let names: Vec<_> = (0..flat).map(|_| self.tmp("v")).collect();
        let arms =
            blocks
                .iter()
                .zip(&payloads)
                .zip(cases)
                .map(|(((stmts, ops), p), (ctor, shape))| {
                    let pat = match shape {
                        Payload::Bound => quote!(#ctor(#p)),
                        Payload::Ignored => quote!(#ctor(_)),
                        Payload::None => quote!(#ctor),
                    };
                    let values = ops.iter().map(|o| &o.expr);
                    quote!(#pat => { #(#stmts)* (#(#values,)*) })
                });
        self.stmt(quote!(let (#(#names,)*) = match #value { #(#arms)* };));
        results.extend(names.iter().map(|n| Operand::new(quote!(#n))));
    }

    /// `match discriminant { i => { stmts; Ctor(payload) } }`.
    fn lift_arms(
        &mut self,
        value: &TokenStream,
        ty: TypeId,
        ctors: &[(TokenStream, bool)],
        results: &mut Vec<Operand>,
    ) {
        let blocks = self.take_blocks(ctors.len());
        let arms: Vec<_> = blocks
            .iter()
            .zip(ctors)
            .enumerate()
            .map(|(i, ((stmts, ops), (ctor, unit)))| {
                let i = i as i32;
                let built = match ops.first() {
                    Some(op) => {
                        let v = self.owned(op);
                        quote!(#ctor(#v))
                    }
                    None if *unit => quote!(#ctor(())),
                    None => quote!(#ctor),
                };
                quote!(#i => { #(#stmts)* #built })
            })
            .collect();
        let invalid = self.invalid(ty, value);
        self.bind(quote!(match #value { #(#arms)* _ => #invalid }), results);
    }

    fn invalid(&self, ty: TypeId, value: &TokenStream) -> TokenStream {
        let rt = &self.cx.rt;
        let name = self.cx.resolve.types[ty]
            .name
            .clone()
            .unwrap_or_else(|| String::from("option/result"));
        quote!(#rt::rt::invalid_discriminant(#name, #value))
    }
}
