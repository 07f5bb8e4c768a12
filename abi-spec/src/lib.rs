//! The weld ABI in one place: its version, the mangling of internal symbol
//! names and the format of the `weld-meta` custom section.
//!
//! Both the bindings generator (`weld-bindgen`) and the linker (`weld-ld`)
//! take every name and number that must agree between them from this crate,
//! so a change here is a change of the ABI (see `abi-spec/SPEC.md`).
//!
//! This crate holds no code generation, no WIT parsing and no I/O: it only
//! names, mangles, hashes and (de)serializes.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod asynchronous;
pub mod canonical;
mod hash;
pub mod host_async;
pub mod metadata;
mod symbol;
pub mod wit_section;

pub use hash::type_hash;
pub use symbol::{
    ASYNC_PREFIX, REAL_PREFIX, Role, STREAMS_PREFIX, Symbol, WRAP_PREFIX, async_name, parse_symbol,
    role_symbol, split_role, symbol, with_role,
};

/// The weld ABI version (major). It is part of every internal symbol name
/// ([`SYMBOL_PREFIX`]) and of every metadata record; any change to layouts,
/// signatures, ownership rules or symbol shapes increments it.
pub const ABI_VERSION: u32 = 1;

/// The version of weld (this crate) that produced a symbol or record,
/// written into metadata so the linker can say which weld to rebuild with.
pub const WELD_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The first field of every internal symbol name: `"weld"` followed by
/// [`ABI_VERSION`] in decimal (a test asserts that they agree).
pub const SYMBOL_PREFIX: &str = "weld1";

/// The interface slot of world-level (root) functions, in symbol names and
/// metadata records, and the Canonical ABI import module of such functions.
pub const ROOT: &str = "$root";

/// Name of the wasm custom section that holds the metadata records.
pub const METADATA_SECTION: &str = "weld-meta";

/// Name of the wasm custom section that holds each crate's WIT world (the
/// world as wit-component encodes it), framed by [`wit_section::frame`]:
/// weld-ld reads it to give a component the right world. Not named
/// `component-type*`: wit-component would merge every crate's world.
pub const WIT_SECTION: &str = "weld-wit";

/// The one allocator entry point of a linked module:
/// `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`.
pub const REALLOC: &str = "cabi_realloc";

/// Export of the `weld` runtime that writes the allocator statistics
/// (live bytes, peak, live allocations, pages grown) to a pointer.
pub const STATS_SYMBOL: &str = "weld_alloc_stats";

/// The reactor entry point that runs the module's constructors once
/// (wasi-libc's `crt1-reactor.o`, or the `weld` runtime's when no crt1 is
/// linked): hosts call it before any other export (SPEC.md section 9).
pub const INITIALIZE: &str = "_initialize";

/// The `weld` runtime's entry points that every linked module exports
/// (SPEC.md sections 5 and 9): [`INITIALIZE`], [`REALLOC`] and
/// [`STATS_SYMBOL`].
pub const RUNTIME_EXPORTS: &[&str] = &[INITIALIZE, REALLOC, STATS_SYMBOL];

/// The C allocator functions the `weld` runtime defines, so that wasi-libc
/// and C objects allocate from the module's one allocator (SPEC.md section
/// 5). They are linked, never exported: weld-ld drops rustc's `--export`
/// of each. A test reads the runtime's object and asserts that these and
/// [`RUNTIME_EXPORTS`] are exactly the unmangled functions it defines.
pub const C_ALLOCATOR: &[&str] = &[
    "malloc",
    "free",
    "calloc",
    "realloc",
    "posix_memalign",
    "aligned_alloc",
    "malloc_usable_size",
    "__libc_malloc",
    "__libc_free",
    "__libc_calloc",
];

/// The unmangled data symbol of the module's one async executor state
/// (abi-spec/ASYNC.md section 10), which the `weld` runtime defines. Like
/// [`C_ALLOCATOR`] it is linked, never exported (weld-ld drops rustc's
/// `--export` of it): when separately built staticlibs each carry a copy
/// of the runtime, `--allow-multiple-definition` binds every copy's
/// references to the first copy's definition, so every crate's tasks run
/// on one executor.
pub const EXECUTOR: &str = "weld_executor";

/// The unmangled data symbol of the module's one host-boundary state
/// (abi-spec/ASYNC.md section 11: the waits registered for host events
/// and the async export calls alive), which the `weld` runtime defines.
/// Linked and never exported, like [`EXECUTOR`], and for the same reason:
/// a wait one runtime copy registers must be found by the copy whose
/// export call receives the host's event.
pub const HOST_BOUNDARY: &str = "weld_host_boundary";

/// The core import module of WASI preview 1, which std and wasi-libc on
/// `wasm32-wasip1` call (`wasi_snapshot_preview1::fd_write`, ...).
pub const PREVIEW1_MODULE: &str = "wasi_snapshot_preview1";

/// The prefix of wasi-libc's C symbols for the WASI preview 1 functions:
/// `__imported_wasi_snapshot_preview1_<fn>` is an undefined symbol importing
/// `(`[`PREVIEW1_MODULE`]`, "<fn>")`; a linked object that defines it
/// receives every call instead (weld-wasi-preview1 does).
pub const PREVIEW1_SYMBOL_PREFIX: &str = "__imported_wasi_snapshot_preview1_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_is_weld_and_version() {
        assert_eq!(SYMBOL_PREFIX, format!("weld{ABI_VERSION}"));
    }

    /// What the linker's version-mismatch message (SPEC.md section 1)
    /// reads: a record made by this weld carries [`ABI_VERSION`] in its
    /// header and [`WELD_VERSION`] as its first payload line, then the
    /// crate (the two lines every ABI version keeps), and decodes back.
    #[test]
    fn records_carry_this_weld_and_abi_version() {
        use metadata::{Direction, HEADER_LEN, Record};
        let record = Record::new("c", "ex:a/w", Direction::Export, None);
        assert_eq!(
            (record.abi_version, record.weld_version.as_str()),
            (ABI_VERSION, WELD_VERSION)
        );
        let frame = record.encode();
        assert_eq!(frame[4..8], ABI_VERSION.to_le_bytes());
        let first_lines = format!("weld {WELD_VERSION}\ncrate c\n");
        assert!(
            frame[HEADER_LEN..].starts_with(first_lines.as_bytes()),
            "{}",
            frame.escape_ascii()
        );
        assert_eq!(metadata::decode(&frame).unwrap(), [record]);
    }

    #[test]
    fn root_is_no_wit_name() {
        // WIT identifiers are kebab-case words; `$` can never start one.
        assert!(ROOT.starts_with('$'));
    }
}
