//! The Canonical ABI's core names of a root world's exports, as the host
//! (wit-component, wasmtime, jco) expects them: the names weld-ld keeps
//! exported for the root crate. The import side is
//! [`Symbol::canonical_import`](crate::Symbol::canonical_import).

/// The core export name of a function the root world exports:
/// `"<interface>#<func>"`, or `"<func>"` for a world-level function.
pub fn export_name(interface: Option<&str>, func: &str) -> String {
    match interface {
        Some(i) => format!("{i}#{func}"),
        None => func.to_string(),
    }
}

/// The name of the post-return function of [`export_name`]:
/// `"cabi_post_<export name>"`.
pub fn post_return_name(interface: Option<&str>, func: &str) -> String {
    format!("cabi_post_{}", export_name(interface, func))
}

/// The prefix of [`exported_resource_module`]'s modules.
pub const EXPORTED_RESOURCE_PREFIX: &str = "[export]";

/// The core import module of the handle operations on a resource that the
/// root world exports: `"[export]<interface>"`.
pub fn exported_resource_module(interface: &str) -> String {
    format!("{EXPORTED_RESOURCE_PREFIX}{interface}")
}

/// The core import name of a handle operation (`"new"`, `"rep"`, `"drop"`)
/// on exported resource `resource`: `"[resource-<op>]<resource>"`.
pub fn resource_op(op: &str, resource: &str) -> String {
    format!("[resource-{op}]{resource}")
}

/// The name of resource `resource`'s drop function, `"[resource-drop]<resource>"`:
/// the Canonical ABI's import name of the handle drop, and the function name
/// (inside a weld symbol, section 6) that linked crates call to drop a
/// handle of a resource another crate exports.
pub fn resource_drop(resource: &str) -> String {
    resource_op("drop", resource)
}

/// The function name, for [`export_name`], of exported resource
/// `resource`'s destructor, which the host calls when its last handle is
/// dropped: `"[dtor]<resource>"`.
pub fn dtor(resource: &str) -> String {
    format!("[dtor]{resource}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_canonical_abi() {
        assert_eq!(export_name(Some("ex:t/api@0.1.0"), "f"), "ex:t/api@0.1.0#f");
        assert_eq!(export_name(None, "run"), "run");
        assert_eq!(
            post_return_name(Some("ex:t/api@0.1.0"), "f"),
            "cabi_post_ex:t/api@0.1.0#f"
        );
        assert_eq!(post_return_name(None, "run"), "cabi_post_run");
    }

    #[test]
    fn exported_resource_names_follow_the_canonical_abi() {
        assert_eq!(
            exported_resource_module("ex:t/api@0.1.0"),
            "[export]ex:t/api@0.1.0"
        );
        assert_eq!(resource_op("rep", "cell"), "[resource-rep]cell");
        assert_eq!(resource_drop("cell"), "[resource-drop]cell");
        assert_eq!(
            export_name(Some("ex:t/api@0.1.0"), &dtor("cell")),
            "ex:t/api@0.1.0#[dtor]cell"
        );
    }

    #[test]
    fn canonical_names_never_look_like_weld_symbols() {
        let name = export_name(Some("ex:t/api@0.1.0"), "f");
        assert!(crate::parse_symbol(&name).is_none());
    }
}
