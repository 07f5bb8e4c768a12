//! `--map` and `--map-json`: what a finished link contains, for people and
//! for tools. Which crate provides each interface (from the check's
//! [`Wiring`]), which imports go to the host, which core imports are not
//! WIT imports and who pulled them in, the number of memories, and the
//! code and data bytes of each crate.
//!
//! Sizes come from wasm-ld's own link map (`--Map=<file>`), which lists
//! every input section placed in the output with the object it came from.
//! Objects are attributed to crates by their file name (rustc names each
//! object, whether a file or an archive member, `<crate>-<hash>...` or
//! `<crate>.<...>`); code of crates that have no weld records (std, alloc,
//! wasi-libc, linker-synthesised functions) is reported as `std/other`,
//! the weld runtime's as `weld (runtime)`. This module only reads and
//! writes text: it must not run wasm-ld or decide whether a link is valid.

use crate::check::{Slot, Wiring};
use crate::{Error, finish::Linked};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The row of code that belongs to no linked weld crate.
pub const OTHER: &str = "std/other";
/// The row of the weld runtime crate (`weld`).
pub const RUNTIME: &str = "weld (runtime)";

/// Which maps to write; part of [`crate::finish::Options`].
#[derive(Debug, Default, Clone)]
pub struct Request {
    /// The human map: a file, or `-` for stdout.
    pub human: Option<PathBuf>,
    /// The JSON map's file (`-` for stdout).
    pub json: Option<PathBuf>,
    /// wasm-ld's link map (`--Map=<file>`), read for sizes and deleted.
    pub ld_map: Option<PathBuf>,
    /// Whether LTO compiled several crates into the root's objects (the
    /// human map then says why their sizes count for the root crate).
    pub lto_merged: bool,
}

impl Request {
    /// Whether any map is asked for.
    pub fn wanted(&self) -> bool {
        self.human.is_some() || self.json.is_some()
    }

    /// Where wasm-ld should write its link map for an output at `output`.
    pub fn ld_map_for(output: &Path) -> PathBuf {
        let mut name = output.file_name().unwrap_or_default().to_os_string();
        name.push(".weld-ld.map");
        output.with_file_name(name)
    }
}

/// Code and data bytes of one crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Size {
    /// A linked crate's name, [`RUNTIME`] or [`OTHER`].
    pub name: String,
    /// Bytes of function bodies in the code section.
    pub code: u64,
    /// Bytes of data in linear memory (`.rodata`, `.data`, `.bss`).
    pub data: u64,
}

/// Everything a map shows.
#[derive(Debug, Clone, Default)]
pub struct Map {
    /// The module or component written.
    pub output: String,
    /// Interface (or `$root/<function>`) -> the crate providing it.
    pub provided: Vec<(String, String)>,
    /// Imported interface bound to a semver-compatible version -> the
    /// version its provider exports (`provided` names the crate).
    pub compatible: BTreeMap<String, String>,
    /// Interface a crate both imports and exports -> (the wrapper, the
    /// crate its import binds to, or `None` for the host).
    pub wrapped: Vec<(String, String, Option<String>)>,
    /// Interface imported from the host -> the crates importing it.
    pub host_imports: Vec<(String, Vec<String>)>,
    /// The core module's imports `(module, name)`, after renaming.
    pub imports: Vec<(String, String)>,
    /// The imports that are not WIT imports: `module::name` -> who pulled
    /// them in (crates, `wasi-libc`, objects).
    pub core_imports: Vec<(String, Vec<String>)>,
    /// Memories of the core module (defined and imported).
    pub memories: u32,
    /// Sizes per crate, when wasm-ld's link map was available.
    pub sizes: Option<Vec<Size>>,
    /// Whether LTO compiled several crates into the root's objects.
    pub lto_merged: bool,
}

/// The map of a finished link; `ld_map` is wasm-ld's link map, if any.
pub fn build(output: &Path, linked: &Linked, ld_map: Option<&str>) -> Map {
    let w: &Wiring = &linked.wiring;
    Map {
        output: output.display().to_string(),
        provided: w
            .provided
            .iter()
            .map(|(s, c)| (s.to_string(), c.clone()))
            .collect(),
        compatible: w
            .compatible
            .iter()
            .map(|(s, e)| (s.to_string(), e.to_string()))
            .collect(),
        wrapped: w
            .wrapped
            .iter()
            .map(|(s, x)| (s.to_string(), x.wrapper.clone(), x.inner.clone()))
            .collect(),
        host_imports: w
            .host_imports
            .iter()
            .map(|(s, c): (&Slot, _)| (s.to_string(), c.clone()))
            .collect(),
        imports: linked.imports.clone(),
        core_imports: linked
            .core_imports
            .iter()
            .map(|i| {
                let who = i.origins.iter().map(|o| o.name().to_string()).collect();
                (i.written(), who)
            })
            .collect(),
        memories: linked.memories,
        sizes: ld_map.map(|text| sizes(text, &w.crates)),
        lto_merged: false,
    }
}

