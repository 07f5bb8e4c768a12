//! The root crate linked with the layer but without the store: the layer
//! wraps the host's `clock`, so `now` returns the host's time plus the
//! layer's offset.

#[weld::shared_world(path = "../wrap-wit", world = "host-app")]
mod bindings {}

use bindings::test::wrap::{clock, layer_stats};
use weld_test_wrap_layer as _;

struct App;

impl bindings::Guest for App {
    fn now() -> u64 {
        let calls = layer_stats::calls();
        let t = clock::now();
        assert_eq!(layer_stats::calls(), calls + 1, "the layer saw the call");
        t
    }
}

bindings::export!(App with_types_in bindings);
