//! wit-bindgen's rules for how much of a type an imported function's
//! parameter borrows, and the Rust spelling that follows from them.
//!
//! wit-bindgen 0.63 describes each level of a type with a *mode*: whether
//! it carries a lifetime, whether its lists and strings are slices, and a
//! *style* that decides the next level's mode. An imported function's
//! parameter starts in the style the `ownership` option picks (`Owning`:
//! only the top level borrowed, so `&Record`, `Option<&str>`, `&[String]`;
//! `Borrowing`: every level, so `&[&str]` and `Record<'a>`), and the type's
//! facts (from wit-bindgen-core's own analysis: holds a list, an `own` or a
//! `borrow` handle, used owned or borrowed anywhere) lower that request
//! level by level: an `own` handle forces ownership, a type without lists
//! is passed by value, a named type is borrowed as `&T`. The same rules
//! give the fields of the borrowed type definitions that `Borrowing`
//! generates. Following them exactly is what lets a caller written for
//! wit-bindgen compile unchanged (`tests/wit_bindgen_signatures.rs` checks
//! every corpus function against wit-bindgen itself).
//!
//! This module only spells types; it generates no code.

use crate::context::{Cx, Mode, Scope};
use crate::options::Ownership;
use proc_macro2::TokenStream;
use quote::quote;
use wit_bindgen_core::TypeInfo;
use wit_bindgen_core::wit_parser::{Handle, Type, TypeDefKind, TypeId, TypeOwner};

/// How one level of a type is requested (wit-bindgen's ownership style).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `String`, `Vec<T>`, named types by their owned definition.
    Owned,
    /// Strings and lists as `&str`/`&[T]` at every level.
    Borrowed,
    /// Only this level borrowed (`&T` for a named type); the levels below
    /// are owned.
    OnlyTopBorrowed,
}

impl Style {
    /// The style of the level below.
    fn next(self) -> Style {
        match self {
            Style::OnlyTopBorrowed => Style::Owned,
            s => s,
        }
    }
}

/// The mode of one level of a type (wit-bindgen's `TypeMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TypeMode {
    /// The lifetime this level needs, if any: `'_` in parameters, `'a` in
    /// type definitions.
    pub lifetime: Option<&'static str>,
    /// Strings and lists are `&str`/`&[T]`.
    pub lists_borrowed: bool,
    /// What the level below is asked for.
    pub style: Style,
}

impl TypeMode {
    /// Everything owned.
    pub const OWNED: TypeMode = TypeMode {
        lifetime: None,
        lists_borrowed: false,
        style: Style::Owned,
    };
}

