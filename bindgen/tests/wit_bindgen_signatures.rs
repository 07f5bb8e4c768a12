//! weld's function signatures against wit-bindgen 0.63's, for every world
//! of the golden corpus (`tests/corpus/`).
//!
//! Each world is generated twice, by weld-bindgen and by the real
//! `wit-bindgen-rust` 0.63 (a dev-dependency, never linked into weld), and
//! both outputs are parsed with syn. Every function the two share (an
//! imported function, a resource's inherent method, a `Guest`/`GuestR`
//! trait method, by module path) must take the same receiver and
//! parameter types, return the same type, and be `async` on both sides or
//! neither (the corpus's `async-*` entries), and every type definition
//! they share (a struct's public fields, an enum's payloads, an alias, the
//! lifetime parameters of each) must be spelled the same, once paths are cut to their last segment
//! (`_rt::String` and `::weld::rt::String` are both `String`) and elided
//! lifetimes are spelled alike. This is what makes a caller written for
//! wit-bindgen compile against weld: `corpus/import-params.wit` holds every
//! kind of type in every position of an imported function's parameter.
//!
//! Both ownership modes are compared: wit-bindgen's default `Owning`, and
//! `Borrowing { duplicate_if_necessary }` with both values, for the
//! entries weld generates in that mode ([`BORROWING`]); and the whole
//! corpus again with `merge_structurally_equal_types`, where a type
//! structurally equal to an earlier one is an alias of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use weld_bindgen::{Options, Ownership, Source};
use wit_bindgen_core::WorldGenerator;
use wit_bindgen_core::wit_parser::Resolve;

/// Corpus entries whose options change signatures on purpose (weld's own
/// `export_params`) or that wit-bindgen cannot generate as written.
const SKIPPED: &[(&str, &str)] = &[
    (
        "borrowed-params",
        "generated with weld's own `export_params = \"borrowed\"`",
    ),
    (
        "error-context-result",
        "wit-bindgen 0.63 panics generating an export whose result is a bare `error-context` (its post-return generator asserts a return pointer)",
    ),
    (
        "with",
        "`with` maps to weld modules, which wit-bindgen cannot name",
    ),
];

/// The `sync` filters of corpus entries generated with that option (the
/// same as in golden.rs), given to both generators.
const SYNC: &[(&str, &[&str])] = &[(
    "sync-option",
    &[
        "import:corpus:sync-option/calls#fetch",
        "export:corpus:sync-option/calls#store",
        "corpus:sync-option/calls#both",
    ],
)];

fn sync_filters(path: &Path) -> &'static [&'static str] {
    let stem = path.file_stem().unwrap().to_string_lossy();
    SYNC.iter()
        .find(|(n, _)| *n == stem)
        .map_or(&[], |(_, f)| f)
}

/// Entries also compared in wit-bindgen's `Borrowing` mode.
const BORROWING: &[&str] = &[
    "import-params",
    "error-contexts",
    "borrowing",
    "borrowing-single",
    "records",
    "lists",
    "strings",
    "options",
    "variants",
    "tuples",
    "results",
    "resources",
    "borrows-in-types",
    "aliases",
    "async-methods",
    "async-element-kinds",
];

fn corpus() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, p)
        })
        .collect();
    entries.sort();
    entries
}

/// The options compared: `ownership`, and `merge_structurally_equal_types`.
type Mode = (Ownership, bool);

/// A function's parameter types and result type, normalised.
type Signature = (Vec<String>, String);

/// Cuts paths to their last segment and spells every lifetime `'_`,
/// leaving everything else (references, generics, tuples) as is.
struct Normalise;

