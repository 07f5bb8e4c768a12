//! Core imports that are not WIT imports: what the module still imports
//! besides the WIT imports the records describe and the Canonical ABI's
//! own intrinsics (`[export]<interface>` resource handles). WASI preview 1
//! calls of std and wasi-libc, and any `extern` a crate declares without a
//! definition in the link. `--no-host-imports` and the allow-list account
//! for them as for WIT imports.

use std::fmt;

use super::{Diagnostic, HostImports, messages};

/// Who pulled an import into the link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A Rust crate (a weld crate, or one rustc named its objects after).
    Crate(String),
    /// wasi-libc, through which std makes its WASI calls.
    WasiLibc,
    /// An object weld-ld cannot name a crate for (`file` or `file(member)`).
    Object(String),
}

impl Origin {
    /// The plain name, for the map: the crate, `wasi-libc`, or the object.
    pub fn name(&self) -> &str {
        match self {
            Origin::Crate(c) | Origin::Object(c) => c,
            Origin::WasiLibc => "wasi-libc",
        }
    }
}

impl fmt::Display for Origin {
    /// "crate `getrandom`", "wasi-libc (std's WASI calls)", "object `x.o`".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Crate(c) => write!(f, "crate `{c}`"),
            Origin::WasiLibc => f.write_str("wasi-libc (std's WASI calls)"),
            Origin::Object(o) => write!(f, "object `{o}`"),
        }
    }
}

/// One core import (module, name) the linked module keeps that is not a
/// WIT import, with what pulled it in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CoreImport {
    /// The import module (`wasi_snapshot_preview1`, `env`, ...).
    pub module: String,
    /// The import name.
    pub name: String,
    /// The symbols that import it (from the module's name section; empty
    /// when it has none).
    pub symbols: Vec<String>,
    /// Who pulled it in (empty when no input read names it).
    pub origins: Vec<Origin>,
}

impl CoreImport {
    /// `module::name`: how messages and allow-list entries write it.
    pub fn written(&self) -> String {
        written(&self.module, &self.name)
    }

    /// A WASI preview 1 import.
    pub fn is_preview1(&self) -> bool {
        self.module == weld_abi::PREVIEW1_MODULE
    }
}

/// `module::name`.
pub fn written(module: &str, name: &str) -> String {
    format!("{module}::{name}")
}

/// The errors of the core imports `host` does not allow, one per import
/// (all of them, in the order given).
pub fn check(imports: &[CoreImport], host: &HostImports) -> Vec<Diagnostic> {
    imports
        .iter()
        .filter(|i| !host.allows_core(&i.module, &i.name))
        .map(|i| messages::core_not_provided(i, host))
        .collect()
}
