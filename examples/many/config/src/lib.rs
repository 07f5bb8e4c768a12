//! The configuration service: exports `many:app/config`, a fixed table.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "config-source" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "config-source" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::config::Guest;

/// The configuration, sorted by key.
const TABLE: &[(&str, &str)] = &[
    ("greeting", "hello from config"),
    ("seed", "42"),
    ("step-ns", "1500"),
    ("top", "3"),
];

struct Config;

impl Guest for Config {
    fn get(key: String) -> Option<String> {
        TABLE
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    }

    fn all() -> Vec<(String, String)> {
        TABLE
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

export!(Config);
