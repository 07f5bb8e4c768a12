//! Links the binary as a component: weld-ld's `--weld-component` (for
//! wasm32 only, where `cargo xtask build-wasm` makes weld-ld the linker).

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bins=--weld-component");
    }
}
