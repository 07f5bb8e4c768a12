//! The inputs of a link: wasm objects and staticlib archives, with the
//! `weld-meta` records each carries.

use crate::{Error, archive, symbols, wasm};
use std::path::{Path, PathBuf};
use weld_abi::metadata::{self, Record};

/// One object: a file, or a member of an archive.
#[derive(Debug)]
pub struct Object {
    /// The file it came from.
    pub file: PathBuf,
    /// Its name inside the archive, if it is a member.
    pub member: Option<String>,
    /// Its weld metadata records (none for code that uses no WIT).
    pub records: Vec<Record>,
    /// Its function symbols: what it imports, what it defines.
    pub symbols: symbols::Symbols,
    /// The payloads of its `component-type*` custom sections: the worlds
    /// wit-bindgen embeds (an unported crate, [`crate::deps`]).
    pub component_types: Vec<Vec<u8>>,
}

/// Reads every input file and the weld records of its objects.
pub fn read(paths: &[PathBuf]) -> Result<Vec<Object>, Error> {
    let mut objects = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| Error::Read(path.clone(), e))?;
        if bytes.starts_with(b"!<arch>\n") {
            let members = archive::members(&bytes).map_err(|e| Error::NotWasm(path.clone(), e))?;
            for (name, data) in members {
                if data.starts_with(b"\0asm") {
                    objects.push(object(path, Some(name), data)?);
                }
            }
        } else {
            objects.push(object(path, None, &bytes)?);
        }
    }
    Ok(objects)
}

fn object(file: &Path, member: Option<String>, bytes: &[u8]) -> Result<Object, Error> {
    let sections = wasm::custom_sections(bytes, weld_abi::METADATA_SECTION).map_err(|e| {
        let what = match &member {
            Some(m) => format!("member `{m}`: {e}"),
            None => e,
        };
        Error::NotWasm(file.to_path_buf(), what)
    })?;
    let mut records = Vec::new();
    for s in sections {
        records.extend(metadata::decode(s).map_err(|e| Error::Metadata(file.to_path_buf(), e))?);
    }
    let component_types = wasm::custom_sections_where(bytes, |n| n.starts_with(b"component-type"))
        .unwrap_or_default()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    Ok(Object {
        file: file.to_path_buf(),
        member,
        records,
        symbols: symbols::read(bytes),
        component_types,
    })
}

/// How many input files carry a copy of the `weld` runtime crate (archive
/// members named `weld-<hash>.<cgu>.rcgu.o`, as rustc names the objects of
/// crate `weld`: `weld.<hash>-cgu.<n>` in release, opaque codegen-unit
/// names in an incremental debug build).
pub fn runtime_copies(objects: &[Object]) -> usize {
    let mut files: Vec<&Path> = objects
        .iter()
        .filter(|o| o.member.as_deref().is_some_and(is_runtime_member))
        .map(|o| o.file.as_path())
        .collect();
    files.sort();
    files.dedup();
    files.len()
}

fn is_runtime_member(name: &str) -> bool {
    name.strip_prefix("weld-")
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(hash, rest)| {
            !hash.is_empty()
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && rest.ends_with(".rcgu.o")
        })
}

#[cfg(test)]
mod tests {
    use super::is_runtime_member;

    #[test]
    fn runtime_members_are_recognised_by_name() {
        assert!(is_runtime_member(
            "weld-4f9c6bf0b99ee96d.weld.af56be851e1b1b29-cgu.0.rcgu.o"
        ));
        assert!(!is_runtime_member(
            "weld_abi-4f9c6bf0b99ee96d.weld_abi.af56-cgu.0.rcgu.o"
        ));
        assert!(!is_runtime_member(
            "weld_static_app-8815cbfb0efd4cbd.weld_static_app.47-cgu.0.rcgu.o"
        ));
        // A debug (incremental) build's codegen units.
        assert!(is_runtime_member(
            "weld-a0606cfe7ac55f0a.dxjreugc0zgm89v2rtm4ju8rl.05mpw7a.rcgu.o"
        ));
        assert!(!is_runtime_member("weld-xyz.weld.a-cgu.0.rcgu.o"));
        assert!(!is_runtime_member("weld-.weld.a-cgu.0.rcgu.o"));
    }
}
