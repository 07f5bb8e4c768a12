//! Futures and streams crossing a call: a readable end moves, as its
//! address (ASYNC.md section 3), like an `own<r>` handle.

use super::{FnGen, Operand};
use quote::quote;
use wit_bindgen_core::abi::Instruction;
use wit_bindgen_core::wit_parser::Type;

impl FnGen<'_> {
    pub(super) fn emit_end(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        let e = ops.first().map(|o| o.expr.clone()).unwrap_or_default();
        let rt = self.cx.rt.clone();
        let payload = |t: &Option<Type>| match t {
            Some(t) => self.ty(t),
            None => quote!(()),
        };
        let expr = match inst {
            FutureLower { .. } | StreamLower { .. } => quote!((#e).into_handle() as i32),
            FutureLift { payload: t, .. } => {
                let t = payload(t);
                quote!(#rt::rt::FutureReader::<#t>::from_handle((#e) as u32 as usize))
            }
            StreamLift { payload: t, .. } => {
                let t = payload(t);
                quote!(#rt::rt::StreamReader::<#t>::from_handle((#e) as u32 as usize))
            }
            _ => return false,
        };
        self.bind(expr, results);
        true
    }
}
