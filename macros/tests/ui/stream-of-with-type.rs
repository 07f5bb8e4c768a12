// A stream element that `with` maps to the user's own type: the bindings
// cannot implement `Elem` for a type they do not define, so weld refuses
// it, naming the function and the type.

mod mine {
    pub struct Pos {
        pub x: u32,
    }
}

weld::generate!({
    inline: "
        package ui:test;
        interface types {
            record pos { x: u32 }
        }
        interface api {
            use types.{pos};
            positions: func() -> stream<pos>;
        }
        world app {
            import api;
        }
    ",
    world: "app",
    with: { "ui:test/types": crate::mine },
});

fn main() {}
