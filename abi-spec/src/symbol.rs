//! Internal symbol names: `weld<N>|<interface>|<func>`.
//!
//! The only place that builds or parses them. Must not know about WIT
//! parsing: callers pass the interface's world key already printed.

use core::fmt;

use crate::{ROOT, SYMBOL_PREFIX};

/// Separator between the fields of a symbol. Never part of a WIT name, and
/// unlike `#` never part of a Canonical ABI export name.
const SEP: char = '|';

/// Symbol of a WIT function for internal calls: `weld1|<interface>|<func>`.
///
/// `interface` is the world key as wit-parser's `Resolve::name_world_key`
/// prints it (`"ex:text/api@0.1.0"`, or `"foo"` for an inline interface),
/// or `None` for world-level functions, which use [`ROOT`]. `func` is the
/// WIT function name as is (`"upper"`, `"[method]r.f"`).
///
/// ```
/// assert_eq!(weld_abi::symbol(Some("ex:text/api@0.1.0"), "upper"), "weld1|ex:text/api@0.1.0|upper");
/// assert_eq!(weld_abi::symbol(None, "run"), "weld1|$root|run");
/// ```
pub fn symbol(interface: Option<&str>, func: &str) -> String {
    let interface = interface.unwrap_or(ROOT);
    let mut out = String::with_capacity(SYMBOL_PREFIX.len() + interface.len() + func.len() + 2);
    out.push_str(SYMBOL_PREFIX);
    out.push(SEP);
    out.push_str(interface);
    out.push(SEP);
    out.push_str(func);
    out
}

/// The function-name prefix of an async function's internal entry point
/// (ASYNC.md section 4): `weld1|<interface>|[async]f`, whose core
/// signature is the flat parameters, a return area when the function has
/// a result, and an `i32` status (0: returned; else the readable end of
/// the result's future).
pub const ASYNC_PREFIX: &str = "[async]";

/// The function name of async function `func`'s internal entry point.
///
/// ```
/// assert_eq!(weld_abi::async_name("fetch"), "[async]fetch");
/// assert_eq!(weld_abi::symbol(Some("ex:a/b"), &weld_abi::async_name("f")), "weld1|ex:a/b|[async]f");
/// ```
pub fn async_name(func: &str) -> String {
    format!("{ASYNC_PREFIX}{func}")
}

/// The prefix of the `weld-meta` item of a synchronous function whose
/// parameters or result carry futures, streams or error-contexts (ASYNC.md
/// section 12): its symbol is the plain `weld1|<interface>|f`, but like an
/// async function it has no Canonical ABI export or import yet, which
/// weld-ld learns from this name.
pub const STREAMS_PREFIX: &str = "[streams]";

/// What a wrapper's own export of an interface is named: wasm-ld's
/// `--wrap=<symbol>` sends every reference to `<symbol>` there.
pub const WRAP_PREFIX: &str = "__wrap_";

/// What a wrapper's import of the interface it wraps is named: wasm-ld's
/// `--wrap=<symbol>` binds it to `<symbol>` itself (the inner provider, or
/// the host's import `<symbol>`).
pub const REAL_PREFIX: &str = "__real_";

/// How a crate names a weld symbol it defines or references.
///
/// A crate whose world imports and exports the same interface (a
/// *wrapper*) cannot use one name for both: its import would bind to its
/// own export. Its export and its import of that interface take the names
/// of wasm-ld's `--wrap` convention instead, and weld-ld passes
/// `--wrap=<symbol>` for each (SPEC.md section 6, "Wrappers").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Every import and export of an interface that the crate does not
    /// both import and export.
    Plain,
    /// A wrapper's export of the interface it wraps: `__wrap_<symbol>`.
    WrapperExport,
    /// A wrapper's import of the interface it wraps: `__real_<symbol>`.
    WrapperImport,
}

/// [`symbol`] as a crate in `role` names it.
///
/// ```
/// use weld_abi::Role;
/// assert_eq!(weld_abi::role_symbol(Some("a:b/c"), "f", Role::Plain), "weld1|a:b/c|f");
/// assert_eq!(weld_abi::role_symbol(Some("a:b/c"), "f", Role::WrapperExport), "__wrap_weld1|a:b/c|f");
/// assert_eq!(weld_abi::role_symbol(Some("a:b/c"), "f", Role::WrapperImport), "__real_weld1|a:b/c|f");
/// ```
pub fn role_symbol(interface: Option<&str>, func: &str, role: Role) -> String {
    with_role(&symbol(interface, func), role)
}

/// `name` as a crate in `role` defines or references it: a weld symbol, or
/// a wrapper's Canonical ABI export (`__wrap_ns:pkg/i#f`, which weld-ld
/// exports as `ns:pkg/i#f` when the wrapper is the root crate).
pub fn with_role(name: &str, role: Role) -> String {
    match role {
        Role::Plain => name.to_string(),
        Role::WrapperExport => format!("{WRAP_PREFIX}{name}"),
        Role::WrapperImport => format!("{REAL_PREFIX}{name}"),
    }
}

