// Every bad option is reported, not only the first.
#[weld::shared_world(path = "wit/pass", world = "app", world = "text", frobnicate = true)]
mod bindings {}

fn main() {}
