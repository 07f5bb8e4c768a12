//! Rejects what weld ABI 1 does not support, naming the feature and the
//! item, before any code is generated. Every problem is collected, not just
//! the first.

use crate::{Error, ErrorKind};
use std::collections::HashSet;
use wit_bindgen_core::wit_parser::{
    Function, FunctionKind, Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId, TypeOwner,
    WorldId, WorldItem,
};

/// Checks every function and type the world can see.
pub(crate) fn check_world(resolve: &Resolve, world: WorldId) -> Result<(), Error> {
    let w = &resolve.worlds[world];
    let mut checker = Checker {
        resolve,
        problems: Vec::new(),
        seen: HashSet::new(),
        imported: w
            .imports
            .values()
            .filter_map(|item| match item {
                WorldItem::Interface { id, .. } => Some(*id),
                _ => None,
            })
            .collect(),
        interface: None,
    };
    let imports = w.imports.iter().map(|i| (i, Side::Import));
    let exports = w.exports.iter().map(|i| (i, Side::Export));
    for ((key, item), side) in imports.chain(exports) {
        let scope = resolve.name_world_key(key);
        match item {
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                for ty in iface.types.values() {
                    checker.type_def(*ty, &scope);
                }
                let at = side.at(Some(*id));
                checker.interface = Some(*id);
                for f in iface.functions.values() {
                    checker.function(f, &scope, at);
                }
                checker.interface = None;
            }
            WorldItem::Function(f) => {
                checker.function(f, &format!("world `{}`", w.name), side.at(None))
            }
            WorldItem::Type { id, .. } => checker.type_def(*id, &format!("world `{}`", w.name)),
        }
    }
    if checker.problems.is_empty() {
        return Ok(());
    }
    let mut err = Error::new(
        ErrorKind::Unsupported,
        format!(
            "world `{}` uses WIT features that weld ABI {} does not support",
            w.name,
            weld_abi::ABI_VERSION
        ),
    );
    err.details = checker.problems;
    Err(err)
}

/// Which side of a call a function's parameters are on.
#[derive(Clone, Copy)]
enum Side {
    Import,
    Export,
}

impl Side {
    fn at(self, interface: Option<InterfaceId>) -> Borrows {
        match self {
            Side::Import => Borrows::Lowered,
            Side::Export => Borrows::Lifted(interface),
        }
    }
}

/// What a `borrow<T>` met while walking a type may be.
#[derive(Clone, Copy)]
enum Borrows {
    /// In a type definition: judged where the type is used.
    Anywhere,
    /// In a parameter of an imported function: lowered to a handle.
    Lowered,
    /// In a parameter of a function exported by this interface (`None`:
    /// the world): lifted into `RBorrow` (a resource the world exports) or
    /// lent as `&R` (an imported one) from a handle struct that lives for
    /// the call.
    Lifted(Option<InterfaceId>),
    /// The same, under a list, map or fixed-length list: each element is
    /// lifted in a loop, where a handle struct could not outlive its
    /// iteration, so only a resource the world exports can be borrowed.
    LiftedRepeatedly(Option<InterfaceId>),
    /// In a result: the Canonical ABI has no borrowed results.
    Never,
}

struct Checker<'a> {
    resolve: &'a Resolve,
    problems: Vec<String>,
    seen: HashSet<(TypeId, String)>,
    /// Interfaces the world imports.
    imported: HashSet<InterfaceId>,
    /// The interface whose functions are being checked.
    interface: Option<InterfaceId>,
}

