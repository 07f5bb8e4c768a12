//! Implements `versions-provider` with the bindings and the public export
//! macro of another crate (`port_versions`), as wit-bindgen's cross-crate
//! test does. No bindings of its own, so nothing here changes in a port.

struct Component;

port_versions::export_versions!(Component);

impl port_versions::exports::port::dep0_1_0::api::Guest for Component {
    fn version() -> String {
        String::from("0.1.0")
    }
}

impl port_versions::exports::port::dep0_2_0::api::Guest for Component {
    fn version() -> String {
        String::from("0.2.0")
    }

    fn add(a: u32, b: u32) -> u32 {
        a + b
    }
}
