//! The `weld-ld` command line: `weld-ld link` (objects and staticlibs
//! built anywhere), `weld-ld component` (a linked module to a component),
//! or wasm-ld's own command line when weld-ld is cargo's linker
//! (`driver`). Each prints its usage with `--help` or `-h`, to
//! stdout, and exits 0; a wrong command line is one `error:` line on
//! stderr and exit code 1.

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
            let Some(options) = parse_link(args)? else {
                return print(LINK_HELP);
            };
            weld_inputs(&options.inputs)?;
            link::link(&options)
        }
        Some("component") => component_of(args),
        Some("--help" | "-h") => print(HELP),
        None => Err(Error::Usage(format!("{USAGE}\n{SEE_HELP}"))),
        Some("--version" | "-V") => print(&format!(
            "weld-ld {} (weld ABI {})",
            env!("CARGO_PKG_VERSION"),
            weld_abi::ABI_VERSION
        )),
        // Anything else is wasm-ld's command line: weld-ld is cargo's linker.
        Some(_) => crate::driver::run(all),
    }
}

/// Prints `text` and a newline on stdout (a closed stdout is no error:
/// `weld-ld --help | head`).
fn print(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    Ok(())
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
            "--help" | "-h" => return print(COMPONENT_HELP),
            flag if flag.starts_with('-') => {
                return Err(Error::Usage(format!(
                    "unknown option `{flag}` (see `weld-ld component --help`)"
                )));
            }
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ => {
                return Err(Error::Usage(format!(
                    "a second module `{a}`: weld-ld component takes one\n{COMPONENT_USAGE}"
                )));
            }
        }
    }
    let Some(input) = input else {
        return Err(Error::Usage(format!("no module\n{COMPONENT_USAGE}")));
    };
    let Some(output) = output else {
        return Err(Error::Usage(format!(
            "missing `-o <component.wasm>`\n{COMPONENT_USAGE}"
        )));
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
    std::fs::write(&output, bytes).map_err(|e| Error::Write(output.clone(), e))?;
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

/// The command line of `weld-ld link` (a macro: `concat!` takes literals).
macro_rules! link_usage {
    () => {
        "weld-ld link <objects or staticlibs>... -o <module.wasm> [options] [-- <wasm-ld arguments>]"
    };
}

/// The command line of `weld-ld component`.
macro_rules! component_usage {
    () => {
        "weld-ld component <module.wasm> -o <component.wasm> [--map] [--map-json <file>]"
    };
}

/// The three command lines.
const USAGE: &str = concat!(
    "usage: ",
    link_usage!(),
    "\n       ",
    component_usage!(),
    "\n       weld-ld <wasm-ld arguments>   (as cargo's linker for wasm32-wasip1)"
);

const SEE_HELP: &str = "(`weld-ld --help` for more)";

/// `weld-ld --help`.
const HELP: &str = concat!(
    "weld-ld: links weld crates into one wasm module with one memory, around wasm-ld\n\n",
    "usage: ",
    link_usage!(),
    "\n       ",
    component_usage!(),
    "\n       weld-ld <wasm-ld arguments>   (as cargo's linker for wasm32-wasip1)
       weld-ld --version

commands:
  link        link objects and staticlibs built anywhere (`weld-ld link --help`)
  component   turn a linked weld module into a component (`weld-ld component --help`)

Any other command line is wasm-ld's: weld-ld is then cargo's linker
(`linker = \"weld-ld\"` for wasm32-wasip1), and takes its own options as
`-C link-arg=--weld-...` or in WELD_LD_FLAGS: --weld-component,
--weld-no-host-imports, --weld-allow-host-import=<entry>, --weld-map=<file>,
--weld-map-json=<file>, --weld-wasm-ld-path=<path> (docs/linking.md)."
);

/// `weld-ld link --help`.
const LINK_HELP: &str = concat!(
    "usage: ",
    link_usage!(),
    "

Links weld crates built as objects or staticlibs (in any workspace or
profile) into one reactor module with one memory, or a component.

options:
  -o <module.wasm>             the module (or component) to write
  --component                  write a component instead of a core module
  --world <ns:pkg/world>       the root world (with or without @version): its
                               crates' exports are the module's
  --export <symbol>            also export this symbol (repeatable)
  --no-host-imports            every import must be provided inside the link
  --allow-host-import <entry>  only imports matching an entry may go to the host
                               (repeatable): ns:pkg/iface[@version], $root/<func>,
                               module::name, or any of these ending in *
  --map                        print the map of the link
  --map-json <file>            write the JSON map (`-` is stdout)
  --wasm-ld-path <path>        the wasm-ld to run (default: the toolchain's rust-lld)
  -h, --help                   print this help
  -- <wasm-ld arguments>       the rest goes to wasm-ld unchanged"
);

/// The usage line of `weld-ld component`, for its errors.
const COMPONENT_USAGE: &str = concat!("usage: ", component_usage!());

/// `weld-ld component --help`.
const COMPONENT_HELP: &str = concat!(
    "usage: ",
    component_usage!(),
    "

Turns a module linked from weld crates (by cargo with weld-ld, or by
`weld-ld link`) into a component, as `--component` does at link time.

options:
  -o <component.wasm>  the component to write
  --map                print the map of the component
  --map-json <file>    write the JSON map (`-` is stdout)
  -h, --help           print this help"
);

/// The options of `weld-ld link`; `None` for `--help`.
fn parse_link(mut args: impl Iterator<Item = String>) -> Result<Option<link::Options>, Error> {
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
            "--help" | "-h" => return Ok(None),
            flag if flag.starts_with('-') => {
                return Err(Error::Usage(format!(
                    "unknown option `{flag}` (see `weld-ld link --help`)"
                )));
            }
            input => o.inputs.push(PathBuf::from(input)),
        }
    }
    o.output = output.ok_or_else(|| {
        Error::Usage(String::from(
            "missing `-o <module.wasm>` (see `weld-ld link --help`)",
        ))
    })?;
    if o.finish.map.wanted() {
        // wasm-ld's own link map gives the sizes per input object.
        let ld_map = crate::map::Request::ld_map_for(&o.output);
        o.extra.push(format!("--Map={}", ld_map.display()));
        o.finish.map.ld_map = Some(ld_map);
    }
    Ok(Some(o))
}