impl VisitMut for Normalise {
    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        t.qself = None;
        let last = t.path.segments.pop().unwrap().into_value();
        t.path.segments.clear();
        t.path.leading_colon = None;
        t.path.segments.push(last);
        syn::visit_mut::visit_type_path_mut(self, t);
    }

    fn visit_angle_bracketed_generic_arguments_mut(
        &mut self,
        a: &mut syn::AngleBracketedGenericArguments,
    ) {
        a.colon2_token = None;
        a.args.pop_punct();
        syn::visit_mut::visit_angle_bracketed_generic_arguments_mut(self, a);
    }

    fn visit_type_tuple_mut(&mut self, t: &mut syn::TypeTuple) {
        if t.elems.len() > 1 {
            t.elems.pop_punct();
        }
        syn::visit_mut::visit_type_tuple_mut(self, t);
    }

    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        r.lifetime = None;
        syn::visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut syn::Lifetime) {
        *l = syn::Lifetime::new("'_", l.span());
    }
}

fn normalise(ty: &syn::Type) -> String {
    let mut ty = ty.clone();
    Normalise.visit_type_mut(&mut ty);
    ty.to_token_stream().to_string()
}

/// The parameter types (the receiver spelled `self`, `&self` or `&mut
/// self`) and the result type, prefixed with `async` for an `async fn`
/// (an async import, trait method or resource method must be one on both
/// sides, with the same receiver).
fn signature(sig: &syn::Signature) -> Signature {
    let params = sig
        .inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Typed(p) => normalise(&p.ty),
            syn::FnArg::Receiver(r) => {
                let amp = if r.reference.is_some() { "&" } else { "" };
                let m = if r.mutability.is_some() { "mut " } else { "" };
                format!("{amp}{m}self")
            }
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => String::from("()"),
        syn::ReturnType::Type(_, t) => normalise(t),
    };
    // An `async fn` and a blocking one differ (the `sync` option).
    let ret = match sig.asyncness {
        Some(_) => format!("async {ret}"),
        None => ret,
    };
    (params, ret)
}

