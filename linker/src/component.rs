//! `--component`: turns the linked module into a component whose world is
//! exactly what the link left open: imports = what no linked crate
//! provides, exports = the root world's exports.
//!
//! Each crate embedded its world in the `weld-wit` section. For every
//! crate the world is decoded, the imports that a linked crate provides are
//! removed (and, for non-root crates, every export), and the result is
//! embedded as a `component-type` section; wit-component merges those and
//! encodes the component. The WASI preview 1 adapter (from
//! `wasi-preview1-component-adapter-provider`) is added only when the
//! module still imports `wasi_snapshot_preview1` (no `weld-wasi-preview1`
//! linked): otherwise std's WASI calls are WIT imports like any other.

use crate::Error;
use crate::check::{Slot, Wiring};
use std::collections::BTreeSet;
use wasm_encoder::{CustomSection, Encode, Module, RawSection, Section};
use wasmparser::{Parser, Payload};
use wit_component::metadata::{self, Bindgen};
use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::{WorldItem, WorldKey};

/// Encodes `module` (a linked weld module) as a component.
pub fn encode(module: &[u8], roots: &BTreeSet<String>, wiring: &Wiring) -> Result<Vec<u8>, Error> {
    let (stripped, frames) = take_wit_frames(module)?;
    let mut with_types = stripped;
    for f in frames {
        let world = open_world(
            &f.world,
            &f.crate_name,
            roots.contains(&f.crate_name),
            wiring,
        )
        .map_err(|e| component_error(&format!("the world of crate `{}`", f.crate_name), &e))?;
        push_custom(
            &mut with_types,
            &format!("component-type:weld:{}", f.crate_name),
            &world,
        );
    }
    let adapter = adapter_for(&with_types)?;
    ComponentEncoder::default()
        .validate(true)
        .module(&with_types)
        .and_then(|e| match adapter {
            Some(bytes) => e.adapter(weld_abi::PREVIEW1_MODULE, bytes),
            None => Ok(e),
        })
        .and_then(|e| e.encode())
        .map_err(|e| component_error("the component", &e))
}

/// The WASI preview 1 adapter the component needs, if any: the command
/// adapter for a command (the module exports `_start`: a `bin`), whose
/// `wasi:cli/run` export calls `_start`, even when no `weld-wasi-preview1`
/// call is left for it (wit-component keeps an adapter for its exports);
/// the reactor adapter when the module still imports WASI preview 1 (no
/// `weld-wasi-preview1` linked); none otherwise.
fn adapter_for(module: &[u8]) -> Result<Option<&'static [u8]>, Error> {
    use wasi_preview1_component_adapter_provider as provider;
    if exports_start(module)? {
        return Ok(Some(provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER));
    }
    if imports_preview1(module)? {
        return Ok(Some(provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER));
    }
    Ok(None)
}

