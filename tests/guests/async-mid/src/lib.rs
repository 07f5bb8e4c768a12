//! Exports `mid`, whose async function awaits two of the leaf crate's:
//! a task of this crate waits on a task of another crate, on the module's
//! one executor, without the host.

#[weld::shared_world(path = "../async-wit", world = "mid-provider")]
mod bindings {}

use bindings::exports::test::calls::mid::Guest;
use bindings::test::calls::leaf;
use weld_test_async_leaf as _;

struct Mid;

impl Guest for Mid {
    async fn relay(s: String, n: u32) -> String {
        let echoed = leaf::echo_later(s, 2).await;
        let doubled = leaf::double(n).await;
        format!("{echoed} {doubled}")
    }
}

bindings::export!(Mid with_types_in bindings);
