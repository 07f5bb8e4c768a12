//! Who pulled a core import into the link. Before wasm-ld runs, every
//! input object's undefined function symbols (module, name, symbol) are
//! indexed with the object's crate; after the link, each core import the
//! module keeps is attributed through its symbol (from the name section).
//!
//! Objects are named after their crate the way rustc names them (files and
//! archive members `<crate>-<hash>...` or `<crate>.<crate>...`); wasi-libc's
//! `libc.a` (and a `__imported_wasi_snapshot_preview1_*` symbol no input
//! names: wasm-ld found `-lc` itself) is "wasi-libc (std's WASI calls)".

use crate::check::{CoreImport, Origin};
use crate::inputs::Object;
use std::collections::{BTreeMap, BTreeSet};

/// The undefined function symbols of a link's inputs, by import.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// (module, name) -> (symbol, who) of each input importing it.
    by_import: BTreeMap<(String, String), Vec<(String, Origin)>>,
}

impl Origins {
    /// Indexes the undefined function symbols of `objects`.
    pub fn of(objects: &[Object]) -> Origins {
        let crates: BTreeMap<String, String> = objects
            .iter()
            .flat_map(|o| &o.records)
            .map(|r| (norm(&r.crate_name), r.crate_name.clone()))
            .collect();
        let mut by_import: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for o in objects {
            let who = describe(o, &crates);
            for i in &o.symbols.imported {
                by_import
                    .entry((i.module.clone(), i.name.clone()))
                    .or_default()
                    .push((i.symbol.clone(), who.clone()));
            }
        }
        Origins { by_import }
    }

    /// Who imports `module::name` through `symbol` (as the name section
    /// writes it: wasm-ld demangles), sorted, once each. When the symbol is
    /// not known, or no input's matches it, every input importing
    /// `module::name` but through wasi-libc's symbol.
    pub fn who(&self, module: &str, name: &str, symbol: Option<&str>) -> Vec<Origin> {
        let key = (module.to_string(), name.to_string());
        let entries = self.by_import.get(&key).map_or(&[][..], Vec::as_slice);
        let is_libc = |s: &str| s.starts_with(weld_abi::PREVIEW1_SYMBOL_PREFIX);
        let pick = |keep: &dyn Fn(&str) -> bool| -> BTreeSet<Origin> {
            entries
                .iter()
                .filter(|(s, _)| keep(s))
                .map(|(_, who)| who.clone())
                .collect()
        };
        let mut out = match symbol {
            Some(want) => pick(&|s| s == want || demangle(s).as_deref() == Some(want)),
            None => BTreeSet::new(),
        };
        if out.is_empty() && !symbol.is_some_and(is_libc) {
            out = pick(&|s| !is_libc(s));
        }
        let libc_symbol = match symbol {
            Some(s) => is_libc(s),
            None => module == weld_abi::PREVIEW1_MODULE,
        };
        if out.is_empty() && libc_symbol {
            out.insert(Origin::WasiLibc);
        }
        out.into_iter().collect()
    }

    /// The core imports of a rewritten module, `(module, name, symbol)`,
    /// merged by (module, name), each with who pulled it in.
    pub fn core_imports(&self, core: &[(String, String, Option<String>)]) -> Vec<CoreImport> {
        let mut merged: BTreeMap<(String, String), CoreImport> = BTreeMap::new();
        for (module, name, symbol) in core {
            let entry = merged
                .entry((module.clone(), name.clone()))
                .or_insert_with(|| CoreImport {
                    module: module.clone(),
                    name: name.clone(),
                    symbols: Vec::new(),
                    origins: Vec::new(),
                });
            entry.symbols.extend(symbol.clone());
            entry
                .origins
                .extend(self.who(module, name, symbol.as_deref()));
        }
        let mut out: Vec<CoreImport> = merged.into_values().collect();
        for i in &mut out {
            i.symbols.sort();
            i.symbols.dedup();
            i.origins.sort();
            i.origins.dedup();
        }
        out
    }
}

