//! Golden tests: the generated code for every world of a `.wit` corpus.
//!
//! Corpus entries live in `tests/corpus/`: a `<name>.wit` file, or a
//! `<name>/` directory (a WIT package with an optional `deps/` folder). Every
//! world of the entry's package is generated, in the order the package
//! declares them; [`configure`] lists the entries generated with non-default
//! options. Each world's tokens must parse as a `syn::File` (valid Rust
//! syntax) and come out identical from a second run (determinism); they are
//! pretty-printed with `prettyplease` and compared, all worlds of an entry
//! together, to `tests/golden/<name>.rs` (data read by this test, never
//! compiled, and not reachable by `cargo fmt`). A golden file with no
//! corpus entry is stale and fails the test.
//!
//! `BLESS=1 cargo test -p weld-bindgen --test golden` rewrites the golden
//! files (and deletes stale ones); review the diff before committing it.
//!
//! The corpus is also compiled: `tests/guests/corpus` (`weld-test-corpus`)
//! has one `#[weld::shared_world]` module per corpus world, built with
//! `cargo build --target wasm32-wasip1 -p weld-test-corpus`.
//! [`guest_crate_compiles_every_world`] checks that it names every world,
//! with the options used here, so a new corpus entry cannot go uncompiled.
//!
//! A regression gets its own corpus file, named after what broke.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use weld_bindgen::{ExportParams, Options, Ownership, RustPath, Source, WithTarget};
use wit_bindgen_core::wit_parser::Resolve;

const CRATE_NAME: &str = "weld-test-corpus";
/// The `sync` filters of the `sync-option` entry (the same in
/// wit_bindgen_signatures.rs and the guest crate).
const SYNC_OPTION: &[&str] = &[
    "import:corpus:sync-option/calls#fetch",
    "export:corpus:sync-option/calls#store",
    "corpus:sync-option/calls#both",
];
const BLESS_HINT: &str = "BLESS=1 cargo test -p weld-bindgen --test golden";
/// Where the guest crate's `path = ".."` options start from.
const GUEST_TO_CORPUS: &str = "../../../bindgen/tests/corpus/";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// One corpus entry: its name (file stem or directory name) and path.
struct Entry {
    name: String,
    /// `name.wit` or `name/`, as written in headers and messages.
    display: String,
    path: PathBuf,
}

