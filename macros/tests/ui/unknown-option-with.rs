// wit-bindgen's `with` has no weld counterpart.
weld::generate!({
    path: "wit/pass",
    world: "app",
    with: { "ui:text/transform": generate },
});

fn main() {}
