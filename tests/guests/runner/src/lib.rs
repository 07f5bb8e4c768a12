//! Calls every round-trip function of the provider crate through its weld
//! import and checks that the value came back unchanged. Linked with the
//! provider into one module; the host test calls `run-checks` and `stress`.

#[weld::shared_world(path = "../wit", world = "runner", additional_derives = [PartialEq])]
mod bindings {}

use weld_test_provider as _;

mod checks;

struct Runner;

impl bindings::Guest for Runner {
    fn run_checks() -> String {
        let mut report = String::new();
        for (name, check) in checks::ALL {
            let line = match check(checks::Size::Full) {
                Ok(()) => format!("ok {name}\n"),
                Err(why) => format!("FAIL {name}: {why}\n"),
            };
            report.push_str(&line);
        }
        report
    }

    fn stress(calls: u32) -> u32 {
        let mut made = 0;
        while made < calls {
            for (name, check) in checks::ALL {
                if let Err(why) = check(checks::Size::Small) {
                    panic!("{name}: {why}");
                }
                made += 1;
            }
        }
        made
    }

    fn fixed_strings(n: u32) -> [String; 3] {
        [format!("a{n}"), format!("bb{n}"), format!("ccc{n}")]
    }

    #[allow(clippy::type_complexity, reason = "the WIT result's own shape")]
    fn fixed_nested(
        n: u32,
    ) -> (
        [bindings::Labelled; 2],
        Vec<[Vec<u8>; 2]>,
        Option<[[String; 1]; 2]>,
    ) {
        let labelled = |i: u32| bindings::Labelled {
            label: format!("label{i}"),
            parts: [format!("p{i}"), format!("q{i}")],
            sizes: vec![i; 3],
        };
        (
            [labelled(n), labelled(n + 1)],
            (0..3u8).map(|i| [vec![i; 5], Vec::new()]).collect(),
            Some([[format!("x{n}")], [String::new()]]),
        )
    }
}

bindings::export!(Runner with_types_in bindings);
