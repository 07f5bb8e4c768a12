// `skip`: the skipped export is not a `Guest` method (the implementation
// leaves it out) and the skipped import has no function.

weld::generate!({
    inline: "
        package ui:skip;
        interface math {
            add: func(a: u32, b: u32) -> u32;
            sub: func(a: u32, b: u32) -> u32;
        }
        world calc {
            import math;
            export total: func(xs: list<u32>) -> u32;
            export unfinished: func() -> string;
        }
    ",
    world: "calc",
    skip: ["unfinished", "sub"],
});

struct Calc;

impl Guest for Calc {
    fn total(xs: Vec<u32>) -> u32 {
        xs.iter().fold(0, |acc, x| ui::skip::math::add(acc, *x))
    }
}

export!(Calc);

fn main() {}
