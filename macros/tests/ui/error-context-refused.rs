// An error-context lent for a synchronous call cannot share a parameter
// with a handle that moves, nor sit in a fixed-length list.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface errs {
            resource file;
            record both { f: file, e: error-context }
            report: func(b: both);
            fixed: func(es: list<error-context, 2>);
        }
        world app {
            import errs;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
