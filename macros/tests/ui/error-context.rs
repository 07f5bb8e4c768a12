#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            import last-error: func() -> error-context;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
