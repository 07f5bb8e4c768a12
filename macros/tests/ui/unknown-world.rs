#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            export run: func();
        }
    ",
    world = "ap",
)]
mod bindings {}

fn main() {}
