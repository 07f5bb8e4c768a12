//! weld-ld as cargo's linker (`[target.wasm32-wasip1] linker = "weld-ld"`):
//! rustc calls it with wasm-ld's command line. weld-ld keeps that command
//! line, drops the exports that must stay internal, runs wasm-ld, then the
//! post-link steps. weld's own flags come as `--weld-*` link arguments
//! (`-C link-arg=--weld-no-host-imports`) or in `WELD_LD_FLAGS`:
//! `--weld-component`, `--weld-no-host-imports`,
//! `--weld-allow-host-import=<entry>`, `--weld-wasm-ld-path=<path>`,
//! `--weld-map=<file>`, `--weld-map-json=<file>`.

use crate::args::{self, Arg, Flag};
use crate::{Error, alias, check, exports, finish, inputs, merged, wasm_ld, wrap};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// weld's options on a wasm-ld command line.
#[derive(Debug, Default)]
struct WeldFlags {
    finish: finish::Options,
    wasm_ld: Option<PathBuf>,
}

/// Links as wasm-ld would, with weld's checks and export policy.
pub fn run(raw: Vec<String>) -> Result<(), Error> {
    let mut raw = args::expand_response_files(raw)?;
    if let Ok(env) = std::env::var("WELD_LD_FLAGS") {
        raw.extend(env.split_whitespace().map(str::to_string));
    }
    let (parsed, flags) = take_weld_flags(args::parse(&raw)?)?;
    let output = output_of(&parsed)?;
    let ld = wasm_ld::find(flags.wasm_ld.as_deref())?;
    let (mut kept, roots, objects) = filter_exports(parsed)?;
    let mut flags = flags;
    flags.finish.roots = roots;
    flags.finish.origins = crate::origin::Origins::of(&objects);
    flags.finish.cargo = crate::deps::survey(&objects, &output);
    flags.finish.map.lto_merged = merged::several_direct(&objects);
    let (aliases, _) = alias::plan(&objects).map_err(Error::Check)?;
    let alias_object = alias::write(&output, &aliases)?;
    kept.extend(alias_object.iter().map(|p| Arg::Input(p.clone())));
    if flags.finish.map.wanted() {
        let ld_map = crate::map::Request::ld_map_for(&output);
        kept.push(Flag::new(format!("--Map={}", ld_map.display())).into());
        flags.finish.map.ld_map = Some(ld_map);
    }
    let mut cmd = ld.command();
    cmd.args(args::render(&kept));
    let status = cmd.status();
    if let Some(p) = &alias_object {
        let _ = std::fs::remove_file(p);
    }
    let status = status.map_err(|e| Error::Spawn(ld.path.clone(), e))?;
    if !status.success() {
        if let Some(ld_map) = &flags.finish.map.ld_map {
            let _ = std::fs::remove_file(ld_map);
        }
        return Err(Error::LinkFailed(status.code().unwrap_or(-1)));
    }
    finish::finish(&output, &flags.finish).map(|_| ())
}

fn take_weld_flags(parsed: Vec<Arg>) -> Result<(Vec<Arg>, WeldFlags), Error> {
    let mut flags = WeldFlags::default();
    let mut rest = Vec::new();
    for a in parsed {
        let Arg::Flag(flag) = &a else {
            rest.push(a);
            continue;
        };
        // `-flavor wasm`: chosen again for the wasm-ld that is found.
        if flag.is("flavor") {
            continue;
        }
        // weld's flags are no wasm-ld flags: the table does not know them.
        if flag.spec.is_some() {
            rest.push(a);
            continue;
        }
        match flag.arg.as_str() {
            "--weld-component" => flags.finish.component = true,
            "--weld-no-host-imports" => flags.finish.check.host_imports = check::HostImports::Deny,
            s if s.starts_with("--weld-allow-host-import=") => {
                allow(&mut flags, &s["--weld-allow-host-import=".len()..])
            }
            s if s.starts_with("--weld-map=") => {
                flags.finish.map.human = Some(PathBuf::from(&s["--weld-map=".len()..]))
            }
            s if s.starts_with("--weld-map-json=") => {
                flags.finish.map.json = Some(PathBuf::from(&s["--weld-map-json=".len()..]))
            }
            s if s.starts_with("--weld-wasm-ld-path=") => {
                flags.wasm_ld = Some(PathBuf::from(&s["--weld-wasm-ld-path=".len()..]))
            }
            s if s.starts_with("--weld-") => {
                return Err(Error::Usage(format!("unknown weld-ld option `{s}`")));
            }
            _ => rest.push(a),
        }
    }
    Ok((rest, flags))
}

