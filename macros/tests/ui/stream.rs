#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            export consume: func(bytes: stream<u8>);
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
