//! Which interface versions are interchangeable: the Component Model's
//! semver rule, as wasmtime's linker applies it to import names. For
//! `ns:pkg/iface@M.m.p`:
//!
//! - `M >= 1`: every `M.x.y` is compatible (key `ns:pkg/iface@M`);
//! - `M == 0, m >= 1`: every `0.m.y` is compatible (key `ns:pkg/iface@0.m`);
//! - `0.0.p`, a pre-release (`-rc1`), an unversioned interface or a version
//!   that is not semver: compatible only with itself (no key).
//!
//! Build metadata (`+build`) is ignored, as semver says.

use std::cmp::Ordering;

/// A release version `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// An interface's compatibility key and version; `None` when it matches
/// only itself.
pub(super) fn key(interface: &str) -> Option<(String, Version)> {
    let (base, version) = interface.split_once('@')?;
    let version = version.split_once('+').map_or(version, |(v, _)| v);
    let mut parts = version.split('.');
    let mut next = || parts.next().and_then(number);
    let (major, minor, patch) = (next()?, next()?, next()?);
    if parts.next().is_some() {
        return None;
    }
    let v = Version {
        major,
        minor,
        patch,
    };
    match (major, minor) {
        (0, 0) => None,
        (0, m) => Some((format!("{base}@0.{m}"), v)),
        (m, _) => Some((format!("{base}@{m}"), v)),
    }
}

/// A semver numeric identifier: digits, no leading zero (`-rc1` and other
/// pre-release suffixes fail here).
fn number(s: &str) -> Option<u64> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    canonical.then(|| s.parse().ok()).flatten()
}

/// Whether two interfaces are different, semver-compatible versions of one
/// interface.
pub(super) fn compatible(a: &str, b: &str) -> bool {
    a != b && matches!((key(a), key(b)), (Some((x, _)), Some((y, _))) if x == y)
}

/// Orders compatible interfaces by version (then by name, for a total
/// order).
pub(super) fn by_version(a: &str, b: &str) -> Ordering {
    let v = |s: &str| key(s).map(|(_, v)| v);
    v(a).cmp(&v(b)).then_with(|| a.cmp(b))
}

/// The `@version` of an interface, for messages (`@0.2.12`); empty when
/// it has none.
pub(super) fn version_of(interface: &str) -> &str {
    interface.find('@').map_or("", |at| &interface[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_component_model_rule() {
        let k = |s: &str| key(s).map(|(k, _)| k);
        assert_eq!(k("w:c/out@0.2.12").as_deref(), Some("w:c/out@0.2"));
        assert_eq!(k("w:c/out@1.4.0").as_deref(), Some("w:c/out@1"));
        assert_eq!(k("w:c/out@1.4.0+b7").as_deref(), Some("w:c/out@1"));
        for exact in [
            "w:c/out@0.0.3",
            "w:c/out@0.2.0-rc1",
            "w:c/out",
            "w:c/out@0.2",
            "w:c/out@0.02.1",
            "w:c/out@0.2.1.4",
            "@",
            "",
        ] {
            assert_eq!(k(exact), None, "{exact}");
        }
        assert!(compatible("w:c/out@0.2.3", "w:c/out@0.2.12"));
        assert!(compatible("w:c/out@1.0.0", "w:c/out@1.7.2"));
        assert!(!compatible("w:c/out@0.2.3", "w:c/out@0.3.0"));
        assert!(!compatible("w:c/out@0.2.3", "w:c/out@0.2.3"));
        assert!(!compatible("w:c/out@0.2.3", "w:c/err@0.2.3"));
        assert!(!compatible("w:c/out@0.2.0-rc1", "w:c/out@0.2.0"));
        assert_eq!(
            by_version("w:c/out@0.2.12", "w:c/out@0.2.3"),
            Ordering::Greater
        );
        assert_eq!(version_of("w:c/out@0.2.3"), "@0.2.3");
        assert_eq!(version_of("w:c/out"), "");
    }
}
