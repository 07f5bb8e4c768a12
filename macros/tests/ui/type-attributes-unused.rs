// An `additional_type_attributes` selector must name a record, variant or
// enum of the WIT (the full name: `ns:pkg/iface/type`).
weld::generate!({
    path: "wit/pass",
    world: "app",
    additional_type_attributes: { "ui:text/transform/nothing": [#[derive(Hash)]] },
});

fn main() {}
