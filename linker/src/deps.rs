//! Porting mistakes a cargo link shows (docs/porting.md, "Mistakes
//! weld-ld catches"): a dependency of the root package that exports an
//! interface the module imports but is not in the link (rustc links a
//! dependency only when the root crate names it; a `cdylib` dependency is
//! its own module and can never be linked into another crate), and a
//! crate built with wit-bindgen instead of weld (its exports have the
//! Canonical ABI's names, which no weld import reaches).
//!
//! rustc passes the linker only the rlibs of crates the code names, and
//! none of the `-L dependency=` directories cargo gave it. weld-ld reads
//! the root package's dependencies from `$CARGO_MANIFEST_DIR/Cargo.toml`
//! (its `[dependencies]`, not optional ones) and looks for the ones rustc
//! did not pass next to the rlibs it did and next to the output (cargo's
//! `deps/` directory): `lib<name>-<hash>.rlib`, or `<name>.wasm` for a
//! `cdylib`. It only reports; it never adds a file to the link (which
//! build of a crate in `deps/` belongs to this one is rustc's knowledge,
//! not the linker's).

use crate::check::{Diagnostic, HostImports, Slot};
use crate::inputs::{self, Object};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use weld_abi::metadata::{Direction, Record};

/// What a cargo link left out or cannot serve.
#[derive(Debug, Default, Clone)]
pub struct Survey {
    /// Dependencies of the root package that the link does not contain.
    pub unlinked: Vec<Unlinked>,
    /// Inputs built with wit-bindgen whose world exports something.
    pub unported: Vec<Unported>,
}

/// A dependency of the root package that rustc did not link.
#[derive(Debug, Clone)]
pub struct Unlinked {
    /// Its name in the root's `Cargo.toml` (the name `use ::name as _;`
    /// takes, with `_` for `-`).
    pub name: String,
    /// The file found for it.
    pub file: PathBuf,
    /// Whether it is a `cdylib` (a linked module), not an rlib.
    pub cdylib: bool,
    /// Whether it was built with wit-bindgen rather than weld.
    pub wit_bindgen: bool,
    /// What it exports.
    pub exports: BTreeSet<Slot>,
}

/// A crate among the inputs whose objects carry wit-bindgen's
/// `component-type` section with exports.
#[derive(Debug, Clone)]
pub struct Unported {
    /// The crate, as its file names it.
    pub krate: String,
    /// The file holding it.
    pub file: PathBuf,
    /// What its world exports.
    pub exports: BTreeSet<Slot>,
}

/// Surveys a cargo link: `objects` are the inputs read, `output` the
/// module rustc asked for.
pub fn survey(objects: &[Object], output: &Path) -> Survey {
    Survey {
        unlinked: unlinked(objects, output),
        unported: unported(objects),
    }
}

/// The diagnostics for a module that imports `imports` (`(module, name)`,
/// after renaming for the host) and whose crates' records are `records`.
/// An interface the allow-list names exactly (`--weld-allow-host-import
/// <interface>`, no `*`) is the host's by the user's word: no error.
pub fn check(
    survey: &Survey,
    records: &[Record],
    imports: &[(String, String)],
    host: &HostImports,
) -> Vec<Diagnostic> {
    let named = |slot: &Slot| match host {
        HostImports::AllowList(entries) => entries.iter().any(|e| *e == slot.to_string()),
        _ => false,
    };
    let mut out = Vec::new();
    for u in &survey.unported {
        out.push(unported_message(u));
    }
    for u in &survey.unlinked {
        for slot in &u.exports {
            if imported(slot, imports) && !named(slot) {
                out.push(unlinked_message(u, slot, &importers(records, slot)));
            }
        }
    }
    out
}

/// Whether the module still imports something of `slot` from the host.
fn imported(slot: &Slot, imports: &[(String, String)]) -> bool {
    imports.iter().any(|(m, n)| match slot {
        Slot::Interface(i) => m == i,
        Slot::Function(f) => m == weld_abi::ROOT && n == f,
    })
}

/// The crates whose records import `slot`.
fn importers(records: &[Record], slot: &Slot) -> Vec<String> {
    let set: BTreeSet<&str> = records
        .iter()
        .filter(|r| r.direction == Direction::Import && Slot::of_record(r).contains(slot))
        .map(|r| r.crate_name.as_str())
        .collect();
    set.into_iter().map(str::to_owned).collect()
}

fn crates_phrase(crates: &[String]) -> String {
    match crates {
        [] => String::from("the link"),
        [one] => format!("crate `{one}`"),
        many => {
            let names: Vec<String> = many.iter().map(|c| format!("`{c}`")).collect();
            format!("crates {}", names.join(", "))
        }
    }
}