/// Who an object is: the one crate whose records it carries, the crate
/// its name gives, wasi-libc, or the object itself.
fn describe(o: &Object, crates: &BTreeMap<String, String>) -> Origin {
    let own: BTreeSet<&str> = o.records.iter().map(|r| r.crate_name.as_str()).collect();
    if let [one] = own.into_iter().collect::<Vec<_>>()[..] {
        return Origin::Crate(one.to_string());
    }
    let file = o
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file == "libc.a" {
        return Origin::WasiLibc;
    }
    let object = o.member.as_deref().unwrap_or(&file);
    let stem = object.split(['-', '.']).next().unwrap_or(object);
    if let Some(krate) = crates.get(&norm(stem)) {
        return Origin::Crate(krate.clone());
    }
    if object.ends_with(".rcgu.o") && !stem.is_empty() {
        return Origin::Crate(stem.to_string());
    }
    match &o.member {
        Some(m) => Origin::Object(format!("{file}({m})")),
        None => Origin::Object(file),
    }
}

/// An Itanium-style nested name as wasm-ld's name section writes it:
/// `_ZN5probe10random_get17h0123E` is `probe::random_get::h0123` (rustc's
/// legacy mangling; escapes such as `$LT$` are left as they are).
fn demangle(symbol: &str) -> Option<String> {
    let mut rest = symbol.strip_prefix("_ZN")?;
    let mut parts = Vec::new();
    while !rest.starts_with('E') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let len: usize = rest[..digits].parse().ok()?;
        let part = rest.get(digits..digits + len)?;
        parts.push(part);
        rest = &rest[digits + len..];
    }
    Some(parts.join("::"))
}

fn norm(name: &str) -> String {
    name.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbols::{Imported, Symbols};
    use std::path::PathBuf;

    fn object(file: &str, member: Option<&str>, imports: &[(&str, &str, &str)]) -> Object {
        let ty = wasmparser::FuncType::new([], []);
        let imported = imports
            .iter()
            .map(|(m, n, s)| Imported {
                module: m.to_string(),
                name: n.to_string(),
                symbol: s.to_string(),
                ty: ty.clone(),
            })
            .collect();
        Object {
            file: PathBuf::from(file),
            member: member.map(String::from),
            records: Vec::new(),
            symbols: Symbols {
                imported,
                defined: Vec::new(),
            },
            component_types: Vec::new(),
        }
    }

    #[test]
    fn legacy_symbols_demangle_as_wasm_ld_writes_them() {
        assert_eq!(
            demangle("_ZN5probe10random_get17hc266fd7fb854bc04E").as_deref(),
            Some("probe::random_get::hc266fd7fb854bc04")
        );
        assert_eq!(demangle("random_get"), None);
        assert_eq!(demangle("_ZN99x"), None);
        assert_eq!(demangle("_ZN5pro"), None);
    }

    #[test]
    fn imports_are_attributed_by_symbol_to_crates_and_wasi_libc() {
        let p1 = weld_abi::PREVIEW1_MODULE;
        let mangled = "_ZN9getrandom8backends7wasi_p110random_get17h0123456789abcdefE";
        let objects = [
            object(
                "deps/libgetrandom-1a2b.rlib",
                Some("getrandom-1a2b.getrandom.3c4d-cgu.0.rcgu.o"),
                &[(p1, "random_get", mangled)],
            ),
            object("x/probe.o", None, &[("env", "log", "log")]),
        ];
        let origins = Origins::of(&objects);
        let core = [
            (p1.into(), "random_get".into(), Some(mangled.into())),
            (
                p1.into(),
                "random_get".into(),
                Some(format!("{}random_get", weld_abi::PREVIEW1_SYMBOL_PREFIX)),
            ),
            ("env".into(), "log".into(), None),
        ];
        let got = origins.core_imports(&core);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].written(), "env::log");
        assert_eq!(got[0].origins, [Origin::Object("probe.o".into())]);
        assert_eq!(
            got[1].origins,
            [Origin::Crate("getrandom".into()), Origin::WasiLibc]
        );
        assert_eq!(got[1].symbols.len(), 2);
    }
}