fn allow(flags: &mut WeldFlags, what: &str) {
    match &mut flags.finish.check.host_imports {
        check::HostImports::AllowList(list) => list.push(what.to_string()),
        h => *h = check::HostImports::AllowList(vec![what.to_string()]),
    }
}

fn output_of(parsed: &[Arg]) -> Result<PathBuf, Error> {
    parsed
        .iter()
        .find_map(|a| match a {
            Arg::Flag(f) if f.is("o") => f.value.as_deref().map(PathBuf::from),
            _ => None,
        })
        .ok_or_else(|| Error::Usage(String::from("no `-o <output>` on the command line")))
}

/// Drops `--export` of weld symbols, the C allocator API and non-root
/// crates' canonical exports; adds the runtime's exports and a `--wrap`
/// for each symbol a wrapper wraps. The root crate is the one whose
/// objects are passed directly (`.o`), not in archives, or, when LTO
/// merged several crates into those, the one cargo names
/// ([`merged::roots`]).
fn filter_exports(parsed: Vec<Arg>) -> Result<Filtered, Error> {
    let files: Vec<PathBuf> = parsed
        .iter()
        .filter_map(|a| match a {
            Arg::Input(p) if is_object_or_archive(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let objects = inputs::read(&files)?;
    let direct: BTreeSet<String> = objects
        .iter()
        .filter(|o| o.member.is_none())
        .flat_map(|o| o.records.iter().map(|r| r.crate_name.clone()))
        .collect();
    let records: Vec<_> = objects.iter().flat_map(|o| o.records.clone()).collect();
    let package = std::env::var("CARGO_PKG_NAME").ok();
    let root = merged::roots(direct, package.as_deref(), &records)?;
    let others: BTreeSet<String> = objects
        .iter()
        .flat_map(|o| o.records.iter().map(|r| r.crate_name.clone()))
        .filter(|c| !root.contains(c))
        .collect();
    let hidden = exports::canonical_names(objects.iter().flat_map(|o| &o.records), &others);
    // A command (a crate with `fn main`: rustc links wasi-libc's
    // `crt1-command.o`, whose `_start` runs the constructors itself) does
    // not export `_initialize`, which rustc asks for like every
    // `#[no_mangle]` function: hosts treat a module exporting both
    // differently (docs/linking.md, "Commands").
    let command = files.iter().any(|p| is_command_crt1(p));
    let mut kept: Vec<Arg> = parsed
        .into_iter()
        .filter(|a| {
            args::export_of(a).is_none_or(|name| {
                exports::keep(name, &hidden) && !(command && name == exports::INITIALIZE)
            })
        })
        .collect();
    kept.extend(
        exports::RUNTIME
            .iter()
            .filter(|&&s| !(command && s == exports::INITIALIZE))
            .map(|s| Flag::new(format!("--export-if-defined={s}")).into()),
    );
    kept.extend(
        wrap::flags(&records)?
            .into_iter()
            .map(|f| Flag::new(f).into()),
    );
    Ok((kept, root, objects))
}

/// wasm-ld's arguments, the root crates, and the inputs read.
type Filtered = (Vec<Arg>, BTreeSet<String>, Vec<inputs::Object>);

/// Whether `p` is wasi-libc's start file for commands, which rustc links
/// into a `bin` (and never into a `cdylib`).
fn is_command_crt1(p: &std::path::Path) -> bool {
    p.file_name().is_some_and(|n| n == "crt1-command.o")
}

fn is_object_or_archive(p: &std::path::Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("o" | "a" | "rlib")
    )
}
