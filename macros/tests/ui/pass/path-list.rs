// `path` as a list, as in wit-bindgen: each WIT folder is read in order (a
// later one may use an earlier one's packages), and the world is named
// with its package since there are several.

weld::generate!({
    path: ["wit/multi/a", "wit/multi/b"],
    world: "ui:multi-b/app",
});

struct App;

impl Guest for App {
    fn run() -> String {
        ui::multi_a::greet::hello("list")
    }
}

export!(App);

fn main() {}
