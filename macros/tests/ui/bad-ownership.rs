// `ownership` takes wit-bindgen's values only.
weld::generate!({
    path: "wit/pass",
    world: "app",
    ownership: Borrowing { duplicate: true },
});

fn main() {}
