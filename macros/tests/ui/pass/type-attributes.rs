// `additional_type_attributes`: attributes on the named type only;
// `additional_member_attributes`: on the named field.

weld::generate!({
    path: "wit/pass",
    world: "app",
    additional_type_attributes: {
        "ui:text/transform/counts": [#[derive(Hash, PartialEq, Eq)] #[doc = "Counted."]],
    },
    additional_member_attributes: {
        "ui:text/transform/counts.words": [#[doc = "Words."]],
    },
});

fn same(a: &ui::text::transform::Counts, b: &ui::text::transform::Counts) -> bool {
    let mut set = std::collections::HashSet::new();
    set.insert(a.clone());
    set.contains(b) && a == b
}

fn main() {
    let _ = same;
}
