//! The Canonical ABI's async conventions at the host boundary
//! (abi-spec/ASYNC.md section 11): the names of the built-ins a weld
//! module imports, the core names of an async export in the callback
//! form, and the codes those built-ins and callbacks exchange.
//!
//! Only the boundary speaks this protocol; between linked crates async
//! calls use `[async]f` (ASYNC.md section 4). Names are as wit-component
//! 0.262 recognises them; codes as wasmtime 48 implements them.

use crate::ROOT;

/// The core import module of the task built-ins (`$root`).
pub const BUILTIN_MODULE: &str = ROOT;

/// `[waitable-set-new]: () -> i32`: a new waitable set.
pub const WAITABLE_SET_NEW: &str = "[waitable-set-new]";
/// `[waitable-set-wait]: (set, ptr) -> event`: blocks until an event;
/// writes the waitable and its code at `ptr` (two `u32`s). Traps in a
/// synchronously lifted export that has not returned (wasmtime 48:
/// "cannot block a synchronous task before returning").
pub const WAITABLE_SET_WAIT: &str = "[waitable-set-wait]";
/// `[waitable-set-poll]: (set, ptr) -> event`: as the wait, never
/// blocks ([`EVENT_NONE`] when nothing is ready).
pub const WAITABLE_SET_POLL: &str = "[waitable-set-poll]";
/// `[waitable-set-drop]: (set) -> ()`.
pub const WAITABLE_SET_DROP: &str = "[waitable-set-drop]";
/// `[waitable-join]: (waitable, set) -> ()`: moves a waitable into a set
/// (set 0: out of any set).
pub const WAITABLE_JOIN: &str = "[waitable-join]";
/// `[context-get-0]: () -> i32`: the current task's context slot 0.
pub const CONTEXT_GET_0: &str = "[context-get-0]";
/// `[context-set-0]: (i32) -> ()`.
pub const CONTEXT_SET_0: &str = "[context-set-0]";
/// `[thread-yield]: () -> i32` (1 when the task was cancelled).
pub const THREAD_YIELD: &str = "[thread-yield]";
/// `[subtask-drop]: (subtask) -> ()`.
pub const SUBTASK_DROP: &str = "[subtask-drop]";
/// `[subtask-cancel]: (subtask) -> status` (blocking form).
pub const SUBTASK_CANCEL: &str = "[subtask-cancel]";
/// `[stream-new-unit]: () -> i64`: a `stream` without payload, its
/// readable end in the low and its writable end in the high 32 bits (the
/// runtime's wake-up line between export calls).
pub const STREAM_NEW_UNIT: &str = "[stream-new-unit]";
/// `[async-lower][stream-read-unit]: (end, ptr, n) -> code`.
pub const STREAM_READ_UNIT: &str = "[async-lower][stream-read-unit]";
/// `[async-lower][stream-write-unit]: (end, ptr, n) -> code`.
pub const STREAM_WRITE_UNIT: &str = "[async-lower][stream-write-unit]";
/// `[stream-cancel-read-unit]: (end) -> code` (blocking form).
pub const STREAM_CANCEL_READ_UNIT: &str = "[stream-cancel-read-unit]";
/// `[stream-drop-readable-unit]: (end) -> ()`.
pub const STREAM_DROP_READABLE_UNIT: &str = "[stream-drop-readable-unit]";
/// `[stream-drop-writable-unit]: (end) -> ()`.
pub const STREAM_DROP_WRITABLE_UNIT: &str = "[stream-drop-writable-unit]";
/// `[error-context-new-utf8]: (ptr, len) -> handle`: a host error-context
/// with the UTF-8 message at `ptr` (ASYNC.md section 7).
pub const ERROR_CONTEXT_NEW_UTF8: &str = "[error-context-new-utf8]";
/// `[error-context-debug-message-utf8]: (handle, ret) -> ()`: writes the
/// message's pointer and length (allocated with `cabi_realloc`) at `ret`.
pub const ERROR_CONTEXT_DEBUG_MESSAGE_UTF8: &str = "[error-context-debug-message-utf8]";
/// `[error-context-drop]: (handle) -> ()`.
pub const ERROR_CONTEXT_DROP: &str = "[error-context-drop]";

/// Every built-in the `weld` runtime imports from [`BUILTIN_MODULE`] (a
/// test compares it with the runtime's own list; weld-ld treats them as
/// Canonical ABI intrinsics, not as host imports to allow).
pub const RUNTIME_BUILTINS: &[&str] = &[
    WAITABLE_SET_NEW,
    WAITABLE_SET_WAIT,
    WAITABLE_SET_POLL,
    WAITABLE_SET_DROP,
    WAITABLE_JOIN,
    CONTEXT_GET_0,
    CONTEXT_SET_0,
    THREAD_YIELD,
    SUBTASK_DROP,
    SUBTASK_CANCEL,
    STREAM_NEW_UNIT,
    STREAM_READ_UNIT,
    STREAM_WRITE_UNIT,
    STREAM_CANCEL_READ_UNIT,
    STREAM_DROP_READABLE_UNIT,
    STREAM_DROP_WRITABLE_UNIT,
    ERROR_CONTEXT_NEW_UTF8,
    ERROR_CONTEXT_DEBUG_MESSAGE_UTF8,
    ERROR_CONTEXT_DROP,
];

/// The core import module of `[task-cancel]` (`[export]$root`).
pub const TASK_CANCEL_MODULE: &str = "[export]$root";
/// `[task-cancel]: () -> ()`: acknowledges a cancellation instead of
/// returning a value.
pub const TASK_CANCEL: &str = "[task-cancel]";

