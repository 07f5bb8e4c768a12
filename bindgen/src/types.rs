//! Rust items for WIT type definitions: one `expand_<kind>` per kind.
//! The shapes follow wit-bindgen's generated Rust (same names and derives),
//! plus `#[repr(C)]` on records of plain data so lists of them cross the
//! boundary without being rebuilt.

use crate::context::{Cx, Scope};
use crate::names::{camel, shouty, snake, type_name};
use crate::ownership::TypeMode;
use crate::type_attributes::{member_attributes, type_attributes};
use proc_macro2::TokenStream;
use quote::quote;
use wit_bindgen_core::wit_parser::{
    Docs, Enum, Flags, Record, Type, TypeDefKind, TypeId, TypeOwner, Variant,
};

/// The item for the named type `id`, defined in the module of `scope`.
pub(crate) fn expand_type(cx: &Cx, id: TypeId, scope: Scope) -> TokenStream {
    let def = &cx.resolve.types[id];
    let Some(name) = def.name.as_deref() else {
        return TokenStream::new();
    };
    if !cx.is_exported(id, scope) && cx.remapped.type_alias(id).is_some() {
        // `with` maps it to the user's type.
        return TokenStream::new();
    }
    let docs = docs(&def.docs);
    // With `merge_structurally_equal_types`, the exported copy of an
    // interface the world also imports is, for wit-bindgen, a copy equal
    // to the imported one (its resources aside, and the types holding one
    // of its resources through a future or stream): an alias of it.
    let wrapped_copy = cx.options.merge_structurally_equal_types
        && !matches!(def.kind, TypeDefKind::Resource)
        && !crate::asynchronous::holds_handle_in_end(cx.resolve, &Type::Id(id))
        && matches!(def.owner, TypeOwner::Interface(o)
            if scope.export && scope.interface == Some(o) && cx.is_imported(o));
    let rep = cx.representatives.get(&id).copied();
    if let Some(merged) = expand_placed_copy(cx, id, rep, name, scope, &docs) {
        return merged;
    }
    if let Some(rep) = rep.or(wrapped_copy.then_some(id)) {
        let target_scope = Scope {
            export: scope.export && !wrapped_copy,
            ..scope
        };
        return expand_merged(cx, id, rep, name, (scope, target_scope), &docs);
    }
    let body = match &def.kind {
        TypeDefKind::Enum(e) => {
            let attrs = type_attributes(cx, id);
            let item = expand_enum(cx, id, name, e);
            quote!(#attrs #item)
        }
        TypeDefKind::Flags(f) => expand_flags(cx, name, f),
        // Emitted with the interface's functions (resource.rs).
        TypeDefKind::Resource => return TokenStream::new(),
        kind => {
            // One definition, or two with `duplicate_if_necessary`
            // (`ownership.rs`), each with the docs.
            let defs = cx.modes_of(id, scope).into_iter().map(|(suffix, mode)| {
                let def = Def {
                    id,
                    name: crate::names::ident(&format!("{}{suffix}", type_name(name))),
                    mode,
                    scope: Scope {
                        typedef: mode.lifetime.is_some(),
                        ..scope
                    },
                };
                let body = match kind {
                    TypeDefKind::Record(r) => expand_record(cx, &def, r),
                    TypeDefKind::Variant(v) => expand_variant(cx, &def, v),
                    _ => expand_alias(cx, &def),
                };
                // `additional_type_attributes`, on each definition.
                let attrs = type_attributes(cx, id);
                quote!(#attrs #docs #body)
            });
            let elem = crate::asynchronous::payload_elem(cx, id, scope);
            return quote!(#(#defs)* #elem);
        }
    };
    let elem = crate::asynchronous::payload_elem(cx, id, scope);
    quote!(#docs #body #elem)
}

/// `merge_structurally_equal_types`: a type structurally equal to an
/// earlier one is an alias of it (each of its definitions, in its own
/// mode), as wit-bindgen generates it.
fn expand_merged(
    cx: &Cx,
    id: TypeId,
    rep: TypeId,
    name: &str,
    (scope, target_scope): (Scope, Scope),
    docs: &TokenStream,
) -> TokenStream {
    let defs = cx.modes_of(id, scope).into_iter().map(|(suffix, mode)| {
        let name = crate::names::ident(&format!("{}{suffix}", type_name(name)));
        let generics = mode.lifetime.map(|_| quote!(<'a>));
        let target = cx.print_ty(&Type::Id(rep), mode, target_scope);
        quote!(#docs pub type #name #generics = #target;)
    });
    quote!(#(#defs)*)
}

/// With `merge_structurally_equal_types`, a type of an interface the world
/// has under several names, in the module of a name other names do not
/// refer to: for wit-bindgen (whose copies are distinct types) a copy equal
/// to the one in the module the others refer to, imported if the world
/// imports the interface, unless it holds a handle (each name's resources
/// are its own types): an alias of that copy.
fn expand_placed_copy(
    cx: &Cx,
    id: TypeId,
    rep: Option<TypeId>,
    name: &str,
    scope: Scope,
    docs: &TokenStream,
) -> Option<TokenStream> {
    let TypeOwner::Interface(owner) = cx.resolve.types[id].owner else {
        return None;
    };
    let ty = Type::Id(id);
    if !cx.options.merge_structurally_equal_types
        || !cx.is_placed(owner, scope.export)
        || matches!(cx.resolve.types[id].kind, TypeDefKind::Resource)
        || cx.has_own(&ty)
        || cx.has_borrow(&ty)
    {
        return None;
    }
    let target_scope = Scope {
        export: scope.export && !cx.is_imported(owner),
        ..scope
    };
    let rep = rep.unwrap_or(id);
    Some(cx.unplaced(|| expand_merged(cx, id, rep, name, (scope, target_scope), docs)))
}

/// One definition of a record, variant or alias: its Rust name and the
/// mode its fields are spelled in (owned, or borrowed with `'a`).
struct Def {
    id: TypeId,
    name: proc_macro2::Ident,
    mode: TypeMode,
    scope: Scope,
}

impl Def {
    /// `<'a>` when the definition borrows (a `borrow<T>` or, with
    /// `ownership: Borrowing`, strings and lists).
    fn generics(&self) -> TokenStream {
        match self.mode.lifetime {
            Some(_) => quote!(<'a>),
            None => TokenStream::new(),
        }
    }

    /// A field's or payload's type.
    fn field(&self, cx: &Cx, ty: &Type) -> TokenStream {
        cx.print_ty(ty, cx.filter_mode(ty, self.mode, self.scope), self.scope)
    }
}

/// `record` → a struct with public fields.
fn expand_record(cx: &Cx, def: &Def, r: &Record) -> TokenStream {
    let ty = Type::Id(def.id);
    let (name, generics) = (&def.name, def.generics());
    let error = cx.is_error(def.id);
    let derives = derives(cx, &ty, &["Clone", "Debug"], error);
    let repr = cx.is_plain(&ty).then(|| quote!(#[repr(C)]));
    let fields = r.fields.iter().map(|f| {
        let docs = docs(&f.docs);
        let attrs = member_attributes(cx, def.id, &f.name);
        let fname = snake(&f.name);
        let fty = def.field(cx, &f.ty);
        quote!(#docs #attrs pub #fname: #fty,)
    });
    let error_impls = error.then(|| {
        // wit-bindgen's `Debug` for records: the WIT field names.
        let type_name = name.to_string();
        let debug_fields = r.fields.iter().map(|f| {
            let wit_name = &f.name;
            let fname = snake(&f.name);
            quote!(.field(#wit_name, &self.#fname))
        });
        let debug = quote! {
            impl #generics ::core::fmt::Debug for #name #generics {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#type_name) #(#debug_fields)* .finish()
                }
            }
        };
        let display = display_via_debug(name, &generics);
        quote!(#debug #display)
    });
    quote! {
        #derives
        #repr
        pub struct #name #generics { #(#fields)* }
        #error_impls
    }
}

/// `variant` → an enum with payloads.
fn expand_variant(cx: &Cx, def: &Def, v: &Variant) -> TokenStream {
    let error = cx.is_error(def.id);
    let derives = derives(cx, &Type::Id(def.id), &["Clone", "Debug"], error);
    let (name, generics) = (&def.name, def.generics());
    let cases = v.cases.iter().map(|c| {
        let docs = docs(&c.docs);
        let attrs = member_attributes(cx, def.id, &c.name);
        let cname = camel(&c.name);
        match &c.ty {
            Some(t) => {
                let t = def.field(cx, t);
                quote!(#docs #attrs #cname(#t),)
            }
            None => quote!(#docs #attrs #cname,),
        }
    });
    let error_impls = error.then(|| {
        // wit-bindgen's `Debug` for variants: `Name::Case(payload)`.
        let arms = v.cases.iter().map(|c| {
            let cname = camel(&c.name);
            let label = format!("{name}::{cname}");
            match c.ty {
                Some(_) => quote!(#name::#cname(e) => f.debug_tuple(#label).field(e).finish(),),
                None => quote!(#name::#cname => f.debug_tuple(#label).finish(),),
            }
        });
        let display = display_via_debug(name, &generics);
        quote! {
            impl #generics ::core::fmt::Debug for #name #generics {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self { #(#arms)* }
                }
            }
            #display
        }
    });
    quote! {
        #derives
        pub enum #name #generics { #(#cases)* }
        #error_impls
    }
}

/// An error record's or variant's `Display` (its `Debug` text, as in
/// wit-bindgen) and its `core::error::Error` (which `std::error::Error`
/// re-exports), so `e.to_string()` and `?` into `Box<dyn Error>` or
/// `anyhow::Error` work.
fn display_via_debug(name: &proc_macro2::Ident, generics: &TokenStream) -> TokenStream {
    quote! {
        impl #generics ::core::fmt::Display for #name #generics {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{:?}", self)
            }
        }
        impl #generics ::core::error::Error for #name #generics {}
    }
}

/// `enum` → a fieldless enum with the discriminant size of the ABI. An
/// error enum has wit-bindgen's `name()` (the WIT case name), `message()`
/// (the case's docs), `Debug` (code, name, message), `Display`
/// (`name (error code)`) and `core::error::Error`.
fn expand_enum(cx: &Cx, id: TypeId, name: &str, e: &Enum) -> TokenStream {
    let have = [
        "Clone",
        "Copy",
        "Debug",
        "PartialEq",
        "Eq",
        "PartialOrd",
        "Ord",
        "Hash",
    ];
    let extra = cx.extra_derives(name, &have);
    let error = cx.is_error(id);
    let debug = (!error).then(|| quote!(Debug,));
    let repr = match e.cases.len() {
        0..=256 => quote!(u8),
        257..=65536 => quote!(u16),
        _ => quote!(u32),
    };
    let wit_name = name;
    let name = type_name(name);
    let cases = e.cases.iter().map(|c| {
        let docs = docs(&c.docs);
        let attrs = member_attributes(cx, id, &c.name);
        let cname = camel(&c.name);
        quote!(#docs #attrs #cname,)
    });
    let error_impls = error.then(|| {
        let type_name = name.to_string();
        let names = e.cases.iter().map(|c| {
            let cname = camel(&c.name);
            let wit_name = &c.name;
            quote!(#name::#cname => #wit_name,)
        });
        let messages = e.cases.iter().map(|c| {
            let cname = camel(&c.name);
            let message = c.docs.contents.as_deref().unwrap_or_default().trim();
            quote!(#name::#cname => #message,)
        });
        quote! {
            impl #name {
                pub fn name(&self) -> &'static str {
                    match self { #(#names)* }
                }
                pub fn message(&self) -> &'static str {
                    match self { #(#messages)* }
                }
            }
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#type_name)
                        .field("code", &(*self as i32))
                        .field("name", &self.name())
                        .field("message", &self.message())
                        .finish()
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "{} (error {})", self.name(), *self as i32)
                }
            }
            impl ::core::error::Error for #name {}
        }
    });
    let conversions = enum_conversions(cx, &name, &repr, e.cases.len(), wit_name);
    quote! {
        #[derive(Clone, Copy, #debug PartialEq, Eq, PartialOrd, Ord, Hash #(, #extra)*)]
        #[repr(#repr)]
        pub enum #name { #(#cases)* }
        #conversions
        #error_impls
    }
}

/// The enum's hidden `_lower` (its discriminant) and `_lift` (a checked
/// discriminant back to the case), which every function lowering or
/// lifting the enum calls instead of matching on each case inline.
fn enum_conversions(
    cx: &Cx,
    name: &proc_macro2::Ident,
    repr: &TokenStream,
    cases: usize,
    wit_name: &str,
) -> TokenStream {
    let rt = &cx.rt;
    let count = proc_macro2::Literal::u32_unsuffixed(cases as u32);
    quote! {
        impl #name {
            #[doc(hidden)]
            #[inline]
            pub fn _lower(self) -> i32 {
                self as i32
            }
            #[doc(hidden)]
            #[inline]
            pub fn _lift(value: i32) -> Self {
                if (value as u32) < #count {
                    // SAFETY: the enum is `#[repr(#repr)]` with its cases
                    // numbered from 0 in order, and `value` is below their
                    // count, so it is the discriminant of one of them.
                    unsafe { ::core::mem::transmute::<#repr, Self>(value as #repr) }
                } else {
                    #rt::rt::invalid_discriminant(#wit_name, value)
                }
            }
        }
    }
}

/// `flags` → a bitflags-style struct (see `weld::__flags!`).
fn expand_flags(cx: &Cx, name: &str, f: &Flags) -> TokenStream {
    let rt = &cx.rt;
    let bits = match f.flags.len() {
        0..=8 => quote!(u8),
        9..=16 => quote!(u16),
        17..=32 => quote!(u32),
        _ => quote!(u64),
    };
    let have = [
        "Clone",
        "Copy",
        "PartialEq",
        "Eq",
        "PartialOrd",
        "Ord",
        "Hash",
        "Default",
        "Debug",
    ];
    let extra = cx.extra_derives(name, &have);
    let extra = (!extra.is_empty()).then(|| quote!(#[derive(#(#extra),*)]));
    let name = type_name(name);
    let consts = f.flags.iter().enumerate().map(|(i, flag)| {
        let docs = docs(&flag.docs);
        let fname = shouty(&flag.name);
        let bit = proc_macro2::Literal::u64_unsuffixed(1u64 << i);
        quote!(#docs const #fname = #bit;)
    });
    quote! {
        #rt::__flags! {
            #extra
            pub struct #name: #bits { #(#consts)* }
        }
    }
}

/// Named lists, options, results, tuples and `type a = b` → a type alias.
/// A type holding a `borrow<T>` (or, with `ownership: Borrowing`, a
/// borrowed string or list) gets a lifetime parameter `'a`, as in
/// wit-bindgen.
fn expand_alias(cx: &Cx, def: &Def) -> TokenStream {
    let (name, generics) = (&def.name, def.generics());
    let target = cx.print_anonymous(def.id, def.mode, def.scope);
    quote!(pub type #name #generics = #target;)
}

/// `#[derive(..)]` for records and variants: `base`, `Copy` when every
/// field is, and the user's `additional_derives`. An error type's `Debug`
/// is written out instead (`no_debug`), in wit-bindgen's format.
fn derives(cx: &Cx, ty: &Type, base: &[&str], no_debug: bool) -> TokenStream {
    let mut have: Vec<&str> = base.to_vec();
    if cx.has_own(ty) || cx.has_borrow(ty) {
        // A handle has one owner, and an exporter's borrow is counted by the
        // checked mode: no `Clone`.
        have.retain(|d| *d != "Clone");
    }
    if cx.is_copy(ty) {
        have.push("Copy");
    }
    let names: Vec<_> = have
        .iter()
        .filter(|d| !(no_debug && **d == "Debug"))
        .map(|d| crate::names::ident(d))
        .collect();
    let wit_name = match ty {
        Type::Id(id) => cx.resolve.types[*id].name.as_deref().unwrap_or_default(),
        _ => "",
    };
    let extra = cx.extra_derives(wit_name, &have);
    if names.is_empty() && extra.is_empty() {
        return TokenStream::new();
    }
    quote!(#[derive(#(#names,)* #(#extra,)*)])
}

/// WIT doc comments as `#[doc]` attributes.
pub(crate) fn docs(docs: &Docs) -> TokenStream {
    match &docs.contents {
        Some(text) => {
            let lines = text.lines().map(|l| format!(" {l}"));
            quote!(#(#[doc = #lines])*)
        }
        None => TokenStream::new(),
    }
}

/// WIT doc comments as inner `#![doc]` attributes (for a module).
pub(crate) fn inner_docs(docs: &Docs) -> TokenStream {
    match &docs.contents {
        Some(text) => {
            let lines = text.lines().map(|l| format!(" {l}"));
            quote!(#(#![doc = #lines])*)
        }
        None => TokenStream::new(),
    }
}
