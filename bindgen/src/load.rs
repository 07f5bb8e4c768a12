//! Loading WIT: the source named by the options, and the world to generate.

use crate::error::{INLINE_FILE, WitSource};
use crate::{Error, ErrorKind, Options, Source};
use std::path::{Path, PathBuf};
use wit_bindgen_core::wit_parser::{PackageId, Resolve, WorldId};

/// A resolved world and the files it came from.
pub(crate) struct Loaded {
    pub resolve: Resolve,
    pub world: WorldId,
    pub files: Vec<PathBuf>,
}

/// Parses the options' WIT source and selects the world.
pub(crate) fn load(options: &Options) -> Result<Loaded, Error> {
    let mut resolve = Resolve::default();
    resolve.features.extend(options.features.iter().cloned());
    resolve.all_features = options.all_features;
    let mut files = Vec::new();
    let mut packages = Vec::new();
    let (path, inline) = match &options.source {
        Source::Path(path) => (Some(path), None),
        Source::Inline(text) => (None, Some(text)),
        Source::PathAndInline(path, text) => (Some(path), Some(text)),
    };
    for path in path.into_iter().chain(&options.extra_paths) {
        packages.push(push_path(&mut resolve, path, &mut files)?);
    }
    if let Some(text) = inline {
        // The inline package is the only one the world can come from.
        packages = vec![push_inline(&mut resolve, text)?];
    }
    let world = resolve
        .select_world(&packages, options.world.as_deref())
        .map_err(|e| {
            let what = match &options.world {
                Some(w) => format!("no world `{w}` in the WIT package"),
                None => String::from("cannot pick a world: name one with `world = \"...\"`"),
            };
            Error::caused_by(ErrorKind::World, what, &e)
        })?;
    Ok(Loaded {
        resolve,
        world,
        files,
    })
}

fn push_path(
    resolve: &mut Resolve,
    path: &Path,
    files: &mut Vec<PathBuf>,
) -> Result<PackageId, Error> {
    if !path.exists() {
        return Err(Error::new(
            ErrorKind::MissingPath,
            format!("WIT path `{}` does not exist", path.display()),
        ));
    }
    let (pkg, sources) = resolve
        .push_path(path)
        .map_err(|e| wit_error(resolve, &e, WitSource::Path))?;
    files.extend(sources.paths().map(Path::to_path_buf));
    Ok(pkg)
}

fn push_inline(resolve: &mut Resolve, text: &str) -> Result<PackageId, Error> {
    resolve
        .push_str(INLINE_FILE, text)
        .map_err(|e| wit_error(resolve, &e, WitSource::Inline))
}

fn wit_error(resolve: &Resolve, e: &anyhow::Error, source: WitSource) -> Error {
    let mut err = Error::new(ErrorKind::Wit(source), "failed to parse WIT");
    err.details = resolve
        .render_error(e)
        .lines()
        .map(str::to_string)
        .collect();
    err
}
