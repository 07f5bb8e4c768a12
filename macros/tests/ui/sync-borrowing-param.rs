// A blocking binding copies its borrowed parameters into the owned values
// the async call takes; a `Borrowing` record it cannot copy is refused,
// naming the function and the parameter.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface calls {
            record item { key: string }
            put: async func(i: item) -> u32;
        }
        world app {
            import calls;
        }
    ",
    world = "app",
    ownership: Borrowing { duplicate_if_necessary: false },
    sync: true,
)]
mod bindings {}

fn main() {}
