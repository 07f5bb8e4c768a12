//! The logger service: exports `many:app/log`, keeping lines in memory.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "logger" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "logger" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::log::{Guest, Level};
use std::cell::RefCell;

thread_local! {
    static LINES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

struct Logger;

impl Guest for Logger {
    fn log(level: Level, msg: String) {
        let tag = match level {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
        };
        LINES.with(|l| l.borrow_mut().push(format!("[{tag}] {msg}")));
    }

    fn drain() -> Vec<String> {
        LINES.with(|l| std::mem::take(&mut *l.borrow_mut()))
    }
}

export!(Logger);
