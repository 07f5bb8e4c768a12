#[weld::shared_world(path = "wit/pass", world = "app", runtime_path = "::weld::")]
mod bindings {}

fn main() {}
