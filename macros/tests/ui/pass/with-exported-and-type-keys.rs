// `with` reuses imported interfaces only: an export's glue belongs to the
// crate that implements it.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface greet {
            hello: func() -> string;
        }
        world app {
            export greet;
        }
    ",
    with = { "ui:test/greet": crate::elsewhere },
)]
mod bindings {}

fn main() {}
