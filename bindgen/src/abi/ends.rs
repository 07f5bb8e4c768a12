//! Futures, streams and error-contexts crossing a call, as addresses
//! (ASYNC.md sections 3 and 7): a readable end moves, like an `own<r>`
//! handle; an error-context is lent to a synchronous callee (which takes
//! a reference of its own) and moves everywhere else.

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
            ErrorContextLower { .. } if self.side.lowers_owned() => {
                quote!((#e).into_handle() as i32)
            }
            // Lent for a synchronous call: the caller's value outlives the
            // call (function.rs passes such parameters by reference).
            ErrorContextLower { .. } => quote!((#e).handle() as i32),
            ErrorContextLift { .. } if self.side.lifts_owned() => {
                quote!(#rt::rt::ErrorContext::from_handle((#e) as u32 as usize))
            }
            ErrorContextLift { .. } => {
                quote!(#rt::rt::ErrorContext::from_borrowed((#e) as u32 as usize))
            }
            _ => return false,
        };
        self.bind(expr, results);
        true
    }
}
