//! Element types of futures and streams between linked crates: which WIT
//! types may be elements, and which named types of the bindings need an
//! `Elem` impl (runtime/src/task/elem.rs) because some element holds them.
//!
//! The runtime implements `Elem` for what WIT does not name (numbers,
//! `bool`, `char`, `string`, `error-context`, `list<T>`, `option<T>`, `result<T, E>`,
//! `map<K, V>` as `weld::rt::Map`, tuples of up to 16 types, `list<T, N>`,
//! nested future and stream ends:
//! runtime/src/task/compound.rs), generic over the parts; the bindings
//! implement it for the named types inside (records, variants, enums,
//! flags, and the handles of resources), which is all a compound element
//! needs. A record's or variant's own fields are lowered by its generated
//! impl, so only the parts that the runtime's generic impls reach count.
//!
//! Must not: generate code for elements check.rs refuses.

use crate::context::{Cx, Mode, Scope};
use proc_macro2::TokenStream;
use quote::quote;
use wit_bindgen_core::wit_parser::{Handle, Resolve, Type, TypeDefKind, TypeId, TypeOwner};

/// The named types that element `ty` needs an `Elem` impl for (records,
/// variants, enums, flags, and resources as their own handles), through
/// the runtime's generic impls; `Err` with the reason if `ty` cannot be
/// an element between linked crates.
pub(crate) fn elem_parts(resolve: &Resolve, ty: &Type) -> Result<Vec<TypeId>, &'static str> {
    let mut out = Vec::new();
    parts(resolve, ty, &mut out)?;
    Ok(out)
}

fn parts(resolve: &Resolve, ty: &Type, out: &mut Vec<TypeId>) -> Result<(), &'static str> {
    let id = match ty {
        // The runtime's `Elem for ErrorContext` (one reference moves).
        Type::ErrorContext => return Ok(()),
        Type::Id(id) => *id,
        _ => return Ok(()),
    };
    let def = &resolve.types[id];
    let in_interface = matches!(def.owner, TypeOwner::Interface(_));
    match &def.kind {
        TypeDefKind::Type(t) => parts(resolve, t, out),
        TypeDefKind::Record(_)
        | TypeDefKind::Variant(_)
        | TypeDefKind::Enum(_)
        | TypeDefKind::Flags(_) => {
            if !in_interface {
                return Err(WORLD_TYPE);
            }
            out.push(id);
            Ok(())
        }
        TypeDefKind::Handle(Handle::Own(r)) => {
            let r = resource(resolve, *r);
            if !matches!(resolve.types[r].owner, TypeOwner::Interface(_)) {
                return Err(WORLD_TYPE);
            }
            out.push(r);
            Ok(())
        }
        TypeDefKind::Handle(Handle::Borrow(_)) => Err(BORROW),
        TypeDefKind::List(t) | TypeDefKind::Option(t) | TypeDefKind::FixedLengthList(t, _) => {
            parts(resolve, t, out)
        }
        TypeDefKind::Result(r) => {
            for t in r.ok.iter().chain(&r.err) {
                parts(resolve, t, out)?;
            }
            Ok(())
        }
        TypeDefKind::Tuple(t) if t.types.len() > MAX_TUPLE => Err(LONG_TUPLE),
        TypeDefKind::Tuple(t) => {
            for t in &t.types {
                parts(resolve, t, out)?;
            }
            Ok(())
        }
        // A nested end: its own element is checked where its type is.
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => Ok(()),
        // The runtime's `Elem for weld::rt::Map<K, V>`; a `map_type`
        // option's own type is refused by `check_mapped_payloads`.
        TypeDefKind::Map(k, v) => {
            parts(resolve, k, out)?;
            parts(resolve, v, out)
        }
        _ => Err(OTHER),
    }
}

/// The resource a handle points at, through `use` aliases.
fn resource(resolve: &Resolve, mut id: TypeId) -> TypeId {
    while let TypeDefKind::Type(Type::Id(inner)) = &resolve.types[id].kind {
        id = *inner;
    }
    id
}

const WORLD_TYPE: &str = "a `future<T>` or `stream<T>` whose element is or holds (in a list, option, result or tuple) a record, variant, enum, flags or resource type defined in a world rather than an interface (its bindings have no element conversion for it; define the type in an interface)";
const BORROW: &str = "a `future<T>` or `stream<T>` of a `borrow<T>` (the Component Model allows only `own<T>` elements)";
/// The longest tuple the runtime's generic `Elem` impls cover.
const MAX_TUPLE: usize = 16;

const LONG_TUPLE: &str = "a `future<T>` or `stream<T>` whose element is or holds a tuple of more than 16 types (wrap them in a record)";
const OTHER: &str = "a `future<T>` or `stream<T>` of a type weld passes no element conversion for";

