// Async resource methods work between linked crates (their receiver is
// lent to the call); refused: a borrow in another parameter, and async
// methods of a world's own resources (the host boundary).
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                read: async func() -> list<u8>;
                copy-to: async func(other: borrow<file>);
            }
        }
        world app {
            import files;
            resource socket {
                poll: async func() -> u32;
            }
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
