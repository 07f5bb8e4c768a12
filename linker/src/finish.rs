//! What weld-ld does after wasm-ld: check the WIT wiring recorded in the
//! module's `weld-meta` records and the core imports the module keeps
//! (`--no-host-imports`), rename host imports to their canonical
//! names, and write the module (deleting it on error, so that a failed link
//! leaves nothing that looks usable).

use crate::{Error, check, rewrite};
use std::path::Path;

/// Options of the post-link steps.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Which imports may go to the host.
    pub check: check::Options,
    /// Write a component instead of a core module.
    pub component: bool,
    /// The root crates (whose exports are the module's exports).
    pub roots: std::collections::BTreeSet<String>,
    /// `--map` / `--map-json`: the maps to write after a successful link.
    pub map: crate::map::Request,
    /// Who imports what among the inputs (empty for `weld-ld component`).
    pub origins: crate::origin::Origins,
    /// What a cargo link left out or cannot serve (empty outside cargo).
    pub cargo: crate::deps::Survey,
}

/// The facts of a finished link, for `--map` and tests.
#[derive(Debug)]
pub struct Linked {
    /// The checked wiring.
    pub wiring: check::Wiring,
    /// Imports of the module after renaming.
    pub imports: Vec<(String, String)>,
    /// Number of memories.
    pub memories: u32,
    /// The imports that are not WIT imports, with who pulled them in.
    pub core_imports: Vec<check::CoreImport>,
}

/// Checks and rewrites the module wasm-ld wrote at `output`.
pub fn finish(output: &Path, options: &Options) -> Result<Linked, Error> {
    let result = finish_inner(output, options);
    if result.is_err() {
        let _ = std::fs::remove_file(output);
        if let Some(ld_map) = &options.map.ld_map {
            let _ = std::fs::remove_file(ld_map);
        }
    }
    let linked = result?;
    if options.map.wanted() {
        crate::map::write(output, &linked, &options.map)?;
    }
    Ok(linked)
}

fn finish_inner(output: &Path, options: &Options) -> Result<Linked, Error> {
    let bytes = std::fs::read(output).map_err(|e| Error::Read(output.to_path_buf(), e))?;
    let rewritten =
        rewrite::rename_for_host(&bytes).map_err(|e| Error::NotWasm(output.to_path_buf(), e))?;
    let records = weld_abi::metadata::decode(&rewritten.metadata)
        .map_err(|e| Error::Metadata(output.to_path_buf(), e))?;
    let core_imports = options.origins.core_imports(&rewritten.core);
    // Every problem at once: the WIT wiring's, then the core imports'.
    let imports = check::Imports {
        all: &rewritten.imports,
        unserved: &rewritten.renamed,
    };
    let checked = check::check_linked(&records, &options.check, Some(imports));
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    errors.extend(check::core_imports::check(
        &core_imports,
        &options.check.host_imports,
    ));
    let exported = crate::wasm::export_names(&rewritten.bytes)
        .map_err(|e| Error::NotWasm(output.to_path_buf(), e))?;
    errors.extend(crate::exports::async_root_exports(
        &records,
        &options.roots,
        &exported,
    ));
    errors.extend(crate::deps::check(
        &options.cargo,
        &records,
        &rewritten.imports,
        &options.check.host_imports,
    ));
    if let Ok(wiring) = &checked
        && !wiring.wrapped.is_empty()
    {
        let frames = crate::component::wit_frames(&rewritten.bytes)?;
        errors.extend(crate::views::check(&frames, wiring));
    }
    let wiring = match checked {
        Ok(wiring) if errors.is_empty() => wiring,
        _ => return Err(Error::Check(errors)),
    };
    let bytes = if options.component {
        crate::component::encode(&rewritten.bytes, &options.roots, &wiring)?
    } else {
        rewritten.bytes
    };
    std::fs::write(output, &bytes).map_err(|e| Error::Write(output.to_path_buf(), e))?;
    Ok(Linked {
        wiring,
        imports: rewritten.imports,
        memories: rewritten.memories,
        core_imports,
    })
}
