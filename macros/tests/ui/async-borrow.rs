// An async function's parameters move to the callee; a borrow cannot.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file;
            size: async func(f: borrow<file>) -> u64;
        }
        world app {
            import files;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
