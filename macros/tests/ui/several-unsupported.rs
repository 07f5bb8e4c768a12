// Every unsupported feature is reported, in one error.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface io {
            resource pipe {
                read: func() -> list<u8>;
            }
            open: func() -> pipe;
            wait: async func();
        }
        world app {
            import io;
            import later: func() -> future<string>;
            export consume: func(bytes: stream<u8>) -> option<error-context>;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
