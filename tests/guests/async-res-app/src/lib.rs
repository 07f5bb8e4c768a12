//! The root crate of tests/tests/async_host_res.rs: async exports to the
//! host whose parameters and results hold resource handles, in the
//! Canonical ABI's callback form. `handle` has `wasi:http/handler`'s
//! shape over the host's `request` and `response`; `counter` is this
//! crate's resource, made, lent, moved and called (async methods and
//! statics) by the host. Each call returns at once (`yields` 0) or waits
//! for the linked leaf crate's task.

#[weld::shared_world(path = "../async-wit", world = "res-app")]
mod bindings {}

use bindings::exports::test::calls::web_handler::{
    Counter, CounterBorrow, ErrorCode, Guest, GuestCounter, Request, Response,
};
use bindings::test::calls::leaf;
use std::cell::Cell;
use weld_test_async_leaf as _;

thread_local! {
    /// Counters alive.
    static COUNTERS: Cell<u32> = const { Cell::new(0) };
}

/// Waits for the leaf crate's task, which yields `yields` times.
async fn after(yields: u32) {
    let echoed = leaf::echo_later(String::from("w"), yields).await;
    assert_eq!(echoed, "w!");
}

/// `counter`'s representation.
struct MyCounter {
    value: Cell<u32>,
}

impl MyCounter {
    fn new_counted(start: u32) -> MyCounter {
        COUNTERS.with(|c| c.set(c.get() + 1));
        MyCounter {
            value: Cell::new(start),
        }
    }
}

impl Drop for MyCounter {
    fn drop(&mut self) {
        COUNTERS.with(|c| c.set(c.get() - 1));
    }
}

impl GuestCounter for MyCounter {
    fn new(start: u32) -> Self {
        MyCounter::new_counted(start)
    }

    fn get(&self) -> u32 {
        self.value.get()
    }

    async fn add(&self, by: u32, yields: u32) -> u32 {
        after(yields).await;
        self.value.set(self.value.get() + by);
        self.value.get()
    }

    async fn make(start: u32, yields: u32) -> Counter {
        after(yields).await;
        Counter::new(MyCounter::new_counted(start))
    }
}

struct App;

impl Guest for App {
    type Counter = MyCounter;

    async fn handle(request: Request, yields: u32) -> Result<Response, ErrorCode> {
        after(yields).await;
        let path = request.path();
        drop(request);
        if path == "/missing" {
            return Err(ErrorCode::NotFound(path));
        }
        Ok(Response::new(200, &format!("{path}!")))
    }

    async fn path_of(request: &Request, yields: u32) -> String {
        after(yields).await;
        request.path()
    }

    async fn open(start: u32, yields: u32) -> Counter {
        after(yields).await;
        Counter::new(MyCounter::new_counted(start))
    }

    async fn peek(c: CounterBorrow<'_>, yields: u32) -> u32 {
        after(yields).await;
        c.get::<MyCounter>().get()
    }

    async fn consume(c: Counter, yields: u32) -> u32 {
        after(yields).await;
        c.get::<MyCounter>().get()
    }

    async fn first(cs: Vec<Counter>, yields: u32) -> Option<(Counter, u32)> {
        after(yields).await;
        let sum = cs.iter().map(|c| c.get::<MyCounter>().get()).sum();
        cs.into_iter().next().map(|c| (c, sum))
    }

    fn counters() -> u32 {
        COUNTERS.with(Cell::get)
    }

    fn live() -> (u64, u64) {
        let s = weld::alloc::stats();
        (s.live_bytes, s.live_allocs)
    }
}

impl bindings::Guest for App {
    async fn fetch(request: Request, yields: u32) -> Response {
        after(yields).await;
        Response::new(200, &request.path())
    }
}

bindings::export!(App with_types_in bindings);
