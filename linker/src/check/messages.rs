//! Every message of the check, in one table: one constructor per kind of
//! problem. The first line says what is wrong (naming the interface or
//! function and the crates), the notes give details, the hint what to do.
//! Nothing here decides whether something is wrong.

use std::collections::BTreeSet;

use weld_abi::metadata::Item;
use weld_abi::{ABI_VERSION, WELD_VERSION};

use super::compare::{Candidate, TypeDiff};
use super::index::{Side, unversioned};
use super::{CoreImport, Diagnostic, HostImports, Slot, semver};

/// The hint of every hash mismatch.
const SAME_WIT: &str = "rebuild both crates against the same WIT";

/// How many names a note lists before "and N more".
const LIST_MAX: usize = 10;

/// A crate built with another ABI version; `versions` holds the (ABI
/// version, weld version) of its foreign records, at least one.
pub(super) fn abi_version(krate: &str, versions: &BTreeSet<(u32, &str)>) -> Diagnostic {
    let mut all = versions.iter();
    let Some(&(abi, weld)) = all.next() else {
        return Diagnostic::new(format!("crate `{krate}` was built by another weld"));
    };
    let weld = or_unknown(weld);
    let mut d = Diagnostic::new(format!(
        "crate `{krate}` was built by weld {weld} (ABI {abi}); \
         this is weld-ld {WELD_VERSION} (ABI {ABI_VERSION})"
    ));
    for &(abi, weld) in all {
        let weld = or_unknown(weld);
        d = d.note(format!(
            "crate `{krate}` also has records written by weld {weld} (ABI {abi})"
        ));
    }
    d = d.note(
        "crates built with different weld ABI versions cannot be linked: layouts, \
         signatures and type hashes may differ",
    );
    if abi > ABI_VERSION {
        d.hint(format!(
            "upgrade weld-ld to weld {weld} or later, or rebuild `{krate}` with weld {WELD_VERSION}"
        ))
    } else {
        d.hint(format!("rebuild `{krate}` with weld {WELD_VERSION}"))
    }
}

/// `slot` exported by several crates.
pub(super) fn two_providers(slot: &Slot, crates: &BTreeSet<&str>) -> Diagnostic {
    let names: Vec<&str> = crates.iter().copied().collect();
    Diagnostic::new(format!(
        "{} is exported by {} crates: {}",
        slot.describe(),
        names.len(),
        ticked(&names)
    ))
    .note("each import binds to exactly one definition (the symbols would collide in wasm-ld)")
    .hint(format!(
        "link only one of {}, or have only one of them export `{slot}`",
        ticked(&names)
    ))
}

/// Two crates both importing and exporting `slot`: weld links one
/// wrapper per slot (wasm-ld's `--wrap` has one layer).
pub(super) fn two_wrappers(slot: &Slot, crates: &BTreeSet<&str>) -> Diagnostic {
    let names: Vec<&str> = crates.iter().copied().collect();
    Diagnostic::new(format!(
        "{} is wrapped by {} crates: {}",
        slot.describe(),
        names.len(),
        ticked(&names)
    ))
    .note("each of them imports and exports it; weld links at most one wrapper of a slot, between its importers and its one other exporter (or the host)")
    .hint(format!(
        "link only one of {}, or merge the wrappers into one crate",
        ticked(&names)
    ))
}

/// One crate exporting `slot` in two different forms.
pub(super) fn provider_twice(slot: &Slot, krate: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "crate `{krate}` exports {} twice, with different functions or types",
        slot.describe()
    ))
    .note(format!(
        "two builds of `{krate}` from different WIT are linked"
    ))
    .hint(format!("link one build of `{krate}`"))
}

/// `importer` imports `func` of `slot`; `provider` does not export it (in
/// `exported`, the version the import binds to).
pub(super) fn missing_function(
    (slot, exported): (&Slot, &Slot),
    importer: &Side<'_>,
    provider: &Side<'_>,
    func: &Item,
    candidate: &Candidate<'_>,
) -> Diagnostic {
    let (c, p) = (importer.krate, provider.krate);
    let what = function(slot, &func.name);
    let as_ = if slot == exported {
        String::new()
    } else {
        format!(" (it exports `{exported}`)")
    };
    let mut d = Diagnostic::new(format!(
        "crate `{c}` imports {what}, which crate `{p}` does not export{as_}"
    ));
    d = d.note(match candidate {
        Candidate::SameSignature(g) => {
            format!("crate `{p}` exports `{g}` with the same signature: renamed to `{g}`?")
        }
        Candidate::SimilarName(g) => {
            format!("crate `{p}` exports a function with a similar name: `{g}`")
        }
        Candidate::None(names) if names.is_empty() => {
            format!("crate `{p}` exports no functions of `{exported}`")
        }
        Candidate::None(names) => format!("crate `{p}` exports {}", ticked(names)),
    });
    let d = bound_note(d, slot, exported, p).note(worlds(importer, provider));
    let older = semver::by_version(exported.module(), slot.module()).is_lt();
    if slot != exported && older {
        d.hint(format!(
            "build crate `{p}` against `{}{}` (or a later compatible version), which has `{}`",
            package_of(slot),
            semver::version_of(slot.module()),
            func.name
        ))
    } else {
        d.hint(same_wit(slot, exported))
    }
}

