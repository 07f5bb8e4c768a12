//! What every expansion needs: the resolved WIT, type sizes, the options,
//! where each interface's module lives, and how a WIT type is spelled in
//! Rust from a given module.

use crate::names::snake;
use crate::{Error, ErrorKind, Options};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use wit_bindgen_core::wit_parser::{
    Function, Handle, InterfaceId, PackageId, Resolve, SizeAlign, Type, TypeDefKind, TypeId,
    TypeOwner, WorldId, WorldItem, WorldKey,
};

/// The shared state of one generation run.
pub(crate) struct Cx<'a> {
    pub resolve: &'a Resolve,
    pub world: WorldId,
    pub sizes: SizeAlign,
    pub options: &'a Options,
    /// The runtime crate's path (`::weld` unless `runtime_path` says else).
    pub rt: TokenStream,
    imported: HashSet<InterfaceId>,
    /// The module of each imported (`false`) and exported interface.
    module_paths: HashMap<(InterfaceId, bool), Vec<String>>,
    /// While one name's module of an interface the world has under several
    /// names is generated: the interface, its side and that module.
    placed: RefCell<Option<(InterfaceId, bool, Vec<String>)>>,
    /// Interfaces mapped by the `with` option.
    pub remapped: crate::with::Remapped,
    /// Slots the world both imports and exports (a wrapper's): interfaces
    /// by printed world key, world-level functions by name.
    wrapped: HashSet<(Option<String>, Option<String>)>,
    /// Types used as the error of a function's `result` (see [`error_types`]).
    errors: HashSet<TypeId>,
    /// wit-bindgen-core's facts about every type (see `ownership.rs`).
    pub types: wit_bindgen_core::Types,
    /// `merge_structurally_equal_types`: types defined as an alias of
    /// their structurally equal representative.
    pub representatives: HashMap<TypeId, TypeId>,
}

/// Where code is being generated: how deep below the bindings' root, and
/// for which interface (types of an exported interface are its own copies).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope {
    pub depth: usize,
    pub interface: Option<InterfaceId>,
    pub export: bool,
    /// Inside the definition of a type that holds a `borrow<T>`: borrows
    /// get the definition's lifetime `'a` rather than `'_`.
    pub typedef: bool,
}

/// How a type is passed at the Rust level.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Owned values (struct fields, results, owned export parameters).
    Owned,
    /// Borrowed export parameters: `&str` and `&[T]` for plain `T`.
    ExportBorrowed,
}

impl<'a> Cx<'a> {
    /// The importer part of this run's host adapter names
    /// (`[async-host:<crate>/<world>]f`): the crate and the world, so that
    /// two worlds of one crate importing the same function define two
    /// adapters, not one symbol twice.
    pub fn importer_tag(&self) -> String {
        format!(
            "{}/{}",
            self.options.crate_name, self.resolve.worlds[self.world].name
        )
    }

    /// Whether the `skip` option names function `f`: it gets no bindings.
    pub fn skipped(&self, f: &Function) -> bool {
        self.options.skip.contains(&f.name)
    }

    /// Prepares a run for `world`.
    pub fn new(resolve: &'a Resolve, world: WorldId, options: &'a Options) -> Result<Self, Error> {
        let mut sizes = SizeAlign::default();
        sizes.fill(resolve).map_err(|e| {
            Error::caused_by(ErrorKind::Unsupported, "cannot lay out the WIT types", &e)
        })?;
        let rt: TokenStream = options
            .runtime_path
            .parse()
            .unwrap_or_else(|_| quote!(::weld));
        let w = &resolve.worlds[world];
        let imported = w
            .imports
            .values()
            .filter_map(|i| match i {
                WorldItem::Interface { id, .. } => Some(*id),
                _ => None,
            })
            .collect();
        let mut cx = Cx {
            resolve,
            world,
            sizes,
            options,
            rt,
            imported,
            module_paths: HashMap::new(),
            placed: RefCell::new(None),
            remapped: crate::with::Remapped::new(resolve, world, options)?,
            wrapped: wrapped_slots(resolve, world),
            errors: error_types(resolve),
            types: crate::ownership::analyze(resolve, world, options),
            representatives: HashMap::new(),
        };
        cx.representatives = crate::ownership::representatives(&mut cx.types, resolve, options);
        // A merged error type's representative stands for it (`?` needs
        // its `Error` impl).
        let merged_errors: Vec<TypeId> = cx
            .errors
            .iter()
            .filter_map(|e| cx.representatives.get(e).copied())
            .collect();
        cx.errors.extend(merged_errors);
        cx.assign_module_paths();
        cx.check_module_paths()?;
        Ok(cx)
    }