impl Checker<'_> {
    fn function(&mut self, f: &Function, scope: &str, borrows: Borrows) {
        let what = format!("function `{}` in {}", f.name, scope_name(scope));
        let world_level = scope.starts_with("world ");
        let export = matches!(borrows, Borrows::Lifted(_));
        // An export may receive borrows of imported resources from the
        // host (ASYNC.md section 11).
        let host_lent = export.then_some(&self.imported);
        let unsupported = crate::asynchronous::unsupported(
            self.resolve,
            f,
            (world_level, export),
            self.interface,
            host_lent,
        );
        for feature in unsupported {
            self.report(&what, feature, f.span);
        }
        if world_level && carries_error_context(self.resolve, f) {
            self.report(
                &what,
                "an `error-context` in a world-level function (error-contexts at the host boundary, abi-spec/ASYNC.md section 7, are not implemented yet; they work in interfaces between linked crates)",
                f.span,
            );
        }
        if !f.kind.is_async() {
            for p in &f.params {
                if holds_error_context(self.resolve, &p.ty) && owns_handle(self.resolve, &p.ty) {
                    let what = format!("parameter `{}` of {what}", p.name);
                    self.report(
                        &what,
                        "an `error-context` and an `own<T>`, future or stream in one parameter of a synchronous function (the error-context is lent for the call while the handle moves; pass them as separate parameters)",
                        f.span,
                    );
                }
            }
        }
        if let Some(kind) = unsupported_kind(&f.kind) {
            self.report(&what, kind, f.span);
            if f.kind.resource().is_some() {
                // Its `self` and constructor result are the resource itself:
                // one line per resource function is enough.
                return;
            }
        }
        for p in &f.params {
            let what = format!("parameter `{}` of {what}", p.name);
            // A `borrow<T>` is supported as a parameter itself, not inside
            // another type.
            match self.handle(&p.ty) {
                Some(Handle::Borrow(_)) => {}
                _ => self.ty(&p.ty, &what, f.span, borrows),
            }
        }
        if let Some(r) = &f.result {
            self.ty(r, &format!("the result of {what}"), f.span, Borrows::Never);
        }
    }

    fn type_def(&mut self, id: TypeId, scope: &str) {
        let def = &self.resolve.types[id];
        let name = def.name.as_deref().unwrap_or("<anonymous>");
        let what = format!("type `{name}` in {}", scope_name(scope));
        self.ty(&Type::Id(id), &what, def.span, Borrows::Anywhere);
    }

    fn ty(
        &mut self,
        ty: &Type,
        what: &str,
        span: wit_bindgen_core::wit_parser::Span,
        borrows: Borrows,
    ) {
        let id = match ty {
            Type::Id(id) => *id,
            _ => return,
        };
        if !self.seen.insert((id, what.to_string())) {
            return;
        }
        let def = &self.resolve.types[id];
        let feature = match &def.kind {
            TypeDefKind::Handle(Handle::Borrow(r)) => self.borrow(*r, borrows),
            TypeDefKind::FixedLengthList(t, _) if holds_error_context(self.resolve, t) => {
                Some("an `error-context` in a fixed-length list (use a `list<error-context>`)")
            }
            TypeDefKind::Future(t) | TypeDefKind::Stream(t) => {
                crate::asynchronous::unsupported_payload(self.resolve, t)
            }
            _ => None,
        };
        if let Some(feature) = feature {
            return self.report(what, feature, span);
        }
        let borrows = match (&def.kind, borrows) {
            (
                TypeDefKind::List(_) | TypeDefKind::Map(..) | TypeDefKind::FixedLengthList(..),
                Borrows::Lifted(i),
            ) => Borrows::LiftedRepeatedly(i),
            _ => borrows,
        };
        for inner in children(&def.kind) {
            self.ty(&inner, what, span, borrows);
        }
    }

    /// Why a `borrow<r>` inside another type cannot be generated here, if
    /// it cannot.
    fn borrow(&self, r: TypeId, borrows: Borrows) -> Option<&'static str> {
        match borrows {
            Borrows::Anywhere | Borrows::Lowered | Borrows::Lifted(_) => None,
            Borrows::Never => Some("`borrow<T>` in a result"),
            Borrows::LiftedRepeatedly(interface) => {
                let mut r = r;
                while let TypeDefKind::Type(Type::Id(inner)) = &self.resolve.types[r].kind {
                    r = *inner;
                }
                let exported = match self.resolve.types[r].owner {
                    TypeOwner::Interface(owner) => {
                        interface == Some(owner) || !self.imported.contains(&owner)
                    }
                    _ => false,
                };
                (!exported).then_some(
                    "a `borrow<T>` of an imported resource inside a list, map or fixed-length list, received by an export (each element would need a handle that outlives its iteration; pass the borrows as separate parameters, or in a record, tuple, option or variant, or pass `own<T>`)",
                )
            }
        }
    }

    fn handle(&self, ty: &Type) -> Option<Handle> {
        let mut ty = *ty;
        while let Type::Id(id) = ty {
            match &self.resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = *inner,
                TypeDefKind::Handle(h) => return Some(*h),
                _ => return None,
            }
        }
        None
    }

    fn report(&mut self, what: &str, feature: &str, span: wit_bindgen_core::wit_parser::Span) {
        let at = self.resolve.render_location(span);
        let mut line = format!("{what} uses {feature}");
        if !at.is_empty() {
            line.push_str(&format!(" (at {at})"));
        }
        if !self.problems.contains(&line) {
            self.problems.push(line);
        }
    }
}

fn scope_name(scope: &str) -> String {
    if scope.starts_with("world ") {
        scope.to_string()
    } else {
        format!("interface `{scope}`")
    }
}

fn unsupported_kind(kind: &FunctionKind) -> Option<&'static str> {
    match kind {
        FunctionKind::Freestanding
        | FunctionKind::Method(_)
        | FunctionKind::Static(_)
        | FunctionKind::Constructor(_)
        | FunctionKind::AsyncFreestanding
        | FunctionKind::AsyncMethod(_)
        | FunctionKind::AsyncStatic(_) => None,
        FunctionKind::Getter
        | FunctionKind::Setter
        | FunctionKind::MethodGetter(_)
        | FunctionKind::MethodSetter(_)
        | FunctionKind::StaticGetter(_)
        | FunctionKind::StaticSetter(_) => Some("`[get]`/`[set]` accessors"),
    }
}

