//! The greeter, built as a staticlib in its own workspace.

#[weld::shared_world(path = "../wit", world = "greeter-provider")]
mod bindings {}

use bindings::exports::test::linked::greeter::Guest;

struct Greeter;

impl Guest for Greeter {
    fn greet(name: String) -> String {
        format!("Hello, {name}!")
    }

    fn shout(words: Vec<String>) -> Vec<String> {
        words.into_iter().map(|w| w.to_uppercase()).collect()
    }
}

bindings::export!(Greeter with_types_in bindings);
