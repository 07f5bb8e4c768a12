//! The root crate of the async host-boundary tests
//! (tests/tests/async_host.rs): async exports the host calls in the
//! Canonical ABI's callback form. Some return at once, some await the
//! leaf crate's tasks (which yield to the module's executor), and `held`
//! stays pending until a later host call (`release`) gives it a value.

#[weld::shared_world(path = "../async-wit", world = "host-app")]
mod bindings {}

use bindings::exports::test::calls::host_calls::{Guest, Tally, Wide};
use bindings::test::calls::leaf;
use std::cell::{Cell, RefCell};
use weld::rt::{FutureReader, FutureWriter, future_pair};
use weld_test_async_leaf as _;

thread_local! {
    /// The writers of the pending `held` calls' values.
    static HELD: RefCell<Vec<FutureWriter<String>>> = const { RefCell::new(Vec::new()) };
    /// Opened by `open-gate`, awaited by `spin`.
    static GATE: Cell<bool> = const { Cell::new(false) };
    /// `held` calls dropped before they finished.
    static HELD_CANCELLED: Cell<u32> = const { Cell::new(0) };
}

/// Counts a `held` call dropped before `done` is set.
struct Guard {
    done: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.done {
            HELD_CANCELLED.with(|c| c.set(c.get() + 1));
        }
    }
}

struct App;

impl Guest for App {
    async fn add_one(x: u32) -> u32 {
        x + 1
    }

    async fn echo(s: String, yields: u32) -> String {
        leaf::echo_later(s, yields).await
    }

    async fn summarize(values: Vec<u32>, label: String) -> Tally {
        let s = leaf::summarize(values, label).await;
        Tally {
            count: s.count,
            total: s.total,
            label: s.label.to_uppercase(),
        }
    }

    async fn widen(w: Wide) -> Wide {
        weld::rt::yield_async().await;
        Wide {
            a: w.a * 2,
            b: w.b * 2,
            c: w.c * 2,
            d: w.d * 2,
            e: w.e * 2,
            f: w.f * 2,
            g: w.g * 2,
            h: w.h * 2,
            i: w.i * 2,
            j: w.j * 2,
            k: w.k * 2,
            l: w.l * 2,
            m: w.m * 2,
            n: w.n * 2,
            o: w.o * 2,
            p: w.p * 2,
            label: w.label.repeat(2),
        }
    }

    async fn touch() {
        leaf::touch().await
    }

    fn touched() -> u32 {
        leaf::touched()
    }

    async fn held(label: String) -> String {
        let mut guard = Guard { done: false };
        let echoed = leaf::echo_later(label, 2).await;
        let (writer, reader): (FutureWriter<String>, FutureReader<String>) =
            future_pair(String::new);
        HELD.with(|h| h.borrow_mut().push(writer));
        let value = reader.await;
        guard.done = true;
        format!("{echoed} {value}")
    }

    fn release(value: String) -> u32 {
        let writers = HELD.with(|h| std::mem::take(&mut *h.borrow_mut()));
        let n = writers.len() as u32;
        // Written by tasks this synchronous export only spawns: a waiting
        // async export call runs them (the executor's idle hook wakes it).
        for w in writers {
            let value = value.clone();
            weld::rt::spawn(async move {
                let _ = w.write(value).await;
            });
        }
        n
    }

    fn held_cancelled() -> u32 {
        HELD_CANCELLED.with(Cell::get)
    }

    fn holding() -> u32 {
        HELD.with(|h| h.borrow().len() as u32)
    }

    async fn spin() -> u32 {
        let mut yields = 0;
        while !GATE.with(Cell::get) {
            yields += 1;
            weld::rt::yield_async().await;
        }
        GATE.with(|g| g.set(false));
        yields
    }

    fn open_gate() {
        GATE.with(|g| g.set(true));
    }

    fn live() -> (u64, u64) {
        let s = weld::alloc::stats();
        (s.live_bytes, s.live_allocs)
    }
}

impl bindings::Guest for App {
    async fn reverse(s: String) -> String {
        weld::rt::yield_async().await;
        s.chars().rev().collect()
    }
}

bindings::export!(App with_types_in bindings);