fn unlinked_message(u: &Unlinked, slot: &Slot, importers: &[String]) -> Diagnostic {
    let name = &u.name;
    let file = u.file.display();
    let what = slot.describe();
    let d = Diagnostic::new(format!(
        "{what}, imported by {}, goes to the host, but `{name}`, a dependency of the root package, exports it and is not linked",
        crates_phrase(importers)
    ));
    if u.cdylib {
        return d
            .note(format!(
                "`{name}` is a `cdylib`: cargo built it as a module of its own (`{file}`), which cannot be linked into another crate"
            ))
            .hint(format!(
                "make `{name}` a library (in its Cargo.toml, `crate-type = [\"rlib\"]` under `[lib]`, or no `crate-type`), then name it once in the root crate: `use ::{name} as _;`"
            ));
    }
    let d = d.note(format!(
        "rustc links a dependency only when the root crate's code names it, and nothing names `{name}` (`{file}`)"
    ));
    let d = if u.wit_bindgen {
        d.note(format!(
            "`{name}` is also built with wit-bindgen: port it first (`weld::generate!`, docs/porting.md)"
        ))
    } else {
        d
    };
    d.hint(format!(
        "name it once in the root crate: `use ::{name} as _;` (`::` names the crate, never a bindings module of the same name); or, if the host should provide {what}, remove the dependency or allow it: `--weld-allow-host-import={slot}`"
    ))
}

fn unported_message(u: &Unported) -> Diagnostic {
    let exports: Vec<String> = u.exports.iter().map(|s| format!("`{s}`")).collect();
    Diagnostic::new(format!(
        "crate `{}` is built with wit-bindgen, not weld: it exports {} under the Canonical ABI's names, which no weld crate's import reaches, and the component would export them",
        u.krate,
        exports.join(", ")
    ))
    .note(format!(
        "its objects carry wit-bindgen's `component-type` section (`{}`)",
        u.file.display()
    ))
    .hint(String::from(
        "port it: replace `wit_bindgen::generate!(` with `weld::generate!(` and the `wit-bindgen` dependency with `weld` (docs/porting.md)",
    ))
}

/// The exports of the worlds in `component_types` payloads.
fn component_type_exports(payloads: &[Vec<u8>]) -> BTreeSet<Slot> {
    let mut out = BTreeSet::new();
    for p in payloads {
        let Some((resolve, world)) = crate::component::decode_world(p) else {
            continue;
        };
        for (key, item) in &resolve.worlds[world].exports {
            out.insert(match item {
                wit_parser::WorldItem::Function(f) => Slot::Function(f.name.clone()),
                _ => Slot::Interface(resolve.name_world_key(key)),
            });
        }
    }
    out
}

/// The inputs built with wit-bindgen that export something, one per file.
pub fn unported(objects: &[Object]) -> Vec<Unported> {
    let mut by_file: BTreeMap<&Path, Vec<Vec<u8>>> = BTreeMap::new();
    for o in objects.iter().filter(|o| !o.component_types.is_empty()) {
        by_file
            .entry(&o.file)
            .or_default()
            .extend(o.component_types.iter().cloned());
    }
    by_file
        .into_iter()
        .filter_map(|(file, payloads)| {
            let exports = component_type_exports(&payloads);
            (!exports.is_empty()).then(|| Unported {
                krate: crate_of_file(file),
                file: file.to_path_buf(),
                exports,
            })
        })
        .collect()
}

/// The crate an rlib or object file holds: `libfoo_bar-0123.rlib` is
/// `foo_bar`.
fn crate_of_file(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_prefix("lib").unwrap_or(&name);
    name.split(['-', '.']).next().unwrap_or(name).to_string()
}

/// The root package's dependencies rustc did not pass, that export
/// something.
fn unlinked(objects: &[Object], output: &Path) -> Vec<Unlinked> {
    let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Vec::new();
    };
    let Ok(toml) = std::fs::read_to_string(Path::new(&manifest).join("Cargo.toml")) else {
        return Vec::new();
    };
    let passed: BTreeSet<String> = objects.iter().map(|o| crate_of_file(&o.file)).collect();
    let mut dirs: BTreeSet<PathBuf> = objects
        .iter()
        .filter(|o| o.file.extension().is_some_and(|e| e == "rlib"))
        .filter(|o| !o.file.components().any(|c| c.as_os_str() == "rustlib"))
        .filter_map(|o| o.file.parent().map(Path::to_path_buf))
        .collect();
    if let Some(parent) = output.parent() {
        dirs.insert(parent.to_path_buf());
    }
    let mut out = Vec::new();
    for dep in dependencies(&toml) {
        if passed.contains(&dep.lib) {
            continue;
        }
        let Some((file, cdylib)) = find(&dirs, &dep.lib) else {
            continue;
        };
        let Ok(objects) = inputs::read(std::slice::from_ref(&file)) else {
            continue;
        };
        let mut exports: BTreeSet<Slot> = objects
            .iter()
            .flat_map(|o| &o.records)
            .filter(|r| r.direction == Direction::Export)
            .flat_map(Slot::of_record)
            .collect();
        let payloads: Vec<Vec<u8>> = objects
            .iter()
            .flat_map(|o| o.component_types.iter().cloned())
            .collect();
        let bindgen = component_type_exports(&payloads);
        let wit_bindgen = !bindgen.is_empty();
        exports.extend(bindgen);
        if !exports.is_empty() {
            out.push(Unlinked {
                name: dep.name,
                file,
                cdylib,
                wit_bindgen,
                exports,
            });
        }
    }
    out
}