/// `func` of `slot` has different hashes in `importer` and `provider`.
pub(super) fn function_differs(
    (slot, exported): (&Slot, &Slot),
    importer: &Side<'_>,
    provider: &Side<'_>,
    func: &Item,
    types: &TypeDiff<'_>,
) -> Diagnostic {
    let (c, p) = (importer.krate, provider.krate);
    let mut d = Diagnostic::new(format!(
        "{} differs between crate `{c}` (imports it) and crate `{p}` (exports it{})",
        function(slot, &func.name),
        exported_as(slot, exported)
    ));
    for name in &types.differing {
        d = d.note(format!("type `{name}` differs"));
    }
    for name in &types.only_importer {
        d = d.note(format!("type `{name}` is only in crate `{c}`'s WIT"));
    }
    for name in &types.only_provider {
        d = d.note(format!("type `{name}` is only in crate `{p}`'s WIT"));
    }
    if types.differing.is_empty() && types.only_importer.is_empty() {
        d = d.note(format!(
            "the parameter or result types of `{}` differ",
            func.name
        ));
    }
    bound_note(d, slot, exported, p)
        .note(worlds(importer, provider))
        .hint(same_wit(slot, exported))
}

/// Type `name` of `slot` differs, though no imported function does.
pub(super) fn type_differs(
    (slot, exported): (&Slot, &Slot),
    importer: &Side<'_>,
    provider: &Side<'_>,
    name: &str,
) -> Diagnostic {
    let (c, p) = (importer.krate, provider.krate);
    let d = Diagnostic::new(format!(
        "type `{name}` of `{slot}` differs between crate `{c}` (imports it) and crate `{p}` (exports it{})",
        exported_as(slot, exported)
    ))
    .note(format!(
        "its fields, cases, flags or structure differ; no function `{c}` imports passes it, \
         but the two crates disagree on the interface"
    ));
    bound_note(d, slot, exported, p)
        .note(worlds(importer, provider))
        .hint(same_wit(slot, exported))
}

/// ` as `I@B`` when the import binds to another version.
fn exported_as(slot: &Slot, exported: &Slot) -> String {
    if slot == exported {
        String::new()
    } else {
        format!(" as `{exported}`")
    }
}

/// The note saying that `slot` binds to a compatible version, if it does.
fn bound_note(d: Diagnostic, slot: &Slot, exported: &Slot, provider: &str) -> Diagnostic {
    if slot == exported {
        return d;
    }
    d.note(format!(
        "`{slot}` is bound to `{exported}`, the semver-compatible version crate `{provider}` \
         exports; the two versions' functions and types are still compared one by one"
    ))
}

/// The hint of a hash mismatch.
fn same_wit(slot: &Slot, exported: &Slot) -> String {
    if slot == exported {
        String::from(SAME_WIT)
    } else {
        format!(
            "build both crates against the same version of `{}`",
            package_of(slot)
        )
    }
}

/// `slot`, imported by `crates`, is exported only in other versions:
/// `others` holds (exported interface, crate).
pub(super) fn version_skew(
    slot: &Slot,
    crates: &[String],
    others: &[(String, String)],
) -> Diagnostic {
    let (first, rest) = match others.split_first() {
        Some(((iface, p), rest)) => (format!("crate `{p}` exports `{iface}`"), rest),
        None => (String::from("no crate exports it"), others),
    };
    let mut d = Diagnostic::new(format!(
        "{} {} `{slot}`, but {first}",
        crate_list(crates),
        if crates.len() == 1 {
            "imports"
        } else {
            "import"
        },
    ));
    for (iface, p) in rest {
        d = d.note(format!("crate `{p}` exports `{iface}`"));
    }
    let package = package_of(slot);
    d.note(format!(
        "no linked crate exports `{slot}` or a semver-compatible version of it; it is not \
         left to the host because a linked crate provides an incompatible version of it"
    ))
    .hint(format!(
        "build every crate against the same version of `{package}`"
    ))
}

