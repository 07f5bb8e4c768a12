//! Lifting and lowering for one function, on either side of an internal
//! call, as Rust tokens.
//!
//! wit-bindgen-core's `abi::call` walks a function's signature with the
//! Canonical ABI *import* variant and emits a stack-machine instruction
//! stream; [`FnGen`] turns each instruction into Rust statements. The caller
//! half (`LowerArgsLiftResults`) borrows parameters and takes ownership of
//! results; the callee half (`LiftArgsLowerResults`) reads borrowed
//! parameters in place and hands result buffers over (SPEC.md, "Ownership").
//! This module only translates instructions: it decides nothing about
//! function names, symbols or module layout.

use crate::context::{Cx, Mode, Scope};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
mod aggregates;
mod calls;
mod ends;
mod fixed_lists;
mod lists;
mod maps;
mod post_return;

use wit_bindgen_core::abi::{Bindgen, Bitcast, Instruction, WasmType};
use wit_bindgen_core::wit_parser::{Alignment, ArchitectureSize, Resolve, SizeAlign, Type};

/// Which half of an internal call is being generated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Side {
    /// The importer: lowers borrowed arguments, calls the symbol, lifts the
    /// owned result.
    Caller,
    /// The exporter's glue: lifts borrowed arguments, calls the `Guest`
    /// trait, lowers the result into buffers the caller will own.
    Callee,
    /// A Canonical ABI export for the host: takes ownership of (and frees)
    /// the arguments, returns results from a static area, and frees them in
    /// the post-return function.
    Canonical,
    /// The importer of an async function (ASYNC.md section 4): hands its
    /// parameters over, calls `[async]f` (with a return area when
    /// `retptr`) and binds its status to `__weld_status`; the result is
    /// lifted by `crate::asynchronous`.
    AsyncCaller {
        /// Whether the call passes the return area `__weld_ret`.
        retptr: bool,
    },
    /// The exporter of an async function, or a future's or stream's
    /// element: takes its parameters over and binds the user's future to
    /// `__weld_future`; lowers values owned.
    AsyncCallee,
    /// The lowering of an async export's result for `[task-return]`
    /// (ASYNC.md section 11): takes the value over; its strings and
    /// lists are lent to the call and freed after it, its own handles
    /// move to the host (this crate's resources through
    /// `[resource-new]`).
    TaskReturn,
}

impl Side {
    /// Whether lifted strings and lists become owned values (the caller's
    /// results; a canonical export's arguments) rather than borrowed views.
    pub(super) fn lifts_owned(self) -> bool {
        self != Side::Callee
    }

    /// Whether lowered values are handed over (results of the callee or of
    /// a canonical export) rather than lent for the call.
    pub(super) fn lowers_owned(self) -> bool {
        self != Side::Caller
    }
}

/// A value on the instruction stack: an expression, and whether it is a
/// borrowed view (`&str`, `&[T]`) that must be turned into an owned value
/// before it is stored in an owned Rust type.
#[derive(Clone, Debug)]
pub(crate) struct Operand {
    expr: TokenStream,
    view: bool,
}

impl Operand {
    pub(crate) fn new(expr: TokenStream) -> Self {
        Operand { expr, view: false }
    }

    /// The value as an owned expression (only views need more: the async
    /// glue lifts owned values).
    pub(crate) fn expr(&self) -> &TokenStream {
        &self.expr
    }
}

/// What the callee calls once the arguments are lifted.
pub(crate) struct Target {
    /// The path of the function to call (e.g. `T::upper`).
    pub path: TokenStream,
    /// Whether each parameter may be passed as a borrowed view.
    pub borrowed: Vec<bool>,
    /// For a resource method: the representation type; the first argument
    /// (an `RBorrow`) becomes `&Rep`.
    pub self_rep: Option<TokenStream>,
    /// For a constructor: the own handle type that wraps the new value,
    /// and whether the constructor is fallible (`-> result<r, e>`).
    pub wrap: Option<(TokenStream, bool)>,
}

