#[weld::shared_world(path = "wit/pass", world = "app", export_macro_name = "export-app")]
mod bindings {}

fn main() {}
