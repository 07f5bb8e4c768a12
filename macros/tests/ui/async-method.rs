// Async resource methods work between linked crates (their receiver is
// lent to the call, and so is another borrow of the interface's own
// resource) and with the host (a world's own resources: their receiver is
// lent to the host's subtask); refused: a borrow nested in another type,
// and a borrow other than the receiver of a world's resource.
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
                send-to: async func(other: borrow<socket>);
            }
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
