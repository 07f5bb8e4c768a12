// Resources are supported; a `borrow<T>` inside another type is not yet.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface files {
            resource file {
                constructor(name: string);
                size: func() -> u64;
            }
            record pair { a: borrow<file>, b: borrow<file> }
            open: func(name: string) -> file;
            same: func(p: pair) -> bool;
        }
        world app {
            import files;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
