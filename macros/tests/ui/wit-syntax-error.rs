// The fixture misspells `func` as `fnc`.
#[weld::shared_world(path = "wit/syntax-error.wit", world = "app")]
mod bindings {}

fn main() {}
