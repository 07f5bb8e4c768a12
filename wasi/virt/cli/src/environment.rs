//! `wasi:cli/environment`: arguments, environment variables and the initial
//! working directory, as configured.

use crate::VirtCli;
use crate::bindings::exports::wasi::cli::environment::Guest;
use crate::global::Global;
use alloc::string::String;
use alloc::vec::Vec;

/// What `environment` returns.
struct Environment {
    arguments: Vec<String>,
    variables: Vec<(String, String)>,
    cwd: Option<String>,
}

static ENVIRONMENT: Global<Environment> = Global::new(Environment {
    arguments: Vec::new(),
    variables: Vec::new(),
    cwd: None,
});

/// Reads the configuration (`T`'s default if it is in use, which a
/// single-threaded module never sees: no code runs while it is borrowed).
fn read<T: Default>(f: impl FnOnce(&Environment) -> T) -> T {
    ENVIRONMENT.with(|e| f(e)).unwrap_or_default()
}

/// Sets what `get-arguments` returns (std's `std::env::args`). By WASI's
/// convention the first one is the program's name. Default: none.
pub fn set_arguments(arguments: Vec<String>) {
    ENVIRONMENT.with(|e| e.arguments = arguments);
}

/// Sets what `get-environment` returns (std's `std::env::vars`), in this
/// order. Default: none.
pub fn set_environment(variables: Vec<(String, String)>) {
    ENVIRONMENT.with(|e| e.variables = variables);
}

/// Sets what `initial-cwd` returns. Default: `None`.
pub fn set_initial_cwd(cwd: Option<String>) {
    ENVIRONMENT.with(|e| e.cwd = cwd);
}

impl Guest for VirtCli {
    fn get_environment() -> Vec<(String, String)> {
        read(|e| e.variables.clone())
    }
    fn get_arguments() -> Vec<String> {
        read(|e| e.arguments.clone())
    }
    fn initial_cwd() -> Option<String> {
        read(|e| e.cwd.clone())
    }
}
