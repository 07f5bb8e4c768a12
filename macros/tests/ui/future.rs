#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            import later: func() -> future<u32>;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
