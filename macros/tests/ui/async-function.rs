#[weld::shared_world(
    inline = "
        package ui:test;
        world app {
            import fetch: async func(url: string, headers: list<string>, body: stream<u8>) -> string;
            export serve: async func(url: string) -> string;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
