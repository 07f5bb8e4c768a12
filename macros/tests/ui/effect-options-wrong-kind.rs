// The options that change the generated API, given values of the wrong kind.
weld::generate!({
    path: [],
    world: "app",
    skip: "run",
    stubs: true,
    chainable_methods: "all",
});

#[weld::shared_world(
    path = "wit/pass",
    world = "app",
    additional_type_attributes = { "ui:text/transform/counts": [#[derive(Hash)], #[doc = "x"]] }
)]
mod attrs {}

fn main() {}
