//! WIT to Rust bindings for the weld shared-everything ABI.
//!
//! This is the code generator behind `#[weld::shared_world]`: it reads a WIT
//! world, checks that it uses only what the weld ABI supports, and produces a
//! token stream with the world's Rust API (wit-bindgen's shape: a module per
//! interface, `Guest` traits for exports, an `export!` macro) plus the glue
//! that calls and implements every function with the weld ABI (see
//! `abi-spec/SPEC.md`). It is a plain library so that everything is
//! unit-testable without a proc-macro context; the macro crate only parses
//! options and reports errors.

mod abi;
mod asynchronous;
mod check;
mod context;
mod describe;
mod error;
mod function;
mod interface;
mod load;
mod meta;
mod names;
pub mod option_table;
mod options;
mod ownership;
mod resource;
mod type_attributes;
mod types;
mod with;
mod world;

pub use error::{Error, ErrorKind, INLINE_FILE, WitSource};
pub use options::{ExportParams, Options, Ownership, RustPath, Source, WithTarget};

use proc_macro2::TokenStream;
use std::path::PathBuf;

/// The result of generating bindings for one world.
#[derive(Debug)]
pub struct Bindings {
    /// The generated Rust items.
    pub tokens: TokenStream,
    /// Every WIT file that was read (the macro emits `include_bytes!` for
    /// each so that editing one triggers a rebuild).
    pub files: Vec<PathBuf>,
}

/// The `weld-meta` records that the bindings of the world selected by
/// `options` carry (what the linker will see for a crate built from it),
/// without generating code.
///
/// # Errors
/// As for [`generate`].
pub fn metadata(options: &Options) -> Result<Vec<weld_abi::metadata::Record>, Error> {
    let loaded = load::load(options)?;
    check::check_world(&loaded.resolve, loaded.world)?;
    check::check_duplicated_fixed_lists(&loaded.resolve, loaded.world, options)?;
    let cx = context::Cx::new(&loaded.resolve, loaded.world, options)?;
    Ok(meta::world_records(&cx))
}

/// Generates bindings for the world selected by `options`.
///
/// # Errors
/// A missing or unparsable WIT source, an unknown world, or WIT features the
/// weld ABI does not support; unsupported features are all collected into
/// one [`Error`] rather than reported one at a time.
pub fn generate(options: &Options) -> Result<Bindings, Error> {
    let loaded = load::load(options)?;
    check::check_world(&loaded.resolve, loaded.world)?;
    check::check_duplicated_fixed_lists(&loaded.resolve, loaded.world, options)?;
    let tokens = world::expand_world(&loaded.resolve, loaded.world, options)?;
    Ok(Bindings {
        tokens,
        files: loaded.files,
    })
}