/// Every public, non-hidden function of `items` by path: free functions,
/// inherent methods and trait methods.
fn collect(items: &[syn::Item], path: &str, out: &mut BTreeMap<String, Signature>) {
    // Hidden items (`from_handle`, `lift`, the ABI glue) are the
    // generators' own business: weld's handles are `u32` pointers.
    let keep = |name: &syn::Ident, attrs: &[syn::Attribute]| {
        !name.to_string().starts_with('_') && !attrs.iter().any(is_doc_hidden)
    };
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, &format!("{path}{}::", m.ident), out);
                }
            }
            syn::Item::Fn(f) if keep(&f.sig.ident, &f.attrs) => {
                out.insert(format!("{path}{}", f.sig.ident), signature(&f.sig));
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let ty = normalise(&i.self_ty);
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item
                        && keep(&f.sig.ident, &f.attrs)
                    {
                        let key = format!("{path}{ty}::{}", f.sig.ident);
                        // `Self` and the type's name are one type.
                        let (params, ret) = signature(&f.sig);
                        let unself = |t: String| {
                            t.split(' ')
                                .map(|w| if w == "Self" { ty.as_str() } else { w })
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let params = params.into_iter().map(unself).collect();
                        out.insert(key, (params, unself(ret)));
                    }
                }
            }
            syn::Item::Struct(s) => {
                let name = format!("{path}{}", s.ident);
                out.insert(format!("{name}<>"), generics(&s.generics));
                for f in s.fields.iter().filter(|f| is_pub(&f.vis)) {
                    let field = f.ident.as_ref().map(ToString::to_string);
                    let key = format!("{name}.{}", field.unwrap_or_default());
                    out.insert(key, (Vec::new(), normalise(&f.ty)));
                }
            }
            syn::Item::Enum(e) => {
                let name = format!("{path}{}", e.ident);
                out.insert(format!("{name}<>"), generics(&e.generics));
                for v in &e.variants {
                    let payload = v.fields.iter().map(|f| normalise(&f.ty)).collect();
                    out.insert(format!("{name}::{}", v.ident), (payload, String::new()));
                }
            }
            syn::Item::Type(t) => {
                let name = format!("{path}{}", t.ident);
                let (params, _) = generics(&t.generics);
                out.insert(name, (params, normalise(&t.ty)));
            }
            syn::Item::Trait(t) => {
                for item in &t.items {
                    if let syn::TraitItem::Fn(f) = item
                        && keep(&f.sig.ident, &f.attrs)
                    {
                        let key = format!("{path}{}::{}", t.ident, f.sig.ident);
                        out.insert(key, signature(&f.sig));
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

/// A definition's lifetime parameters (as `'_`: only their number
/// matters), in the signature shape.
fn generics(g: &syn::Generics) -> Signature {
    (
        g.lifetimes().map(|_| String::from("'_")).collect(),
        String::new(),
    )
}

fn is_doc_hidden(a: &syn::Attribute) -> bool {
    a.path().is_ident("doc") && a.meta.to_token_stream().to_string().contains("hidden")
}

fn weld_signatures(
    path: &Path,
    world: &str,
    (ownership, merge): Mode,
) -> Result<BTreeMap<String, Signature>, String> {
    let mut options = Options::new(Source::Path(path.to_owned()));
    options.world = Some(world.to_owned());
    options.ownership = ownership;
    options.merge_structurally_equal_types = merge;
    options.sync = sync_filters(path).iter().map(|s| s.to_string()).collect();
    let tokens = weld_bindgen::generate(&options).map_err(|e| e.to_string())?;
    let file = syn::parse2::<syn::File>(tokens.tokens).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    collect(&file.items, "", &mut out);
    Ok(out)
}

fn wit_bindgen_signatures(
    path: &Path,
    world: &str,
    (ownership, merge): Mode,
) -> Result<BTreeMap<String, Signature>, String> {
    let mut resolve = Resolve::default();
    let (pkg, _) = resolve.push_path(path).map_err(|e| e.to_string())?;
    let world = resolve
        .select_world(&[pkg], Some(world))
        .map_err(|e| e.to_string())?;
    let mut opts = wit_bindgen_rust::Opts {
        generate_all: true,
        ownership: match ownership {
            Ownership::Owning => wit_bindgen_rust::Ownership::Owning,
            Ownership::Borrowing {
                duplicate_if_necessary,
            } => wit_bindgen_rust::Ownership::Borrowing {
                duplicate_if_necessary,
            },
        },
        merge_structurally_equal_types: Some(Some(merge)),
        ..Default::default()
    };
    for filter in sync_filters(path) {
        opts.async_.push(filter);
    }
    let mut files = wit_bindgen_core::Files::default();
    opts.build()
        .generate(&mut resolve, world, &mut files)
        .map_err(|e| e.to_string())?;
    let (_, text) = files.iter().next().ok_or("no output")?;
    let file = syn::parse_file(std::str::from_utf8(text).unwrap()).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    collect(&file.items, "", &mut out);
    Ok(out)
}

/// Compares one world; returns the number of functions compared.
fn compare(name: &str, path: &Path, world: &str, mode: Mode, failures: &mut Vec<String>) -> usize {
    let (weld, theirs) = match (
        weld_signatures(path, world, mode),
        wit_bindgen_signatures(path, world, mode),
    ) {
        (Ok(weld), Ok(theirs)) => (weld, theirs),
        (weld, theirs) => {
            // A world one of the two does not support (weld's rejected
            // features are covered by their own tests).
            let (weld, theirs) = (weld.err(), theirs.err());
            println!(
                "{name} world `{world}`: not compared: weld: {weld:?}; wit-bindgen: {theirs:?}"
            );
            return 0;
        }
    };
    let mut compared = 0;
    for (key, sig) in &theirs {
        // A type one generator defines (`X<>`: its lifetimes) and the
        // other makes an alias (`X`, with `merge_structurally_equal_types`).
        let definition = format!("{key}<>");
        let alias = key.strip_suffix("<>");
        let (only_theirs, only_ours) = (
            !weld.contains_key(key) && weld.contains_key(&definition),
            alias.is_some_and(|a| !weld.contains_key(key) && weld.contains_key(a)),
        );
        if only_theirs || only_ours {
            failures.push(format!(
                "{name} world `{world}` ({mode:?}) `{key}`: an alias in one, a definition in the other"
            ));
        }
        let Some(ours) = weld.get(key) else { continue };
        compared += 1;
        if ours != sig {
            failures.push(format!(
                "{name} world `{world}` ({mode:?}) `{key}`:\n  wit-bindgen: {:?} -> {}\n  weld:        {:?} -> {}",
                sig.0, sig.1, ours.0, ours.1
            ));
        }
    }
    compared
}

fn worlds(path: &Path) -> Vec<String> {
    let mut resolve = Resolve::default();
    let Ok((pkg, _)) = resolve.push_path(path) else {
        return Vec::new();
    };
    resolve.packages[pkg].worlds.keys().cloned().collect()
}

/// Compares every world of the corpus (or of the entries in `only`) in
/// each mode; returns the number of functions compared per entry, and the
/// differences.
fn run(modes: &[Mode], only: Option<&[&str]>) -> (BTreeMap<String, usize>, Vec<String>) {
    let mut failures = Vec::new();
    let mut counts = BTreeMap::new();
    for (name, path) in corpus() {
        if SKIPPED.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if only.is_some_and(|only| !only.contains(&name.as_str())) {
            continue;
        }
        for world in worlds(&path) {
            for mode in modes {
                let n = compare(&name, &path, &world, *mode, &mut failures);
                *counts.entry(name.clone()).or_default() += n;
            }
        }
    }
    (counts, failures)
}

/// Fails with the differences, or if `entry` lost its functions.
fn check(counts: &BTreeMap<String, usize>, failures: &[String], entry: &str, at_least: usize) {
    let compared: usize = counts.values().sum();
    println!("compared {compared} functions: {counts:?}");
    let n = counts.get(entry).copied().unwrap_or(0);
    assert!(
        n >= at_least,
        "only {n} functions of corpus/{entry} compared: a generator failed on it"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} signatures differ from wit-bindgen 0.63's:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn owning_signatures_match_wit_bindgen() {
    let (counts, failures) = run(&[(Ownership::Owning, false)], None);
    check(&counts, &failures, "import-params", 120);
}

#[test]
fn borrowing_signatures_match_wit_bindgen() {
    let modes = [
        (
            Ownership::Borrowing {
                duplicate_if_necessary: false,
            },
            false,
        ),
        (
            Ownership::Borrowing {
                duplicate_if_necessary: true,
            },
            false,
        ),
    ];
    let (counts, failures) = run(&modes, Some(BORROWING));
    check(&counts, &failures, "import-params", 400);
}

#[test]
fn merged_signatures_match_wit_bindgen() {
    let modes = [
        (Ownership::Owning, true),
        (
            Ownership::Borrowing {
                duplicate_if_necessary: true,
            },
            true,
        ),
    ];
    let (counts, failures) = run(&modes, None);
    check(&counts, &failures, "merged-types", 40);
}

/// An interface imported and exported under several names
/// (`corpus/interface-several-names.wit`): every module, function and type
/// wit-bindgen generates for it is weld's too, under the same path (a
/// module per name: `primary::get`, `exports::mirror_a::Guest::get`).
#[test]
fn an_interface_under_several_names_has_wit_bindgens_paths() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/interface-several-names.wit");
    let mode = (Ownership::Owning, false);
    let worlds = worlds(&path);
    assert_eq!(worlds.len(), 3, "{worlds:?}");
    for world in worlds {
        let ours = weld_signatures(&path, &world, mode).unwrap();
        let theirs = wit_bindgen_signatures(&path, &world, mode).unwrap();
        // wit-bindgen's runtime module, return areas and the `as_ptr` of
        // exported resources' handles are its own business (weld has none
        // of them for any interface).
        let own =
            |k: &str| k.starts_with("_rt::") || k.contains("_RetArea") || k.ends_with("::as_ptr");
        let missing: Vec<&String> = theirs
            .keys()
            .filter(|k| !own(k) && !ours.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty(),
            "world `{world}`: wit-bindgen generates these and weld does not: {missing:#?}"
        );
        assert!(theirs.len() > 5, "world `{world}`: {theirs:#?}");
    }
}
