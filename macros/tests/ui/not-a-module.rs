#[weld::shared_world(path = "wit/pass", world = "app")]
struct Bindings;

fn main() {}
