// A `borrow<T>` inside another type is supported, except where an export
// would have to lend out a resource it imports: here `tools` is exported
// and receives, inside a record, borrows of `file`, which the world imports.
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