/// Generates one function body.
pub(crate) struct FnGen<'a> {
    cx: &'a Cx<'a>,
    scope: Scope,
    side: Side,
    /// Argument expressions for `GetArg`.
    args: Vec<TokenStream>,
    /// The symbol the caller calls.
    symbol: String,
    /// The core import module of `symbol` when it is a Canonical ABI
    /// built-in (`[task-return]f` from `[export]<key>`), not a weld symbol.
    module: Option<String>,
    /// What the callee calls.
    target: Option<Target>,
    blocks: Vec<Vec<TokenStream>>,
    finished: Vec<(Vec<TokenStream>, Vec<Operand>)>,
    payloads: Vec<Ident>,
    elems: Vec<Ident>,
    bases: Vec<Ident>,
    counter: usize,
    needs_cleanup: bool,
    /// Statements after the callee's call (the checked mode's borrow tests).
    post_call: Vec<TokenStream>,
    /// Locals declared at the top of the body and assigned in a variant's
    /// arm (a borrowed handle that must outlive the arm).
    hoisted: Vec<TokenStream>,
    /// The tail expression of the generated body, if any.
    pub tail: Option<TokenStream>,
    /// The values cross the host boundary: own handles of resources this
    /// crate exports go through the host's handle table (an async export's
    /// lifting for `[async-lift]`; always so for `Canonical` and
    /// `TaskReturn`).
    host: bool,
    /// An async export's borrow handle structs of imported resources
    /// (names and values): made before the call's task and moved into
    /// it, dropped when it ends (`calls.rs`), so that the `&R` lent to
    /// the user's future lives as long as it.
    task_handles: Vec<(Ident, TokenStream)>,
    /// An async export's lifting (`Some`): borrow handle structs of
    /// imported resources live in the call's task (`task_handles`); `true`
    /// when its trait method is a plain `fn` (the `sync` option), whose
    /// "future" is the value.
    export_task: Option<bool>,
}

impl<'a> FnGen<'a> {
    /// A generator for `side`, reading arguments from `args`.
    pub fn new(cx: &'a Cx<'a>, scope: Scope, side: Side, args: Vec<TokenStream>) -> Self {
        FnGen {
            cx,
            scope,
            side,
            args,
            symbol: String::new(),
            module: None,
            target: None,
            blocks: vec![Vec::new()],
            finished: Vec::new(),
            payloads: Vec::new(),
            elems: Vec::new(),
            bases: Vec::new(),
            counter: 0,
            needs_cleanup: false,
            post_call: Vec::new(),
            hoisted: Vec::new(),
            tail: None,
            host: false,
            task_handles: Vec::new(),
            export_task: None,
        }
    }

    /// The lifting of an async export's parameters into the call's task,
    /// `blocking` when its trait method is a plain `fn` (see
    /// `export_task`).
    pub fn export_task(mut self, blocking: bool) -> Self {
        self.export_task = Some(blocking);
        self
    }

    /// The values cross the host boundary (see the `host` field).
    pub fn at_host(mut self) -> Self {
        self.host = true;
        self
    }

    /// The caller calls `symbol`.
    pub fn calling_symbol(mut self, symbol: String) -> Self {
        self.symbol = symbol;
        self
    }

    /// The caller calls `symbol` imported from core module `module` (a
    /// Canonical ABI built-in, which must stay that import whatever the
    /// link defines).
    pub fn calling_import(mut self, module: String, symbol: String) -> Self {
        self.module = Some(module);
        self.symbol = symbol;
        self
    }

