#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            import later: func(all: list<future<u32>>);
            import nested: func() -> stream<stream<u8>>;
            import wrapped: async func(tagged: tuple<string, stream<u8>>) -> u32;
            export stash: func(v: future<u32>);
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