/// The newest `lib<lib>-<hash>.rlib`, else `<lib>.wasm`, in `dirs`.
fn find(dirs: &BTreeSet<PathBuf>, lib: &str) -> Option<(PathBuf, bool)> {
    let mut rlibs: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_rlib = name
                .strip_prefix(&format!("lib{lib}-"))
                .is_some_and(|rest| rest.ends_with(".rlib") && !rest.contains('-'));
            if is_rlib {
                let time = e.metadata().and_then(|m| m.modified());
                rlibs.push((time.unwrap_or(std::time::UNIX_EPOCH), e.path()));
            }
        }
    }
    if let Some((_, newest)) = rlibs.into_iter().max() {
        return Some((newest, false));
    }
    dirs.iter()
        .map(|d| d.join(format!("{lib}.wasm")))
        .find(|p| p.is_file())
        .map(|p| (p, true))
}

/// One dependency of a manifest.
#[derive(Debug, PartialEq, Eq)]
struct Dependency {
    /// The key, with `_` for `-`: the name code uses.
    name: String,
    /// The library's name in file names: the package's, with `_` for `-`.
    lib: String,
}

/// The non-optional `[dependencies]` of a Cargo.toml, read line by line
/// (`name = ...`, `name.workspace = true`, `[dependencies.name]` tables,
/// `package = "..."` renames).
fn dependencies(toml: &str) -> Vec<Dependency> {
    let mut out: Vec<(String, Option<String>, bool)> = Vec::new();
    let mut section = String::new();
    for line in toml.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = header.trim().to_string();
            if let Some(name) = section.strip_prefix("dependencies.") {
                out.push((unquote(name), None, false));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if section == "dependencies" {
            let name = unquote(key.split('.').next().unwrap_or(key));
            out.push((name, field(value, "package"), has_true(value, "optional")));
        } else if section.starts_with("dependencies.")
            && let Some(last) = out.last_mut()
        {
            match key {
                "package" => last.1 = Some(unquote(value)),
                "optional" => last.2 = value == "true",
                _ => {}
            }
        }
    }
    out.into_iter()
        .filter(|(_, _, optional)| !optional)
        .map(|(name, package, _)| Dependency {
            lib: package.as_deref().unwrap_or(&name).replace('-', "_"),
            name: name.replace('-', "_"),
        })
        .collect()
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').trim_matches('\'').to_string()
}

/// The string value of `key = "..."` inside an inline table `value`.
fn field(value: &str, key: &str) -> Option<String> {
    let inner = value.strip_prefix('{')?.strip_suffix('}')?;
    inner.split(',').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim() == key).then(|| unquote(v))
    })
}

/// Whether inline table `value` sets `key = true`.
fn has_true(value: &str, key: &str) -> bool {
    field(value, key).is_some_and(|v| v == "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_read_with_renames_and_without_optional_ones() {
        let toml = r#"
[package]
name = "app"

[dependencies]
weld.workspace = true
demo-counter = { path = "../counter" }
"logger" = { path = "../logger", optional = true }
text = { package = "demo-text", path = "../text" } # renamed

[dependencies.kv]
path = "../kv"

[dependencies.clock]
path = "../clock"
optional = true

[dev-dependencies]
tester = "1"
"#;
        let deps = dependencies(toml);
        let pairs: Vec<(&str, &str)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.lib.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("weld", "weld"),
                ("demo_counter", "demo_counter"),
                ("text", "demo_text"),
                ("kv", "kv"),
            ]
        );
    }

    #[test]
    fn crates_are_named_from_rlib_and_object_files() {
        assert_eq!(
            crate_of_file(Path::new("/t/deps/libdemo_counter-0123abcd.rlib")),
            "demo_counter"
        );
        assert_eq!(crate_of_file(Path::new("app.app.1234-cgu.0.rcgu.o")), "app");
    }
}