/// Splits a name built by [`role_symbol`] into its role and the plain
/// symbol (which may still not be a weld symbol: see [`parse_symbol`]).
pub fn split_role(name: &str) -> (Role, &str) {
    if let Some(plain) = name.strip_prefix(WRAP_PREFIX) {
        (Role::WrapperExport, plain)
    } else if let Some(plain) = name.strip_prefix(REAL_PREFIX) {
        (Role::WrapperImport, plain)
    } else {
        (Role::Plain, name)
    }
}

/// A parsed weld symbol name, of this or any other ABI version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Symbol<'a> {
    /// The ABI version `N` of `weld<N>`.
    pub abi_version: u32,
    /// The interface's world key; `None` for world-level functions (`$root`).
    pub interface: Option<&'a str>,
    /// The WIT function name.
    pub func: &'a str,
}

/// Parses any `weld<N>|<interface>|<func>`, of any ABI version `N` (so the
/// linker can report version skew); `None` for names that are not weld
/// symbols.
///
/// `N` is decimal without leading zeros; interface and function are
/// non-empty and contain no `|`. `$root` parses as `interface: None`.
pub fn parse_symbol(name: &str) -> Option<Symbol<'_>> {
    let rest = name.strip_prefix("weld")?;
    let (version, rest) = rest.split_once(SEP)?;
    let (interface, func) = rest.split_once(SEP)?;
    let abi_version = parse_version(version)?;
    if interface.is_empty() || func.is_empty() || func.contains(SEP) {
        return None;
    }
    let interface = (interface != ROOT).then_some(interface);
    Some(Symbol {
        abi_version,
        interface,
        func,
    })
}

/// A decimal `u32` in its one canonical spelling (no sign, no leading zero).
fn parse_version(digits: &str) -> Option<u32> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

impl Symbol<'_> {
    /// The Canonical ABI import `(module, name)` under which the host sees
    /// this function when no crate in the link defines it:
    /// `("$root", func)` for world-level functions, else `(interface, func)`.
    pub fn canonical_import(&self) -> (&str, &str) {
        (self.interface.unwrap_or(ROOT), self.func)
    }
}

impl fmt::Display for Symbol<'_> {
    /// Prints the symbol name back, exactly as it was parsed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let interface = self.interface.unwrap_or(ROOT);
        write!(
            f,
            "weld{}{SEP}{interface}{SEP}{}",
            self.abi_version, self.func
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_interface_and_root_symbols() {
        assert_eq!(
            symbol(Some("ex:text/api@0.1.0"), "upper"),
            "weld1|ex:text/api@0.1.0|upper"
        );
        assert_eq!(symbol(None, "run"), "weld1|$root|run");
        assert_eq!(symbol(Some("foo"), "[method]r.f"), "weld1|foo|[method]r.f");
    }

    #[test]
    fn parses_what_it_builds() {
        for (iface, func) in [
            (Some("ex:text/api@0.1.0"), "upper"),
            (None, "run"),
            (Some("foo"), "[static]r.make"),
        ] {
            let name = symbol(iface, func);
            let parsed = parse_symbol(&name).unwrap();
            assert_eq!(parsed.abi_version, crate::ABI_VERSION);
            assert_eq!(parsed.interface, iface);
            assert_eq!(parsed.func, func);
            assert_eq!(parsed.to_string(), name);
        }
    }

    #[test]
    fn parses_other_versions() {
        let s = parse_symbol("weld0|a:b/c|f").unwrap();
        assert_eq!(
            (s.abi_version, s.interface, s.func),
            (0, Some("a:b/c"), "f")
        );
        let s = parse_symbol("weld12|$root|g").unwrap();
        assert_eq!((s.abi_version, s.interface), (12, None));
    }

    #[test]
    fn rejects_non_weld_names() {
        for name in [
            "",
            "weld",
            "weld1",
            "weld1|",
            "weld1|a",
            "weld1||f",
            "weld1|a|",
            "weld1|a|f|g",
            "weld|a|f",
            "weldx|a|f",
            "weld01|a|f",
            "weld+1|a|f",
            "weld99999999999|a|f",
            "Weld1|a|f",
            "ex:text/api@0.1.0#upper",
            "cabi_realloc",
            "__rust_alloc",
        ] {
            assert_eq!(parse_symbol(name), None, "{name:?}");
        }
    }

    #[test]
    fn canonical_import_names() {
        let s = parse_symbol("weld1|ex:a/c|g").unwrap();
        assert_eq!(s.canonical_import(), ("ex:a/c", "g"));
        let s = parse_symbol("weld1|$root|run").unwrap();
        assert_eq!(s.canonical_import(), ("$root", "run"));
    }

    #[test]
    fn wrapper_names_split_back() {
        for role in [Role::Plain, Role::WrapperExport, Role::WrapperImport] {
            let name = role_symbol(Some("ns:pkg/i@1.0.0"), "[resource-drop]r", role);
            assert_eq!(
                split_role(&name),
                (role, "weld1|ns:pkg/i@1.0.0|[resource-drop]r")
            );
            assert_eq!(parse_symbol(&name).is_some(), role == Role::Plain);
        }
        assert_eq!(split_role("__wrap_x"), (Role::WrapperExport, "x"));
    }

    #[test]
    fn never_a_canonical_export_name() {
        let name = symbol(Some("ns:pkg/iface@1.2.3"), "f");
        assert!(!name.contains('#'));
        assert!(name.contains('|'));
    }
}
