//! Names and codes of the async host boundary (abi-spec/ASYNC.md section
//! 11): the host adapter an importing crate defines for each async import,
//! the Canonical ABI's `[async-lower]` import it calls, and the status
//! codes of a lowered call.
//!
//! Must not: know WIT; callers pass function and crate names as strings.

/// The function-name prefix of the Canonical ABI's async-lowered import of
/// a function: `(<interface>, [async-lower]f)`.
pub const ASYNC_LOWER_PREFIX: &str = "[async-lower]";

/// The function name of the Canonical ABI's async-lowered import of `func`.
///
/// ```
/// assert_eq!(weld_abi::asynchronous::async_lower_name("fetch"), "[async-lower]fetch");
/// ```
pub fn async_lower_name(func: &str) -> String {
    format!("{ASYNC_LOWER_PREFIX}{func}")
}

/// The function-name prefix of a crate's host adapter of an async import:
/// `weld1|<interface>|[async-host:<crate>/<world>]f`, with the signature
/// of `[async]f` (ASYNC.md section 4). weld-ld binds `[async]f` to the
/// first importer's adapter when no linked crate exports the interface.
pub const ASYNC_HOST_PREFIX: &str = "[async-host:";

/// The function name of an importer's host adapter of async function
/// `func`; `importer` names the bindings that define it, as
/// `<crate>/<world>` (the crate name as its `weld-meta` record spells it):
/// one crate may generate bindings of several worlds importing `func`.
/// Anything without `]` is a valid importer; weld-ld only reads `func`.
///
/// ```
/// use weld_abi::asynchronous::async_host_name;
/// assert_eq!(async_host_name("app/main", "fetch"), "[async-host:app/main]fetch");
/// assert_eq!(
///     weld_abi::symbol(Some("ex:a/b"), &async_host_name("app/main", "f")),
///     "weld1|ex:a/b|[async-host:app/main]f",
/// );
/// ```
pub fn async_host_name(importer: &str, func: &str) -> String {
    format!("{ASYNC_HOST_PREFIX}{importer}]{func}")
}

/// Splits an async-lowered call's result into `(status, subtask)`
/// (statuses: [`crate::host_async`]'s `STATUS_*`).
///
/// ```
/// use weld_abi::host_async::{STATUS_RETURNED, STATUS_STARTED};
/// use weld_abi::asynchronous::split_status;
/// assert_eq!(split_status(STATUS_STARTED | 7 << 4), (STATUS_STARTED, 7));
/// assert_eq!(split_status(STATUS_RETURNED), (STATUS_RETURNED, 0));
/// ```
pub fn split_status(code: u32) -> (u32, u32) {
    (code & 0xf, code >> 4)
}

/// Whether an import name is one of the Canonical ABI's built-ins
/// (`[async-lower]f`, `[waitable-set-new]`, `[stream-read-0]f`, ...)
/// rather than a function of the interface: they start with a bracketed
/// word, as no WIT function name does except methods, statics and
/// constructors.
///
/// ```
/// use weld_abi::asynchronous::is_interface_builtin as is_builtin;
/// assert!(is_builtin("[async-lower]fetch"));
/// assert!(is_builtin("[waitable-set-new]"));
/// assert!(!is_builtin("fetch"));
/// assert!(!is_builtin("[method]r.f"));
/// ```
pub fn is_interface_builtin(name: &str) -> bool {
    // WIT function names that start with a bracket.
    const NOT_BUILTIN: &[&str] = &["[method]", "[static]", "[constructor]"];
    name.starts_with('[') && !NOT_BUILTIN.iter().any(|p| name.starts_with(p))
}

/// The name of a Canonical ABI built-in for the `index`-th future or
/// stream (`kind`: `"future"` or `"stream"`) of function `func`, as
/// wit-component spells them: `[<kind>-<op>-<index>]<func>`, prefixed
/// with `[async-lower]` for the non-blocking form of a read or write.
/// `index` is the type's position in wit-parser's
/// `Function::find_futures_and_streams`.
///
/// ```
/// use weld_abi::asynchronous::end_builtin;
/// assert_eq!(end_builtin("stream", "new", 0, "open", false), "[stream-new-0]open");
/// assert_eq!(end_builtin("stream", "read", 1, "open", true), "[async-lower][stream-read-1]open");
/// assert_eq!(end_builtin("future", "drop-readable", 0, "f", false), "[future-drop-readable-0]f");
/// ```
pub fn end_builtin(kind: &str, op: &str, index: usize, func: &str, async_lowered: bool) -> String {
    let lower = if async_lowered {
        ASYNC_LOWER_PREFIX
    } else {
        ""
    };
    format!("{lower}[{kind}-{op}-{index}]{func}")
}

/// Whether `name` is a future or stream built-in of function `func`
/// ([`end_builtin`]'s shape, any index): what a module imports when a
/// host adapter bridges `func`'s futures and streams.
///
/// ```
/// use weld_abi::asynchronous::is_end_builtin_of;
/// assert!(is_end_builtin_of("[async-lower][stream-read-0]open", "open"));
/// assert!(is_end_builtin_of("[future-new-2]open", "open"));
/// assert!(!is_end_builtin_of("[future-new-2]reopen", "open"));
/// assert!(!is_end_builtin_of("open", "open"));
/// ```
pub fn is_end_builtin_of(name: &str, func: &str) -> bool {
    let name = name.strip_prefix(ASYNC_LOWER_PREFIX).unwrap_or(name);
    let Some(rest) = name
        .strip_prefix("[stream-")
        .or_else(|| name.strip_prefix("[future-"))
    else {
        return false;
    };
    rest.split_once(']').is_some_and(|(_, f)| f == func)
}