/// Whether `(module, name)` is one of the Canonical ABI's task built-ins
/// (the runtime's, or `[task-cancel]`): intrinsics wit-component supplies,
/// never host functions.
pub fn is_builtin(module: &str, name: &str) -> bool {
    (module == BUILTIN_MODULE && RUNTIME_BUILTINS.contains(&name))
        || (module == TASK_CANCEL_MODULE && name == TASK_CANCEL)
}

/// The prefix of an async export's entry point.
pub const ASYNC_LIFT_PREFIX: &str = "[async-lift]";
/// The prefix of an async export's callback (before [`ASYNC_LIFT_PREFIX`]).
pub const CALLBACK_PREFIX: &str = "[callback]";
/// The prefix of the `task.return` built-in of an async export.
pub const TASK_RETURN_PREFIX: &str = "[task-return]";

/// The core export name of async export `func` of `interface` (`None`:
/// world-level), callback form: `[async-lift]<interface>#<func>`.
///
/// ```
/// use weld_abi::host_async::*;
/// assert_eq!(async_lift_name(Some("t:t/i"), "f"), "[async-lift]t:t/i#f");
/// assert_eq!(callback_name(None, "run"), "[callback][async-lift]run");
/// assert_eq!(task_return_module(Some("t:t/i")), "[export]t:t/i");
/// assert_eq!(task_return_module(None), "[export]$root");
/// assert_eq!(task_return_name("f"), "[task-return]f");
/// ```
pub fn async_lift_name(interface: Option<&str>, func: &str) -> String {
    format!(
        "{ASYNC_LIFT_PREFIX}{}",
        crate::canonical::export_name(interface, func)
    )
}

/// The core export name of the callback of [`async_lift_name`]:
/// `[callback][async-lift]<interface>#<func>`.
pub fn callback_name(interface: Option<&str>, func: &str) -> String {
    format!("{CALLBACK_PREFIX}{}", async_lift_name(interface, func))
}

/// The core import module of an async export's `task.return`:
/// `[export]<interface>`, `[export]$root` for a world-level function.
pub fn task_return_module(interface: Option<&str>) -> String {
    crate::canonical::exported_resource_module(interface.unwrap_or(ROOT))
}

/// The core import name of `func`'s `task.return`: `[task-return]<func>`.
pub fn task_return_name(func: &str) -> String {
    format!("{TASK_RETURN_PREFIX}{func}")
}

/// What an async export's entry point and callback return: the task
/// exited (returned and waits for nothing).
pub const CALLBACK_EXIT: u32 = 0;
/// Call the callback again (with [`EVENT_NONE`]) after other work ran.
pub const CALLBACK_YIELD: u32 = 1;
/// Call the callback with the next event of a waitable set: the code is
/// `CALLBACK_WAIT | set << 4`.
pub const CALLBACK_WAIT: u32 = 2;

/// No event (a callback after [`CALLBACK_YIELD`]).
pub const EVENT_NONE: u32 = 0;
/// A subtask's status changed; the code is its new status.
pub const EVENT_SUBTASK: u32 = 1;
/// A stream read finished; the code is `count << 4 | result`.
pub const EVENT_STREAM_READ: u32 = 2;
/// A stream write finished.
pub const EVENT_STREAM_WRITE: u32 = 3;
/// A future read finished.
pub const EVENT_FUTURE_READ: u32 = 4;
/// A future write finished.
pub const EVENT_FUTURE_WRITE: u32 = 5;
/// The caller cancelled the export call.
pub const EVENT_CANCEL: u32 = 6;

/// A stream or future operation did not finish yet: its event will come.
pub const BLOCKED: u32 = 0xffff_ffff;
/// Result (low 4 bits of a copy code): completed.
pub const COPY_COMPLETED: u32 = 0;
/// Result: the other end was dropped.
pub const COPY_DROPPED: u32 = 1;
/// Result: the operation was cancelled.
pub const COPY_CANCELLED: u32 = 2;

/// Subtask status: not started (its parameters not read yet).
pub const STATUS_STARTING: u32 = 0;
/// Subtask status: started, not returned.
pub const STATUS_STARTED: u32 = 1;
/// Subtask status: returned.
pub const STATUS_RETURNED: u32 = 2;
/// Subtask status: cancelled before it started.
pub const STATUS_START_CANCELLED: u32 = 3;
/// Subtask status: cancelled before it returned.
pub const STATUS_RETURN_CANCELLED: u32 = 4;

/// The most flat parameters an async-lowered import passes directly.
pub const MAX_FLAT_ASYNC_PARAMS: usize = 4;
/// The most flat values `task.return` takes directly (else one pointer).
pub const MAX_FLAT_PARAMS: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_recognised_only_in_their_module() {
        assert!(is_builtin("$root", "[waitable-set-new]"));
        assert!(is_builtin("[export]$root", "[task-cancel]"));
        assert!(!is_builtin("env", "[waitable-set-new]"));
        assert!(!is_builtin("$root", "[task-cancel]"));
        assert!(!is_builtin("$root", "run"));
    }

    #[test]
    fn export_names_follow_the_callback_form() {
        assert_eq!(
            async_lift_name(Some("ex:a/b@1.0.0"), "fetch"),
            "[async-lift]ex:a/b@1.0.0#fetch"
        );
        assert_eq!(
            callback_name(Some("ex:a/b@1.0.0"), "fetch"),
            "[callback][async-lift]ex:a/b@1.0.0#fetch"
        );
    }
}
