//! The key-value service: exports `many:app/kv`, an in-memory sorted map;
//! logs every write through the logger service (`many:app/log`).

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "kv-store" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "kv-store" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::kv::Guest;
use many::app::log::{self, Level};
use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static MAP: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

struct Kv;

impl Guest for Kv {
    fn get(key: String) -> Option<String> {
        MAP.with(|m| m.borrow().get(&key).cloned())
    }

    fn set(key: String, value: String) {
        log::log(
            Level::Debug,
            &format!("kv: set {key} ({} bytes)", value.len()),
        );
        MAP.with(|m| m.borrow_mut().insert(key, value));
    }

    fn keys() -> Vec<String> {
        MAP.with(|m| m.borrow().keys().cloned().collect())
    }
}

export!(Kv);
