// Async resource methods work between linked crates (their receiver is
// lent to the call, and so is another borrow of the interface's own
// resource); refused: async methods of a world's own resources (the host
// boundary), and a borrow nested in another type.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                read: async func() -> list<u8>;
                copy-to: async func(other: borrow<file>);
                copy-all: async func(others: list<borrow<file>>);
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