/// The types directly inside a type definition.
pub(crate) fn children(kind: &TypeDefKind) -> Vec<Type> {
    match kind {
        TypeDefKind::Record(r) => r.fields.iter().map(|f| f.ty).collect(),
        TypeDefKind::Tuple(t) => t.types.clone(),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty).collect(),
        TypeDefKind::Option(t)
        | TypeDefKind::List(t)
        | TypeDefKind::FixedLengthList(t, _)
        | TypeDefKind::Type(t) => vec![*t],
        TypeDefKind::Map(k, v) => vec![*k, *v],
        TypeDefKind::Result(r) => r.ok.iter().chain(&r.err).copied().collect(),
        _ => Vec::new(),
    }
}

/// Rejects, under `ownership: Borrowing { duplicate_if_necessary: true }`,
/// an imported function's parameter holding a fixed-length list whose
/// elements own memory (`list<string, N>`, `list<list<u8>, N>`, ...) inside
/// a record, tuple, variant, option or result. Such a parameter is a
/// `TParam` value that the import takes by value; its lowering would move
/// the array's strings out and drop them before the call (a fixed-length
/// list alone, or one inside a list, is lowered in place and works).
/// wit-bindgen 0.63's generated code for a fixed-length list of strings in
/// an import's parameter does not compile in any mode.
pub(crate) fn check_duplicated_fixed_lists(
    resolve: &Resolve,
    world: WorldId,
    options: &crate::Options,
) -> Result<(), Error> {
    let crate::options::Ownership::Borrowing {
        duplicate_if_necessary: true,
    } = options.ownership
    else {
        return Ok(());
    };
    let w = &resolve.worlds[world];
    let mut problems = Vec::new();
    for (key, item) in &w.imports {
        let functions: Vec<&Function> = match item {
            WorldItem::Interface { id, .. } => resolve.interfaces[*id].functions.values().collect(),
            WorldItem::Function(f) => vec![f],
            WorldItem::Type { .. } => continue,
        };
        for f in functions {
            for p in &f.params {
                if nested_owning_fixed_list(resolve, &p.ty, false) {
                    problems.push(format!(
                        "parameter `{}` of imported function `{}` in {} holds a fixed-length list of strings, lists or maps inside another type, which `ownership: Borrowing {{ duplicate_if_necessary: true }}` passes by value and weld cannot lower without dropping the strings before the call; pass the fixed-length list as its own parameter, use a `list<T>`, or use `duplicate_if_necessary: false`",
                        p.name,
                        f.name,
                        scope_name(&resolve.name_world_key(key)),
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut err = Error::new(
        ErrorKind::Unsupported,
        format!(
            "world `{}` cannot be generated with `ownership: Borrowing {{ duplicate_if_necessary: true }}`",
            w.name
        ),
    );
    err.details = problems;
    Err(err)
}

/// Whether `ty` holds, inside a record, tuple, variant, option or result
/// (`nested`), a fixed-length list whose elements own memory. Lists and
/// maps are borrowed slices and lowered in place, so what is under them
/// does not count.
fn nested_owning_fixed_list(resolve: &Resolve, ty: &Type, nested: bool) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Type(t) => nested_owning_fixed_list(resolve, t, nested),
        TypeDefKind::List(_) | TypeDefKind::Map(..) => false,
        TypeDefKind::FixedLengthList(t, _) => {
            (nested && owns_memory(resolve, t)) || nested_owning_fixed_list(resolve, t, nested)
        }
        kind => children(kind)
            .iter()
            .any(|t| nested_owning_fixed_list(resolve, t, true)),
    }
}

/// Whether a value of `ty` is or holds an `error-context` (at any depth).
pub(crate) fn holds_error_context(resolve: &Resolve, ty: &Type) -> bool {
    match ty {
        Type::ErrorContext => true,
        Type::Id(id) => match &resolve.types[*id].kind {
            // A future or stream of error-contexts is a handle of its own.
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => false,
            kind => children(kind)
                .iter()
                .any(|t| holds_error_context(resolve, t)),
        },
        _ => false,
    }
}

/// Whether a value of `ty` holds an `own<T>` handle, a future or a stream
/// (something that moves when passed).
fn owns_handle(resolve: &Resolve, ty: &Type) -> bool {
    match ty {
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Handle(Handle::Own(_))
            | TypeDefKind::Future(_)
            | TypeDefKind::Stream(_) => true,
            kind => children(kind).iter().any(|t| owns_handle(resolve, t)),
        },
        _ => false,
    }
}

/// Whether function `f`'s parameters or result hold an `error-context`.
pub(crate) fn carries_error_context(resolve: &Resolve, f: &Function) -> bool {
    f.params
        .iter()
        .map(|p| &p.ty)
        .chain(f.result.as_ref())
        .any(|t| holds_error_context(resolve, t))
}

/// Whether a value of `ty` owns memory (a string, list or map, at any
/// depth; a handle's resource is not memory the value owns).
pub(crate) fn owns_memory(resolve: &Resolve, ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::List(_) | TypeDefKind::Map(..) => true,
            kind => children(kind).iter().any(|t| owns_memory(resolve, t)),
        },
        _ => false,
    }
}
