//! The inner provider of `kv`, `cells` and `clock`: what the layer wraps.
//! Its values are plain, so a test can tell what the layer changed.

#[weld::shared_world(path = "../wrap-wit", world = "store")]
mod bindings {}

use bindings::exports::test::wrap::{cells, clock, kv};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

thread_local! {
    static MAP: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    static DROPPED: Cell<u64> = const { Cell::new(0) };
    static TICKS: Cell<u64> = const { Cell::new(0) };
}

struct Store;

/// A cell of the store; counts its destructor runs.
struct StoreCell(Cell<u32>);

impl Drop for StoreCell {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

impl kv::Guest for Store {
    fn get(key: String) -> Option<String> {
        MAP.with(|m| m.borrow().get(&key).cloned())
    }
    fn put(key: String, value: String) {
        MAP.with(|m| m.borrow_mut().insert(key, value));
    }
    fn keys() -> Vec<String> {
        MAP.with(|m| m.borrow().keys().cloned().collect())
    }
}

impl cells::GuestCell for StoreCell {
    fn new(v: u32) -> Self {
        StoreCell(Cell::new(v))
    }
    fn get(&self) -> u32 {
        self.0.get()
    }
    fn add(&self, by: u32) -> u32 {
        self.0.set(self.0.get() + by);
        self.0.get()
    }
    fn zero() -> cells::Cell {
        cells::Cell::new(StoreCell(Cell::new(0)))
    }
}

impl cells::Guest for Store {
    type Cell = StoreCell;

    fn total(a: cells::CellBorrow<'_>, b: cells::CellBorrow<'_>) -> u32 {
        a.get::<StoreCell>().0.get() + b.get::<StoreCell>().0.get()
    }
    fn consume(c: cells::Cell) -> u32 {
        c.into_inner::<StoreCell>().0.get()
    }
    fn dropped() -> u64 {
        DROPPED.with(Cell::get)
    }
}

impl clock::Guest for Store {
    fn now() -> u64 {
        TICKS.with(|t| {
            t.set(t.get() + 1);
            t.get()
        })
    }
}

bindings::export!(Store with_types_in bindings);
