#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            export take: async func(m: map<string, stream<u8>>);
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
