// A `chainable_methods` filter that names no imported method of the world
// is an error, as in wit-bindgen.
weld::generate!({
    path: "wit/pass",
    world: "app",
    chainable_methods: ["ui:text/transform#nothing"],
});

fn main() {}
