// A function may only name a resource its interface declares or `use`s:
// `counter` lives in `counters`, which `stats` does not `use`.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface counters {
            resource counter {
                get: func() -> u32;
            }
        }
        interface stats {
            total: func(c: borrow<counter>) -> u32;
        }
        world app {
            import counters;
            export stats;
        }
    ",
)]
mod bindings {}

fn main() {}
