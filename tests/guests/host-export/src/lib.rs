//! Exports the `cell` resource to the host: the host keeps its own handles
//! (`[resource-new]`), gives them back as own parameters (`[resource-rep]`
//! and a drop that skips the destructor) and as borrows (the
//! representation), and drops its last handle through `[dtor]`. The guest
//! counts live cells and destructor runs.

#[weld::shared_world(path = "wit", world = "host-export")]
mod bindings {}

use bindings::exports::test::hosted::cells::{
    Cell as CellHandle, CellBorrow, Guest, GuestCell, Named,
};
use std::cell::Cell;

thread_local! {
    static LIVE: Cell<u32> = const { Cell::new(0) };
    static DROPPED: Cell<u32> = const { Cell::new(0) };
}

struct Export;

/// A cell's value; counts itself alive and its destructor runs.
struct MyCell(Cell<u32>);

impl MyCell {
    fn handle(v: u32) -> CellHandle {
        CellHandle::new(MyCell::new(v))
    }
}

impl Drop for MyCell {
    fn drop(&mut self) {
        LIVE.with(|l| l.set(l.get() - 1));
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

impl GuestCell for MyCell {
    fn new(v: u32) -> Self {
        LIVE.with(|l| l.set(l.get() + 1));
        MyCell(Cell::new(v))
    }
    fn get(&self) -> u32 {
        self.0.get()
    }
    fn add(&self, by: u32) -> u32 {
        self.0.set(self.0.get() + by);
        self.0.get()
    }
    fn merge(&self, other: CellBorrow<'_>) -> CellHandle {
        MyCell::handle(self.get() + other.get::<MyCell>().get())
    }
    fn zero() -> CellHandle {
        MyCell::handle(0)
    }
}

impl Guest for Export {
    type Cell = MyCell;

    fn consume(c: CellHandle) -> u32 {
        c.get::<MyCell>().get()
    }
    fn pair(a: u32, b: u32) -> (CellHandle, CellHandle) {
        (MyCell::handle(a), MyCell::handle(b))
    }
    fn total(cs: Vec<CellBorrow<'_>>) -> u32 {
        cs.iter().map(|c| c.get::<MyCell>().get()).sum()
    }
    fn name_of(n: Named) -> String {
        format!("{}={}", n.name, n.c.get::<MyCell>().get())
    }
    fn wrap(name: String, c: CellHandle) -> Named {
        Named { name, c }
    }
    fn maybe(c: Option<CellHandle>) -> Option<CellHandle> {
        c
    }
    fn live() -> u32 {
        LIVE.with(Cell::get)
    }
    fn dropped() -> u32 {
        DROPPED.with(Cell::get)
    }
}

bindings::export!(Export with_types_in bindings);
