//! The text service: exports `many:app/text`, whose `echo` and `sum` are
//! what the benchmark crosses the boundary with.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "text-service" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "text-service" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

use exports::many::app::text::Guest;

struct Text;

impl Guest for Text {
    fn echo(s: String) -> String {
        s
    }

    fn sum(xs: Vec<u32>) -> u64 {
        xs.iter().map(|&x| u64::from(x)).sum()
    }

    fn upper(s: String) -> String {
        s.to_uppercase()
    }

    fn words(s: String) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }
}

export!(Text);