impl Cx<'_> {
    /// wit-bindgen-core's facts about a type as seen from `scope` (with
    /// structurally equal types' facts merged, as wit-bindgen merges them).
    /// The exported copy of an interface the world also imports is, for
    /// wit-bindgen, a copy with types of its own (its
    /// `generate_nominal_type_ids`), which no imported function's
    /// parameter uses; only the types that may alias another (lists,
    /// options, tuples, `type a = b`, ..) share the imported copy's facts,
    /// being structurally equal to it. So its records, variants, enums and
    /// flags are never borrowed.
    pub fn info(&self, id: TypeId, scope: Scope) -> TypeInfo {
        let mut info = self.types.get(id);
        if let TypeOwner::Interface(owner) = self.resolve.types[id].owner
            && scope.export
            && scope.interface == Some(owner)
            && self.is_imported(owner)
            && !may_alias(self.resolve, id, self.options)
        {
            info.borrowed = false;
        }
        info
    }

    /// Whether `id` has two definitions, `<T>Param<'a>` (borrowed) and
    /// `<T>Result` (owned): `Borrowing { duplicate_if_necessary: true }`,
    /// used both ways, holding a list and no `own` handle.
    pub fn uses_two_names(&self, id: TypeId, scope: Scope) -> bool {
        let info = self.info(id, scope);
        matches!(
            self.options.ownership,
            Ownership::Borrowing {
                duplicate_if_necessary: true
            }
        ) && info.borrowed
            && info.owned
            && info.has_list
            && !info.has_own_handle
    }

    /// The definitions the named type `id` gets, as (name suffix, mode):
    /// one owned definition; one borrowed definition (`Borrowing`, a type
    /// only imported functions' parameters use); or both, `<T>Result` and
    /// `<T>Param` (`duplicate_if_necessary`). Types no function uses are
    /// generated owned (wit-bindgen skips them).
    pub fn modes_of(&self, id: TypeId, scope: Scope) -> Vec<(&'static str, TypeMode)> {
        let info = self.info(id, scope);
        let owned = self.type_mode_for_id(id, Style::Owned, "'a", scope);
        let borrowed = self.type_mode_for_id(id, Style::Borrowed, "'a", scope);
        if self.uses_two_names(id, scope) {
            vec![("Result", owned), ("Param", borrowed)]
        } else if owned == borrowed || info.owned || !info.borrowed {
            vec![("", owned)]
        } else {
            match self.options.ownership {
                Ownership::Owning => vec![("", owned)],
                Ownership::Borrowing { .. } => vec![("", borrowed)],
            }
        }
    }

    /// The Rust type of an imported function's parameter of type `ty`.
    pub fn import_param_type(&self, ty: &Type, scope: Scope) -> TokenStream {
        let style = match self.options.ownership {
            Ownership::Owning => Style::OnlyTopBorrowed,
            Ownership::Borrowing { .. } => Style::Borrowed,
        };
        let mode = self.type_mode_for(ty, style, "'_", scope);
        self.print_ty(ty, mode, scope)
    }

    /// The mode for `ty` when `style` is requested.
    pub fn type_mode_for(
        &self,
        ty: &Type,
        style: Style,
        lt: &'static str,
        scope: Scope,
    ) -> TypeMode {
        match ty {
            Type::Id(id) => self.type_mode_for_id(*id, style, lt, scope),
            Type::String if style != Style::Owned => TypeMode {
                lifetime: Some(lt),
                lists_borrowed: true,
                style,
            },
            _ => TypeMode::OWNED,
        }
    }

    /// The mode for the type definition `id` when `style` is requested.
    pub fn type_mode_for_id(
        &self,
        id: TypeId,
        style: Style,
        lt: &'static str,
        scope: Scope,
    ) -> TypeMode {
        let info = self.info(id, scope);
        let lifetime = if info.has_borrow_handle {
            // A borrow is always a reference.
            Some(lt)
        } else if style == Style::Owned || info.has_own_handle || !info.has_list {
            // Owned; or an `own` handle, which moves the whole value; or
            // nothing to borrow.
            None
        } else if !info.owned || self.uses_two_names(id, scope) {
            Some(lt)
        } else if let Ownership::Borrowing { .. } = self.options.ownership {
            // Used owned elsewhere with one definition: borrow it whole.
            return TypeMode {
                lifetime: Some(lt),
                lists_borrowed: true,
                style: Style::OnlyTopBorrowed,
            };
        } else {
            Some(lt)
        };
        TypeMode {
            lifetime,
            lists_borrowed: lifetime.is_some() && style != Style::Owned,
            style: if info.has_own_handle {
                Style::Owned
            } else {
                style
            },
        }
    }

    /// The mode of a level below one in `mode`.
    pub fn filter_mode(&self, ty: &Type, mode: TypeMode, scope: Scope) -> TypeMode {
        match mode.lifetime {
            Some(lt) => self.type_mode_for(ty, mode.style.next(), lt, scope),
            None => TypeMode::OWNED,
        }
    }

    /// As [`Cx::filter_mode`], but an only-top-borrowed mode passes through
    /// options, results and tuples unchanged (`Option<&T>`, not
    /// `&Option<T>`).
    fn filter_mode_preserve_top(&self, ty: &Type, mode: TypeMode, scope: Scope) -> TypeMode {
        if mode.style == Style::OnlyTopBorrowed {
            mode
        } else {
            self.filter_mode(ty, mode, scope)
        }
    }

    /// `&`, `&'a` (nothing for `'_`, which Rust elides).
    fn reference(lt: &'static str) -> TokenStream {
        if lt == "'_" {
            quote!(&)
        } else {
            let lt = syn_lifetime(lt);
            quote!(&#lt)
        }
    }

    /// The Rust spelling of `ty` in `mode`.
    pub fn print_ty(&self, ty: &Type, mode: TypeMode, scope: Scope) -> TokenStream {
        if let Type::Id(id) = ty {
            // An alias of a string or list is borrowed as `&str`/`&[T]`,
            // not as a reference to the alias.
            match &self.resolve.types[self.resource(*id)].kind {
                TypeDefKind::Type(Type::String) if mode.lifetime.is_some() => {
                    return self.print_ty(&Type::String, mode, scope);
                }
                TypeDefKind::List(elem) if mode.lifetime.is_some() => {
                    return self.print_list(elem, mode, scope);
                }
                TypeDefKind::Map(k, v) if mode.lifetime.is_some() => {
                    return self.print_map(k, v, mode, scope);
                }
                _ => {}
            }
        }
        match ty {
            Type::Id(id) => self.print_tyid(*id, mode, scope),
            Type::String => match mode.lifetime {
                Some(lt) => {
                    let r = Self::reference(lt);
                    if self.options.raw_strings {
                        quote!(#r [u8])
                    } else {
                        quote!(#r str)
                    }
                }
                None => self.rust_type(ty, Mode::Owned, scope),
            },
            _ => self.rust_type(ty, Mode::Owned, scope),
        }
    }

    fn print_tyid(&self, id: TypeId, mode: TypeMode, scope: Scope) -> TokenStream {
        let def = &self.resolve.types[id];
        if def.name.is_some() {
            let (amp, mode) = match (mode.style, mode.lifetime) {
                (Style::OnlyTopBorrowed, Some(lt)) => (
                    Self::reference(lt),
                    self.type_mode_for_id(id, Style::Owned, lt, scope),
                ),
                _ => (TokenStream::new(), mode),
            };
            let suffix = match (self.uses_two_names(id, scope), mode.style) {
                (false, _) => "",
                (true, Style::Owned) => "Result",
                (true, _) => "Param",
            };
            let path = self.type_path_suffixed(id, scope, suffix);
            let generics = mode.lifetime.map(|lt| {
                let lt = syn_lifetime(lt);
                quote!(<#lt>)
            });
            return quote!(#amp #path #generics);
        }
        self.print_anonymous(id, mode, scope)
    }

    /// The structure of type definition `id` (its name aside) in `mode`:
    /// `Option<..>`, `Result<..>`, a tuple, a list, a handle, or the
    /// aliased type.
    pub fn print_anonymous(&self, id: TypeId, mode: TypeMode, scope: Scope) -> TokenStream {
        let def = &self.resolve.types[id];
        let inner =
            |t: &Type| self.print_ty(t, self.filter_mode_preserve_top(t, mode, scope), scope);
        match &def.kind {
            TypeDefKind::Type(t) => self.print_ty(t, mode, scope),
            TypeDefKind::Handle(Handle::Own(r)) => self.type_path(self.resource(*r), scope),
            TypeDefKind::Handle(Handle::Borrow(r)) => {
                let r = self.resource(*r);
                let lt = mode.lifetime.unwrap_or("'_");
                if self.is_exported(r, scope) {
                    let path = self.type_path_suffixed(r, scope, "Borrow");
                    let lt = syn_lifetime(lt);
                    quote!(#path<#lt>)
                } else {
                    let amp = Self::reference(lt);
                    let path = self.type_path(r, scope);
                    quote!(#amp #path)
                }
            }
            TypeDefKind::Tuple(t) => {
                let types = t.types.iter().map(inner);
                quote!((#(#types,)*))
            }
            TypeDefKind::Option(t) => {
                let t = inner(t);
                quote!(::core::option::Option<#t>)
            }
            TypeDefKind::Result(r) => {
                let side = |t: &Option<Type>| t.as_ref().map(inner).unwrap_or_else(|| quote!(()));
                let (ok, err) = (side(&r.ok), side(&r.err));
                quote!(::core::result::Result<#ok, #err>)
            }
            TypeDefKind::List(elem) => self.print_list(elem, mode, scope),
            TypeDefKind::Map(k, v) => self.print_map(k, v, mode, scope),
            TypeDefKind::FixedLengthList(t, n) => {
                // Elements are always owned, as in wit-bindgen.
                let t = self.print_ty(t, TypeMode::OWNED, scope);
                let n = proc_macro2::Literal::u32_unsuffixed(*n);
                quote!([#t; #n])
            }
            // A named `type t = stream<T>`: the end's type, not a path to
            // itself (the corpus's `async-named-ends`).
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                crate::asynchronous::end_type(self, &def.kind, scope)
            }
            _ => self.rust_type(&Type::Id(id), Mode::Owned, scope),
        }
    }

    /// `map<k, v>` in `mode`: `&Map<K, V>` when lists are borrowed (keys
    /// and values spelled in their own modes), else the owned map.
    fn print_map(&self, k: &Type, v: &Type, mode: TypeMode, scope: Scope) -> TokenStream {
        let key = self.print_ty(k, self.filter_mode(k, mode, scope), scope);
        let value = self.print_ty(v, self.filter_mode(v, mode, scope), scope);
        let map = self.map_of(&key, &value);
        if mode.lists_borrowed {
            let amp = Self::reference(mode.lifetime.unwrap_or("'_"));
            quote!(#amp #map)
        } else {
            map
        }
    }

    fn print_list(&self, elem: &Type, mode: TypeMode, scope: Scope) -> TokenStream {
        let next = self.filter_mode(elem, mode, scope);
        let elem = self.print_ty(elem, next, scope);
        if mode.lists_borrowed {
            let amp = Self::reference(mode.lifetime.unwrap_or("'_"));
            quote!(#amp [#elem])
        } else {
            let rt = &self.rt;
            quote!(#rt::rt::Vec<#elem>)
        }
    }
}

/// `'a` or `'_` as a token.
fn syn_lifetime(lt: &str) -> TokenStream {
    match lt {
        "'a" => quote!('a),
        _ => quote!('_),
    }
}

/// wit-bindgen-core's analysis of `resolve` as wit-bindgen 0.63 runs it:
/// every world's uses, then the facts of structurally equal types merged
/// (for anonymous types and aliases always; for every type with
/// `merge_structurally_equal_types`).
pub(crate) fn analyze(
    resolve: &wit_bindgen_core::wit_parser::Resolve,
    world: wit_bindgen_core::wit_parser::WorldId,
    options: &crate::Options,
) -> wit_bindgen_core::Types {
    let mut types = wit_bindgen_core::Types::default();
    types.analyze(resolve);
    types.collect_equal_types(resolve, world, &|id| may_alias(resolve, id, options));
    types
}

/// With `merge_structurally_equal_types`, each type whose structurally
/// equal representative (the first of its kind the world uses, as
/// wit-bindgen-core picks it) is another type, and that representative.
pub(crate) fn representatives(
    types: &mut wit_bindgen_core::Types,
    resolve: &wit_bindgen_core::wit_parser::Resolve,
    options: &crate::Options,
) -> std::collections::HashMap<TypeId, TypeId> {
    if !options.merge_structurally_equal_types {
        return std::collections::HashMap::new();
    }
    resolve
        .types
        .iter()
        .map(|(id, _)| (id, types.get_representative_type(id)))
        .filter(|(id, rep)| id != rep)
        .collect()
}

/// Whether wit-bindgen may spell type `id` as an alias of a structurally
/// equal one: every type with `merge_structurally_equal_types`, else only
/// those Rust spells structurally (not records, variants, enums, flags and
/// resources, which are nominal).
fn may_alias(
    resolve: &wit_bindgen_core::wit_parser::Resolve,
    id: TypeId,
    options: &crate::Options,
) -> bool {
    options.merge_structurally_equal_types
        || !matches!(
            resolve.types[id].kind,
            TypeDefKind::Record(_)
                | TypeDefKind::Variant(_)
                | TypeDefKind::Enum(_)
                | TypeDefKind::Flags(_)
                | TypeDefKind::Resource
                | TypeDefKind::Unknown
        )
}
