//! What the check allows: which unprovided imports may go to the host.

use super::Slot;
use super::index::unversioned;

/// Options of [`super::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Which imports that no linked crate provides may go to the host.
    pub host_imports: HostImports,
}

/// Which imports that no linked crate provides may be imported from the
/// host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HostImports {
    /// Every one (the default): WASI and any other host interface.
    #[default]
    Allow,
    /// None (`--no-host-imports`): proof that the module imports nothing
    /// WIT-level from the host.
    Deny,
    /// Only those matching one of these entries (`--allow-host-import
    /// <entry>`, repeated; `--weld-allow-host-import=<entry>` as cargo's
    /// linker). An entry is
    ///
    /// - an interface's world key, `wasi:cli/environment@0.2.0`: that
    ///   interface in that version;
    /// - an interface without version, `wasi:cli/environment`: that
    ///   interface in any version (or unversioned);
    /// - `$root/<function>`: that world-level function;
    /// - a core import that is not a WIT import, `module::name`
    ///   (`wasi_snapshot_preview1::fd_write`, `env::log`);
    /// - any of these ending in `*`, `wasi:*`, `$root/*`,
    ///   `wasi_snapshot_preview1::*`: every slot or core import (written
    ///   as above) starting with the text before the `*`; `*` alone allows
    ///   everything.
    AllowList(Vec<String>),
}

impl HostImports {
    /// Whether `slot` may be imported from the host.
    pub fn allows(&self, slot: &Slot) -> bool {
        match self {
            HostImports::Allow => true,
            HostImports::Deny => false,
            HostImports::AllowList(entries) => entries.iter().any(|e| matches(e, slot)),
        }
    }

    /// Whether the core import `module::name`, which is not a WIT import,
    /// may be imported from the host.
    pub fn allows_core(&self, module: &str, name: &str) -> bool {
        match self {
            HostImports::Allow => true,
            HostImports::Deny => false,
            HostImports::AllowList(entries) => {
                let written = super::core_imports::written(module, name);
                entries.iter().any(|e| match e.strip_suffix('*') {
                    Some(prefix) => written.starts_with(prefix),
                    None => *e == written,
                })
            }
        }
    }
}

/// Whether the allow-list entry `entry` covers `slot`.
fn matches(entry: &str, slot: &Slot) -> bool {
    let written = slot.to_string();
    if let Some(prefix) = entry.strip_suffix('*') {
        return written.starts_with(prefix);
    }
    match slot {
        Slot::Interface(name) => {
            entry == name || (!entry.contains('@') && entry == unversioned(name))
        }
        Slot::Function(_) => entry == written,
    }
}