/// Whether the module exports `_start`: a command (docs/linking.md,
/// "Commands").
fn exports_start(module: &[u8]) -> Result<bool, Error> {
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| Error::Component(e.to_string()))?;
        if let Payload::ExportSection(reader) = payload {
            for export in reader {
                let export = export.map_err(|e| Error::Component(e.to_string()))?;
                if export.name == crate::exports::START {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// Whether the module still imports WASI preview 1: only then does the
/// component need the adapter (no `weld-wasi-preview1` was linked).
fn imports_preview1(module: &[u8]) -> Result<bool, Error> {
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| Error::Component(e.to_string()))?;
        if let Payload::ImportSection(reader) = payload {
            for import in reader.into_imports() {
                let import = import.map_err(|e| Error::Component(e.to_string()))?;
                if import.module == weld_abi::PREVIEW1_MODULE {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

fn component_error(what: &str, e: &anyhow::Error) -> Error {
    Error::Component(format!("cannot encode {what}: {e:#}"))
}

/// Decodes a world as wit-component encodes it (a `weld-wit` frame's, or
/// a `component-type` section's payload); `None` if it does not decode.
pub(crate) fn decode_world(encoded: &[u8]) -> Option<(wit_parser::Resolve, wit_parser::WorldId)> {
    let mut carrier = Module::new().finish();
    push_custom(&mut carrier, "component-type", encoded);
    let (_, Bindgen { resolve, world, .. }) = metadata::decode(&carrier).ok()?;
    Some((resolve, world))
}

/// The `weld-wit` frames of a linked module: each linked crate's world.
pub(crate) fn wit_frames(module: &[u8]) -> Result<Vec<weld_abi::wit_section::Frame>, Error> {
    take_wit_frames(module).map(|(_, frames)| frames)
}

/// Removes the `weld-wit` sections; returns the module and their frames.
fn take_wit_frames(module: &[u8]) -> Result<(Vec<u8>, Vec<weld_abi::wit_section::Frame>), Error> {
    let mut out = Module::new();
    let mut section = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| Error::Component(e.to_string()))?;
        if let Payload::CustomSection(c) = &payload
            && c.name() == weld_abi::WIT_SECTION
        {
            section.extend_from_slice(c.data());
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            out.section(&RawSection {
                id,
                data: &module[range.start as usize..range.end as usize],
            });
        }
    }
    let frames = weld_abi::wit_section::frames(&section).ok_or_else(|| {
        Error::Component(String::from(
            "corrupt `weld-wit` section: rebuild the crates with this weld",
        ))
    })?;
    Ok((out.finish(), frames))
}

/// One crate's world with what the link provides removed, re-encoded.
fn open_world(
    encoded: &[u8],
    crate_name: &str,
    root: bool,
    wiring: &Wiring,
) -> anyhow::Result<Vec<u8>> {
    let mut carrier = Module::new().finish();
    push_custom(&mut carrier, "component-type", encoded);
    let (
        _,
        Bindgen {
            mut resolve, world, ..
        },
    ) = metadata::decode(&carrier)?;
    if std::env::var_os("WELD_LD_DEBUG").is_some() {
        let w = &resolve.worlds[world];
        let pkg = w.package.map(|p| resolve.packages[p].name.to_string());
        eprintln!(
            "weld-ld: world `{}` in {pkg:?}: {} imports, {} exports",
            w.name,
            w.imports.len(),
            w.exports.len()
        );
    }
    let w = &resolve.worlds[world];
    let provided: Vec<WorldKey> = w
        .imports
        .iter()
        .filter(|(key, item)| {
            let slot = match item {
                WorldItem::Function(f) => Slot::Function(f.name.clone()),
                WorldItem::Interface { .. } => Slot::Interface(resolve.name_world_key(key)),
                WorldItem::Type { .. } => return false,
            };
            wiring.provides_to(&slot, crate_name)
        })
        .map(|(key, _)| key.clone())
        .collect();
    let w = &mut resolve.worlds[world];
    for key in provided {
        w.imports.shift_remove(&key);
    }
    if !root {
        w.exports.clear();
    }
    rename_package(&mut resolve, world, crate_name);
    metadata::encode(&resolve, world, StringEncoding::UTF8, None, false)
}

/// wit-component decodes every embedded world as `root:root/root`; worlds
/// with one name and different contents do not merge, so each crate's gets
/// a package of its own, `weld:<crate>`.
fn rename_package(resolve: &mut wit_parser::Resolve, world: wit_parser::WorldId, crate_name: &str) {
    let Some(pkg) = resolve.worlds[world].package else {
        return;
    };
    let old = resolve.packages[pkg].name.clone();
    let name: String = crate_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let new = wit_parser::PackageName {
        namespace: String::from("weld"),
        name,
        version: None,
    };
    resolve.package_names.shift_remove(&old);
    resolve.package_names.insert(new.clone(), pkg);
    resolve.packages[pkg].name = new;
}

/// Appends a custom section to a module's bytes.
pub(crate) fn push_custom(module: &mut Vec<u8>, name: &str, data: &[u8]) {
    let section = CustomSection {
        name: name.into(),
        data: data.into(),
    };
    module.push(section.id());
    section.encode(module);
}
