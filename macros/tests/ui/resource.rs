#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                constructor(name: string);
                size: func() -> u64;
            }
            open: func(name: string) -> file;
        }
        world app {
            import files;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