/// Writes the maps `request` asks for; deletes wasm-ld's link map.
pub fn write(output: &Path, linked: &Linked, request: &Request) -> Result<(), Error> {
    let ld_map = match &request.ld_map {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| Error::Read(p.clone(), e))?;
            let _ = std::fs::remove_file(p);
            Some(text)
        }
        None => None,
    };
    let mut map = build(output, linked, ld_map.as_deref());
    map.lto_merged = request.lto_merged;
    if let Some(p) = &request.human {
        emit(p, &map.human())?;
    }
    if let Some(p) = &request.json {
        emit(p, &map.json())?;
    }
    Ok(())
}

fn emit(path: &Path, text: &str) -> Result<(), Error> {
    let written = if path == Path::new("-") {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    } else {
        std::fs::write(path, text)
    };
    written.map_err(|e| Error::Write(path.to_path_buf(), e))
}

/// Code and data bytes per crate from wasm-ld's link map: linked crates
/// first (sorted), then [`RUNTIME`] and [`OTHER`] when they have bytes.
pub fn sizes(ld_map: &str, crates: &BTreeSet<String>) -> Vec<Size> {
    let by_norm: BTreeMap<String, &String> = crates.iter().map(|c| (norm(c), c)).collect();
    let mut rows: BTreeMap<String, Size> = crates
        .iter()
        .map(|c| {
            let row = Size {
                name: c.clone(),
                ..Size::default()
            };
            (c.clone(), row)
        })
        .collect();
    let mut section = String::new();
    for line in ld_map.lines() {
        let Some((size, indent, text)) = columns(line) else {
            continue;
        };
        if indent < 9 {
            // An output section (`CODE`, `DATA`) or a data segment (`.rodata`).
            if !text.starts_with('.') {
                section = text.to_string();
            }
            continue;
        }
        if indent >= 17 || !matches!(section.as_str(), "CODE" | "DATA") {
            continue; // a symbol, or an input section of another section
        }
        let name = crate_of(text, &by_norm);
        let row = rows.entry(name.clone()).or_insert_with(|| Size {
            name,
            ..Size::default()
        });
        if section == "CODE" {
            row.code += size;
        } else {
            row.data += size;
        }
    }
    let mut out: Vec<Size> = Vec::new();
    let mut extra = Vec::new();
    for (name, row) in rows {
        match name.as_str() {
            RUNTIME | OTHER => extra.push(row),
            _ => out.push(row),
        }
    }
    extra.sort_by_key(|r| r.name != RUNTIME);
    out.extend(extra);
    out
}

/// A map line's size (hex), the indentation of its last column and that
/// column's text; `None` for the header and blank lines.
fn columns(line: &str) -> Option<(u64, usize, &str)> {
    let mut rest = line;
    let mut size = None;
    for i in 0..3 {
        rest = rest.trim_start();
        let end = rest.find(' ')?;
        if i == 2 {
            size = u64::from_str_radix(&rest[..end], 16).ok();
        }
        rest = &rest[end..];
    }
    let text = rest.trim_start();
    Some((size?, rest.len() - text.len(), text))
}

/// The crate of an input section written `file(member):(section)` or
/// `file:(section)`.
fn crate_of(input: &str, crates: &BTreeMap<String, &String>) -> String {
    let origin = input.rfind(":(").map_or(input, |i| &input[..i]);
    let object = match origin.strip_suffix(')').and_then(|o| o.rfind('(')) {
        Some(open) => &origin[open + 1..origin.len() - 1],
        None => origin.rsplit('/').next().unwrap_or(origin),
    };
    let stem = object.split(['-', '.']).next().unwrap_or(object);
    let stem = stem
        .strip_prefix("lib")
        .filter(|_| object.ends_with(".rlib"))
        .unwrap_or(stem);
    match crates.get(&norm(stem)) {
        Some(name) => (*name).clone(),
        None if stem == "weld" => String::from(RUNTIME),
        None => String::from(OTHER),
    }
}

fn norm(name: &str) -> String {
    name.replace('-', "_")
}

