//! The app, built as a staticlib in its own workspace; it imports the
//! greeter, which only the final `weld-ld link` provides.

#[weld::shared_world(path = "../wit", world = "app")]
mod bindings {}

use bindings::test::linked::greeter;

struct App;

impl bindings::Guest for App {
    fn run(name: String) -> String {
        let words: Vec<String> = name.split(' ').map(str::to_string).collect();
        format!("{} {}", greeter::greet(&name), greeter::shout(&words).join("-"))
    }
}

bindings::export!(App with_types_in bindings);
