//! Writes the scale world (`scale_wit.rs`) and a module that generates its
//! bindings and implements every exported interface into `OUT_DIR`.

#[path = "scale_wit.rs"]
#[allow(
    dead_code,
    reason = "FUNCTIONS_PER_INTERFACE is for bindgen/tests/scale.rs"
)]
mod scale_wit;

/// The size compiled here: 200 interfaces, 2,000 functions.
const INTERFACES: usize = 200;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let wit = out.join("scale.wit");
    std::fs::write(&wit, scale_wit::scale_wit(INTERFACES)).expect("writing scale.wit");
    let module = format!(
        "#[weld::shared_world(path = {:?}, world = \"scale\")]\nmod bindings {{\n{}}}\n",
        wit.to_str().expect("OUT_DIR is UTF-8"),
        scale_wit::scale_impls(INTERFACES)
    );
    std::fs::write(out.join("bindings.rs"), module).expect("writing bindings.rs");
    println!("cargo::rerun-if-changed=scale_wit.rs");
    println!("cargo::rerun-if-changed=build.rs");
}
