#[weld::shared_world(path = "wit/pass", world = "app", frobnicate = true)]
mod bindings {}

fn main() {}
