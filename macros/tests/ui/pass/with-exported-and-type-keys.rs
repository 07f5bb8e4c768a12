// `with` keys wit-bindgen accepts: one naming an exported interface (no
// effect: an export's bindings are always generated) and one naming a
// single type of an imported interface (the user's type is used instead).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MyPoint {
    pub x: f64,
    pub y: f64,
}

#[weld::shared_world(
    inline = "
        package ui:test;
        interface geo {
            record point { x: f64, y: f64 }
            record line { a: point, b: point }
            length: func(l: line) -> f64;
            origin: func() -> point;
        }
        interface greet {
            hello: func() -> string;
        }
        world app {
            import geo;
            export greet;
        }
    ",
    with = { "ui:test/greet": crate::elsewhere, "ui:test/geo/point": crate::MyPoint },
)]
mod bindings {}

use bindings::ui::test::geo;

fn main() {
    // The record holding a point uses the user's type.
    let line = geo::Line {
        a: MyPoint { x: 0.0, y: 0.0 },
        b: MyPoint { x: 3.0, y: 4.0 },
    };
    // `Line` is `Copy` (both points are), so it is passed by value.
    let _: fn(geo::Line) -> f64 = geo::length;
    let _: fn() -> MyPoint = geo::origin;
    let _ = line;
}