    /// The symbol of `func` of `interface` (a printed world key, `None` at
    /// world level) as this crate names it in its imports (`export` false)
    /// or exports: the plain weld symbol, or a wrapper's name when the
    /// world both imports and exports the slot (SPEC.md section 6).
    pub fn symbol(&self, interface: Option<&str>, func: &str, export: bool) -> String {
        weld_abi::role_symbol(interface, func, self.role(interface, func, export))
    }

    /// `name`, a Canonical ABI export (or post-return) name of `func` of
    /// `interface`, as this crate defines it: prefixed like a wrapper's
    /// internal export when the world also imports the slot, so that it
    /// does not collide with the inner provider's (weld-ld strips the
    /// prefix when the wrapper is the root crate).
    pub fn canonical_name(&self, interface: Option<&str>, func: &str, name: String) -> String {
        weld_abi::with_role(&name, self.role(interface, func, true))
    }

    fn role(&self, interface: Option<&str>, func: &str, export: bool) -> weld_abi::Role {
        let slot = match interface {
            Some(i) => (Some(i.to_string()), None),
            None => (None, Some(func.to_string())),
        };
        match (self.wrapped.contains(&slot), export) {
            (false, _) => weld_abi::Role::Plain,
            (true, true) => weld_abi::Role::WrapperExport,
            (true, false) => weld_abi::Role::WrapperImport,
        }
    }

