//! Aliases: undefined symbols that the link serves with another symbol's
//! definition. weld-ld writes a small relocatable object defining each
//! aliased symbol as a function that passes its parameters to the target
//! and returns its results, and adds it to wasm-ld's inputs; wasm-ld then
//! binds the calls, keeps what is reachable, and nothing is rewritten
//! after the link.
//!
//! Today's one use: a crate that declares its own
//! `#[link(wasm_import_module = "wasi_snapshot_preview1")]` extern (getrandom,
//! the `wasi` crate) imports through a mangled, build-specific symbol that
//! no crate can define by name; when the link defines wasi-libc's
//! `__imported_wasi_snapshot_preview1_<fn>` (weld-wasi-preview1 does), the
//! mangled symbol becomes an alias of it, so no preview 1 import remains.
//!
//! The other: an import of an interface version no linked crate exports,
//! bound to the linked export of a semver-compatible version
//! ([`crate::check::compatible`]): each `weld1|ns:pkg/iface@0.2.3|f` the
//! inputs reference becomes an alias of `weld1|ns:pkg/iface@0.2.12|f`.
//!
//! The third: an async function, or a function whose parameters or
//! result are futures or streams, of an interface no linked crate exports
//! (abi-spec/ASYNC.md section 11). Each importing crate's bindings define
//! a host adapter `weld1|<key>|[async-host:<crate>/<world>]f` with the signature
//! of the function's entry point, which calls the Canonical ABI's
//! `[async-lower]f` (or `f`) and bridges the ends; the importers'
//! references to `weld1|<key>|[async]f` (or `f`) become an alias of the
//! first importer's adapter ([`async_host`]).
//!
//! An alias whose signature differs from its target's is an error naming
//! both (the call could only trap).

use crate::check::{Diagnostic, Slot};
use crate::inputs::Object;
use crate::symbols::signature;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wasmparser::FuncType;

mod object;

pub use object::encode;

/// One aliased symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The undefined symbol to define.
    pub symbol: String,
    /// The symbol whose definition serves it.
    pub target: String,
    /// The signature both share.
    pub ty: FuncType,
}

/// The aliases of a link and its bindings across versions (imported
/// interface -> the compatible exported one).
pub type Plan = (Vec<Alias>, BTreeMap<Slot, Slot>);

/// Every alias of a link ([`preview1`]'s and [`versions`]', sorted by
/// symbol) and the interfaces bound to a compatible version.
///
/// # Errors
/// Every [`Diagnostic`] of both: preview 1 signatures that differ, and the
/// version bindings [`crate::check::compatible`] refuses.
pub fn plan(objects: &[Object]) -> Result<Plan, Vec<Diagnostic>> {
    let records: Vec<_> = objects
        .iter()
        .flat_map(|o| o.records.iter().cloned())
        .collect();
    let bound = crate::check::compatible(&records);
    let preview1 = preview1(objects);
    match (preview1, bound) {
        (Ok(mut aliases), Ok(bound)) => {
            aliases.extend(versions(objects, &bound));
            let taken: Vec<String> = aliases.iter().map(|a| a.symbol.clone()).collect();
            aliases.extend(
                async_host(objects, &bound)
                    .into_iter()
                    .filter(|a| !taken.contains(&a.symbol)),
            );
            aliases.sort_by(|a, b| a.symbol.cmp(&b.symbol));
            Ok((aliases, bound))
        }
        (p, b) => Err([p.err(), b.err()].into_iter().flatten().flatten().collect()),
    }
}

