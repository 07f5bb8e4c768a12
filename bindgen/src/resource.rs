//! Resources: the handle struct of an imported resource, and the
//! `GuestR` trait, own handle `R`, borrow `RBorrow` and `[resource-drop]`
//! glue of an exported one (SPEC.md, "Resources"). The shapes follow
//! wit-bindgen's generated Rust. This module emits the types only; the
//! constructors, methods and statics are ordinary functions (function.rs).

use crate::context::Cx;
use crate::names::{camel, type_name};
use crate::types::docs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wit_bindgen_core::wit_parser::TypeId;

/// The `[resource-drop]` symbol of resource `id` of `interface`, as the
/// importing (`export` false) or exporting side names it.
pub(crate) fn drop_symbol(cx: &Cx, id: TypeId, interface: Option<&str>, export: bool) -> String {
    let name = cx.resolve.types[id].name.as_deref().unwrap_or("");
    cx.symbol(interface, &weld_abi::canonical::resource_drop(name), export)
}

/// `Drop` calling `[resource-drop]`, and the hidden handle accessors that
/// imported and exported handles share. `own_drop`, for an exported
/// resource, drops the handle in this crate first (its guard knows the
/// representation's type); the symbol is then only the fallback.
fn handle_impls(
    name: &proc_macro2::Ident,
    symbol: &str,
    own_drop: Option<TokenStream>,
) -> TokenStream {
    let call = quote!(__weld_drop(self.handle as i32));
    let body = match own_drop {
        Some(own) => quote!(if !#own { #call }),
        None => call,
    };
    quote! {
        impl #name {
            /// Takes ownership of `handle`.
            ///
            /// # Safety
            /// `handle` must be an own handle of this resource that
            /// nothing else owns.
            #[doc(hidden)]
            pub unsafe fn from_handle(handle: u32) -> Self {
                Self { handle }
            }
            /// Gives up ownership: the caller must drop the handle.
            #[doc(hidden)]
            pub fn take_handle(self) -> u32 {
                let handle = self.handle;
                ::core::mem::forget(self);
                handle
            }
            /// The handle, still owned by `self`.
            #[doc(hidden)]
            pub fn handle(&self) -> u32 {
                self.handle
            }
        }
        impl ::core::ops::Drop for #name {
            fn drop(&mut self) {
                unsafe extern "C" {
                    #[link_name = #symbol]
                    fn __weld_drop(handle: i32);
                }
                // SAFETY: `self` owns the handle and gives it up here.
                unsafe { #body }
            }
        }
    }
}

/// An imported resource: a struct owning a handle.
pub(crate) fn expand_resource_import(cx: &Cx, id: TypeId, interface: Option<&str>) -> TokenStream {
    let def = &cx.resolve.types[id];
    let name = type_name(def.name.as_deref().unwrap_or(""));
    let docs = docs(&def.docs);
    let impls = handle_impls(&name, &drop_symbol(cx, id, interface, false), None);
    let elem = crate::asynchronous::resource_elem(cx, id, &name);
    quote! {
        #docs
        #[derive(Debug)]
        #[repr(transparent)]
        pub struct #name { handle: u32 }
        #impls
        #elem
    }
}

/// What an exported resource adds to its interface's module.
pub(crate) struct ExportedResource {
    /// The trait, the handle types and the drop glue.
    pub items: TokenStream,
    /// `type R: GuestR;` for the interface's `Guest` trait.
    pub assoc: TokenStream,
    /// The `[resource-drop]` entry point for the export macro.
    pub entry: TokenStream,
}