fn entries() -> Vec<Entry> {
    let dir = tests_dir().join("corpus");
    let mut entries: Vec<Entry> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("corpus directory entry").path())
        .map(|path| {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let (name, display) = if path.is_dir() {
                (file_name.clone(), format!("{file_name}/"))
            } else if let Some(stem) = file_name.strip_suffix(".wit") {
                (stem.to_owned(), file_name.clone())
            } else {
                panic!(
                    "{}: corpus entries are `*.wit` files or directories",
                    path.display()
                );
            };
            // `tests/golden/main.rs` would be a cargo test target.
            assert_ne!(name, "main", "a corpus entry cannot be named `main`");
            Entry {
                name,
                display,
                path,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

/// The worlds of the entry's package, in declaration order.
fn worlds(entry: &Entry) -> Result<Vec<String>, String> {
    let mut resolve = Resolve::default();
    let (pkg, _) = resolve
        .push_path(&entry.path)
        .map_err(|e| format!("corpus/{}: {}", entry.display, resolve.render_error(&e)))?;
    let worlds: Vec<String> = resolve.packages[pkg].worlds.keys().cloned().collect();
    if worlds.is_empty() {
        return Err(format!("corpus/{} defines no world", entry.display));
    }
    Ok(worlds)
}

/// Corpus worlds whose bindings do not compile yet, with the error. The
/// guest crate keeps their modules behind `#[cfg(any())]`; remove an entry
/// and its `cfg` when the generator is fixed (the golden files already show
/// the broken output, so the fix shows up in their diff).
const KNOWN_BUGS: &[(&str, &str, &str)] = &[];

/// The options of one corpus world. Entries not listed here use the
/// defaults; the guest crate must pass the same options (checked by
/// [`guest_crate_compiles_every_world`]).
fn configure(entry: &str, path: PathBuf, world: &str) -> Options {
    let mut options = Options::new(Source::Path(path));
    options.world = Some(world.to_owned());
    options.crate_name = CRATE_NAME.to_owned();
    match entry {
        "borrowed-params" => options.export_params = ExportParams::Borrowed,
        "borrowing" => {
            options.ownership = Ownership::Borrowing {
                duplicate_if_necessary: true,
            };
        }
        "merged-types" => options.merge_structurally_equal_types = true,
        "error-contexts" if world == "error-contexts-borrowing" => {
            options.ownership = Ownership::Borrowing {
                duplicate_if_necessary: true,
            };
        }
        "borrowing-single" => {
            options.ownership = Ownership::Borrowing {
                duplicate_if_necessary: false,
            };
        }
        "derives" => {
            options.additional_derives = ["PartialEq", "Eq", "Hash", "PartialOrd", "Ord"]
                .map(String::from)
                .to_vec();
        }
        "export-macro" => options.export_macro_name = String::from("export_corpus"),
        "pub-export-macro" => options.pub_export_macro = true,
        "runtime-path" => options.runtime_path = String::from("::weld_renamed"),
        "with" if world == "reuser" => {
            let path = RustPath::parse("crate::with_base::corpus::reuse::types").unwrap();
            options.with = vec![(String::from("corpus:reuse/types"), WithTarget::Path(path))];
        }
        "features" => options.features = vec![String::from("shiny")],
        "sync-option" => options.sync = SYNC_OPTION.iter().map(|s| s.to_string()).collect(),
        _ => {}
    }
    options
}

/// One world's bindings, pretty-printed.
fn render_world(entry: &Entry, world: &str) -> Result<String, String> {
    let options = configure(&entry.name, entry.path.clone(), world);
    let generate = || {
        weld_bindgen::generate(&options)
            .map(|b| b.tokens)
            .map_err(|e| {
                format!(
                    "corpus/{} world `{world}`: generation failed: {e}",
                    entry.display
                )
            })
    };
    let tokens = generate()?;
    let again = generate()?;
    if tokens.to_string() != again.to_string() {
        return Err(format!(
            "corpus/{} world `{world}`: two runs generated different code",
            entry.display
        ));
    }
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        format!(
            "corpus/{} world `{world}`: the generated code is not valid Rust: {e}",
            entry.display
        )
    })?;
    Ok(prettyplease::unparse(&file))
}

/// The golden text of one entry: a header, then each world's bindings
/// after a `// world: <name>` line.
fn render(entry: &Entry) -> Result<String, String> {
    let mut out = format!(
        "// generated by weld-bindgen from {}; do not edit ({BLESS_HINT} rewrites it)\n",
        entry.display
    );
    for world in worlds(entry)? {
        write!(
            out,
            "\n// world: {world}\n\n{}",
            render_world(entry, &world)?
        )
        .unwrap();
    }
    Ok(out)
}

/// The first differing lines of `expected` and `actual`, with context.
fn short_diff(expected: &str, actual: &str) -> String {
    let (exp, act): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = exp
        .iter()
        .zip(&act)
        .position(|(e, a)| e != a)
        .unwrap_or(exp.len().min(act.len()));
    let mut out = format!(
        "first difference at line {} (golden: {} lines, generated: {} lines)\n",
        first + 1,
        exp.len(),
        act.len()
    );
    let start = first.saturating_sub(2);
    for (label, lines) in [("golden", &exp), ("generated", &act)] {
        writeln!(out, "  {label}:").unwrap();
        for (i, line) in lines.iter().enumerate().skip(start).take(first - start + 4) {
            let mark = if i == first { '>' } else { ' ' };
            writeln!(out, "  {mark}{:>6} | {line}", i + 1).unwrap();
        }
        if lines.len() <= first {
            writeln!(out, "  >       | <end of file>").unwrap();
        }
    }
    out
}

#[test]
fn golden() {
    let bless = std::env::var_os("BLESS").is_some_and(|v| v != "0");
    let golden_dir = tests_dir().join("golden");
    if bless {
        std::fs::create_dir_all(&golden_dir).unwrap();
    }
    let entries = entries();
    let mut failures = Vec::new();
    for entry in &entries {
        let golden = golden_dir.join(format!("{}.rs", entry.name));
        let actual = match render(entry) {
            Ok(text) => text,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        if bless {
            std::fs::write(&golden, &actual)
                .unwrap_or_else(|e| panic!("writing {}: {e}", golden.display()));
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "golden/{}.rs does not match the code generated from corpus/{}: {}",
                entry.name,
                entry.display,
                short_diff(&expected, &actual)
            )),
            Err(e) => failures.push(format!("golden/{}.rs: {e}", entry.name)),
        }
    }
    for file in std::fs::read_dir(&golden_dir).into_iter().flatten() {
        let path = file.unwrap().path();
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let is_golden = path.extension().is_some_and(|e| e == "rs");
        if is_golden && entries.iter().any(|e| e.name == stem) {
            continue;
        }
        if bless {
            std::fs::remove_file(&path).unwrap();
        } else {
            failures.push(format!(
                "golden/{stem}.rs is stale: no corpus entry `{stem}`"
            ));
        }
    }
    if failures.is_empty() {
        return;
    }
    // The first few in full, then only the first line of each.
    let shown = 5;
    let mut report = failures[..failures.len().min(shown)].join("\n\n");
    for more in failures.iter().skip(shown) {
        write!(report, "\n\n{}", more.lines().next().unwrap_or_default()).unwrap();
    }
    panic!(
        "{} golden failure(s):\n\n{report}\n\nIf the new output is right, run `{BLESS_HINT}` and review the diff.",
        failures.len()
    );
}

