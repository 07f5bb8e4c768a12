//! An enum's generated `_lower` and `_lift`, which every lowering and
//! lifting of the enum calls: each case maps to its index and back, and a
//! value outside the cases panics (it traps in a wasm guest) naming the WIT
//! type. Host-side: the bindings of a world of types only need no imports.

weld::generate!({
    inline: "
        package test:enums;
        interface types {
            enum color { red, green, blue }
        }
        world w { import types; }
    ",
});

use test::enums::types::Color;

#[test]
fn every_case_lowers_to_its_index_and_lifts_back() {
    for (i, c) in [Color::Red, Color::Green, Color::Blue]
        .into_iter()
        .enumerate()
    {
        assert_eq!(c._lower(), i as i32);
        assert_eq!(Color::_lift(i as i32), c);
    }
}

#[test]
#[should_panic(expected = "`color`")]
fn a_discriminant_past_the_cases_is_refused() {
    Color::_lift(3);
}

#[test]
#[should_panic(expected = "`color`")]
fn a_negative_discriminant_is_refused() {
    Color::_lift(-1);
}
