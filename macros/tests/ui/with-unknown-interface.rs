// A `with` key must name an interface of the world.
weld::generate!({
    path: "wit/pass",
    world: "app",
    with: { "ui:text/transfrom": generate },
});

fn main() {}
