// wit-bindgen options (and values) weld refuses: each is an error at the
// option's name saying why (all reported at once).
weld::generate!({
    path: "wit/pass",
    world: "app",
    export_prefix: "test_",
    async: true,
});

fn main() {}