impl Map {
    /// The human map: aligned text tables.
    pub fn human(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "weld-ld map of {}", self.output);
        let _ = writeln!(s, "memories: {}", self.memories);
        let provided: Vec<[String; 2]> = self
            .provided
            .iter()
            .map(|(i, c)| match self.compatible.get(i) {
                Some(e) => {
                    let version = e.find('@').map_or(e.as_str(), |at| &e[at..]);
                    [i.clone(), format!("{c} (as {version})")]
                }
                None => [i.clone(), c.clone()],
            })
            .collect();
        table(
            &mut s,
            "provided inside the link",
            ["interface", "provided by"],
            &provided,
        );
        if !self.wrapped.is_empty() {
            let wrapped: Vec<[String; 3]> = self
                .wrapped
                .iter()
                .map(|(i, w, inner)| {
                    let inner = inner.clone().unwrap_or_else(|| String::from("(host)"));
                    [i.clone(), w.clone(), inner]
                })
                .collect();
            table(
                &mut s,
                "wrapped inside the link",
                ["interface", "wrapper", "wraps"],
                &wrapped,
            );
        }
        let host: Vec<[String; 2]> = self
            .host_imports
            .iter()
            .map(|(i, c)| [i.clone(), c.join(", ")])
            .collect();
        table(
            &mut s,
            "imported from the host",
            ["interface", "imported by"],
            &host,
        );
        let mut modules: BTreeMap<&str, usize> = BTreeMap::new();
        for (m, _) in &self.imports {
            *modules.entry(m).or_default() += 1;
        }
        let modules: Vec<[String; 2]> = modules
            .into_iter()
            .map(|(m, n)| [m.to_string(), n.to_string()])
            .collect();
        table(
            &mut s,
            "core module imports",
            ["module", "imports"],
            &modules,
        );
        let core: Vec<[String; 2]> = self
            .core_imports
            .iter()
            .map(|(i, who)| [i.clone(), who.join(", ")])
            .collect();
        table(
            &mut s,
            "core imports that are not WIT imports",
            ["import", "pulled in by"],
            &core,
        );
        match &self.sizes {
            Some(sizes) => {
                let mut rows: Vec<[String; 3]> = sizes
                    .iter()
                    .map(|r| [r.name.clone(), r.code.to_string(), r.data.to_string()])
                    .collect();
                let (code, data) = totals(sizes);
                rows.push([String::from("total"), code.to_string(), data.to_string()]);
                table(
                    &mut s,
                    "size by crate",
                    ["crate", "code bytes", "data bytes"],
                    &rows,
                );
                if self.lto_merged {
                    let _ = writeln!(
                        s,
                        "  (LTO compiled every crate into the root crate's objects and inlined across them: wasm-ld sees no crate boundary, so the root's row holds the other crates' code; link without LTO for sizes per crate)"
                    );
                }
            }
            None => {
                let _ = writeln!(s, "\nsize by crate: unknown (only a link measures it)");
            }
        }
        s
    }

    /// The JSON map. Keys: `output`, `memories`, `provided` (`[{interface,
    /// crate}]`, plus `as`, the exported version, for an imported interface
    /// bound to a semver-compatible version), `wrapped` (`[{interface, wrapper, inner}]`, `inner` null
    /// for the host), `host_imports` (`[{interface, importers}]`), `imports`
    /// (`[{module, name}]`), `core_imports` (`[{import, pulled_in_by}]`:
    /// the imports that are not WIT imports, `module::name`, and the
    /// crates, `wasi-libc` or objects that pulled them in), `sizes`
    /// (`[{crate, code_bytes, data_bytes}]` or `null`).
    pub fn json(&self) -> String {
        let mut s = String::from("{\n");
        let _ = writeln!(s, "  \"output\": {},", quote(&self.output));
        let _ = writeln!(s, "  \"memories\": {},", self.memories);
        let provided = self.provided.iter().map(|(i, c)| {
            let as_ = self
                .compatible
                .get(i)
                .map_or_else(String::new, |e| format!(", \"as\": {}", quote(e)));
            format!(
                "{{\"interface\": {}, \"crate\": {}{as_}}}",
                quote(i),
                quote(c)
            )
        });
        let _ = writeln!(s, "  \"provided\": {},", list(provided));
        let wrapped = self.wrapped.iter().map(|(i, w, inner)| {
            let inner = inner.as_deref().map_or_else(|| String::from("null"), quote);
            format!(
                "{{\"interface\": {}, \"wrapper\": {}, \"inner\": {inner}}}",
                quote(i),
                quote(w)
            )
        });
        let _ = writeln!(s, "  \"wrapped\": {},", list(wrapped));
        let host = self.host_imports.iter().map(|(i, c)| {
            let importers: Vec<String> = c.iter().map(|c| quote(c)).collect();
            format!(
                "{{\"interface\": {}, \"importers\": [{}]}}",
                quote(i),
                importers.join(", ")
            )
        });
        let _ = writeln!(s, "  \"host_imports\": {},", list(host));
        let imports = self
            .imports
            .iter()
            .map(|(m, n)| format!("{{\"module\": {}, \"name\": {}}}", quote(m), quote(n)));
        let _ = writeln!(s, "  \"imports\": {},", list(imports));
        let core = self.core_imports.iter().map(|(i, who)| {
            let who: Vec<String> = who.iter().map(|w| quote(w)).collect();
            format!(
                "{{\"import\": {}, \"pulled_in_by\": [{}]}}",
                quote(i),
                who.join(", ")
            )
        });
        let _ = writeln!(s, "  \"core_imports\": {},", list(core));
        let sizes = match &self.sizes {
            Some(sizes) => list(sizes.iter().map(|r| {
                format!(
                    "{{\"crate\": {}, \"code_bytes\": {}, \"data_bytes\": {}}}",
                    quote(&r.name),
                    r.code,
                    r.data
                )
            })),
            None => String::from("null"),
        };
        let _ = writeln!(s, "  \"sizes\": {sizes}");
        s.push_str("}\n");
        s
    }
}