/// An exported resource: `GuestR` (whose methods are `methods`), the own
/// handle `R`, the borrow `RBorrow<'a>` and the `[resource-drop]` glue.
pub(crate) fn expand_resource_export(
    cx: &Cx,
    id: TypeId,
    interface: Option<&str>,
    methods: &[TokenStream],
    glue_path: &TokenStream,
) -> ExportedResource {
    let def = &cx.resolve.types[id];
    let wit_name = def.name.as_deref().unwrap_or("");
    // The handle type (`Guest_` for a resource named `guest`, as in
    // wit-bindgen), and the associated type, the trait and the borrow
    // (`GuestBorrow`, as wit-bindgen spells it), named as is.
    let name = type_name(wit_name);
    let assoc = camel(wit_name);
    let trait_name = format_ident!("Guest{}", assoc);
    let borrow = format_ident!("{}Borrow", assoc);
    let guard = format_ident!("__WELD_TYPE_GUARD_{}", name.to_string().to_uppercase());
    let glue = format_ident!("_export_drop_{}_cabi", name.to_string().to_lowercase());
    let rt = &cx.rt;
    let docs = docs(&def.docs);
    let symbol = drop_symbol(cx, id, interface, true);
    // The exporting crate drops its own handles itself: through the
    // symbol, a wrapper of the interface would receive them (SPEC.md
    // section 14, "Resources through a wrapper").
    let own_drop = quote!(#guard.drop_own(self.handle, #wit_name));
    let impls = handle_impls(&name, &symbol, Some(own_drop));
    let host = host_handles(cx, &name, interface, wit_name);
    let elem = crate::asynchronous::resource_elem(cx, id, &name);
    let (lend, unlent) = async_lends(cx, id, &guard, wit_name);
    let hooks = storage_hooks(cx);
    let items = quote! {
        #docs
        pub trait #trait_name: #rt::rt::Resource { #(#methods)* #hooks }

        #docs
        /// An own handle: dropping it runs the resource's destructor.
        #[derive(Debug)]
        #[repr(transparent)]
        pub struct #name { handle: u32 }

        #[doc(hidden)]
        static #guard: #rt::rt::TypeGuard = #rt::rt::TypeGuard::new();

        impl #name {
            /// Moves `val` into a new resource owned by the returned handle.
            pub fn new<T: #trait_name>(val: T) -> Self {
                #guard.check::<T>(#wit_name);
                #guard.set_drop(Self::__weld_drop_rep::<T>);
                let rep = <T::Rep as #rt::rt::ResourceRep<T>>::rep_new(val);
                // SAFETY: the pointer is the new resource's handle until
                // `resource_from_raw_` takes it back.
                let handle = unsafe { T::resource_into_raw_(rep) } as usize as u32;
                ::core::assert!(handle != 0, "`resource_into_raw_` returned a null pointer");
                #guard.created(handle);
                Self { handle }
            }
            /// Takes a representation back through `T`'s hook and drops it
            /// (what the guard's `drop_own` runs).
            ///
            /// # Safety
            /// `handle` is a live own handle made by `new::<T>`, given up.
            #[doc(hidden)]
            unsafe fn __weld_drop_rep<T: #trait_name>(handle: u32) {
                // SAFETY: the caller gives up a live handle of `T`.
                let rep = unsafe { T::resource_from_raw_(#rt::rt::resource_rep(handle)) };
                ::core::mem::drop(rep);
            }
            /// The value behind the handle (`T` is the type given to `new`).
            pub fn get<T: #trait_name>(&self) -> &T {
                #guard.check::<T>(#wit_name);
                #guard.live(self.handle, #wit_name);
                // SAFETY: `self` owns a live representation of type `T`.
                unsafe { <T::Rep as #rt::rt::ResourceRep<T>>::rep_as_ref(#rt::rt::resource_rep(self.handle)) }
            }
            /// The value behind the handle, mutably.
            pub fn get_mut<T: #trait_name>(&mut self) -> &mut T {
                #guard.check::<T>(#wit_name);
                #guard.live(self.handle, #wit_name);
                #unlent
                // SAFETY: as for `get`; `&mut self` makes it unique (no
                // borrow of a call outlives it, and no async call's: the
                // line above).
                unsafe { <T::Rep as #rt::rt::ResourceRep<T>>::rep_as_mut(#rt::rt::resource_rep(self.handle)) }
            }
            /// Takes the value out and frees the resource without running
            /// its destructor.
            pub fn into_inner<T: #trait_name>(self) -> T {
                #guard.check::<T>(#wit_name);
                let handle = self.take_handle();
                #guard.dropped(handle, #wit_name);
                // SAFETY: the handle was owned by `self` and is dead now.
                let rep = unsafe { T::resource_from_raw_(#rt::rt::resource_rep(handle)) };
                <T::Rep as #rt::rt::ResourceRep<T>>::rep_take(rep)
            }
        }
        #impls
        #host
        #elem

        /// A borrowed handle, valid for the call that received it.
        #[derive(Debug)]
        #[repr(transparent)]
        pub struct #borrow<'a> {
            rep: u32,
            _marker: #rt::rt::PhantomData<&'a #name>,
        }

        impl<'a> #borrow<'a> {
            /// # Safety
            /// `rep` must be a live handle of this resource for `'a`.
            #[doc(hidden)]
            pub unsafe fn lift(rep: u32) -> Self {
                #guard.lend(rep, #wit_name);
                Self { rep, _marker: #rt::rt::PhantomData }
            }
            /// The value behind the handle.
            pub fn get<T: #trait_name>(&self) -> &'a T {
                #guard.check::<T>(#wit_name);
                #guard.live(self.rep, #wit_name);
                // SAFETY: the caller keeps the resource alive during the call.
                unsafe { <T::Rep as #rt::rt::ResourceRep<T>>::rep_as_ref(#rt::rt::resource_rep(self.rep)) }
            }
            /// A method's `&self`: the borrow ends here, the reference
            /// lives for the call.
            #[doc(hidden)]
            pub fn __weld_into_ref<T: #trait_name>(self) -> &'a T {
                self.get::<T>()
            }
            #lend
            /// The checked mode's count of live borrows of `rep`.
            #[doc(hidden)]
            pub fn __weld_borrows(rep: u32) -> u32 {
                #guard.borrows(rep)
            }
            /// The checked mode's test that no borrow of `rep` outlived the
            /// call that received it.
            #[doc(hidden)]
            pub fn __weld_returned(rep: u32, before: u32) {
                #guard.returned(rep, before, #wit_name);
            }
        }

        impl ::core::ops::Drop for #borrow<'_> {
            fn drop(&mut self) {
                #guard.give_back(self.rep);
            }
        }

        #[doc(hidden)]
        #[allow(non_snake_case)]
        pub unsafe fn #glue<__T: Guest>(handle: i32) {
            #guard.check::<__T::#assoc>(#wit_name);
            #guard.dropped(handle as u32, #wit_name);
            // SAFETY: `[resource-drop]` receives the last own handle.
            let rep = unsafe {
                <__T::#assoc as #trait_name>::resource_from_raw_(#rt::rt::resource_rep(handle as u32))
            };
            ::core::mem::drop(rep);
        }
    };
    let entry_name = format_ident!("__weld_export_drop_{}", name.to_string().to_lowercase());
    let dtor_entry = format_ident!("__weld_export_dtor_{}", name.to_string().to_lowercase());
    let dtor_func = weld_abi::canonical::dtor(wit_name);
    let dtor = cx.canonical_name(
        interface,
        &dtor_func,
        weld_abi::canonical::export_name(interface, &dtor_func),
    );
    let entry = quote! {
        #[unsafe(export_name = #symbol)]
        unsafe extern "C" fn #entry_name(handle: i32) {
            unsafe { #glue_path::#glue::<$ty>(handle) }
        }
        // The host's destructor call, when its last handle of a resource
        // this crate gave it is dropped (exported only by the root crate).
        #[unsafe(export_name = #dtor)]
        unsafe extern "C" fn #dtor_entry(rep: i32) {
            if !#rt::rt::host_detached(rep as u32) {
                unsafe { #glue_path::#glue::<$ty>(rep) }
            }
        }
    };
    ExportedResource {
        items,
        assoc: quote!(type #assoc: #trait_name;),
        entry,
    }
}

