#[weld::shared_world(path = "does-not-exist", world = "app")]
mod bindings {}

fn main() {}
