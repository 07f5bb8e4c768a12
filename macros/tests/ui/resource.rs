// A `borrow<T>` inside another type is supported, except where an export
// would have to lend out, from a list, a resource it imports: here `tools`
// is exported and receives a list of borrows of `file`, which the world
// imports (a record of them, `same`, is fine).
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                constructor(name: string);
                size: func() -> u64;
            }
        }
        interface tools {
            use files.{file};
            record pair { a: borrow<file>, b: borrow<file> }
            same: func(p: pair) -> bool;
            sizes: func(files: list<borrow<file>>) -> u64;
        }
        world app {
            import files;
            export tools;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
