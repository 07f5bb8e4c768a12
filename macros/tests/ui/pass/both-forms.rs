// The happy path on the host: a world with an imported interface (from a
// `deps/` package) and an exported function, through both macro forms.

#[weld::shared_world(path = "wit/pass", world = "app")]
mod attribute {}

mod function_like {
    weld::generate!({
        inline: "
            package ui:inline;
            interface math {
                add: func(a: u32, b: u32) -> u32;
            }
            world calc {
                import math;
                export total: func(xs: list<u32>) -> u32;
            }
        ",
        world: "calc",
    });
}

struct App;

impl attribute::Guest for App {
    fn run(input: String) -> String {
        let counts = attribute::ui::text::transform::count(&input);
        format!("{} {}", attribute::ui::text::transform::upper(&input), counts.words)
    }
}

attribute::export!(App with_types_in attribute);

struct Calc;

impl function_like::Guest for Calc {
    fn total(xs: Vec<u32>) -> u32 {
        xs.iter().fold(0, |acc, x| function_like::ui::inline::math::add(acc, *x))
    }
}

function_like::export!(Calc with_types_in function_like);

fn main() {}