/// The aliases that reroute `objects`' WASI preview 1 imports to the
/// link's `__imported_wasi_snapshot_preview1_<fn>` definitions, sorted by
/// symbol.
///
/// # Errors
/// One [`Diagnostic`] per import whose signature differs from its
/// definition's.
pub fn preview1(objects: &[Object]) -> Result<Vec<Alias>, Vec<Diagnostic>> {
    let mut defined: BTreeMap<&str, (&FuncType, &Object)> = BTreeMap::new();
    for o in objects {
        for d in &o.symbols.defined {
            defined.entry(d.symbol.as_str()).or_insert((&d.ty, o));
        }
    }
    let mut aliases: BTreeMap<String, Alias> = BTreeMap::new();
    let mut errors = Vec::new();
    for o in objects {
        for i in &o.symbols.imported {
            let target = format!("{}{}", weld_abi::PREVIEW1_SYMBOL_PREFIX, i.name);
            if i.module != weld_abi::PREVIEW1_MODULE
                || i.symbol == target
                || defined.contains_key(i.symbol.as_str())
                || aliases.contains_key(&i.symbol)
            {
                continue;
            }
            let Some(&(ty, provider)) = defined.get(target.as_str()) else {
                continue;
            };
            if *ty != i.ty {
                errors.push(mismatch(i, o, &target, ty, provider));
                continue;
            }
            let alias = Alias {
                symbol: i.symbol.clone(),
                target,
                ty: i.ty.clone(),
            };
            aliases.insert(i.symbol.clone(), alias);
        }
    }
    if errors.is_empty() {
        Ok(aliases.into_values().collect())
    } else {
        Err(errors)
    }
}

/// The aliases that bind `objects`' references to a WIT symbol of an
/// interface in `bound` (imported interface -> the compatible exported
/// version it binds to) to the same function of the exported version,
/// sorted by symbol. A reference whose target no input defines (directly,
/// or as a wrapper's `__wrap_` definition) with the same signature gets
/// none: it stays undefined, and the check after the link names the
/// function the provider lacks or whose type differs.
pub fn versions(objects: &[Object], bound: &BTreeMap<Slot, Slot>) -> Vec<Alias> {
    if bound.is_empty() {
        return Vec::new();
    }
    let mut defined: BTreeMap<&str, &FuncType> = BTreeMap::new();
    for d in objects.iter().flat_map(|o| &o.symbols.defined) {
        defined.entry(d.symbol.as_str()).or_insert(&d.ty);
    }
    let mut aliases: BTreeMap<String, Alias> = BTreeMap::new();
    for i in objects.iter().flat_map(|o| &o.symbols.imported) {
        let Some(target) = version_target(&i.symbol, bound) else {
            continue;
        };
        let wrapped = format!("{}{target}", weld_abi::WRAP_PREFIX);
        let ty = defined
            .get(target.as_str())
            .or_else(|| defined.get(wrapped.as_str()));
        if i.module != "env"
            || defined.contains_key(i.symbol.as_str())
            || ty.is_none_or(|ty| **ty != i.ty)
        {
            continue;
        }
        aliases.entry(i.symbol.clone()).or_insert_with(|| Alias {
            symbol: i.symbol.clone(),
            target,
            ty: i.ty.clone(),
        });
    }
    aliases.into_values().collect()
}

