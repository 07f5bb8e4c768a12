// No `world` option, and the WIT defines two worlds.
#[weld::shared_world(inline = "
    package ui:test;
    world client {
        import run: func();
    }
    world server {
        export run: func();
    }
")]
mod bindings {}

fn main() {}
