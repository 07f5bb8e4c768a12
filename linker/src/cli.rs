//! The `weld-ld` command line.
//!
//! `weld-ld link <objects or staticlibs>... -o <module.wasm> [--export SYM]...
//! [--component] [--map] [--map-json FILE] [--wasm-ld-path PATH] [-- <wasm-ld arguments>]`,
//! `weld-ld component <module.wasm> -o <component.wasm> [--map] [--map-json FILE]`,
//! or wasm-ld's command line (weld-ld as cargo's linker, see `driver`).`

use crate::{Error, link};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command with the process's arguments; errors are printed as
/// one line on stderr.
pub fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Check(diagnostics)) => {
            // Each diagnostic starts with its own `error: ` line.
            for d in diagnostics {
                eprintln!("{d}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(all: Vec<String>) -> Result<(), Error> {
    let mut args = all.clone().into_iter();
    match args.next().as_deref() {
        Some("link") => {
            let options = parse_link(args)?;
            weld_inputs(&options.inputs)?;
            link::link(&options)
        }
        Some("component") => component_of(args),
        Some("--help" | "-h") | None => Err(Error::Usage(String::from(USAGE))),
        Some("--version" | "-V") => {
            println!(
                "weld-ld {} (weld ABI {})",
                env!("CARGO_PKG_VERSION"),
                weld_abi::ABI_VERSION
            );
            Ok(())
        }
        // Anything else is wasm-ld's command line: weld-ld is cargo's linker.
        Some(_) => crate::driver::run(all),
    }
}

/// `weld-ld component <module.wasm> -o <component.wasm>`: the component of
/// an already linked weld module.
fn component_of(args: impl Iterator<Item = String>) -> Result<(), Error> {
    let mut input = None;
    let mut output = None;
    let mut map = crate::map::Request::default();
    let mut args = args;
    while let Some(a) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| Error::Usage(format!("`{flag}` needs a value")))
        };
        match a.as_str() {
            "-o" => output = Some(PathBuf::from(value("-o")?)),
            "--map" => map.human = Some(PathBuf::from("-")),
            "--map-json" => map.json = Some(PathBuf::from(value("--map-json")?)),
            flag if flag.starts_with('-') => {
                return Err(Error::Usage(format!("unknown option `{flag}`")));
            }
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ => return Err(Error::Usage(String::from(USAGE))),
        }
    }
    let (Some(input), Some(output)) = (input, output) else {
        return Err(Error::Usage(String::from(USAGE)));
    };
    let records = crate::inputs::read(std::slice::from_ref(&input))?
        .into_iter()
        .flat_map(|o| o.records)
        .collect::<Vec<_>>();
    if records.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` has no weld metadata (`weld-meta`): it was not linked from weld crates",
            input.display()
        )));
    }
    let bytes = std::fs::read(&input).map_err(|e| Error::Read(input.clone(), e))?;
    let exported =
        crate::wasm::export_names(&bytes).map_err(|e| Error::NotWasm(input.clone(), e))?;
    std::fs::write(&output, bytes).map_err(|e| Error::Read(output.clone(), e))?;
    let options = crate::finish::Options {
        component: true,
        // The crates whose exports the link kept: its root crates.
        roots: crate::exports::roots_of_module(&records, &exported),
        map,
        ..Default::default()
    };
    crate::finish::finish(&output, &options).map(|_| ())
}

/// Refuses, before wasm-ld runs, inputs that cannot be a weld link: a
/// linked module where an object belongs, or inputs none of which carries
/// weld metadata (objects without it, such as C code, may be linked beside
/// weld crates, not alone).
fn weld_inputs(inputs: &[PathBuf]) -> Result<(), Error> {
    for path in inputs {
        let bytes = std::fs::read(path).map_err(|e| Error::Read(path.clone(), e))?;
        if bytes.starts_with(b"\0asm") {
            let linking = crate::wasm::custom_sections(&bytes, "linking")
                .map_err(|e| Error::NotWasm(path.clone(), e))?;
            if linking.is_empty() {
                return Err(Error::NotWasm(
                    path.clone(),
                    String::from(
                        "it is a linked module, not a relocatable object \
                         (`weld-ld component` turns a linked module into a component)",
                    ),
                ));
            }
        }
    }
    let objects = crate::inputs::read(inputs)?;
    if !objects.is_empty() && objects.iter().all(|o| o.records.is_empty()) {
        let names: Vec<String> = inputs
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(Error::Usage(format!(
            "no input carries weld metadata (`weld-meta`): {}; \
             link crates built with weld's bindings (#[weld::shared_world])",
            names.join(", ")
        )));
    }
    Ok(())
}

const USAGE: &str =
    "usage: weld-ld link <objects or staticlibs>... -o <module.wasm> [--export SYM]... \
[--component] [--world NS:PKG/WORLD] [--no-host-imports] [--allow-host-import IFACE]... [--map] [--map-json FILE] \
[--wasm-ld-path PATH] [-- <wasm-ld args>]
       weld-ld component <module.wasm> -o <component.wasm> [--map] [--map-json FILE]
       weld-ld <wasm-ld arguments>   (as cargo's linker for wasm32-wasip1)";

fn parse_link(mut args: impl Iterator<Item = String>) -> Result<link::Options, Error> {
    let mut o = link::Options::default();
    let mut output = None;
    while let Some(a) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| Error::Usage(format!("`{flag}` needs a value")))
        };
        match a.as_str() {
            "-o" => output = Some(PathBuf::from(value("-o")?)),
            "--export" => o.exports.push(value("--export")?),
            "--wasm-ld-path" => o.wasm_ld = Some(PathBuf::from(value("--wasm-ld-path")?)),
            "--component" => o.finish.component = true,
            "--world" => o.world = Some(value("--world")?),
            "--map" => o.finish.map.human = Some(PathBuf::from("-")),
            "--map-json" => o.finish.map.json = Some(PathBuf::from(value("--map-json")?)),
            "--no-host-imports" => o.finish.check.host_imports = crate::check::HostImports::Deny,
            "--allow-host-import" => {
                let what = value("--allow-host-import")?;
                match &mut o.finish.check.host_imports {
                    crate::check::HostImports::AllowList(list) => list.push(what),
                    h => *h = crate::check::HostImports::AllowList(vec![what]),
                }
            }
            "--" => o.extra.extend(args.by_ref()),
            flag if flag.starts_with('-') => {
                return Err(Error::Usage(format!("unknown option `{flag}`")));
            }
            input => o.inputs.push(PathBuf::from(input)),
        }
    }
    o.output = output.ok_or_else(|| Error::Usage(String::from("missing `-o <module.wasm>`")))?;
    if o.finish.map.wanted() {
        // wasm-ld's own link map gives the sizes per input object.
        let ld_map = crate::map::Request::ld_map_for(&o.output);
        o.extra.push(format!("--Map={}", ld_map.display()));
        o.finish.map.ld_map = Some(ld_map);
    }
    Ok(o)
}
