#[weld::shared_world(path = "wit/pass", world = "app", export_params = "borowed")]
mod bindings {}

fn main() {}