/// The aliases that send `objects`' references to an async function
/// `weld1|<key>|[async]f`, or to a synchronous `weld1|<key>|f` whose
/// parameters or result are futures or streams, of an interface (or the
/// world, `$root`) no input exports (and no
/// semver-compatible version in `bound` serves) to the host adapter of
/// the first input (in link order) that defines one,
/// `weld1|<key>|[async-host:<crate>/<world>]f`, with the same signature. A
/// reference with no adapter stays undefined: the check after the link
/// names it.
pub fn async_host(objects: &[Object], bound: &BTreeMap<Slot, Slot>) -> Vec<Alias> {
    let exported: Vec<&str> = objects
        .iter()
        .flat_map(|o| &o.records)
        .filter(|r| r.direction == weld_abi::metadata::Direction::Export)
        .filter_map(|r| r.interface.as_deref())
        .collect();
    let mut defined: BTreeMap<&str, &FuncType> = BTreeMap::new();
    // (interface, function) -> the first adapter's symbol and type.
    let mut adapters: BTreeMap<(&str, &str), (&str, &FuncType)> = BTreeMap::new();
    for d in objects.iter().flat_map(|o| &o.symbols.defined) {
        defined.entry(d.symbol.as_str()).or_insert(&d.ty);
        let Some(parsed) = weld_abi::parse_symbol(&d.symbol) else {
            continue;
        };
        let key = parsed.interface.unwrap_or(weld_abi::ROOT);
        let Some((_, func)) = parsed
            .func
            .strip_prefix(weld_abi::asynchronous::ASYNC_HOST_PREFIX)
            .and_then(|rest| rest.split_once(']'))
        else {
            continue;
        };
        if parsed.abi_version == weld_abi::ABI_VERSION {
            adapters
                .entry((key, func))
                .or_insert((d.symbol.as_str(), &d.ty));
        }
    }
    let mut aliases: BTreeMap<String, Alias> = BTreeMap::new();
    for i in objects.iter().flat_map(|o| &o.symbols.imported) {
        let Some(parsed) = weld_abi::parse_symbol(&i.symbol) else {
            continue;
        };
        // `[async]f`, or a synchronous `f` carrying futures or streams.
        let func = parsed
            .func
            .strip_prefix(weld_abi::ASYNC_PREFIX)
            .unwrap_or(parsed.func);
        let key = parsed.interface.unwrap_or(weld_abi::ROOT);
        let served = exported.contains(&key) || bound.contains_key(&Slot::Interface(key.into()));
        if i.module != "env" || served || defined.contains_key(i.symbol.as_str()) {
            continue;
        }
        let Some(&(target, ty)) = adapters.get(&(key, func)) else {
            continue;
        };
        if *ty != i.ty {
            continue;
        }
        aliases.entry(i.symbol.clone()).or_insert_with(|| Alias {
            symbol: i.symbol.clone(),
            target: target.to_owned(),
            ty: i.ty.clone(),
        });
    }
    aliases.into_values().collect()
}

/// The symbol of the exported version's function for the weld symbol
/// `symbol`, if its interface is bound to another version.
fn version_target(symbol: &str, bound: &BTreeMap<Slot, Slot>) -> Option<String> {
    let parsed = weld_abi::parse_symbol(symbol)?;
    if parsed.abi_version != weld_abi::ABI_VERSION {
        return None;
    }
    let slot = Slot::Interface(parsed.interface?.to_owned());
    let exported = bound.get(&slot)?;
    Some(weld_abi::symbol(Some(exported.module()), parsed.func))
}

fn mismatch(
    import: &crate::symbols::Imported,
    importer: &Object,
    target: &str,
    ty: &FuncType,
    provider: &Object,
) -> Diagnostic {
    let written = format!("{}::{}", import.module, import.name);
    Diagnostic::new(format!(
        "`{written}` is imported as `{}` by `{}` but defined as `{}` by `{}`",
        signature(&import.ty),
        object_name(importer),
        signature(ty),
        object_name(provider),
    ))
    .note(format!(
        "symbol `{}` cannot be rerouted to `{target}`: their signatures differ",
        import.symbol
    ))
    .hint(format!(
        "declare `{}` with WASI preview 1's signature, or link a `{target}` that has it",
        import.name
    ))
}

fn object_name(o: &Object) -> String {
    let file = o.file.file_name().unwrap_or_default().to_string_lossy();
    match &o.member {
        Some(m) => format!("{file}({m})"),
        None => file.into_owned(),
    }
}

/// Writes the object defining `aliases` next to `output` (named so that
/// the map counts its bytes as `std/other`); `None` when there are none.
pub fn write(output: &Path, aliases: &[Alias]) -> Result<Option<PathBuf>, crate::Error> {
    if aliases.is_empty() {
        return Ok(None);
    }
    let mut name = std::ffi::OsString::from("_weld_ld_aliases.");
    name.push(output.file_name().unwrap_or_default());
    name.push(".o");
    let path = output.with_file_name(name);
    let bytes = encode(aliases).map_err(crate::Error::Usage)?;
    std::fs::write(&path, bytes).map_err(|e| crate::Error::Write(path.clone(), e))?;
    Ok(Some(path))
}
