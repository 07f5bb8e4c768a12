// One interface imported under two plain names: rejected, naming both.
#[weld::shared_world(
    inline = "
        package a:b;
        interface x {
            f: func();
        }
        world app {
            import one: x;
            import two: x;
        }
    ",
    world = "app"
)]
mod bindings {}

fn main() {}
