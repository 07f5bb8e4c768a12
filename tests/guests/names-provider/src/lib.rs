//! Exports the interface `store` under two names (`primary`, `backup`),
//! each with its own state and a cursor counting in its own steps, and
//! `tally` as `local`.

#[weld::shared_world(path = "../names-wit", world = "names-provider")]
mod bindings {}

use bindings::exports::{backup, local, primary};
use std::cell::{Cell, RefCell};

struct Provider;

thread_local! {
    static PRIMARY: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
    static BACKUP: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
    static TALLY: Cell<u32> = const { Cell::new(0) };
}

/// Sets `key` to `value` in `all` (appended if new).
fn set(all: &mut Vec<(String, u32)>, key: String, value: u32) {
    match all.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => all.push((key, value)),
    }
}

/// A cursor counting from its start in steps of 1 (`primary`) or 10
/// (`backup`).
struct Steps {
    at: Cell<u32>,
    step: u32,
}

impl Steps {
    fn next(&self) -> u32 {
        self.at.set(self.at.get() + self.step);
        self.at.get()
    }
}

/// A cursor of `primary`.
struct PrimaryCursor(Steps);
/// A cursor of `backup`.
struct BackupCursor(Steps);

impl primary::GuestCursor for PrimaryCursor {
    fn new(start: u32) -> Self {
        PrimaryCursor(Steps {
            at: Cell::new(start),
            step: 1,
        })
    }
    fn next(&self) -> u32 {
        self.0.next()
    }
}

impl backup::GuestCursor for BackupCursor {
    fn new(start: u32) -> Self {
        BackupCursor(Steps {
            at: Cell::new(start),
            step: 10,
        })
    }
    fn next(&self) -> u32 {
        self.0.next()
    }
}

impl primary::Guest for Provider {
    type Cursor = PrimaryCursor;
    fn name() -> String {
        String::from("primary")
    }
    fn put(e: primary::Entry) -> Vec<primary::Entry> {
        PRIMARY.with_borrow_mut(|all| {
            set(all, e.key, e.value);
            all.iter()
                .map(|(key, value)| primary::Entry {
                    key: key.clone(),
                    value: *value,
                })
                .collect()
        })
    }
    fn open() -> primary::Cursor {
        primary::Cursor::new(<PrimaryCursor as primary::GuestCursor>::new(0))
    }
}

impl backup::Guest for Provider {
    type Cursor = BackupCursor;
    fn name() -> String {
        String::from("backup")
    }
    fn put(e: backup::Entry) -> Vec<backup::Entry> {
        BACKUP.with_borrow_mut(|all| {
            set(all, e.key, e.value);
            all.iter()
                .map(|(key, value)| backup::Entry {
                    key: key.clone(),
                    value: *value,
                })
                .collect()
        })
    }
    fn open() -> backup::Cursor {
        backup::Cursor::new(<BackupCursor as backup::GuestCursor>::new(0))
    }
}

impl local::Guest for Provider {
    fn bump(by: u32) -> u32 {
        TALLY.set(TALLY.get() + by);
        TALLY.get()
    }
}

bindings::export!(Provider with_types_in bindings);
