weld::generate!({
    path: "wit/pass",
    world: "application",
});

fn main() {}
