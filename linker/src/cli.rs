//! The `weld-ld` command line.
//!
//! `weld-ld link <objects or staticlibs>... -o <module.wasm> [--export SYM]...
//! [--wasm-ld-path PATH] [-- <wasm-ld arguments>]`

use crate::{Error, link};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command with the process's arguments; errors are printed as
/// one line on stderr.
pub fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(all: Vec<String>) -> Result<(), Error> {
    let mut args = all.clone().into_iter();
    match args.next().as_deref() {
        Some("link") => link::link(&parse_link(args)?),
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
fn component_of(mut args: impl Iterator<Item = String>) -> Result<(), Error> {
    let input = args
        .next()
        .map(PathBuf::from)
        .ok_or_else(|| Error::Usage(String::from(USAGE)))?;
    let output = match (args.next().as_deref(), args.next()) {
        (Some("-o"), Some(o)) => PathBuf::from(o),
        _ => return Err(Error::Usage(String::from(USAGE))),
    };
    let bytes = std::fs::read(&input).map_err(|e| Error::Read(input.clone(), e))?;
    std::fs::write(&output, bytes).map_err(|e| Error::Read(output.clone(), e))?;
    let records = crate::inputs::read(std::slice::from_ref(&output))?
        .into_iter()
        .flat_map(|o| o.records)
        .collect::<Vec<_>>();
    let options = crate::finish::Options {
        component: true,
        roots: crate::exports::roots(&records),
        ..Default::default()
    };
    crate::finish::finish(&output, &options).map(|_| ())
}

const USAGE: &str = "usage: weld-ld link <objects or staticlibs>... -o <module.wasm> [--export SYM]... \
[--component] [--no-host-imports] [--allow-host-import IFACE]... [--wasm-ld-path PATH] [-- <wasm-ld args>]
       weld-ld component <module.wasm> -o <component.wasm>
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
    Ok(o)
}
