// `stubs`: a `Stub` type implements every export (an interface with a
// resource, and world-level functions) with `unreachable!()`, and is
// exported; the crate implements nothing itself.

mod function_like {
    weld::generate!({
        inline: "
            package ui:stubs;
            interface counter {
                record snapshot { name: string, value: u64 }
                resource tally {
                    constructor(start: u64);
                    add: func(n: u64);
                    read: func() -> snapshot;
                    merge: static func(a: borrow<tally>, b: tally) -> tally;
                }
                total: func(items: list<string>) -> result<u64, string>;
            }
            world app {
                export counter;
                export go: func(input: string) -> string;
                export ping: func();
            }
        ",
        world: "app",
        stubs,
    });
}

#[weld::shared_world(
    path = "wit/pass",
    world = "app",
    stubs,
    export_macro_name = "export_app"
)]
mod attribute {}

fn main() {
    // The stub is an ordinary type of the bindings.
    let _: function_like::Stub = function_like::Stub;
    let _ = attribute::Stub;
}