/// Several crates export compatible versions of one interface: `all`
/// holds (crate, exported version), sorted; `across` the crates among them
/// that also import another version of it (a wrapper across versions).
pub(super) fn compatible_providers(all: &[(&str, &Slot)], across: &[(&str, &Slot)]) -> Diagnostic {
    let crates: BTreeSet<&str> = all.iter().map(|(c, _)| *c).collect();
    let names: Vec<&str> = crates.iter().copied().collect();
    let family = all
        .first()
        .map_or("", |(_, s)| unversioned(s.module()))
        .to_owned();
    let each: Vec<String> = all.iter().map(|(c, s)| format!("`{c}` (`{s}`)")).collect();
    let mut d = Diagnostic::new(format!(
        "interface `{family}` is exported in compatible versions by {} crates: {}",
        names.len(),
        list(&each)
    ))
    .note(
        "semver-compatible versions of an interface are one interface to weld-ld (an import of \
         a version no crate exports binds to a compatible one), so each crate here provides it",
    );
    for (c, s) in across {
        d = d.note(format!(
            "crate `{c}` also imports `{s}`: a wrapper must import and export the same version"
        ));
    }
    d.hint(format!(
        "link only one of {}, or have only one of them export `{family}`",
        ticked(&names)
    ))
}

/// `wrapper` wraps `wrapped`, and `others` export other compatible
/// versions of it.
pub(super) fn wrapped_across_versions(
    wrapper: &str,
    wrapped: &Slot,
    others: &[(&str, &Slot)],
) -> Diagnostic {
    let each: Vec<String> = others
        .iter()
        .map(|(c, s)| format!("crate `{c}` exports `{s}`"))
        .collect();
    let package = package_of(wrapped);
    Diagnostic::new(format!(
        "crate `{wrapper}` wraps `{wrapped}`, but {}",
        list(&each)
    ))
    .note(
        "weld-ld does not wrap across versions: a wrapper sits between the importers and \
         the other exporter of one version of an interface",
    )
    .hint(format!(
        "build `{wrapper}` and every crate exporting `{}` against the same version of `{package}`",
        unversioned(wrapped.module())
    ))
}

/// `krate` imports `slot` and exports `exported`, compatible versions of
/// one interface: its import would bind to its own export.
pub(super) fn own_version(krate: &str, slot: &Slot, exported: &[&Slot]) -> Diagnostic {
    let names: Vec<String> = exported.iter().map(|s| s.to_string()).collect();
    Diagnostic::new(format!(
        "crate `{krate}` imports `{slot}` and exports {}, a compatible version of it",
        ticked(&names)
    ))
    .note(format!(
        "no other linked crate exports `{slot}`, so the import would bind to `{krate}`'s own \
         export; a wrapper must import and export the same version"
    ))
    .hint(format!(
        "build `{krate}` against one version of `{}`, or link a crate that exports `{slot}`",
        package_of(slot)
    ))
}

/// `ns:pkg` of an interface `ns:pkg/iface@v`.
fn package_of(slot: &Slot) -> &str {
    let package = unversioned(slot.module());
    package.split_once('/').map_or(package, |(pkg, _)| pkg)
}

/// `slot`, imported by `crates`, is provided by no crate and the host may
/// not provide it.
pub(super) fn not_provided(slot: &Slot, crates: &[String], host: &HostImports) -> Diagnostic {
    let d = Diagnostic::new(format!(
        "{} imported by {} is provided by no linked crate",
        slot.describe(),
        crate_list(crates)
    ));
    match host {
        HostImports::AllowList(entries) => d
            .note(if entries.is_empty() {
                String::from("the host-import allow-list is empty")
            } else {
                format!("the host-import allow-list holds {}", ticked(entries))
            })
            .hint(format!(
                "link a crate that exports `{slot}`, or add it to the host-import allow-list \
                 (`--allow-host-import {slot}`)"
            )),
        HostImports::Deny | HostImports::Allow => d
            .note("host imports are denied (`--no-host-imports`)")
            .hint(format!(
                "link a crate that exports `{slot}`, or let the host provide it: drop \
                 `--no-host-imports`, or allow it with `--allow-host-import {slot}`"
            )),
    }
}

