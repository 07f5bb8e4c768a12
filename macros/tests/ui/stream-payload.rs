// Elements of futures and streams: numbers, strings, and records,
// variants, enums and flags of an interface.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface chunks {
            chunks: func() -> stream<list<u8>>;
            maybe: func() -> future<option<string>>;
        }
        world app {
            import chunks;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
