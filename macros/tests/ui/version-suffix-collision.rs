// Versions `1.0.0-rc.1` and `1.0.0-rc-1` of one package would share a module.
#[weld::shared_world(path = "wit/version-suffix-collision.wit", world = "version-suffix-collision")]
mod bindings {}

fn main() {}
