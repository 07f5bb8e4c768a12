//! The command of `main.rs` with `weld-wasi-preview1` linked: std's WASI
//! calls become WASI 0.2 imports, the module imports no WASI preview 1,
//! and its component still runs `main` through the command adapter's
//! `wasi:cli/run` (tests/tests/command.rs).

#[weld::shared_world(path = "../wit", world = "command")]
mod bindings {}

use weld_test_provider as _;
use weld_wasi_preview1 as _;

fn main() {
    println!("{}", bindings::greet("command"));
    println!("args: {}", std::env::args().count());
}
