#[weld::shared_world(path = "wit/pass", world = true)]
mod bindings {}

fn main() {}