/// A `#[weld::shared_world(..)]` module of `tests/guests/corpus`.
struct GuestModule {
    options: Options,
    /// Whether it is compiled out with `#[cfg(any())]` (a known bug).
    disabled: bool,
}

/// The guest crate's modules, keyed by (entry, world).
fn guest_modules() -> BTreeMap<(String, String), GuestModule> {
    let lib = tests_dir().join("../../tests/guests/corpus/src/lib.rs");
    let text =
        std::fs::read_to_string(&lib).unwrap_or_else(|e| panic!("reading {}: {e}", lib.display()));
    let file = syn::parse_file(&text).expect("the guest crate's lib.rs parses");
    let mut modules = BTreeMap::new();
    for item in file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let disabled = module.attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.meta.to_token_stream().to_string() == "cfg (any ())"
        });
        for attr in &module.attrs {
            if attr.path().to_token_stream().to_string() != "weld :: shared_world" {
                continue;
            }
            let (entry, options) = guest_options(attr, &module.ident);
            let world = options.world.clone().unwrap_or_default();
            let previous = modules.insert(
                (entry.clone(), world.clone()),
                GuestModule { options, disabled },
            );
            assert!(
                previous.is_none(),
                "lib.rs compiles {entry} world `{world}` twice"
            );
        }
    }
    modules
}

/// Translates one attribute into `Options` the way the macro does, with the
/// path replaced by the corpus entry's (so they compare with [`configure`]).
fn guest_options(attr: &syn::Attribute, module: &syn::Ident) -> (String, Options) {
    let args = attr
        .parse_args_with(syn::punctuated::Punctuated::<GuestArg, syn::Token![,]>::parse_terminated)
        .unwrap_or_else(|e| panic!("mod {module}: {e}"));
    let mut options = Options::new(Source::Inline(String::new()));
    options.crate_name = CRATE_NAME.to_owned();
    let mut entry = None;
    for arg in args {
        let arg = match arg {
            GuestArg::With(entries) => {
                options.with = entries;
                continue;
            }
            GuestArg::NameValue(arg) => *arg,
        };
        let name = arg.path.to_token_stream().to_string();
        let string = || match &arg.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            _ => panic!("mod {module}: `{name}` is not a string"),
        };
        match name.as_str() {
            "path" => {
                let path = string();
                let rest = path.strip_prefix(GUEST_TO_CORPUS).unwrap_or_else(|| {
                    panic!("mod {module}: path does not start with {GUEST_TO_CORPUS}")
                });
                let name = rest
                    .trim_end_matches('/')
                    .trim_end_matches(".wit")
                    .to_owned();
                options.source = Source::Path(tests_dir().join("corpus").join(rest));
                entry = Some(name);
            }
            "world" => options.world = Some(string()),
            "export_params" if string() == "borrowed" => {
                options.export_params = ExportParams::Borrowed
            }
            "export_params" => options.export_params = ExportParams::Owned,
            "runtime_path" => options.runtime_path = string(),
            "merge_structurally_equal_types" => {
                options.merge_structurally_equal_types =
                    arg.value.to_token_stream().to_string() == "true";
            }
            "ownership" => {
                let value = arg.value.to_token_stream().to_string().replace(' ', "");
                options.ownership = match value.as_str() {
                    "Owning" => Ownership::Owning,
                    "Borrowing{duplicate_if_necessary:true}" => Ownership::Borrowing {
                        duplicate_if_necessary: true,
                    },
                    _ => Ownership::Borrowing {
                        duplicate_if_necessary: false,
                    },
                };
            }
            "export_macro_name" => options.export_macro_name = string(),
            "pub_export_macro" => {
                options.pub_export_macro = arg.value.to_token_stream().to_string() == "true"
            }
            "features" => {
                options.features = string_list(&module.to_string(), "features", &arg.value)
            }
            "sync" => options.sync = string_list(&module.to_string(), "sync", &arg.value),
            "additional_derives" => {
                let syn::Expr::Array(array) = &arg.value else {
                    panic!("mod {module}: `additional_derives` is not a list")
                };
                options.additional_derives = array
                    .elems
                    .iter()
                    .map(|e| e.to_token_stream().to_string().replace(' ', ""))
                    .collect();
            }
            other => panic!("mod {module}: option `{other}` is not known to this test"),
        }
    }
    let entry = entry.unwrap_or_else(|| panic!("mod {module}: no `path`"));
    (entry, options)
}

