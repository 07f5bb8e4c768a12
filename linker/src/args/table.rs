//! Every flag of wasm-ld (LLD 22, the `rust-lld -flavor wasm` of Rust
//! 1.9x), with the dashes it is written with and the kind of its value.
//!
//! Taken from LLD's `lld/wasm/Options.td` as `rust-lld` builds it: the
//! names are its option table (`rust-lld -flavor wasm --help` lists the
//! documented ones; the aliases `-i`, `-r`, `--library`, `--lto-obj-path=`,
//! ... are hidden), the kinds and dashes are what it accepts.
//! `tests::the_table_is_what_rust_lld_accepts` checks every row against
//! the real rust-lld and that `--help` lists no flag missing here.

use super::{Dashes, LdFlag, Value};

const fn none(name: &'static str, dashes: Dashes) -> LdFlag {
    LdFlag {
        name,
        dashes,
        value: Value::None,
    }
}

const fn optional(name: &'static str, dashes: Dashes) -> LdFlag {
    LdFlag {
        name,
        dashes,
        value: Value::Optional,
    }
}

const fn joined(name: &'static str, dashes: Dashes) -> LdFlag {
    LdFlag {
        name,
        dashes,
        value: Value::Joined,
    }
}

const fn attached(name: &'static str, dashes: Dashes) -> LdFlag {
    LdFlag {
        name,
        dashes,
        value: Value::Attached,
    }
}

const fn required(name: &'static str, dashes: Dashes) -> LdFlag {
    LdFlag {
        name,
        dashes,
        value: Value::Required,
    }
}

use Dashes::{Both, One, Two};

/// wasm-ld's flags, in alphabetical order. A name appears
/// twice only where wasm-ld's dashes differ by form:
/// `-allow-undefined-file FILE` (one dash only) beside
/// `--allow-undefined-file=FILE`.
pub const WASM_LD_FLAGS: &[LdFlag] = &[
    none("allow-multiple-definition", Both),
    required("allow-undefined-file", One),
    joined("allow-undefined-file", Two),
    none("allow-undefined", Both),
    none("Bdynamic", Both),
    none("Bstatic", Both),
    optional("build-id", Both),
    none("Bsymbolic", Both),
    none("call_shared", Both),
    none("check-features", Two),
    optional("color-diagnostics", Both),
    none("compress-relocations", Both),
    none("demangle", Both),
    none("disable-verify", Both),
    none("dn", Both),
    none("dy", Both),
    required("e", One),
    none("E", One),
    none("emit-relocs", Both),
    none("end-lib", Both),
    required("entry", Both),
    required("error-limit", Two),
    none("error-unresolved-symbols", Both),
    none("experimental-pic", Two),
    required("export", Both),
    none("export-all", Two),
    none("export-dynamic", Both),
    required("export-if-defined", Both),
    optional("export-memory", Two),
    none("export-table", Two),
    joined("extra-features", Both),
    none("fatal-warnings", Both),
    joined("features", Both),
    none("gc-sections", Both),
    joined("global-base", Two),
    none("growable-table", Two),
    none("help", Both),
    none("i", One),
    optional("import-memory", Two),
    none("import-table", Two),
    none("import-undefined", Both),
    joined("initial-heap", Two),
    joined("initial-memory", Two),
    required("keep-section", Both),
    required("l", One),
    required("L", One),
    required("library", Both),
    required("library-path", Both),
    attached("lto-CGO", Two),
    none("lto-debug-pass-manager", Two),
    attached("lto-O", Two),
    joined("lto-obj-path", Two),
    joined("lto-partitions", Two),
    required("m", One),
    none("M", One),
    required("Map", Both),
    joined("max-memory", Two),
    none("merge-data-segments", Two),
    required("mllvm", Both),
    none("no-allow-multiple-definition", Both),
    none("no-check-features", Two),
    none("no-color-diagnostics", Both),
    none("no-demangle", Both),
    none("no-entry", Two),
    none("no-export-dynamic", Both),
    none("no-fatal-warnings", Both),
    none("no-gc-sections", Both),
    none("no-growable-memory", Two),
    none("no-merge-data-segments", Two),
    none("no-pie", Both),
    none("no-print-gc-sections", Both),
    none("no-shlib-sigcheck", Two),
    none("no-stack-first", Both),
    none("no-whole-archive", Both),
    none("noinhibit-exec", Both),
    none("non_shared", Both),
    required("o", One),
    required("O", One),
    joined("page-size", Two),
    none("pie", Both),
    none("print-gc-sections", Both),
    none("print-map", Both),
    none("r", One),
    none("relocatable", Both),
    required("reproduce", Two),
    required("rpath", Both),
    required("rsp-quoting", Both),
    none("s", One),
    none("S", One),
    none("save-temps", Both),
    none("shared", Both),
    none("shared-memory", Two),
    required("soname", Both),
    none("stack-first", Both),
    none("start-lib", Both),
    none("static", Both),
    none("strip-all", Both),
    none("strip-debug", Both),
    none("t", One),
    joined("table-base", Two),
    joined("thinlto-cache-dir", Two),
    required("thinlto-cache-policy", Two),
    none("thinlto-emit-imports-files", Two),
    none("thinlto-emit-index-files", Two),
    optional("thinlto-index-only", Two),
    joined("thinlto-jobs", Two),
    joined("thinlto-object-suffix-replace", Two),
    joined("thinlto-prefix-replace", Two),
    required("threads", Both),
    none("trace", Both),
    required("trace-symbol", Both),
    required("u", One),
    required("undefined", Both),
    required("unresolved-symbols", Both),
    none("v", One),
    none("V", One),
    none("verbose", Both),
    none("version", Both),
    none("warn-unresolved-symbols", Both),
    none("whole-archive", Both),
    joined("why-extract", Two),
    required("wrap", Both),
    required("y", One),
    required("z", One),
];

/// rust-lld's own flag, not wasm-ld's: `-flavor wasm` picks the linker
/// (rustc passes it first). weld-ld drops it and passes the flavor of the
/// wasm-ld it runs.
pub const FLAVOR: LdFlag = required("flavor", One);
