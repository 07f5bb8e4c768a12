//! The greeter, built as a staticlib in its own workspace.

#[weld::shared_world(path = "../wit", world = "greeter-provider")]
mod bindings {}

use bindings::exports::test::linked::greeter::Guest;
use bindings::test::linked::clock;
use std::cell::RefCell;

thread_local! {
    static KEPT: RefCell<Option<String>> = const { RefCell::new(None) };
}

struct Greeter;

impl Guest for Greeter {
    fn greet(name: String) -> String {
        format!("Hello, {name}!")
    }

    fn shout(words: Vec<String>) -> Vec<String> {
        words.into_iter().map(|w| w.to_uppercase()).collect()
    }

    fn greet_soon(name: String, yields: u32) {
        weld::rt::spawn(async move {
            for _ in 0..yields {
                weld::rt::yield_async().await;
            }
            KEPT.with(|k| *k.borrow_mut() = Some(format!("Hello later, {name}!")));
        });
    }

    fn take() -> Option<String> {
        KEPT.with(|k| k.borrow_mut().take())
    }

    async fn count_later(n: u32, yields: u32) -> u32 {
        clock::tick_later(n, yields).await * 10
    }
}

bindings::export!(Greeter with_types_in bindings);
