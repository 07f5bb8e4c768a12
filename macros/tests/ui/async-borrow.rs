// An async function's parameters move to the callee. A borrow is lent
// to the call only when the callee exports the resource (a borrow of a
// resource of the function's own interface); not here: `file` belongs to
// another interface, and a borrow inside an option is not a parameter
// of its own.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface types {
            resource file;
        }
        interface files {
            use types.{file};
            size: async func(f: borrow<file>) -> u64;
            resource dir {
                find: async func(f: option<borrow<dir>>) -> u64;
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
