//! Exports `port:test/collections`: maps and fixed-length lists.

weld::generate!({
    path: "../wit",
    world: "collections-provider",
});

use exports::port::test::arena::{Guest as ArenaGuest, GuestCell};
use exports::port::test::collections::{Guest, Inventory, Slot, Triple};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

struct Component;

impl Guest for Component {
    fn word_lengths(words: Vec<String>) -> BTreeMap<String, u32> {
        words
            .into_iter()
            .map(|w| {
                let n = w.chars().count() as u32;
                (w, n)
            })
            .collect()
    }

    fn invert(m: BTreeMap<u32, String>) -> BTreeMap<String, u32> {
        m.into_iter().map(|(k, v)| (v, k)).collect()
    }

    fn total(inv: Inventory) -> u64 {
        inv.counts.values().map(|&c| u64::from(c)).sum()
    }

    fn restock(mut inv: Inventory, extra: u32) -> Inventory {
        for count in inv.counts.values_mut() {
            *count += extra;
        }
        inv.name.push_str(" (restocked)");
        inv
    }

    fn sum_triple(t: Triple) -> i32 {
        t.iter().sum()
    }

    fn rotate(t: Triple) -> Triple {
        [t[2], t[0], t[1]]
    }

    fn describe_slot(s: Slot) -> String {
        match s {
            Slot::Empty => String::from("empty"),
            Slot::Rgb([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
            Slot::Tags(tags) => tags.into_values().collect::<Vec<_>>().join(","),
        }
    }

    fn brighten(s: Slot) -> Slot {
        match s {
            Slot::Rgb(c) => Slot::Rgb(c.map(|x| x.saturating_add(16))),
            other => other,
        }
    }

    fn transpose(m: [[f64; 2]; 2]) -> [[f64; 2]; 2] {
        [[m[0][0], m[1][0]], [m[0][1], m[1][1]]]
    }

    fn merge(
        a: BTreeMap<String, [u16; 2]>,
        b: BTreeMap<String, [u16; 2]>,
    ) -> BTreeMap<String, [u16; 2]> {
        let mut out = a;
        for (k, [x, y]) in b {
            let e = out.entry(k).or_insert([0, 0]);
            e[0] += x;
            e[1] += y;
        }
        out
    }

    fn checksum(bytes: [u8; 20]) -> u32 {
        bytes
            .iter()
            .enumerate()
            .map(|(i, &b)| (i as u32 + 1) * u32::from(b))
            .sum()
    }
}

/// A cell stored in a recycling arena: a representation taken back is kept
/// and reused by the next one placed.
struct MyCell {
    value: Cell<u32>,
}

thread_local! {
    static FREE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    static STATS: Cell<(u32, u32, u32)> = const { Cell::new((0, 0, 0)) };
}

fn count(f: impl FnOnce(&mut (u32, u32, u32))) {
    STATS.with(|s| {
        let mut v = s.get();
        f(&mut v);
        s.set(v);
    });
}

impl GuestCell for MyCell {
    fn new(value: u32) -> Self {
        MyCell {
            value: Cell::new(value),
        }
    }

    fn get(&self) -> u32 {
        self.value.get()
    }

    fn set(&self, value: u32) {
        self.value.set(value);
    }

    unsafe fn resource_into_raw_(val: Self::Rep) -> *mut Self::Rep {
        count(|s| s.0 += 1);
        match FREE.with(|f| f.borrow_mut().pop()) {
            Some(slot) => {
                count(|s| s.2 += 1);
                let slot = slot as *mut Self::Rep;
                // SAFETY: a slot of this type that `resource_from_raw_`
                // emptied.
                unsafe { slot.write(val) };
                slot
            }
            None => Box::into_raw(Box::new(val)),
        }
    }

    unsafe fn resource_from_raw_(handle: *mut Self::Rep) -> Self::Rep {
        count(|s| s.1 += 1);
        // SAFETY: placed by `resource_into_raw_`, taken back once; the slot
        // is kept for the next one.
        let val = unsafe { handle.read() };
        FREE.with(|f| f.borrow_mut().push(handle as usize));
        val
    }
}

impl ArenaGuest for Component {
    type Cell = MyCell;

    fn stats() -> (u32, u32, u32) {
        let stats = STATS.with(Cell::get);
        // A cell this crate makes and drops itself, after reading: the next
        // call counts it.
        drop(exports::port::test::arena::Cell::new(MyCell::new(0)));
        stats
    }
}

export!(Component);