/// Whether element `ty` holds a `map<K, V>` that the runtime's generic
/// impls reach (not one inside a record or variant, whose generated impl
/// converts its fields itself).
pub(crate) fn holds_bare_map(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else {
        return false;
    };
    match &resolve.types[*id].kind {
        TypeDefKind::Map(..) => true,
        TypeDefKind::Type(t)
        | TypeDefKind::List(t)
        | TypeDefKind::Option(t)
        | TypeDefKind::FixedLengthList(t, _) => holds_bare_map(resolve, t),
        TypeDefKind::Result(r) => {
            r.ok.iter()
                .chain(&r.err)
                .any(|t| holds_bare_map(resolve, t))
        }
        TypeDefKind::Tuple(t) => t.types.iter().any(|t| holds_bare_map(resolve, t)),
        _ => false,
    }
}

/// Why a future or stream with `payload` cannot cross between linked
/// crates, if it cannot (check.rs reports it with the item's name).
pub(crate) fn unsupported_payload(
    resolve: &Resolve,
    payload: &Option<Type>,
) -> Option<&'static str> {
    elem_parts(resolve, payload.as_ref()?).err()
}

/// Whether some future or stream of the package carries a value of named
/// type `id` (or of a type merged into it, `merge_structurally_equal_types`)
/// where the runtime's generic impls need its `Elem` impl.
pub(crate) fn carried(cx: &Cx, id: TypeId) -> bool {
    cx.resolve.types.iter().any(|(_, d)| match &d.kind {
        TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t)) => elem_parts(cx.resolve, t)
            .is_ok_and(|parts| {
                parts
                    .iter()
                    .any(|p| *p == id || cx.representatives.get(p) == Some(&id))
            }),
        _ => false,
    })
}

/// The `Elem` impl of named type `id`, defined in the module of `scope`,
/// when some future or stream of the package carries it.
pub(crate) fn payload_elem(cx: &Cx, id: TypeId, scope: Scope) -> TokenStream {
    let kind = &cx.resolve.types[id].kind;
    let named = matches!(
        kind,
        TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_)
    );
    if !named || !carried(cx, id) {
        return TokenStream::new();
    }
    let self_ty = cx.rust_type(&Type::Id(id), Mode::Owned, scope);
    super::expand_elem_impl(cx, &Type::Id(id), scope, &self_ty, false)
}

/// The `Elem` impl of resource `id`'s own handle type `name` (imported or
/// exported), when some future or stream carries `own<r>`: the handle
/// moves as its 32-bit value (SPEC.md, "Resources"), and dropping an
/// unread element drops the handle, which runs `[resource-drop]` (the
/// resource's destructor, once).
pub(crate) fn resource_elem(cx: &Cx, id: TypeId, name: &proc_macro2::Ident) -> TokenStream {
    if !carried(cx, id) {
        return TokenStream::new();
    }
    let rt = &cx.rt;
    quote! {
        // SAFETY: an own handle is a `u32` in canonical layout (4 bytes,
        // aligned to 4); lowering gives it up, lifting takes it over, and
        // `drop_lifted` drops it, running `[resource-drop]` once.
        unsafe impl #rt::task::Elem for #name {
            const TYPE: &'static #rt::task::ElemType = &#rt::task::ElemType {
                size: 4,
                align: 4,
                drop_elems: #rt::task::elem::drop_lifted::<Self>,
            };

            unsafe fn lower_one(__v: Self, __dst: *mut u8) {
                // SAFETY: the caller gives an aligned destination of 4 bytes.
                unsafe { __dst.cast::<u32>().write(__v.take_handle()) }
            }

            unsafe fn lift_one(__src: *mut u8) -> Self {
                // SAFETY: the caller gives an owned, lowered handle.
                unsafe { Self::from_handle(__src.cast::<u32>().read()) }
            }
        }
    }
}

/// Whether `ty` holds a resource handle inside the element of a future or
/// stream. wit-bindgen's `merge_structurally_equal_types` sees the exported
/// copy of such a type as different from the imported one (their resources
/// differ), so it defines both.
pub(crate) fn holds_handle_in_end(resolve: &Resolve, ty: &Type) -> bool {
    fn walk(resolve: &Resolve, ty: &Type, in_end: bool, depth: usize) -> bool {
        let Type::Id(id) = ty else {
            return false;
        };
        if depth > 64 {
            return false;
        }
        match &resolve.types[*id].kind {
            TypeDefKind::Handle(_) => in_end,
            TypeDefKind::Future(Some(t)) | TypeDefKind::Stream(Some(t)) => {
                walk(resolve, t, true, depth + 1)
            }
            kind => crate::check::children(kind)
                .iter()
                .any(|t| walk(resolve, t, in_end, depth + 1)),
        }
    }
    walk(resolve, ty, false, 0)
}