fn totals(sizes: &[Size]) -> (u64, u64) {
    sizes
        .iter()
        .fold((0, 0), |(c, d), r| (c + r.code, d + r.data))
}

/// An aligned table under a heading; `(none)` when it has no rows.
fn table<const N: usize>(s: &mut String, heading: &str, header: [&str; N], rows: &[[String; N]]) {
    let _ = writeln!(s, "\n{heading}:");
    if rows.is_empty() {
        let _ = writeln!(s, "  (none)");
        return;
    }
    let mut widths = header.map(|h| h.chars().count());
    // Text left-aligned; columns of numbers (after the first) right-aligned.
    let numeric: Vec<bool> = (0..N)
        .map(|i| {
            i > 0
                && rows
                    .iter()
                    .all(|r| r[i].chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header = header.map(String::from);
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::from(" ");
        for (i, (cell, w)) in r.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w - cell.chars().count());
            if numeric[i] {
                let _ = write!(line, " {pad}{cell}");
            } else {
                let _ = write!(line, " {cell}{pad}");
            }
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return String::from("[]");
    }
    format!("[\n    {}\n  ]", items.join(",\n    "))
}

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_lto_map_says_why_the_root_holds_every_crate_s_code() {
        let mut map = Map {
            sizes: Some(Vec::new()),
            ..Map::default()
        };
        assert!(!map.human().contains("LTO"));
        map.lto_merged = true;
        assert!(map.human().contains(
            "(LTO compiled every crate into the root crate's objects and inlined across them"
        ));
    }

    const LD_MAP: &str = "    Addr      Off     Size Out     In      Symbol
       -      367      100 CODE
       -      369        3         <internal>:(__wasm_call_ctors)
       -      36c       4a         /x/libc.a(memcmp.c.obj):(memcmp)
       -      36c       4a                 memcmp
       -      3b6       10         t/libweld_static_app.a(weld_static_app-40dc.5up.rcgu.o):(run)
       -      3c6       20         t/libweld_static_app.a(weld-1234.weld.abc-cgu.0.rcgu.o):(cabi_realloc)
       -      3e6        8         t/deps/weld_example_app.abc-cgu.0.rcgu.o:(f)
       -      3ee        8         t/deps/libweld_example_text-99.rlib(weld_example_text-99.x.rcgu.o):(g)
       -    11386       40 DATA
  100000    11387       30 .rodata
  100000    11391       10         <internal>:(.rodata)
  100010    11391       20         t/libweld_static_app.a(weld_static_app-40dc.5up.rcgu.o):(.rodata.x)
  100030    11391        4 .bss
  100030    11391        4         t/libweld_static_app.a(weld_static_app-40dc.5up.rcgu.o):(.bss.y)
       -   221e95      1d2 CUSTOM(weld-meta)
       -   221e95      1d2         t/libweld_static_app.a(weld_static_app-40dc.5up.rcgu.o):(weld-meta)
";

    #[test]
    fn sizes_are_attributed_to_crates_by_object_name() {
        let crates: BTreeSet<String> = ["weld-static-app", "weld-example-app", "weld-example-text"]
            .map(String::from)
            .into();
        let got = sizes(LD_MAP, &crates);
        let row = |n: &str| got.iter().find(|r| r.name == n).cloned().unwrap();
        assert_eq!(row("weld-static-app").code, 0x10);
        assert_eq!(row("weld-static-app").data, 0x24);
        assert_eq!(row("weld-example-app").code, 8);
        assert_eq!(row("weld-example-text").code, 8);
        assert_eq!(row(RUNTIME).code, 0x20);
        assert_eq!(row(OTHER).code, 3 + 0x4a);
        assert_eq!(row(OTHER).data, 0x10);
        assert_eq!(got.last().unwrap().name, OTHER);
    }

    #[test]
    fn json_quotes_and_tables_align() {
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
        let mut s = String::new();
        let rows = [
            [String::from("long-name"), String::from("5")],
            [String::from("x"), String::from("12345")],
        ];
        table(&mut s, "t", ["crate", "code"], &rows);
        assert_eq!(
            s,
            "\nt:\n  crate      code\n  long-name     5\n  x         12345\n"
        );
    }
}
