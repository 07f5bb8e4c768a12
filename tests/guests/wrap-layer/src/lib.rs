//! A wrapper: imports `kv`, `cells` and `clock` and exports them again.
//! Whatever provides the imports (the store crate, or the host), the
//! layer's changes are visible: values are prefixed, keys hidden, cells
//! offset by 100 and the clock by 1,000,000. It counts its own calls and
//! its own destructor runs.

#[weld::shared_world(path = "../wrap-wit", world = "layer")]
mod bindings {}

use bindings::exports::test::wrap::{cells, clock, kv, layer_stats};
use bindings::test::wrap::{cells as inner_cells, clock as inner_clock, kv as inner_kv};
use std::cell::Cell;

/// What the layer adds to every cell's value.
const OFFSET: u32 = 100;

thread_local! {
    static CALLS: Cell<u32> = const { Cell::new(0) };
    static DROPS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    CALLS.with(|c| c.set(c.get() + 1));
}

struct Layer;

/// The layer's cell: owns the inner provider's cell.
struct LayerCell {
    inner: inner_cells::Cell,
    _drops: Counted,
}

/// Counts the layer's destructor runs (a field, so that `consume` can move
/// the inner cell out of a `LayerCell`).
struct Counted;

impl Drop for Counted {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

fn layer_cell(inner: inner_cells::Cell) -> LayerCell {
    LayerCell {
        inner,
        _drops: Counted,
    }
}

impl kv::Guest for Layer {
    fn get(key: String) -> Option<String> {
        count();
        inner_kv::get(&key).map(|v| format!("layer:{v}"))
    }
    fn put(key: String, value: String) {
        count();
        inner_kv::put(&key, &value.to_uppercase());
    }
    fn keys() -> Vec<String> {
        count();
        let mut keys = inner_kv::keys();
        keys.retain(|k| !k.starts_with('_'));
        keys
    }
}

impl cells::GuestCell for LayerCell {
    fn new(v: u32) -> Self {
        count();
        layer_cell(inner_cells::Cell::new(v + OFFSET))
    }
    fn get(&self) -> u32 {
        count();
        self.inner.get()
    }
    fn add(&self, by: u32) -> u32 {
        count();
        self.inner.add(by)
    }
    fn zero() -> cells::Cell {
        count();
        cells::Cell::new(layer_cell(inner_cells::Cell::zero()))
    }
}

impl cells::Guest for Layer {
    type Cell = LayerCell;

    fn total(a: cells::CellBorrow<'_>, b: cells::CellBorrow<'_>) -> u32 {
        count();
        inner_cells::total(&a.get::<LayerCell>().inner, &b.get::<LayerCell>().inner)
    }
    fn consume(c: cells::Cell) -> u32 {
        count();
        // Hands the inner cell on: the store's `consume` owns and drops it.
        let LayerCell { inner, .. } = c.into_inner::<LayerCell>();
        inner_cells::consume(inner)
    }
    fn dropped() -> u64 {
        count();
        inner_cells::dropped()
    }
}

impl clock::Guest for Layer {
    fn now() -> u64 {
        count();
        inner_clock::now() + 1_000_000
    }
}

impl layer_stats::Guest for Layer {
    fn calls() -> u32 {
        CALLS.with(Cell::get)
    }
    fn drops() -> u64 {
        DROPS.with(Cell::get)
    }
}

bindings::export!(Layer with_types_in bindings);
