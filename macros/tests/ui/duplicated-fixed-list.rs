// Under `duplicate_if_necessary: true`, a fixed-length list of strings
// inside a parameter type of an import is refused, naming the parameter.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface names {
            record pair { names: list<string, 2>, id: u32 }
            swap: func(p: pair) -> pair;
            first: func(o: option<list<string, 2>>) -> string;
            alone: func(names: list<string, 2>) -> string;
        }
        world app {
            import names;
        }
    ",
    world = "app",
    ownership = Borrowing { duplicate_if_necessary: true },
)]
mod bindings {}

fn main() {}
