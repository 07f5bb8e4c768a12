//! Exports `port:test/results`.

wit_bindgen::generate!({
    path: "../wit",
    world: "results-provider",
});

use exports::port::test::results::{Guest, MathError};

struct Component;

impl Guest for Component {
    fn parse_number(s: String) -> Result<i32, String> {
        s.trim().parse().map_err(|e| format!("`{s}`: {e}"))
    }

    fn divide(a: u32, b: u32) -> Result<u32, MathError> {
        a.checked_div(b).ok_or(MathError::DivideByZero)
    }

    fn first_even(xs: Vec<u32>) -> Option<u32> {
        xs.into_iter().find(|x| x % 2 == 0)
    }

    fn find(names: Vec<String>, needle: String) -> Option<u32> {
        names.iter().position(|n| *n == needle).map(|i| i as u32)
    }

    fn check(ok: bool) -> Result<(), ()> {
        if ok { Ok(()) } else { Err(()) }
    }
}

export!(Component);