    /// The callee calls `target`.
    pub fn calling_target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    /// The generated statements (and tail expression).
    pub fn into_body(mut self) -> TokenStream {
        let stmts = self.blocks.pop().unwrap_or_default();
        let rt = &self.cx.rt;
        let cleanup = self.needs_cleanup.then(|| {
            quote!(let mut __cleanup: #rt::rt::Vec<(*mut u8, usize, usize)> = #rt::rt::Vec::new();)
        });
        let tail = self.tail;
        let hoisted = self.hoisted;
        quote!(#(#hoisted)* #cleanup #(#stmts)* #tail)
    }

    /// A fresh local name. It starts with `__`, which no name derived from
    /// WIT does (WIT identifiers start with a letter), so it never shadows a
    /// parameter or a type.
    fn tmp(&mut self, prefix: &str) -> Ident {
        self.counter += 1;
        format_ident!("__{}{}", prefix, self.counter)
    }

    fn stmt(&mut self, s: TokenStream) {
        self.blocks.last_mut().expect("a block is open").push(s);
    }

    /// Binds `expr` to a fresh local and pushes it.
    fn bind(&mut self, expr: TokenStream, results: &mut Vec<Operand>) {
        let name = self.tmp("l");
        self.stmt(quote!(let #name = #expr;));
        results.push(Operand::new(quote!(#name)));
    }

    /// An operand as an owned value (copies a borrowed view).
    fn owned(&self, op: &Operand) -> TokenStream {
        let e = &op.expr;
        if op.view {
            let rt = &self.cx.rt;
            quote!(#rt::rt::ToOwned::to_owned(#e))
        } else {
            e.clone()
        }
    }

    fn ty(&self, ty: &Type) -> TokenStream {
        self.cx.rust_type(ty, Mode::Owned, self.scope)
    }

    fn type_name(&self, id: wit_bindgen_core::wit_parser::TypeId) -> TokenStream {
        self.cx.type_path(id, self.scope)
    }

    /// The definition of a record or variant that this half builds or
    /// takes apart: with two definitions (`duplicate_if_necessary`), an
    /// importer lowers `<T>Param` and everything else is `<T>Result`.
    fn def_name(&self, id: wit_bindgen_core::wit_parser::TypeId, lowering: bool) -> TokenStream {
        let suffix = match (
            self.cx.uses_two_names(id, self.scope),
            lowering && self.side == Side::Caller,
        ) {
            (false, _) => "",
            (true, true) => "Param",
            (true, false) => "Result",
        };
        self.cx.type_path_suffixed(id, self.scope, suffix)
    }
}

fn off(o: &ArchitectureSize) -> Literal {
    Literal::usize_unsuffixed(o.size_wasm32())
}

fn size_align(sizes: &SizeAlign, ty: &Type) -> (Literal, Literal) {
    (
        Literal::usize_unsuffixed(sizes.size(ty).size_wasm32()),
        Literal::usize_unsuffixed(sizes.align(ty).align_wasm32()),
    )
}

/// The Rust type of a core wasm value.
pub(crate) fn core_type(t: WasmType) -> TokenStream {
    match t {
        WasmType::I32 => quote!(i32),
        WasmType::I64 | WasmType::PointerOrI64 => quote!(i64),
        WasmType::F32 => quote!(f32),
        WasmType::F64 => quote!(f64),
        WasmType::Pointer => quote!(*mut u8),
        WasmType::Length => quote!(usize),
    }
}

fn zero(t: &WasmType) -> TokenStream {
    match t {
        WasmType::I32 => quote!(0i32),
        WasmType::I64 | WasmType::PointerOrI64 => quote!(0i64),
        WasmType::F32 => quote!(0.0f32),
        WasmType::F64 => quote!(0.0f64),
        WasmType::Pointer => quote!(::core::ptr::null_mut::<u8>()),
        WasmType::Length => quote!(0usize),
    }
}

fn bitcast(c: &Bitcast, e: TokenStream) -> TokenStream {
    use Bitcast::*;
    match c {
        None => e,
        F32ToI32 => quote!((#e).to_bits() as i32),
        F64ToI64 => quote!((#e).to_bits() as i64),
        I32ToI64 => quote!(i64::from(#e)),
        F32ToI64 => quote!(i64::from((#e).to_bits())),
        I32ToF32 => quote!(f32::from_bits((#e) as u32)),
        I64ToF64 => quote!(f64::from_bits((#e) as u64)),
        I64ToI32 => quote!((#e) as i32),
        I64ToF32 => quote!(f32::from_bits((#e) as u32)),
        P64ToI64 | I64ToP64 => e,
        P64ToP | I32ToP | LToP => quote!((#e) as usize as *mut u8),
        PToP64 => quote!((#e) as usize as i64),
        PToI32 | LToI32 => quote!((#e) as usize as i32),
        PToL | I32ToL | I64ToL => quote!((#e) as usize),
        LToI64 => quote!((#e) as i64),
        Sequence(pair) => bitcast(&pair[1], bitcast(&pair[0], e)),
    }
}

impl Bindgen for FnGen<'_> {
    type Operand = Operand;

    fn emit(
        &mut self,
        _resolve: &Resolve,
        inst: &Instruction<'_>,
        operands: &mut Vec<Operand>,
        results: &mut Vec<Operand>,
    ) {
        if self.emit_scalar(inst, operands, results)
            || self.emit_memory(inst, operands, results)
            || self.emit_list(inst, operands, results)
            || self.emit_map(inst, operands, results)
            || self.emit_fixed_list(inst, operands, results)
            || self.emit_aggregate(inst, operands, results)
            || self.emit_variant(inst, operands, results)
            || self.emit_call(inst, operands, results)
            || self.emit_handle(inst, operands, results)
            || self.emit_end(inst, operands, results)
        {
            return;
        }
        unreachable!("instruction {inst:?} is rejected before code generation")
    }

    fn return_pointer(&mut self, size: ArchitectureSize, align: Alignment) -> Operand {
        let size = Literal::usize_unsuffixed(size.size_wasm32());
        let align = Literal::usize_unsuffixed(align.align_wasm32());
        let area = self.tmp("area");
        let ptr = self.tmp("ptr");
        let ty = self.tmp("Area");
        if self.side == Side::Canonical {
            // The host reads a canonical export's results after it returns
            // (and passes the pointer to the post-return function), so they
            // live in a static area. wasm32-wasip1 is single-threaded.
            self.stmt(quote! {
                #[repr(C, align(#align))]
                struct #ty(::core::cell::UnsafeCell<[::core::mem::MaybeUninit<u8>; #size]>);
                unsafe impl ::core::marker::Sync for #ty {}
                static #area: #ty = #ty(::core::cell::UnsafeCell::new([::core::mem::MaybeUninit::uninit(); #size]));
                let #ptr = #area.0.get().cast::<u8>();
            });
            return Operand::new(quote!(#ptr));
        }
        self.stmt(quote! {
            #[repr(C, align(#align))]
            struct #ty([::core::mem::MaybeUninit<u8>; #size]);
            let mut #area = #ty([::core::mem::MaybeUninit::uninit(); #size]);
            let #ptr = #area.0.as_mut_ptr().cast::<u8>();
        });
        Operand::new(quote!(#ptr))
    }

    fn push_block(&mut self) {
        self.blocks.push(Vec::new());
    }

    fn finish_block(&mut self, operands: &mut Vec<Operand>) {
        let stmts = self.blocks.pop().expect("a block is open");
        self.finished.push((stmts, std::mem::take(operands)));
    }

    fn sizes(&self) -> &SizeAlign {
        &self.cx.sizes
    }

    fn is_list_canonical(&self, _resolve: &Resolve, element: &Type) -> bool {
        self.cx.is_plain(element)
    }
}

impl FnGen<'_> {
    /// Handles are `u32`s in Rust and `i32`s on the wire (SPEC.md,
    /// "Resources"): an `own` moves (`take_handle`), a `borrow` is lent
    /// (`handle`); the exporter lifts a borrow into `RBorrow`.
    fn emit_handle(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use wit_bindgen_core::wit_parser::Handle;
        let e = ops.first().map(|o| o.expr.clone()).unwrap_or_default();
        let expr = match inst {
            // A resource this crate exports, crossing to or from the host:
            // the host's handle table stands between (SPEC.md, "Resources").
            Instruction::HandleLower {
                handle: Handle::Own(r),
                ..
            } if self.to_host(*r) => quote!((#e).__weld_into_host()),
            Instruction::HandleLift {
                handle: Handle::Own(r),
                ..
            } if self.to_host(*r) => {
                let path = self.type_name(self.cx.resource(*r));
                quote!(#path::__weld_from_host(#e))
            }
            Instruction::HandleLower {
                handle: Handle::Own(_),
                ..
            } => quote!((#e).take_handle() as i32),
            Instruction::HandleLower {
                handle: Handle::Borrow(_),
                ..
            } => quote!((#e).handle() as i32),
            Instruction::HandleLift {
                handle: Handle::Own(r),
                ..
            } => {
                let path = self.type_name(self.cx.resource(*r));
                quote!(#path::from_handle((#e) as u32))
            }
            Instruction::HandleLift {
                handle: Handle::Borrow(r),
                ..
            } => {
                let r = self.cx.resource(*r);
                if !self.cx.is_exported(r, self.scope) && self.export_task.is_some() {
                    // A borrow of an imported resource lent to an async
                    // export (ASYNC.md section 11): its handle struct lives
                    // in the call's task (`calls.rs`). From the host it is
                    // the task's own borrow handle, dropped (`[resource-drop]`)
                    // when the task ends; from a linked crate it is the
                    // caller's handle, never dropped here.
                    let path = self.type_name(r);
                    let rt = &self.cx.rt;
                    let name = self.tmp("h");
                    let (value, lent) = if self.host {
                        (quote!(#path::from_handle((#e) as u32)), quote!(&#name))
                    } else {
                        let value = quote!(#path::from_handle((#e) as u32));
                        (quote!(#rt::rt::ManuallyDrop::new(#value)), quote!(&*#name))
                    };
                    self.task_handles.push((name, value));
                    results.push(Operand::new(lent));
                    return true;
                }
                if !self.cx.is_exported(r, self.scope) {
                    // A borrow of an imported resource: a handle struct that
                    // must not run `[resource-drop]`, lent as `&R`. In a
                    // variant's arm (never in a loop: check.rs) the struct
                    // is a local of the whole body, assigned in the arm, so
                    // that the `&R` outlives the arm.
                    let path = self.type_name(r);
                    let rt = &self.cx.rt;
                    let name = self.tmp("h");
                    let value = quote!(#rt::rt::ManuallyDrop::new(#path::from_handle((#e) as u32)));
                    if self.blocks.len() > 1 {
                        self.hoisted.push(quote!(let #name;));
                        self.stmt(quote!(#name = #value;));
                    } else {
                        self.stmt(quote!(let #name = #value;));
                    }
                    results.push(Operand::new(quote!(&*#name)));
                    return true;
                }
                let path = self.cx.type_path_suffixed(r, self.scope, "Borrow");
                if self.blocks.len() > 1 || self.side == Side::AsyncCallee {
                    // Inside a list element, variant case or option: the
                    // borrow is counted while it lives, but the escape check
                    // after the call is only made for borrows outside such
                    // blocks (SPEC.md, "Resources"). An async callee's
                    // borrows live in its task until the call completes
                    // (ASYNC.md section 4): no escape check either.
                    quote!(#path::lift((#e) as u32))
                } else {
                    let (h, before) = (self.tmp("h"), self.tmp("before"));
                    self.stmt(quote! {
                        let #h = (#e) as u32;
                        let #before = #path::__weld_borrows(#h);
                    });
                    self.post_call
                        .push(quote!(#path::__weld_returned(#h, #before);));
                    quote!(#path::lift(#h))
                }
            }
            _ => return false,
        };
        self.bind(expr, results);
        true
    }

    /// Whether an own handle of resource `r` crosses the host boundary with
    /// the host's handle table: a resource this crate exports, in a
    /// Canonical ABI export's glue or an async export's host side. (A
    /// borrow of it arrives as its representation, which is already
    /// weld's handle.)
    fn to_host(&self, r: wit_bindgen_core::wit_parser::TypeId) -> bool {
        let host = self.host || matches!(self.side, Side::Canonical | Side::TaskReturn);
        host && self.cx.is_exported(self.cx.resource(r), self.scope)
    }

    /// Takes the last `n` finished blocks, in order.
    fn take_blocks(&mut self, n: usize) -> Vec<(Vec<TokenStream>, Vec<Operand>)> {
        let at = self.finished.len() - n;
        self.finished.split_off(at)
    }

    fn emit_scalar(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        let rt = &self.cx.rt;
        let a = ops.first().map(|o| o.expr.clone()).unwrap_or_default();
        let expr = match inst {
            GetArg { nth } => {
                results.push(Operand::new(self.args[*nth].clone()));
                return true;
            }
            I32Const { val } => quote!(#val),
            ConstZero { tys } => {
                results.extend(tys.iter().map(|t| Operand::new(zero(t))));
                return true;
            }
            Bitcasts { casts } => {
                for (c, op) in casts.iter().zip(ops.iter()) {
                    let e = bitcast(c, op.expr.clone());
                    self.bind(e, results);
                }
                return true;
            }
            I32FromChar | I32FromBool | I32FromU32 | I32FromS32 | I32FromU16 | I32FromS16
            | I32FromU8 | I32FromS8 => quote!(#rt::rt::as_i32(#a)),
            I64FromU64 | I64FromS64 => quote!(#rt::rt::as_i64(#a)),
            CoreF32FromF32 => quote!(#rt::rt::as_f32(#a)),
            CoreF64FromF64 => quote!(#rt::rt::as_f64(#a)),
            S8FromI32 => quote!((#a) as i8),
            U8FromI32 => quote!((#a) as u8),
            S16FromI32 => quote!((#a) as i16),
            U16FromI32 => quote!((#a) as u16),
            S32FromI32 | S64FromI64 | F32FromCoreF32 | F64FromCoreF64 => a,
            U32FromI32 => quote!((#a) as u32),
            U64FromI64 => quote!((#a) as u64),
            CharFromI32 => quote!(#rt::rt::char_lift(#a)),
            BoolFromI32 => quote!(#rt::rt::bool_lift(#a)),
            _ => return false,
        };
        self.bind(expr, results);
        true
    }

    fn emit_memory(
        &mut self,
        inst: &Instruction<'_>,
        ops: &mut [Operand],
        results: &mut Vec<Operand>,
    ) -> bool {
        use Instruction::*;
        let ptr = |i: usize| ops[i].expr.clone();
        let load = |o: &ArchitectureSize, t: TokenStream| {
            let (p, o) = (ptr(0), off(o));
            quote!(*#p.add(#o).cast::<#t>())
        };
        let expr = match inst {
            I32Load { offset } => load(offset, quote!(i32)),
            I32Load8U { offset } => {
                let l = load(offset, quote!(u8));
                quote!(i32::from(#l))
            }
            I32Load8S { offset } => {
                let l = load(offset, quote!(i8));
                quote!(i32::from(#l))
            }
            I32Load16U { offset } => {
                let l = load(offset, quote!(u16));
                quote!(i32::from(#l))
            }
            I32Load16S { offset } => {
                let l = load(offset, quote!(i16));
                quote!(i32::from(#l))
            }
            I64Load { offset } => load(offset, quote!(i64)),
            F32Load { offset } => load(offset, quote!(f32)),
            F64Load { offset } => load(offset, quote!(f64)),
            PointerLoad { offset } => load(offset, quote!(*mut u8)),
            LengthLoad { offset } => load(offset, quote!(usize)),
            _ => return self.emit_store(inst, ops),
        };
        self.bind(expr, results);
        true
    }

    fn emit_store(&mut self, inst: &Instruction<'_>, ops: &mut [Operand]) -> bool {
        use Instruction::*;
        let (t, offset, cast) = match inst {
            I32Store { offset } => (quote!(i32), offset, quote!()),
            I32Store8 { offset } => (quote!(u8), offset, quote!(as u8)),
            I32Store16 { offset } => (quote!(u16), offset, quote!(as u16)),
            I64Store { offset } => (quote!(i64), offset, quote!()),
            F32Store { offset } => (quote!(f32), offset, quote!()),
            F64Store { offset } => (quote!(f64), offset, quote!()),
            PointerStore { offset } => (quote!(*mut u8), offset, quote!()),
            LengthStore { offset } => (quote!(usize), offset, quote!()),
            _ => return false,
        };
        let (v, p, o) = (&ops[0].expr, &ops[1].expr, off(offset));
        self.stmt(quote!(*#p.add(#o).cast::<#t>() = (#v) #cast;));
        true
    }
}
