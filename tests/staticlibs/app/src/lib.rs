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

    fn run_later(name: String) -> String {
        // The greeter's task was spawned by its own copy of the runtime;
        // this copy's `block_on` runs it only if both copies share one
        // executor (`weld_executor`, ASYNC.md section 10).
        greeter::greet_soon(&name, 3);
        weld::rt::block_on(async {
            for _ in 0..100 {
                if let Some(greeting) = greeter::take() {
                    return greeting;
                }
                weld::rt::yield_async().await;
            }
            String::from("never ran")
        })
    }

    async fn relay_later(n: u32, yields: u32) -> u32 {
        // The greeter (another copy of the runtime) waits for the host;
        // the host's event arrives in this crate's export call, which
        // finds the wait only if both copies share one host-boundary
        // state (`weld_host_boundary`, ASYNC.md section 11).
        greeter::count_later(n, yields).await + 1
    }
}

bindings::export!(App with_types_in bindings);
