// The `sync` option binds only freestanding async functions as blocking
// ones so far: a filter naming an async resource method is refused.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface calls {
            resource conn {
                fetch: async func(key: string) -> string;
            }
        }
        world app {
            import calls;
        }
    ",
    world = "app",
    sync: ["ui:test/calls#[method]conn.fetch"],
)]
mod bindings {}

fn main() {}
