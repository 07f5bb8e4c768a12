#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            import later: func() -> option<future<u32>>;
            export stash: func(v: future<u32>);
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
