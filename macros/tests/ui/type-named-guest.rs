// A resource named like the generated `Guest` trait, in an exported interface.
#[weld::shared_world(path = "wit/type-named-guest.wit", world = "type-named-guest")]
mod bindings {}

fn main() {}
