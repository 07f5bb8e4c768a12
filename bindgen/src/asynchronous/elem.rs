//! `Elem` impls: how a value of one WIT type enters and leaves a shared
//! future or stream object, or an async call's return area, in canonical
//! layout (ASYNC.md section 3). Generated per type and per crate, because
//! each crate has its own Rust type for one WIT type; the layouts agree.

use crate::abi::{FnGen, Operand, Side};
use crate::context::{Cx, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_bindgen_core::abi;
use wit_bindgen_core::wit_parser::Type;

/// `unsafe impl Elem for <self_ty>` for values of `ty`. With `newtype`,
/// `self_ty` is a tuple struct around the Rust type of `ty` (for types
/// the bindings do not define, where the orphan rule forbids the impl).
pub(crate) fn expand_elem_impl(
    cx: &Cx,
    ty: &Type,
    scope: Scope,
    self_ty: &TokenStream,
    newtype: bool,
) -> TokenStream {
    let value = if newtype { quote!(__v.0) } else { quote!(__v) };
    let mut lower = FnGen::new(cx, scope, Side::AsyncCallee, Vec::new());
    abi::lower_to_memory(
        cx.resolve,
        &mut lower,
        Operand::new(quote!(__dst)),
        Operand::new(value),
        ty,
    );
    let lower = lower.into_body();
    let mut lift = FnGen::new(cx, scope, Side::AsyncCaller { retptr: false }, Vec::new());
    let lifted = abi::lift_from_memory(cx.resolve, &mut lift, Operand::new(quote!(__src)), ty);
    let lifted = lifted.expr().clone();
    let lift = lift.into_body();
    let lifted = if newtype {
        quote!(Self(#lifted))
    } else {
        lifted
    };
    let (size, align) = (cx.sizes.size(ty), cx.sizes.align(ty));
    elem_impl(
        cx,
        self_ty,
        (size.size_wasm32(), align.align_wasm32()),
        &lower,
        &quote!(#lift #lifted),
    )
}

/// `unsafe impl Elem for <self_ty>` from its parts: the canonical
/// `(size, alignment)` of the values, the statements lowering `__v` to
/// `__dst`, and the block lifting a `Self` from `__src`. `drop_elems`
/// lifts and drops.
pub(crate) fn elem_impl(
    cx: &Cx,
    self_ty: &TokenStream,
    (size, align): (usize, usize),
    lower: &TokenStream,
    lift: &TokenStream,
) -> TokenStream {
    let rt = &cx.rt;
    let size = Literal::usize_unsuffixed(size);
    let align = Literal::usize_unsuffixed(align);
    quote! {
        // SAFETY: `TYPE` is the canonical size and alignment of the
        // values, which `lower_one` writes and `lift_one` reads (generated
        // from the same layout); `drop_elems` lifts and drops, freeing
        // exactly what a lowered value owns.
        #[allow(unused_unsafe, clippy::all)]
        unsafe impl #rt::task::Elem for #self_ty {
            const TYPE: &'static #rt::task::ElemType = &#rt::task::ElemType {
                size: #size,
                align: #align,
                drop_elems: #rt::task::elem::drop_lifted::<Self>,
            };

            unsafe fn lower_one(__v: Self, __dst: *mut u8) {
                unsafe { #lower }
            }

            unsafe fn lift_one(__src: *mut u8) -> Self {
                unsafe { #lift }
            }
        }
    }
}
