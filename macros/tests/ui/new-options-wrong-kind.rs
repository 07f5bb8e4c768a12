// The wit-bindgen options weld supports, given values of the wrong kind.
weld::generate!({
    path: "wit/pass",
    world: "app",
    with: generate,
    features: "shiny",
    generate_all: true,
    additional_derives_ignore: [Counts],
    default_bindings_module: "not a path!",
    ownership: Sharing,
});

fn main() {}
