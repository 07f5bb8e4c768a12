//! The call itself, returns, and the deallocation instructions used by
//! canonical (host-facing) exports.

use super::{FnGen, Operand, Side, core_type, size_align};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_bindgen_core::abi::Instruction;

impl FnGen<'_> {
    pub(super) fn emit_call(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        let rt = self.cx.rt.clone();
        let e = |i: usize| ops[i].expr.clone();
        match inst {
            CallWasm { sig, .. } => self.call_wasm(sig, ops, results),
            CallInterface { func, .. } => self.call_interface(func.result.is_some(), ops, results),
            Return { amt, .. } => {
                if *amt > 0 {
                    self.tail = Some(e(0));
                }
            }
            Flush { .. } => {
                for op in ops.iter() {
                    self.bind(op.expr.clone(), results);
                }
            }
            Malloc { size, align, .. } => {
                let (s, a) = (
                    Literal::usize_unsuffixed(size.size_wasm32()),
                    Literal::usize_unsuffixed(align.align_wasm32()),
                );
                self.bind(quote!(#rt::rt::alloc_list(1, #s, #a)), results);
            }
            GuestDeallocate { size, align } => {
                let (s, a) = (
                    Literal::usize_unsuffixed(size.size_wasm32()),
                    Literal::usize_unsuffixed(align.align_wasm32()),
                );
                let p = e(0);
                self.stmt(quote!(#rt::rt::dealloc_list(#p, 1, #s, #a);));
            }
            GuestDeallocateString => {
                let (p, l) = (e(0), e(1));
                self.stmt(quote!(#rt::rt::dealloc_list(#p, #l, 1, 1);));
            }
            GuestDeallocateList { element } => {
                let (stmts, _) = self.take_blocks(1).pop().expect("list block");
                let base = self.bases.pop().expect("list base");
                let (size, align) = size_align(&self.cx.sizes, element);
                let (p, l, i) = (e(0), e(1), self.tmp("i"));
                self.stmt(quote! {
                    for #i in 0..#l { let #base = #p.add(#i * #size); #(#stmts)* }
                    #rt::rt::dealloc_list(#p, #l, #size, #align);
                });
            }
            GuestDeallocateVariant { blocks } => {
                let taken = self.take_blocks(*blocks);
                let arms = taken.iter().enumerate().map(|(i, (stmts, _))| {
                    let i = i as i32;
                    quote!(#i => { #(#stmts)* })
                });
                let d = e(0);
                self.stmt(quote!(match #d { #(#arms)* _ => {} }));
            }
            _ => return false,
        }
        true
    }

    /// The caller's call: a plain `extern "C"` declaration whose symbol the
    /// linker binds to the one crate exporting it (or to the host).
    fn call_wasm(
        &mut self,
        sig: &wit_bindgen_core::abi::WasmSignature,
        ops: &[Operand],
        results: &mut Vec<Operand>,
    ) {
        let symbol = &self.symbol;
        let params: Vec<_> = sig
            .params
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let (n, t) = (quote::format_ident!("p{}", i), core_type(*t));
                quote!(#n: #t)
            })
            .collect();
        let ret = sig.results.first().map(|t| {
            let t = core_type(*t);
            quote!(-> #t)
        });
        let args = ops.iter().map(|o| &o.expr);
        if let Side::AsyncCaller { retptr } = self.side {
            return self.call_async(&params, args.cloned().collect(), retptr);
        }
        let link = self
            .module
            .as_ref()
            .map(|m| quote!(#[link(wasm_import_module = #m)]));
        self.stmt(quote! {
            #link
            unsafe extern "C" {
                #[link_name = #symbol]
                fn __weld_import(#(#params),*) #ret;
            }
        });
        let call = quote!(__weld_import(#(#args),*));
        if sig.results.is_empty() {
            self.stmt(quote!(#call;));
        } else {
            self.bind(call, results);
        }
        if self.needs_cleanup {
            let rt = &self.cx.rt;
            self.stmt(quote! {
                for (ptr, bytes, align) in __cleanup {
                    #rt::rt::dealloc_list(ptr, bytes, 1, align);
                }
            });
        }
    }

    /// The callee's call into the user's `Guest` implementation.
    fn call_interface(&mut self, has_result: bool, ops: &[Operand], results: &mut Vec<Operand>) {
        assert_ne!(
            self.side,
            Side::Caller,
            "the caller calls a symbol, not the interface"
        );
        let target = self.target.as_ref().expect("callee target");
        let path = target.path.clone();
        let args: Vec<TokenStream> = ops
            .iter()
            .zip(&target.borrowed)
            .map(|(op, borrowed)| match (borrowed, op.view) {
                (true, true) => op.expr.clone(),
                // A canonical export owns its argument; the trait wants a
                // borrow of it.
                (true, false) => {
                    let e = &op.expr;
                    quote!(&#e)
                }
                (false, _) => self.owned(op),
            })
            .collect();
        let mut args = args;
        if let (Some(rep), Some(first)) = (&target.self_rep, args.first_mut()) {
            *first = quote!((#first).__weld_into_ref::<#rep>());
        }
        let mut call = quote!(#path(#(#args),*));
        match &target.wrap {
            Some((handle, false)) => call = quote!(#handle::new(#call)),
            Some((handle, true)) => call = quote!(::core::result::Result::map(#call, #handle::new)),
            None => {}
        }
        if self.side == Side::AsyncCallee && !self.task_handles.is_empty() {
            self.stmt(self.with_task_handles(call));
        } else if self.side == Side::AsyncCallee {
            self.stmt(quote!(let __weld_future = #call;));
        } else if has_result {
            self.bind(call, results);
        } else {
            self.stmt(quote!(#call;));
        }
        for check in std::mem::take(&mut self.post_call) {
            self.stmt(check);
        }
    }

    /// The async callee's call when borrow handle structs of imported
    /// resources are lent to it: they move into the call's task and are
    /// dropped when its future completes, before its value is returned
    /// (for the host: before `[task-return]`, as the Canonical ABI
    /// requires of a borrow it lent), or when it is dropped (cancelled).
    fn with_task_handles(&self, call: TokenStream) -> TokenStream {
        let (names, values): (Vec<_>, Vec<_>) = self.task_handles.iter().cloned().unzip();
        let (open, awaited) = if self.export_task == Some(true) {
            (TokenStream::new(), call)
        } else {
            (quote!(async move), quote!(#call.await))
        };
        // Made before the task (an unpolled task dropped drops them too),
        // moved into it.
        quote! {
            #(let #names = #values;)*
            let __weld_future = #open {
                let __weld_value = #awaited;
                #(::core::mem::drop(#names);)*
                __weld_value
            };
        }
    }

    /// The async caller's call of `[async]f`: the flat parameters, the
    /// return area `__weld_ret` when the function has a result, and the
    /// status bound to `__weld_status` (ASYNC.md section 4).
    fn call_async(&mut self, params: &[TokenStream], args: Vec<TokenStream>, retptr: bool) {
        let symbol = &self.symbol;
        let (ret_param, ret_arg) = if retptr {
            (quote!(__weld_ret: *mut u8), quote!(__weld_ret))
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        self.stmt(quote! {
            unsafe extern "C" {
                #[link_name = #symbol]
                fn __weld_import(#(#params,)* #ret_param) -> i32;
            }
            let __weld_status = __weld_import(#(#args,)* #ret_arg);
        });
    }
}
