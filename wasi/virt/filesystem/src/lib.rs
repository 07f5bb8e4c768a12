//! Virtual `wasi:filesystem` 0.2: a read-only filesystem in memory, built
//! from files given at build time.
//!
//! # What it serves
//!
//! This crate exports the world `weld:wasi/virt-filesystem`
//! (`wasi/wit/worlds.wit`): `wasi:filesystem/types` and
//! `wasi:filesystem/preopens` at 0.2.12. Linked into a weld module, it
//! serves every crate of the link that imports them: std's `std::fs`
//! through weld's preview 1 layer, and any crate calling WASI 0.2 itself.
//!
//! - `preopens.get-directories` returns one directory descriptor per guest
//!   path given to [`preopen`], in the order of the first call for each.
//! - Every `descriptor` method exists. Reads work as on a host: `stat`,
//!   `stat-at`, `open-at`, `read`, `read-via-stream` (an `input-stream` of
//!   `weld-virt-io` reading the file in place), `read-directory` (entries
//!   in byte order of their names, without `.` and `..`), `metadata-hash`
//!   and `metadata-hash-at` (a hash of the node's path and size, the same
//!   in every run), `is-same-object`, `get-type`, `get-flags` (`read`),
//!   `advise`, `sync` and `sync-data` (nothing to do).
//! - Every change is refused with `error-code.read-only`: `write`,
//!   `write-via-stream`, `append-via-stream`, `set-size`, `set-times`,
//!   `set-times-at`, `create-directory-at`, `remove-directory-at`,
//!   `unlink-file-at`, `rename-at`, `link-at`, `symlink-at`, and `open-at`
//!   with `create`, `truncate` or the `write` flag. Other errors are the
//!   ones wasmtime's host gives: a file asked for a directory operation is
//!   `not-directory`, a directory asked for a file operation is
//!   `bad-descriptor` (`is-directory` for `read-via-stream` and for
//!   opening a directory to write), `create` with `exclusive` on an
//!   existing name is `exist`.
//! - Paths given to the `*-at` methods are relative to the descriptor and
//!   may use `.` and `..`, but never reach above that descriptor's
//!   directory: `..` there, or an absolute path, is `not-permitted`; a
//!   missing name is `no-entry`, a file used as a directory (`a.txt/b`,
//!   `a.txt/`) `not-directory`. There are no symbolic links, so
//!   `symlink-follow` changes nothing and `readlink-at` is `invalid`.
//! - Timestamps are absent unless [`set_timestamp`] gives one time for
//!   every node. `filesystem-error-code` is always `none`: reading a file
//!   never fails.
//!
//! # Giving files
//!
//! Files are `&'static [u8]`, usually `include_bytes!`, and are never
//! copied: reads return slices of them. Call [`preopen`] before the app's
//! first file access (wasi-libc and the preview 1 layer list the preopens
//! once, at the first access):
//!
//! ```ignore
//! use weld_virt_filesystem as fs;
//!
//! fn main() {
//!     fs::preopen("/data", &[
//!         ("config.toml", include_bytes!("../data/config.toml")),
//!         ("images/logo.svg", include_bytes!("../data/images/logo.svg")),
//!     ]);
//!     let config = std::fs::read_to_string("/data/config.toml").unwrap();
//!     // ...
//! }
//! ```
//!
//! Directories on a file's path are created as needed; calling [`preopen`]
//! again with the same guest path adds to that directory.
//!
//! # Replacing it
//!
//! Any crate whose world exports `wasi:filesystem/types` and
//! `wasi:filesystem/preopens` (0.2.x) can take this one's place: weld-ld
//! links each import to the one crate exporting it. Link neither and the
//! host's filesystem serves the imports. A replacement that returns
//! streams from `read-via-stream` mints them as this crate does, through
//! `weld_virt_io::input_stream` (see `weld-virt-io`'s docs), or with its
//! own crate exporting `wasi:io/streams`.
//!
//! This crate runs inside the module it serves: it never calls std's I/O,
//! environment, clocks, randomness or printing (they would come back to the
//! WASI layer), and is `no_std` with `alloc`.
#![cfg_attr(not(test), no_std)]

extern crate alloc;

#[weld::shared_world(
    path = "../../wit",
    world = "virt-filesystem",
    export_params = "borrowed"
)]
mod bindings {}

mod descriptor;
mod entries;
mod path;
mod source;
#[cfg(test)]
mod tests;
mod tree;

use alloc::string::String;
use alloc::vec::Vec;

use bindings::exports::wasi::filesystem::{preopens, types};
use bindings::wasi::io::error::Error;

/// Adds files to the directory preopened at `guest_path`, creating that
/// preopen (empty) if it is new.
///
/// Each file is `(path, contents)`: `path` is relative to the preopened
/// directory, `/`-separated (`"docs/a.txt"` creates the directory `docs`);
/// empty and `.` components are skipped. A file given again gets the new
/// contents. `guest_path` is what the app opens files under (`"/data"`,
/// `"."`, `"/"`); preopens are listed in the order of their first call.
///
/// Call it before the app's first file access: wasi-libc reads the list of
/// preopens once.
///
/// # Panics
///
/// If a path has a `..` component or names no file, or if a file and a
/// directory would have the same path.
pub fn preopen(guest_path: &str, files: &[(&str, &'static [u8])]) {
    tree::with_mut(|t| {
        let root = t.root(guest_path);
        for &(path, contents) in files {
            if let Err(e) = t.add_file(root, path, contents) {
                panic!(
                    "weld-virt-filesystem: cannot add `{path}` to `{guest_path}`: {}",
                    e.message()
                );
            }
        }
    });
}

/// Gives every file and directory the time `seconds` and `nanoseconds`
/// after the Unix epoch as its access, modification and status-change
/// timestamp. Without it, `stat` reports no timestamps.
pub fn set_timestamp(seconds: u64, nanoseconds: u32) {
    tree::with_mut(|t| t.set_timestamp(Some((seconds, nanoseconds))));
}

/// The type whose `Guest` implementations the export glue calls.
struct VirtFilesystem;

impl types::Guest for VirtFilesystem {
    type Descriptor = descriptor::FsDescriptor;
    type DirectoryEntryStream = entries::Entries;

    fn filesystem_error_code(_err: &Error) -> Option<types::ErrorCode> {
        // This crate's streams never fail, so no error is one of its own.
        None
    }
}

impl preopens::Guest for VirtFilesystem {
    fn get_directories() -> Vec<(types::Descriptor, String)> {
        let roots: Vec<_> = tree::with(|t| t.preopens().to_vec());
        roots
            .into_iter()
            .map(|(guest_path, node)| {
                let d = types::Descriptor::new(descriptor::FsDescriptor::new(node));
                (d, guest_path)
            })
            .collect()
    }
}

bindings::export!(VirtFilesystem with_types_in bindings);
