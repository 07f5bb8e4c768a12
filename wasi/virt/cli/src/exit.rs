//! `wasi:cli/exit`: records the status asked for, then traps.

use crate::VirtCli;
use crate::bindings::exports::wasi::cli::exit::Guest;
use core::cell::Cell;

/// The status of the last exit call.
struct Status(Cell<Option<Result<(), u8>>>);

// SAFETY: weld modules are single-threaded (wasm32-wasip1, SPEC.md section
// 5): no two threads ever reach `STATUS`.
unsafe impl Sync for Status {}

static STATUS: Status = Status(Cell::new(None));

/// The exit status the app asked for last, if it called `exit` or
/// `exit-with-code` (std's `std::process::exit`): `Ok(())` for `exit(ok)`
/// and `exit-with-code(0)`, `Err(1)` for `exit(err)`, `Err(code)` for
/// `exit-with-code(code)` with a non-zero code. `None` if it did not.
///
/// The exit itself is a trap (see the crate docs): this is how the rest of
/// the module, or a host that calls into it again after the trap (a core
/// module's host can), learns what was asked.
pub fn exit_status() -> Option<Result<(), u8>> {
    STATUS.0.get()
}

/// Records `status` and traps.
fn exit_with(status: Result<(), u8>) -> ! {
    STATUS.0.set(Some(status));
    trap()
}

/// Stops the module: a wasm trap, which unwinds nothing and reaches the host.
fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::unreachable()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        panic!("weld-virt-cli: exit")
    }
}

impl Guest for VirtCli {
    /// A virtual module cannot end its instance: this records the status and
    /// traps, so the host sees a trap (whatever the status) and
    /// [`exit_status`] returns the status.
    fn exit(status: Result<(), ()>) {
        exit_with(status.map_err(|()| 1))
    }
    /// As `exit`: records the code and traps.
    fn exit_with_code(code: u8) {
        exit_with(if code == 0 { Ok(()) } else { Err(code) })
    }
}