/// For a resource some async function borrows (an async method's receiver
/// included): `RBorrow::__weld_lend_async`, which lends it to the call's
/// task (ASYNC.md section 4), and the check in `get_mut` that no pending
/// call borrows it (none without).
fn async_lends(
    cx: &Cx,
    id: TypeId,
    guard: &proc_macro2::Ident,
    wit_name: &str,
) -> (TokenStream, TokenStream) {
    if !crate::asynchronous::lent_in_async(cx.resolve, id) {
        return (TokenStream::new(), TokenStream::new());
    }
    let rt = &cx.rt;
    let lend = quote! {
        /// Lends `rep` to a pending async call (ASYNC.md section 4): until
        /// the returned lend is dropped, dropping the resource, taking its
        /// value or borrowing it mutably panics.
        #[doc(hidden)]
        pub fn __weld_lend_async(rep: u32) -> #rt::rt::AsyncLend {
            #guard.lend_async(rep, #wit_name)
        }
    };
    (lend, quote!(#guard.unlent(self.handle, #wit_name);))
}

/// wit-bindgen's storage hooks of an exported resource's trait: where a
/// new resource's representation lives (its address is the handle, SPEC.md
/// section 14) and how it is taken back. The defaults box it; a crate may
/// override both, e.g. to allocate from an arena.
fn storage_hooks(cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    quote! {
        /// Places a new resource's representation at a stable address,
        /// which becomes its handle (the default boxes it). It must stay
        /// valid, unmoved and used by nothing else until
        /// `resource_from_raw_` takes it back, be non-null and fit 32 bits.
        ///
        /// # Safety
        /// Safe to call, `unsafe` to define: override `resource_from_raw_`
        /// with it, so that it frees what this allocated.
        #[doc(hidden)]
        unsafe fn resource_into_raw_(val: Self::Rep) -> *mut Self::Rep {
            #rt::rt::Box::into_raw(#rt::rt::Box::new(val))
        }

        /// Takes back a representation that `resource_into_raw_` placed,
        /// when the resource is dropped (its value is then dropped) or
        /// turned back into its value (`into_inner`).
        ///
        /// # Safety
        /// Only for pointers `resource_into_raw_` returned, once each.
        #[doc(hidden)]
        unsafe fn resource_from_raw_(handle: *mut Self::Rep) -> Self::Rep {
            // SAFETY: the default `resource_into_raw_` made it a `Box`.
            *unsafe { #rt::rt::Box::from_raw(handle) }
        }
    }
}

/// The own handle's conversions at the host boundary, for a Canonical ABI
/// export's glue: the host holds its own handle of a resource this crate
/// gave it, made by `[resource-new]` from the representation, and turned
/// back into it by `[resource-rep]` (SPEC.md, "Resources").
fn host_handles(
    cx: &Cx,
    name: &proc_macro2::Ident,
    interface: Option<&str>,
    wit_name: &str,
) -> TokenStream {
    let Some(interface) = interface else {
        // A world's resources are imports: never exported to the host.
        return TokenStream::new();
    };
    let rt = &cx.rt;
    let module = weld_abi::canonical::exported_resource_module(interface);
    let [new, rep, drop] =
        ["new", "rep", "drop"].map(|op| weld_abi::canonical::resource_op(op, wit_name));
    quote! {
        impl #name {
            /// Takes the resource back from the host's `handle`: the host
            /// drops its handle without running the destructor.
            ///
            /// # Safety
            /// `handle` must be an own handle the host received from this
            /// crate and passes on.
            #[doc(hidden)]
            pub unsafe fn __weld_from_host(handle: i32) -> Self {
                #[link(wasm_import_module = #module)]
                unsafe extern "C" {
                    #[link_name = #rep]
                    fn rep(handle: i32) -> i32;
                    #[link_name = #drop]
                    fn drop(handle: i32);
                }
                // SAFETY: `handle` is the host's own handle of this resource.
                let rep = unsafe { rep(handle) } as u32;
                // SAFETY: as above; `[dtor]` skips `rep` while it is dropped.
                #rt::rt::detach_from_host(rep, || unsafe { drop(handle) });
                Self { handle: rep }
            }
            /// Gives the resource to the host: its own handle of it.
            #[doc(hidden)]
            pub fn __weld_into_host(self) -> i32 {
                #[link(wasm_import_module = #module)]
                unsafe extern "C" {
                    #[link_name = #new]
                    fn new(rep: i32) -> i32;
                }
                // SAFETY: the representation is live and now the host's.
                unsafe { new(self.take_handle() as i32) }
            }
        }
    }
}
