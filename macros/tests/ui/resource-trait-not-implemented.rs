// An exported resource's representation must implement its `GuestR` trait.
#[weld::shared_world(
    inline = "
        package ui:test;
        interface counters {
            resource counter {
                constructor(start: u32);
                get: func() -> u32;
            }
        }
        world app {
            export counters;
        }
    ",
)]
mod bindings {}

use bindings::exports::ui::test::counters::Guest;

struct Component;

struct MyCounter(u32);

impl Guest for Component {
    type Counter = MyCounter;
}

bindings::export!(Component with_types_in bindings);

fn main() {}