/// Functions of an import no linked crate provides that weld cannot
/// import from the host: an async function, or one whose parameters or
/// result are futures or streams, whose importer defines no host adapter
/// (`[async-host:<crate>/<world>]f`): bindings made by a weld without
/// abi-spec/ASYNC.md section 11, or a function with a future or stream
/// nested deeper than a parameter or its result.
pub(super) fn async_not_provided(slot: &Slot, crates: &[String], funcs: &[String]) -> Diagnostic {
    Diagnostic::new(format!(
        "{} imported by {} is provided by no linked crate, and weld cannot import its {} from \
         the host",
        slot.describe(),
        crate_list(crates),
        funcs.join(", ")
    ))
    .note("such functions are imported from the host through the importer's host adapter (abi-spec/ASYNC.md section 11), which bindings made by an older weld lack, and which bridges futures and streams at any depth (not those whose elements are ends, in maps, inside a parameter's list, or in parameters that cross in memory) and error-contexts that are a parameter or the result themselves")
    .hint(format!(
        "link a crate that exports `{slot}`, or rebuild the importing crates with this weld"
    ))
}

/// A core import that is not a WIT import, which the host may not provide.
pub(super) fn core_not_provided(import: &CoreImport, host: &HostImports) -> Diagnostic {
    let written = import.written();
    let by = match import.origins.as_slice() {
        [] => String::new(),
        origins => {
            let names: Vec<String> = origins.iter().map(ToString::to_string).collect();
            format!(", pulled in by {},", list(&names))
        }
    };
    let mut d = Diagnostic::new(format!(
        "core import `{written}`{by} is provided by no linked crate"
    ));
    let mangled: Vec<&String> = import
        .symbols
        .iter()
        .filter(|s| **s != import.name && !s.starts_with(weld_abi::PREVIEW1_SYMBOL_PREFIX))
        .collect();
    for symbol in mangled {
        d = d.note(format!(
            "symbol `{symbol}` is an `extern` declared with \
             `#[link(wasm_import_module = \"{}\")]`",
            import.module
        ));
    }
    let allow = format!("`--allow-host-import {written}`");
    d = match host {
        HostImports::AllowList(entries) if entries.is_empty() => {
            d.note("it is not a WIT import; the host-import allow-list is empty")
        }
        HostImports::AllowList(entries) => d.note(format!(
            "it is not a WIT import; the host-import allow-list holds {}",
            ticked(entries)
        )),
        HostImports::Deny | HostImports::Allow => {
            d.note("it is not a WIT import; host imports are denied (`--no-host-imports`)")
        }
    };
    let fallback = match host {
        HostImports::AllowList(_) => format!("add it to the host-import allow-list ({allow})"),
        _ => format!("drop `--no-host-imports`, or allow it with {allow}"),
    };
    if import.is_preview1() {
        d.hint(format!(
            "link `weld-wasi-preview1` (`use weld_wasi_preview1 as _;` in the root crate) so \
             std's WASI calls become WASI 0.2 imports that linked crates can serve, or {fallback}"
        ))
    } else {
        d.hint(format!(
            "link an object that defines `{}`, or let the host provide it: {fallback}",
            import.symbols.first().unwrap_or(&import.name)
        ))
    }
}

/// "a", "a and b", "a, b and c" (untouched names).
fn list(names: &[String]) -> String {
    match names.split_last() {
        None => String::from("nothing"),
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
    }
}

/// "function `f` of `I`" or "world-level function `f`".
fn function(slot: &Slot, name: &str) -> String {
    match slot {
        Slot::Interface(iface) => format!("function `{name}` of `{iface}`"),
        Slot::Function(_) => format!("world-level function `{name}`"),
    }
}

/// Which worlds the two crates were built against.
fn worlds(importer: &Side<'_>, provider: &Side<'_>) -> String {
    let list = |s: &Side<'_>| {
        let names: Vec<&str> = s.worlds.iter().copied().collect();
        ticked(&names)
    };
    format!(
        "crate `{}` was built against world {}, crate `{}` against world {}",
        importer.krate,
        list(importer),
        provider.krate,
        list(provider)
    )
}

/// "crate `a`", "crates `a` and `b`".
fn crate_list(crates: &[String]) -> String {
    match crates {
        [one] => format!("crate `{one}`"),
        _ => format!("crates {}", ticked(crates)),
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`", at most [`LIST_MAX`] names.
fn ticked<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(LIST_MAX)
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    let more = names.len().saturating_sub(LIST_MAX);
    match (shown.split_last(), more) {
        (None, _) => String::from("nothing"),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), more) => format!("{} and {more} more", shown.join(", ")),
    }
}

/// `version`, or a placeholder when the record has none.
fn or_unknown(version: &str) -> &str {
    if version.is_empty() {
        "<unknown version>"
    } else {
        version
    }
}
