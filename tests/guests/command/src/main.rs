//! A command: a crate with `fn main` (a `bin`), linked by weld-ld with
//! `--weld-component` (build.rs) and with the provider crate, whose
//! world-level `greet` it calls inside the module. wasmtime runs the
//! component as a command: `wasi:cli/run` calls `_start`, which runs
//! `main` (tests/tests/command.rs).

#[weld::shared_world(path = "../wit", world = "command")]
mod bindings {}

use weld_test_provider as _;

fn main() {
    println!("{}", bindings::greet("command"));
    println!("args: {}", std::env::args().count());
}
