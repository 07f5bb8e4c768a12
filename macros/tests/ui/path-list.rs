// wit-bindgen accepts several WIT paths; weld reads one (with `deps/`).
weld::generate!({
    path: ["wit/pass", "wit/other"],
    world: "app",
});

fn main() {}
