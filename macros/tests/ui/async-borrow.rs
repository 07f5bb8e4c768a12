// An async function's parameters move to the callee. A borrow is lent
// to the call only when the callee exports the resource (a borrow of a
// resource of the function's own interface), or, in an exported
// function, when the caller is the host (a borrow of an imported
// interface's resource: `stat` is accepted). Not here: `file` belongs to
// another interface of an import, `book` to another exported interface,
// and a borrow inside an option is not a parameter of its own.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface types {
            resource file;
        }
        interface shelf {
            resource book;
        }
        interface files {
            use types.{file};
            size: async func(f: borrow<file>) -> u64;
            resource dir {
                find: async func(f: option<borrow<dir>>) -> u64;
            }
        }
        interface served {
            use types.{file};
            use shelf.{book};
            stat: async func(f: borrow<file>) -> u64;
            read: async func(b: borrow<book>) -> u64;
        }
        world app {
            import files;
            export shelf;
            export served;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
