//! Exports the `counter` resource: each counter is a `MyCounter` boxed by
//! the bindings; the destructor counts its runs.

#[weld::shared_world(path = "../resource-wit", world = "provider")]
mod bindings {}

use bindings::exports::test::resources::counters::{
    Counter, CounterBorrow, Guest, GuestCounter, Holder, Pair, Slot,
};
use std::cell::Cell;

thread_local! {
    static DROPPED: Cell<u64> = const { Cell::new(0) };
}

struct Provider;

struct MyCounter {
    value: Cell<u32>,
    label: String,
}

impl Drop for MyCounter {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

fn counter(value: u32) -> Counter {
    Counter::new(MyCounter::new(value))
}

impl GuestCounter for MyCounter {
    fn new(start: u32) -> Self {
        MyCounter {
            value: Cell::new(start),
            label: format!("counter-{start}"),
        }
    }
    fn get(&self) -> u32 {
        self.value.get()
    }
    fn add(&self, by: u32) -> u32 {
        self.value.set(self.value.get() + by);
        self.value.get()
    }
    fn label(&self) -> String {
        self.label.clone()
    }
    fn merge(&self, other: CounterBorrow<'_>) -> Counter {
        counter(self.get() + other.get::<MyCounter>().get())
    }
    fn zero() -> Counter {
        counter(0)
    }
    fn sum(a: Counter, b: Counter) -> u32 {
        a.get::<MyCounter>().get() + b.into_inner::<MyCounter>().get()
    }
}

impl Guest for Provider {
    type Counter = MyCounter;

    fn peek(c: CounterBorrow<'_>) -> u32 {
        c.get::<MyCounter>().get()
    }
    fn consume(c: Counter) -> u32 {
        c.get::<MyCounter>().get()
    }
    fn pass_through(c: Counter) -> Counter {
        c
    }
    fn wrap(name: String, c: Counter) -> Holder {
        Holder { name, c }
    }
    fn unwrap(h: Holder) -> Counter {
        h.c
    }
    fn maybe(c: Option<Counter>) -> Option<Counter> {
        c
    }
    fn checked(start: u32) -> Result<Counter, String> {
        if start > 100 {
            Err(format!("{start} is too large"))
        } else {
            Ok(counter(start))
        }
    }
    fn fill(s: Slot) -> Slot {
        match s {
            Slot::Empty => Slot::Full(counter(7)),
            full => full,
        }
    }
    fn many(n: u32) -> Vec<Counter> {
        (0..n).map(counter).collect()
    }
    fn total(cs: Vec<Counter>) -> u32 {
        cs.iter().map(|c| c.get::<MyCounter>().get()).sum()
    }
    fn dropped() -> u64 {
        DROPPED.with(Cell::get)
    }
    fn keep(c: CounterBorrow<'_>) {
        std::mem::forget(c);
    }
    fn sum_pair(p: Pair<'_>) -> u32 {
        p.a.get::<MyCounter>().get() + p.b.get::<MyCounter>().get()
    }
    fn sum_borrowed(cs: Vec<CounterBorrow<'_>>) -> u32 {
        cs.iter().map(|c| c.get::<MyCounter>().get()).sum()
    }
    fn peek_maybe(c: Option<CounterBorrow<'_>>) -> Option<u32> {
        c.map(|c| c.get::<MyCounter>().get())
    }
    fn sum_pairs(ps: Vec<Pair<'_>>) -> u32 {
        ps.into_iter().map(Provider::sum_pair).sum()
    }
}

impl bindings::exports::test::resources::tally::Guest for Provider {
    fn combine(a: CounterBorrow<'_>, b: Counter) -> Counter {
        counter(a.get::<MyCounter>().get() + b.get::<MyCounter>().get())
    }
    fn value_of(h: Holder) -> u32 {
        h.c.get::<MyCounter>().get()
    }
}

bindings::export!(Provider with_types_in bindings);