    /// Two interfaces whose names map to one Rust module (e.g. versions
    /// `1.0.0-rc.1` and `1.0.0-rc-1` of one package) would define their
    /// items twice: refuse them by name.
    fn check_module_paths(&self) -> Result<(), Error> {
        let mut seen: HashMap<Vec<String>, InterfaceId> = HashMap::new();
        let mut problems = Vec::new();
        for &(id, export) in self.module_paths.keys() {
            let path = self.module_path(id, export);
            if let Some(other) = seen.insert(path.clone(), id)
                && other != id
            {
                let name = |i: InterfaceId| self.resolve.id_of(i).unwrap_or_default();
                let (mut a, mut b) = (name(id), name(other));
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                problems.push(format!(
                    "interfaces `{a}` and `{b}` both map to the Rust module `{}`",
                    path.join("::")
                ));
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        problems.sort();
        let mut e = Error::new(
            ErrorKind::Unsupported,
            "two interfaces of the world would share one Rust module",
        );
        e.details = problems;
        Err(e)
    }

    /// The module of each imported and each exported interface that other
    /// items refer to its types through. An interface imported (or
    /// exported) under several names (`import one: x; import two: x;`)
    /// has a module per name, each with its own copy of its types; others
    /// refer to the one under its interface name (`import x;`, which the
    /// world gets whenever another item uses its types), else to the first.
    fn assign_module_paths(&mut self) {
        let w = &self.resolve.worlds[self.world];
        let imports = w.imports.iter().map(|i| (i, false));
        let items: Vec<(WorldKey, InterfaceId, bool)> = imports
            .chain(w.exports.iter().map(|i| (i, true)))
            .filter_map(|((k, i), export)| match i {
                WorldItem::Interface { id, .. } => Some((k.clone(), *id, export)),
                _ => None,
            })
            .collect();
        for (key, id, export) in items {
            let path = self.key_module_path(&key, id);
            let entry = self.module_paths.entry((id, export));
            match key {
                WorldKey::Interface(_) => {
                    entry.insert_entry(path);
                }
                WorldKey::Name(_) => {
                    entry.or_insert(path);
                }
            }
        }
    }

    /// The module path (below the bindings root, without `exports`) of the
    /// world's item `key`, interface `id`: `ns::pkg::iface` for an
    /// interface named by its package, the snake-case name otherwise (as
    /// wit-bindgen names them).
    pub fn key_module_path(&self, key: &WorldKey, id: InterfaceId) -> Vec<String> {
        match (key, self.resolve.interfaces[id].package) {
            (WorldKey::Interface(_), Some(pkg)) => {
                let name = &self.resolve.packages[pkg].name;
                let pkg_mod = package_module(self.resolve, pkg);
                let iface = self.resolve.interfaces[id]
                    .name
                    .as_deref()
                    .unwrap_or("anon");
                vec![
                    name.namespace.to_snake_case(),
                    pkg_mod,
                    iface.to_snake_case(),
                ]
            }
            _ => vec![self.resolve.name_world_key(key).to_snake_case()],
        }
    }

    /// Runs `expand` with interface `id`'s items (imported or exported)
    /// placed in module `path` rather than in its usual module: for each
    /// other name of an interface the world imports (or exports) under
    /// several, whose module refers to its own copy of the types.
    pub fn placed<T>(
        &self,
        id: InterfaceId,
        export: bool,
        path: Vec<String>,
        expand: impl FnOnce() -> T,
    ) -> T {
        let before = self.placed.replace(Some((id, export, path)));
        let out = expand();
        self.placed.replace(before);
        out
    }

    /// Whether interface `id`'s items on side `export` are being generated
    /// in the module of one of several names (see [`Cx::placed`]).
    pub fn is_placed(&self, id: InterfaceId, export: bool) -> bool {
        matches!(&*self.placed.borrow(), Some((p, side, _)) if (*p, *side) == (id, export))
    }

    /// Runs `expand` with no interface placed: every path leads to the
    /// module other items refer to.
    pub fn unplaced<T>(&self, expand: impl FnOnce() -> T) -> T {
        let before = self.placed.replace(None);
        let out = expand();
        self.placed.replace(before);
        out
    }

    /// Whether the world imports interface `id`.
    pub fn is_imported(&self, id: InterfaceId) -> bool {
        self.imported.contains(&id)
    }

    /// The module path (below the bindings root) of an interface's imported
    /// or exported module.
    pub fn module_path(&self, id: InterfaceId, export: bool) -> Vec<String> {
        let mut path = Vec::new();
        if export {
            path.push(String::from("exports"));
        }
        if let Some((placed, side, at)) = &*self.placed.borrow()
            && (*placed, *side) == (id, export)
        {
            path.extend(at.iter().cloned());
            return path;
        }
        let own = self.module_paths.get(&(id, export));
        let other = self.module_paths.get(&(id, !export));
        path.extend(own.or(other).cloned().unwrap_or_default());
        path
    }

    /// Whether the named type `id`, seen from `scope`, is the exported copy
    /// (an exported interface's own types, or an interface the world does
    /// not import).
    pub fn is_exported(&self, id: TypeId, scope: Scope) -> bool {
        match self.resolve.types[id].owner {
            TypeOwner::Interface(owner) => {
                (scope.export && scope.interface == Some(owner)) || !self.imported.contains(&owner)
            }
            _ => false,
        }
    }

    /// The Rust path of a named type, as seen from `scope`.
    pub fn type_path(&self, id: TypeId, scope: Scope) -> TokenStream {
        self.type_path_suffixed(id, scope, "")
    }

    /// The Rust path of a named type with `suffix` appended to its name
    /// (`CounterBorrow`), as seen from `scope`.
    pub fn type_path_suffixed(&self, id: TypeId, scope: Scope, suffix: &str) -> TokenStream {
        let def = &self.resolve.types[id];
        let wit_name = def.name.as_deref().unwrap_or("Anonymous");
        // A type named `guest` is `Guest_` (and `Guest_Param`), but the
        // borrow of a resource named `guest` is `GuestBorrow`, as in
        // wit-bindgen.
        let base = match suffix {
            "Borrow" => crate::names::camel(wit_name),
            _ => crate::names::type_name(wit_name),
        };
        let name = crate::names::ident(&format!("{base}{suffix}"));
        let supers = std::iter::repeat_n(quote!(super::), scope.depth);
        if suffix.is_empty()
            && !self.is_exported(id, scope)
            && let Some(alias) = self.remapped.type_alias(id)
        {
            return quote!(#(#supers)* #alias);
        }
        let segments = match def.owner {
            TypeOwner::Interface(owner) if !self.is_exported(id, scope) => {
                if !self.is_placed(owner, false)
                    && let Some(alias) = self.remapped.alias(owner)
                {
                    return quote!(#(#supers)* #alias::#name);
                }
                self.module_path(owner, false)
            }
            TypeOwner::Interface(owner) => self.module_path(owner, true),
            _ => Vec::new(),
        };
        let segments = segments.iter().map(|s| snake(s));
        quote!(#(#supers)* #(#segments::)* #name)
    }

    /// The Rust spelling of `ty` in `mode`, as seen from `scope`.
    pub fn rust_type(&self, ty: &Type, mode: Mode, scope: Scope) -> TokenStream {
        let rt = &self.rt;
        match mode {
            Mode::ExportBorrowed => {
                if let Some(t) = self.borrowed_view(ty, scope) {
                    return t;
                }
            }
            Mode::Owned => {}
        }
        if let Type::Id(id) = self.dealias(ty)
            && let TypeDefKind::Handle(h) = &self.resolve.types[id].kind
        {
            return match h {
                Handle::Own(r) => self.type_path(self.resource(*r), scope),
                // A borrow seen by an exporter (imports take `&R`, above):
                // `RBorrow` for its own resources, `&R` for imported ones.
                Handle::Borrow(r) if self.is_exported(self.resource(*r), scope) => {
                    let path = self.type_path_suffixed(self.resource(*r), scope, "Borrow");
                    let lt = self.lifetime(scope);
                    quote!(#path<#lt>)
                }
                Handle::Borrow(r) => {
                    let r = self.type_path(self.resource(*r), scope);
                    let lt = self.lifetime(scope);
                    quote!(&#lt #r)
                }
            };
        }
        match ty {
            Type::Bool => quote!(bool),
            Type::U8 => quote!(u8),
            Type::U16 => quote!(u16),
            Type::U32 => quote!(u32),
            Type::U64 => quote!(u64),
            Type::S8 => quote!(i8),
            Type::S16 => quote!(i16),
            Type::S32 => quote!(i32),
            Type::S64 => quote!(i64),
            Type::F32 => quote!(f32),
            Type::F64 => quote!(f64),
            Type::Char => quote!(char),
            Type::String if self.options.raw_strings => quote!(#rt::rt::Vec<u8>),
            Type::String => quote!(#rt::rt::String),
            Type::ErrorContext => quote!(#rt::rt::ErrorContext),
            Type::Id(id) => self.type_id(*id, scope),
        }
    }

    /// The `&str` / `&[T]` a borrowed export parameter of type `ty` gets,
    /// if it gets one.
    pub fn borrowed_view(&self, ty: &Type, scope: Scope) -> Option<TokenStream> {
        match self.dealias(ty) {
            Type::String if self.options.raw_strings => Some(quote!(&[u8])),
            Type::String => Some(quote!(&str)),
            Type::Id(id) => match &self.resolve.types[id].kind {
                TypeDefKind::List(elem) if self.is_plain(elem) => {
                    let elem = self.rust_type(elem, Mode::Owned, scope);
                    Some(quote!(&[#elem]))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn type_id(&self, id: TypeId, scope: Scope) -> TokenStream {
        let def = &self.resolve.types[id];
        if def.name.is_some() {
            // `Borrowing { duplicate_if_necessary: true }`: the owned one of
            // two definitions (see `ownership.rs`).
            let suffix = if self.uses_two_names(id, scope) {
                "Result"
            } else {
                ""
            };
            let path = self.type_path_suffixed(id, scope, suffix);
            if self.has_borrow(&Type::Id(id)) {
                let lt = self.lifetime(scope);
                return quote!(#path<#lt>);
            }
            return path;
        }
        self.shape(&def.kind, scope)
    }

    /// The Rust spelling of a type definition's structure (its name
    /// aside): `Vec<T>`, `Option<T>`, `Result<T, E>`, tuples, or the aliased
    /// type.
    pub fn shape(&self, kind: &TypeDefKind, scope: Scope) -> TokenStream {
        let rt = &self.rt;
        let owned = |t: &Type| self.rust_type(t, Mode::Owned, scope);
        match kind {
            TypeDefKind::List(t) => {
                let t = owned(t);
                quote!(#rt::rt::Vec<#t>)
            }
            TypeDefKind::Option(t) => {
                let t = owned(t);
                quote!(::core::option::Option<#t>)
            }
            TypeDefKind::Result(r) => {
                let ok = r.ok.as_ref().map(owned).unwrap_or_else(|| quote!(()));
                let err = r.err.as_ref().map(owned).unwrap_or_else(|| quote!(()));
                quote!(::core::result::Result<#ok, #err>)
            }
            TypeDefKind::Tuple(t) => {
                let types = t.types.iter().map(owned);
                quote!((#(#types,)*))
            }
            TypeDefKind::Map(k, v) => self.map_type(k, v, scope),
            TypeDefKind::FixedLengthList(t, n) => {
                let (t, n) = (owned(t), proc_macro2::Literal::u32_unsuffixed(*n));
                quote!([#t; #n])
            }
            TypeDefKind::Type(t) => owned(t),
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                crate::asynchronous::end_type(self, kind, scope)
            }
            _ => quote!(()),
        }
    }

    /// The Rust type of `map<k, v>`: the `map_type` option's type, or
    /// `weld::rt::Map` (a `BTreeMap`, as wit-bindgen's default).
    pub fn map_type(&self, k: &Type, v: &Type, scope: Scope) -> TokenStream {
        let (k, v) = (
            self.rust_type(k, Mode::Owned, scope),
            self.rust_type(v, Mode::Owned, scope),
        );
        self.map_of(&k, &v)
    }

    /// The map type (the `map_type` option's, or `weld::rt::Map`) of keys
    /// `k` and values `v`, already spelled in Rust.
    pub fn map_of(&self, k: &TokenStream, v: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        match &self.options.map_type {
            Some(path) => {
                let path = path.tokens();
                quote!(#path<#k, #v>)
            }
            None => quote!(#rt::rt::Map<#k, #v>),
        }
    }

    /// Follows aliases (`type a = b`) to the underlying type.
    pub fn dealias(&self, ty: &Type) -> Type {
        let mut ty = *ty;
        while let Type::Id(id) = ty {
            match &self.resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = *inner,
                _ => break,
            }
        }
        ty
    }

    /// The resource a handle points at, through `use` aliases.
    pub fn resource(&self, mut id: TypeId) -> TypeId {
        while let TypeDefKind::Type(Type::Id(inner)) = &self.resolve.types[id].kind {
            id = *inner;
        }
        id
    }

    /// Whether a value of `ty` holds an `own` handle, or the end of a
    /// future or stream, which moves like one (at any depth).
    pub fn has_own(&self, ty: &Type) -> bool {
        match self.dealias(ty) {
            Type::Id(id) => match &self.resolve.types[id].kind {
                TypeDefKind::Handle(Handle::Own(_))
                | TypeDefKind::Future(_)
                | TypeDefKind::Stream(_) => true,
                TypeDefKind::Handle(Handle::Borrow(_)) => false,
                kind => crate::check::children(kind).iter().any(|t| self.has_own(t)),
            },
            _ => false,
        }
    }

    /// Whether a value of `ty` holds a `borrow` handle (at any depth); its
    /// Rust type then has a lifetime parameter.
    pub fn has_borrow(&self, ty: &Type) -> bool {
        match self.dealias(ty) {
            Type::Id(id) => match &self.resolve.types[id].kind {
                TypeDefKind::Handle(Handle::Borrow(_)) => true,
                TypeDefKind::Handle(Handle::Own(_)) | TypeDefKind::Resource => false,
                kind => crate::check::children(kind)
                    .iter()
                    .any(|t| self.has_borrow(t)),
            },
            _ => false,
        }
    }

    /// The lifetime of borrows in `scope`: the definition's `'a`, or `'_`.
    pub fn lifetime(&self, scope: Scope) -> TokenStream {
        if scope.typedef {
            quote!('a)
        } else {
            quote!('_)
        }
    }

    /// Whether the Rust type is `Copy`.
    pub fn is_copy(&self, ty: &Type) -> bool {
        match self.dealias(ty) {
            Type::String | Type::ErrorContext => false,
            Type::Id(id) => match &self.resolve.types[id].kind {
                TypeDefKind::List(_) | TypeDefKind::Map(..) => false,
                TypeDefKind::Enum(_) | TypeDefKind::Flags(_) => true,
                TypeDefKind::Handle(_) | TypeDefKind::Resource => false,
                TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
                kind => crate::check::children(kind).iter().all(|t| self.is_copy(t)),
            },
            _ => true,
        }
    }

    /// Whether values of `ty` have the same bytes in Rust and in the
    /// Canonical ABI (integers, floats, and `#[repr(C)]` records of them), so
    /// that lists of them cross without being rebuilt.
    pub fn is_plain(&self, ty: &Type) -> bool {
        match self.dealias(ty) {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => true,
            Type::S8 | Type::S16 | Type::S32 | Type::S64 => true,
            Type::F32 | Type::F64 => true,
            // A type `with` maps to the user's may have any layout.
            Type::Id(id) if self.remapped.type_alias(id).is_some() => false,
            Type::Id(id) => match &self.resolve.types[id].kind {
                TypeDefKind::Record(r) => r.fields.iter().all(|f| self.is_plain(&f.ty)),
                _ => false,
            },
            _ => false,
        }
    }

    /// Derives requested with `additional_derives`, minus those in `have`,
    /// for the type named `wit_name` (none if `additional_derives_ignore`
    /// names it).
    /// Whether the named type `id` is an error type: it gets `Display` and
    /// `core::error::Error` (and, for an enum, `name()` and `message()`).
    pub fn is_error(&self, id: TypeId) -> bool {
        self.errors.contains(&id)
    }

    pub fn extra_derives(&self, wit_name: &str, have: &[&str]) -> Vec<TokenStream> {
        if self
            .options
            .additional_derives_ignore
            .iter()
            .any(|n| n == wit_name)
        {
            return Vec::new();
        }
        self.options
            .additional_derives
            .iter()
            .filter(|d| {
                let last = d.rsplit("::").next().unwrap_or(d).trim();
                !have.contains(&last)
            })
            .filter_map(|d| d.parse().ok())
            .collect()
    }
}

/// The slots `world` both imports and exports: `(Some(world key), None)`
/// for an interface, `(None, Some(name))` for a world-level function.
fn wrapped_slots(resolve: &Resolve, world: WorldId) -> HashSet<(Option<String>, Option<String>)> {
    let w = &resolve.worlds[world];
    let slots = |items: &wit_bindgen_core::wit_parser::IndexMap<WorldKey, WorldItem>| {
        items
            .iter()
            .filter_map(|(key, item)| match item {
                WorldItem::Interface { .. } => Some((Some(resolve.name_world_key(key)), None)),
                WorldItem::Function(f) => Some((None, Some(f.name.clone()))),
                WorldItem::Type { .. } => None,
            })
            .collect::<HashSet<_>>()
    };
    let imports = slots(&w.imports);
    slots(&w.exports)
        .into_iter()
        .filter(|s| imports.contains(s))
        .collect()
}

/// The module name of package `pkg`, as wit-bindgen names it: the package
/// name in snake case, followed by its version (`dep0_1_0`) only when the
/// resolved packages hold several versions of that namespace and name. A
/// package without a version keeps the bare name.
fn package_module(resolve: &Resolve, pkg: PackageId) -> String {
    let name = &resolve.packages[pkg].name;
    let base = name.name.to_snake_case();
    let same_name = resolve
        .packages
        .iter()
        .filter(|(_, p)| p.name.namespace == name.namespace && p.name.name == name.name)
        .count();
    match &name.version {
        Some(v) if same_name > 1 => {
            let v = v.to_string().replace(['.', '-', '+'], "_").to_snake_case();
            format!("{base}{v}")
        }
        _ => base,
    }
}

/// The types wit-bindgen treats as error types: the definition (behind any
/// `type a = b` and `use` aliases) of `E` in a function result written
/// `result<_, E>`, for the functions of every world of the resolve (world
/// functions, and the functions of each interface a world names), as
/// wit-bindgen-core's type analysis does. A `result` reached any other way
/// (a named `type r = result<..>`, nested in an option or a list) does not
/// count.
fn error_types(resolve: &Resolve) -> HashSet<TypeId> {
    let mut errors = HashSet::new();
    let mut visit = |f: &wit_bindgen_core::wit_parser::Function| {
        let Some(Type::Id(id)) = f.result else {
            return;
        };
        let TypeDefKind::Result(r) = &resolve.types[id].kind else {
            return;
        };
        let Some(Type::Id(mut err)) = r.err else {
            return;
        };
        while let TypeDefKind::Type(Type::Id(next)) = resolve.types[err].kind {
            err = next;
        }
        errors.insert(err);
    };
    for (_, w) in resolve.worlds.iter() {
        for item in w.imports.values().chain(w.exports.values()) {
            match item {
                WorldItem::Function(f) => visit(f),
                WorldItem::Interface { id, .. } => resolve.interfaces[*id]
                    .functions
                    .values()
                    .for_each(&mut visit),
                WorldItem::Type { .. } => {}
            }
        }
    }
    errors
}
