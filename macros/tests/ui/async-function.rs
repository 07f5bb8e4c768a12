#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            export fetch: async func(url: string) -> string;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