/// A guest module's list of string literals (`features`, `sync`).
fn string_list(module: &str, option: &str, value: &syn::Expr) -> Vec<String> {
    let syn::Expr::Array(array) = value else {
        panic!("mod {module}: `{option}` is not a list")
    };
    array
        .elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            _ => panic!("mod {module}: an item of `{option}` is not a string"),
        })
        .collect()
}

/// One argument of a guest module's attribute: `name = value`, or `with =
/// { "ns:pkg/iface": path, .. }` (not an expression).
enum GuestArg {
    NameValue(Box<syn::MetaNameValue>),
    With(Vec<(String, WithTarget)>),
}

impl syn::parse::Parse for GuestArg {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        if !input.peek(syn::Ident) || input.cursor().ident().is_none_or(|(i, _)| i != "with") {
            return input.parse().map(|a| GuestArg::NameValue(Box::new(a)));
        }
        input.parse::<syn::Ident>()?;
        input.parse::<syn::Token![=]>()?;
        let content;
        syn::braced!(content in input);
        let mut entries = Vec::new();
        while !content.is_empty() {
            let key: syn::LitStr = content.parse()?;
            content.parse::<syn::Token![:]>()?;
            let path: syn::Path = content.parse()?;
            let target = if path.is_ident("generate") {
                WithTarget::Generate
            } else {
                WithTarget::Path(RustPath::new(path.to_token_stream()))
            };
            entries.push((key.value(), target));
            if !content.is_empty() {
                content.parse::<syn::Token![,]>()?;
            }
        }
        Ok(GuestArg::With(entries))
    }
}

#[test]
fn guest_crate_compiles_every_world() {
    let mut modules = guest_modules();
    let mut problems = Vec::new();
    for entry in entries() {
        let worlds = worlds(&entry).unwrap_or_else(|e| panic!("{e}"));
        for world in worlds {
            let expected = configure(&entry.name, entry.path.clone(), &world);
            let known_bug = KNOWN_BUGS
                .iter()
                .find(|(e, w, _)| *e == entry.name && *w == world)
                .map(|(_, _, error)| *error);
            let what = format!("{} world `{world}`", entry.display);
            let Some(module) = modules.remove(&(entry.name.clone(), world.clone())) else {
                problems.push(format!(
                    "missing: #[weld::shared_world(path = \"{GUEST_TO_CORPUS}{}\", world = \"{world}\")]",
                    entry.display.trim_end_matches('/')
                ));
                continue;
            };
            if module.options != expected {
                problems.push(format!(
                    "{what}: the guest's options differ from this test's:\n  guest: {:?}\n  test:  {expected:?}",
                    module.options
                ));
            }
            match (module.disabled, known_bug) {
                (true, None) => problems.push(format!(
                    "{what} is compiled out with #[cfg(any())] but is not in KNOWN_BUGS"
                )),
                (false, Some(error)) => problems.push(format!(
                    "{what} is compiled but listed in KNOWN_BUGS ({error}): if it builds now, remove it from the list"
                )),
                _ => {}
            }
        }
    }
    for (entry, world) in modules.keys() {
        problems.push(format!(
            "lib.rs compiles {entry} world `{world}`, which the corpus does not have"
        ));
    }
    assert!(
        problems.is_empty(),
        "tests/guests/corpus/src/lib.rs must compile every corpus world with the options of golden.rs:\n{}",
        problems.join("\n")
    );
}
