//! Structural descriptions of WIT functions and types, hashed into the
//! metadata section so that the linker can tell whether two crates were
//! built against the same interface. A description names every record
//! field, case and flag and expands named types, so any change that affects
//! the ABI or the meaning of a value changes the hash; aliases are
//! transparent (renaming an alias changes nothing on the wire).

use wit_bindgen_core::wit_parser::{Function, Handle, Resolve, Type, TypeDefKind};

/// Describes a function's signature (parameter types and result).
pub(crate) fn function(resolve: &Resolve, f: &Function) -> String {
    let params: Vec<String> = f.params.iter().map(|p| ty(resolve, &p.ty)).collect();
    let result = f.result.map(|r| ty(resolve, &r)).unwrap_or_default();
    let prefix = if f.kind.is_async() { "async " } else { "" };
    format!("{prefix}func({}) -> {result}", params.join(", "))
}

/// Describes a type structurally.
pub(crate) fn ty(resolve: &Resolve, t: &Type) -> String {
    let id = match t {
        Type::Bool => return "bool".into(),
        Type::U8 => return "u8".into(),
        Type::U16 => return "u16".into(),
        Type::U32 => return "u32".into(),
        Type::U64 => return "u64".into(),
        Type::S8 => return "s8".into(),
        Type::S16 => return "s16".into(),
        Type::S32 => return "s32".into(),
        Type::S64 => return "s64".into(),
        Type::F32 => return "f32".into(),
        Type::F64 => return "f64".into(),
        Type::Char => return "char".into(),
        Type::String => return "string".into(),
        Type::ErrorContext => return "error-context".into(),
        Type::Id(id) => *id,
    };
    let def = &resolve.types[id];
    let name = def.name.as_deref().unwrap_or("");
    let list = |items: Vec<String>| items.join(", ");
    match &def.kind {
        TypeDefKind::Record(r) => format!(
            "record {name} {{{}}}",
            list(
                r.fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, ty(resolve, &f.ty)))
                    .collect()
            )
        ),
        TypeDefKind::Variant(v) => format!(
            "variant {name} {{{}}}",
            list(
                v.cases
                    .iter()
                    .map(|c| case(resolve, &c.name, c.ty.as_ref()))
                    .collect()
            )
        ),
        TypeDefKind::Enum(e) => format!(
            "enum {name} {{{}}}",
            list(e.cases.iter().map(|c| c.name.clone()).collect())
        ),
        TypeDefKind::Flags(f) => format!(
            "flags {name} {{{}}}",
            list(f.flags.iter().map(|c| c.name.clone()).collect())
        ),
        TypeDefKind::Tuple(t) => format!(
            "tuple<{}>",
            list(t.types.iter().map(|t| ty(resolve, t)).collect())
        ),
        TypeDefKind::Option(t) => format!("option<{}>", ty(resolve, t)),
        TypeDefKind::Result(r) => format!(
            "result<{}, {}>",
            r.ok.map(|t| ty(resolve, &t)).unwrap_or_else(|| "_".into()),
            r.err.map(|t| ty(resolve, &t)).unwrap_or_else(|| "_".into())
        ),
        TypeDefKind::List(t) => format!("list<{}>", ty(resolve, t)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", ty(resolve, t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", ty(resolve, k), ty(resolve, v)),
        TypeDefKind::Type(t) => ty(resolve, t),
        TypeDefKind::Resource => format!("resource {name}"),
        TypeDefKind::Handle(Handle::Own(r)) => format!("own<{}>", ty(resolve, &Type::Id(*r))),
        TypeDefKind::Handle(Handle::Borrow(r)) => {
            format!("borrow<{}>", ty(resolve, &Type::Id(*r)))
        }
        // ASYNC.md section 12: the element type is part of the description.
        TypeDefKind::Future(Some(t)) => format!("future<{}>", ty(resolve, t)),
        TypeDefKind::Future(None) => "future".into(),
        TypeDefKind::Stream(Some(t)) => format!("stream<{}>", ty(resolve, t)),
        TypeDefKind::Stream(None) => "stream".into(),
        other => format!("unsupported {}", other.as_str()),
    }
}

fn case(resolve: &Resolve, name: &str, payload: Option<&Type>) -> String {
    match payload {
        Some(t) => format!("{name}({})", ty(resolve, t)),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_fn(wit: &str) -> String {
        let mut r = Resolve::default();
        let pkg = r.push_str("t.wit", wit).unwrap();
        let iface = r.packages[pkg].interfaces["i"];
        function(&r, &r.interfaces[iface].functions["f"])
    }

    #[test]
    fn expands_named_types_and_ignores_aliases() {
        let a = describe_fn(
            "package a:b; interface i { record p { x: u32 } type q = p; f: func(v: q) -> list<p>; }",
        );
        assert_eq!(a, "func(record p {x: u32}) -> list<record p {x: u32}>");
    }

    #[test]
    fn maps_and_fixed_length_lists_are_described_in_wit_syntax() {
        let a = describe_fn(
            "package a:b; interface i { record p { x: u32 } f: func(m: map<string, p>) -> list<u8, 4>; }",
        );
        assert_eq!(a, "func(map<string, record p {x: u32}>) -> list<u8, 4>");
    }

    #[test]
    fn async_functions_futures_and_streams_are_described_in_wit_syntax() {
        let a = describe_fn(
            "package a:b; interface i { f: async func(s: stream<u8>, g: future) -> future<string>; }",
        );
        assert_eq!(a, "async func(stream<u8>, future) -> future<string>");
    }

    #[test]
    fn an_added_field_changes_the_description() {
        let a = describe_fn("package a:b; interface i { record p { x: u32 } f: func(v: p); }");
        let b =
            describe_fn("package a:b; interface i { record p { x: u32, y: u32 } f: func(v: p); }");
        assert_ne!(a, b);
    }
}
