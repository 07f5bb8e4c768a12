//! weld-ld's errors: one line saying what is wrong and naming the file or
//! item, for the CLI to print without a backtrace.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong in a link.
#[derive(Debug)]
pub enum Error {
    /// An input could not be read.
    Read(PathBuf, std::io::Error),
    /// An output (the module, the component, a map, the alias object)
    /// could not be written; `-` is stdout.
    Write(PathBuf, std::io::Error),
    /// An input is neither a wasm object nor an archive of them.
    NotWasm(PathBuf, String),
    /// A `weld-meta` section could not be decoded.
    Metadata(PathBuf, weld_abi::metadata::MetadataError),
    /// wasm-ld could not be found.
    NoWasmLd(String),
    /// wasm-ld could not be started.
    Spawn(PathBuf, std::io::Error),
    /// wasm-ld failed (its own messages were already printed).
    LinkFailed(i32),
    /// The command line is wrong.
    Usage(String),
    /// The module could not be encoded as a component.
    Component(String),
    /// The WIT wiring of the linked crates is wrong.
    Check(Vec<crate::check::Diagnostic>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(p, e) => write!(f, "cannot read `{}`: {e}", p.display()),
            Error::Write(p, e) if p.as_os_str() == "-" => write!(f, "cannot write to stdout: {e}"),
            Error::Write(p, e) => write!(f, "cannot write `{}`: {e}", p.display()),
            Error::NotWasm(p, why) => write!(
                f,
                "`{}` is not a wasm object or archive: {why}",
                p.display()
            ),
            Error::Metadata(p, e) => write!(f, "corrupt weld metadata in `{}`: {e}", p.display()),
            Error::NoWasmLd(why) => write!(
                f,
                "cannot find wasm-ld: {why}; pass --wasm-ld-path or install the Rust toolchain's rust-lld"
            ),
            Error::Spawn(p, e) => write!(f, "cannot run `{}`: {e}", p.display()),
            Error::LinkFailed(code) => write!(f, "wasm-ld failed (exit code {code})"),
            Error::Usage(why) => write!(f, "{why}"),
            Error::Component(why) => write!(f, "{why}"),
            // Each diagnostic is a complete `error: ...` block of its own.
            Error::Check(diagnostics) => {
                let blocks: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                f.write_str(&blocks.join("\n"))
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Diagnostic;

    #[test]
    fn check_errors_print_each_diagnostic_once() {
        let e = Error::Check(vec![
            Diagnostic::new("one"),
            Diagnostic::new("two").hint("fix"),
        ]);
        assert_eq!(e.to_string(), "error: one\nerror: two\n  = help: fix");
    }

    #[test]
    fn writes_and_reads_say_which() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let shown = Error::Write("out.wasm".into(), io()).to_string();
        assert_eq!(shown, format!("cannot write `out.wasm`: {}", io()));
        let shown = Error::Read("in.o".into(), io()).to_string();
        assert_eq!(shown, format!("cannot read `in.o`: {}", io()));
        let shown = Error::Write("-".into(), io()).to_string();
        assert_eq!(shown, format!("cannot write to stdout: {}", io()));
    }
}
