// Async resource methods and statics are not generated yet.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                read: async func() -> list<u8>;
                open: static async func(path: string) -> file;
            }
        }
        world app {
            import files;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
