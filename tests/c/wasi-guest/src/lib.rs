//! The Rust half of the C stdio test (tests/tests/c_interop.rs): the
//! root crate of a link in which a C object's `printf`, `puts`, `fputs`
//! and `getenv` (wasi-libc) reach WASI preview 1, which `weld-wasi-preview1`
//! serves over WASI 0.2 imports, which `weld-virt-cli` and `weld-virt-io`
//! serve inside the link. `run` calls the C function and returns what it
//! returned and what it wrote, read back from the virtual stdout and
//! stderr. The module imports nothing.

#[weld::shared_world(path = "wit", world = "c-stdio")]
mod bindings {}

use std::ffi::{CString, c_char, c_int};
use std::sync::Once;
// Named so that rustc links them: nothing here calls them by name.
use weld_virt_clocks as _;
use weld_virt_filesystem as _;
use weld_virt_io as _;
use weld_virt_random as _;
use weld_wasi_preview1 as _;

unsafe extern "C" {
    /// tests/c/stdio.c.
    fn c_report(name: *const c_char) -> c_int;
}

struct Guest;

impl bindings::Guest for Guest {
    fn run(name: String) -> String {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            weld_virt_cli::set_environment(vec![(
                String::from("GREETING"),
                String::from("set by Rust"),
            )]);
        });
        let name = CString::new(name).unwrap_or_default();
        // SAFETY: a NUL-terminated string that outlives the call.
        let returned = unsafe { c_report(name.as_ptr()) };
        let stdout = weld_virt_cli::take_stdout();
        let stderr = weld_virt_cli::take_stderr();
        format!(
            "returned {returned}\n[stdout]\n{}[stderr]\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        )
    }
}

bindings::export!(Guest with_types_in bindings);
