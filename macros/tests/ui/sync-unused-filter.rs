// A `sync` filter must name a function of the world (wit-bindgen's rule).
#[weld::shared_world(
    inline = "
        package ui:test;
        interface calls {
            fetch: async func(key: string) -> string;
        }
        world app {
            import calls;
        }
    ",
    world = "app",
    sync: ["ui:test/calls#fetsh"],
)]
mod bindings {}

fn main() {}
