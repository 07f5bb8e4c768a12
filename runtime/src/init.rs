//! `_initialize`: runs the module's static constructors exactly once.
//!
//! wasm-ld wraps every export of a module that never calls
//! `__wasm_call_ctors` so that each call re-runs the constructors (this is
//! what a cargo-built `cdylib` for wasm32-wasip1 gets). Defining
//! `_initialize` here, once for the whole link, references
//! `__wasm_call_ctors`, so exports stay plain calls; hosts call
//! `_initialize` once after instantiation (wasmtime, jco and the component
//! model's start function all do). A second call traps. This replaces
//! wasi-libc's `crt1-reactor.o`, which weld-ld therefore does not link.

use core::sync::atomic::{AtomicBool, Ordering};

static INITIALIZED: AtomicBool = AtomicBool::new(false);

unsafe extern "C" {
    /// Defined by wasm-ld: calls every static constructor of the link.
    fn __wasm_call_ctors();
}

/// Runs the module's constructors; traps when called twice.
#[unsafe(no_mangle)]
pub extern "C" fn _initialize() {
    if INITIALIZED.swap(true, Ordering::Relaxed) {
        core::arch::wasm32::unreachable();
    }
    // SAFETY: `__wasm_call_ctors` is synthesised by wasm-ld and may be
    // called once; the flag above guarantees that.
    unsafe { __wasm_call_ctors() }
}
