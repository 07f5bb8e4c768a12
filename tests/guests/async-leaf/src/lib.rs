//! Exports the `leaf` interface's async functions: one that returns at
//! once, and ones that yield to the module's executor before returning
//! (so that their callers see a pending call). Counts completed `touch`
//! calls and `echo-later` calls dropped before they finished.

#[weld::shared_world(path = "../async-wit", world = "leaf-provider")]
mod bindings {}

use bindings::exports::test::calls::leaf::{Guest, Summary};
use std::cell::Cell;

thread_local! {
    static TOUCHED: Cell<u32> = const { Cell::new(0) };
    static CANCELLED: Cell<u32> = const { Cell::new(0) };
}

/// Counts a cancellation when dropped before `done` is set.
struct Guard {
    done: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.done {
            CANCELLED.with(|c| c.set(c.get() + 1));
        }
    }
}

struct Leaf;

impl Guest for Leaf {
    async fn double(x: u32) -> u32 {
        x * 2
    }

    async fn echo_later(s: String, yields: u32) -> String {
        let mut guard = Guard { done: false };
        for _ in 0..yields {
            weld::rt::yield_async().await;
        }
        guard.done = true;
        s + "!"
    }

    async fn summarize(values: Vec<u32>, label: String) -> Summary {
        weld::rt::yield_async().await;
        Summary {
            count: values.len() as u32,
            total: values.iter().map(|v| u64::from(*v)).sum(),
            label,
        }
    }

    async fn touch() {
        weld::rt::yield_async().await;
        TOUCHED.with(|t| t.set(t.get() + 1));
    }

    fn touched() -> u32 {
        TOUCHED.with(Cell::get)
    }

    fn cancelled() -> u32 {
        CANCELLED.with(Cell::get)
    }
}

bindings::export!(Leaf with_types_in bindings);
