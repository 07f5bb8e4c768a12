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
    fn canonical_names_never_look_like_weld_symbols() {
        let name = export_name(Some("ex:t/api@0.1.0"), "f");
        assert!(crate::parse_symbol(&name).is_none());
    }
}
