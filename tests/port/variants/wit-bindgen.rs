//! Exports `port:test/variants`.

wit_bindgen::generate!({
    path: "../wit",
    world: "variants-provider",
});

use exports::port::test::variants::{Color, Guest, Perms, Shape};

struct Component;

impl Guest for Component {
    fn area(s: Shape) -> f64 {
        match s {
            Shape::Circle(r) => 3.0 * r * r,
            Shape::Rect((w, h)) => w * h,
            Shape::Dot => 0.0,
        }
    }

    fn next_color(c: Color) -> Color {
        match c {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Red,
        }
    }

    fn describe(p: Perms) -> String {
        let mut out = String::new();
        for (flag, letter) in [(Perms::READ, 'r'), (Perms::WRITE, 'w'), (Perms::EXEC, 'x')] {
            out.push(if p.contains(flag) { letter } else { '-' });
        }
        out
    }

    fn grow(shapes: Vec<Shape>, by: f64) -> Vec<Shape> {
        shapes
            .into_iter()
            .map(|s| match s {
                Shape::Circle(r) => Shape::Circle(r + by),
                Shape::Rect((w, h)) => Shape::Rect((w + by, h + by)),
                Shape::Dot => Shape::Circle(by),
            })
            .collect()
    }
}

export!(Component);
