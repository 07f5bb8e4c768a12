// A `with` path that does not resolve: rustc's error, at the path.
weld::generate!({
    path: "wit/pass",
    world: "app",
    with: { "ui:text/transform": crate::shared::transform },
});

fn main() {}
