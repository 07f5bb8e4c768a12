//! One check per WIT type: send values through the import, compare what
//! comes back. Every check function makes exactly one kind of call.

use crate::bindings::greet;
use crate::bindings::test::common::shapes::{Color, Point};
use crate::bindings::test::roundtrip::compound::{
    self as c, Mixed, Nine, Perms, Plain, Shape, Size as Sz, Wide,
};
use crate::bindings::test::roundtrip::scalars as s;

/// How large the values are: `Full` adds large lists and long strings.
#[derive(Clone, Copy, PartialEq)]
pub enum Size {
    /// Small values only (for the leak stress run).
    Small,
    /// Small values plus large ones.
    Full,
}

type Check = fn(Size) -> Result<(), String>;

/// Every check, by the WIT type it covers.
pub const ALL: &[(&str, Check)] = &[
    ("bool", bools),
    ("u8", u8s),
    ("s8", s8s),
    ("u16", u16s),
    ("s16", s16s),
    ("u32", u32s),
    ("s32", s32s),
    ("u64", u64s),
    ("s64", s64s),
    ("f32", f32s),
    ("f64", f64s),
    ("char", chars),
    ("many-scalars", all_scalars),
    ("string", strings),
    ("list<u8>", bytes),
    ("list<string>", string_lists),
    ("list<list<string>>", nested_strings),
    ("list<list<u32>>", nested_u32s),
    ("record", point),
    ("list<record>", points),
    ("list<plain record>", plains),
    ("nested record", mixed),
    ("list<nested record>", mixeds),
    ("tuple", tuple),
    ("variant", shape),
    ("list<variant>", shapes),
    ("enum", enums),
    ("flags", flags),
    ("option", options),
    ("result", results),
    ("type alias", alias),
    ("more than 16 params", many),
    ("no result", consume),
    ("world-level function", world_function),
];

fn expect<T: PartialEq + std::fmt::Debug>(sent: &T, got: T) -> Result<(), String> {
    if *sent == got {
        Ok(())
    } else {
        Err(format!("sent {sent:?}, got {got:?}"))
    }
}

fn each<T: PartialEq + std::fmt::Debug>(values: &[T], f: impl Fn(&T) -> T) -> Result<(), String> {
    values.iter().try_for_each(|v| expect(v, f(v)))
}

fn bools(_: Size) -> Result<(), String> {
    each(&[true, false], |v| s::echo_bool(*v))
}
fn u8s(_: Size) -> Result<(), String> {
    each(&[0, 1, 127, 128, u8::MAX], |v| s::echo_u8(*v))
}
fn s8s(_: Size) -> Result<(), String> {
    each(&[0, -1, i8::MIN, i8::MAX], |v| s::echo_s8(*v))
}
fn u16s(_: Size) -> Result<(), String> {
    each(&[0, 255, 256, u16::MAX], |v| s::echo_u16(*v))
}
fn s16s(_: Size) -> Result<(), String> {
    each(&[0, -1, i16::MIN, i16::MAX], |v| s::echo_s16(*v))
}
fn u32s(_: Size) -> Result<(), String> {
    each(&[0, 1 << 31, u32::MAX], |v| s::echo_u32(*v))
}
fn s32s(_: Size) -> Result<(), String> {
    each(&[0, -1, i32::MIN, i32::MAX], |v| s::echo_s32(*v))
}
fn u64s(_: Size) -> Result<(), String> {
    each(&[0, 1 << 63, u64::MAX], |v| s::echo_u64(*v))
}
fn s64s(_: Size) -> Result<(), String> {
    each(&[0, -1, i64::MIN, i64::MAX], |v| s::echo_s64(*v))
}

fn f32s(_: Size) -> Result<(), String> {
    let values = [
        0.0,
        -0.0,
        1.5,
        f32::MIN,
        f32::MAX,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::from_bits(0x7fc0_1234),
        f32::MIN_POSITIVE / 2.0,
    ];
    each(&values.map(f32::to_bits), |v| {
        s::echo_f32(f32::from_bits(*v)).to_bits()
    })
}

fn f64s(_: Size) -> Result<(), String> {
    let values = [
        0.0,
        -0.0,
        1.5,
        f64::MIN,
        f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0x7ff8_0000_dead_beef),
        f64::MIN_POSITIVE / 2.0,
    ];
    each(&values.map(f64::to_bits), |v| {
        s::echo_f64(f64::from_bits(*v)).to_bits()
    })
}

fn chars(_: Size) -> Result<(), String> {
    each(&['a', '\0', 'é', '✓', '🦀', char::MAX], |v| {
        s::echo_char(*v)
    })
}

fn all_scalars(_: Size) -> Result<(), String> {
    let t = (
        true,
        u8::MAX,
        i8::MIN,
        u16::MAX,
        i16::MIN,
        u32::MAX,
        i32::MIN,
        u64::MAX,
        i64::MIN,
        1.25f32,
        -2.5f64,
        '🦀',
    );
    expect(
        &t,
        s::echo_all(t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11),
    )
}

fn text(size: Size) -> Vec<String> {
    let mut v = vec![
        String::new(),
        "a".into(),
        "héllo wörld ✓ 日本語 🦀".into(),
        "\0nul\0".into(),
    ];
    if size == Size::Full {
        v.push("long 🦀 ".repeat(20_000));
    }
    v
}

fn strings(size: Size) -> Result<(), String> {
    each(&text(size), |v| c::echo_string(v))
}

fn bytes(size: Size) -> Result<(), String> {
    let mut v = vec![vec![], vec![0u8], (0..=255).collect()];
    if size == Size::Full {
        v.push((0..1_000_000u32).map(|i| i as u8).collect());
    }
    each(&v, |v| c::echo_bytes(v))
}

fn string_lists(size: Size) -> Result<(), String> {
    each(&[vec![], vec![String::new()], text(size)], |v| {
        c::echo_strings(v)
    })
}

fn nested_strings(size: Size) -> Result<(), String> {
    each(
        &[
            vec![],
            vec![vec![]],
            vec![text(size), vec![], text(Size::Small)],
        ],
        |v| c::echo_nested_strings(v),
    )
}

fn nested_u32s(size: Size) -> Result<(), String> {
    let big = if size == Size::Full {
        (0..100_000).collect()
    } else {
        vec![1, 2, 3]
    };
    each(
        &[vec![], vec![vec![]], vec![vec![u32::MAX], big, vec![]]],
        |v| c::echo_nested_u32s(v),
    )
}

fn point(_: Size) -> Result<(), String> {
    each(
        &[
            Point { x: 0, y: 0 },
            Point {
                x: i32::MIN,
                y: i32::MAX,
            },
        ],
        |v| c::echo_point(*v),
    )
}

fn points(size: Size) -> Result<(), String> {
    let n = if size == Size::Full { 50_000 } else { 3 };
    let many: Vec<Point> = (0..n).map(|i| Point { x: i, y: -i }).collect();
    each(&[vec![], many], |v| c::echo_points(v))
}

fn plains(_: Size) -> Result<(), String> {
    let p = Plain {
        a: u8::MAX,
        b: u64::MAX,
        c: 7,
        d: -1.5,
    };
    each(
        &[
            vec![],
            vec![
                p,
                Plain {
                    a: 0,
                    b: 0,
                    c: 0,
                    d: 0.0,
                },
            ],
        ],
        |v| c::echo_plains(v),
    )
}

fn sample_mixed(size: Size) -> Mixed {
    Mixed {
        name: "mixed ✓".into(),
        tags: text(size),
        origin: Point { x: -3, y: 4 },
        color: Color::Blue,
        scores: vec![1.0, f64::MAX, -0.5],
        nested: vec![vec![], vec![1, 2, 3]],
        maybe: Some("maybe".into()),
    }
}

fn mixed(size: Size) -> Result<(), String> {
    let empty = Mixed {
        name: String::new(),
        tags: vec![],
        origin: Point { x: 0, y: 0 },
        color: Color::Red,
        scores: vec![],
        nested: vec![],
        maybe: None,
    };
    each(&[sample_mixed(size), empty], c::echo_mixed)
}

fn mixeds(size: Size) -> Result<(), String> {
    each(
        &[vec![], vec![sample_mixed(size), sample_mixed(Size::Small)]],
        |v| c::echo_mixeds(v),
    )
}

fn tuple(_: Size) -> Result<(), String> {
    each(
        &[
            (String::new(), 0, vec![]),
            ("tuple ✓".into(), u8::MAX, vec![1, u16::MAX]),
        ],
        // wit-bindgen's shape: only the top level is borrowed.
        |v| c::echo_tuple((&v.0, v.1, &v.2)),
    )
}

fn all_shapes() -> Vec<Shape> {
    vec![
        Shape::None,
        Shape::Circle(f64::MAX),
        Shape::Rect((1.5, -2.5)),
        Shape::Named("named ✓".into()),
        Shape::Poly(vec![Point { x: 1, y: 2 }, Point { x: 3, y: 4 }]),
        Shape::Poly(vec![]),
    ]
}

fn shape(_: Size) -> Result<(), String> {
    each(&all_shapes(), c::echo_shape)
}
fn shapes(_: Size) -> Result<(), String> {
    each(&[vec![], all_shapes()], |v| c::echo_shapes(v))
}

fn enums(_: Size) -> Result<(), String> {
    each(&[Sz::Small, Sz::Medium, Sz::Large], |v| c::echo_size(*v))?;
    each(&[Color::Red, Color::Green, Color::Blue], |v| {
        c::echo_color(*v)
    })
}

fn flags(_: Size) -> Result<(), String> {
    each(
        &[Perms::empty(), Perms::READ | Perms::EXEC, Perms::all()],
        |v| c::echo_perms(*v),
    )?;
    each(
        &[Nine::empty(), Nine::F8, Nine::F0 | Nine::F8, Nine::all()],
        |v| c::echo_nine(*v),
    )?;
    each(
        &[
            Wide::empty(),
            Wide::B31,
            Wide::B0 | Wide::B16 | Wide::B31,
            Wide::all(),
        ],
        |v| c::echo_wide(*v),
    )
}

fn options(_: Size) -> Result<(), String> {
    each(&[None, Some(String::new()), Some("some ✓".into())], |v| {
        c::echo_option(v.as_deref())
    })?;
    each(&[None, Some(None), Some(Some(u32::MAX))], |v| {
        c::echo_option_option(*v)
    })
}

fn results(_: Size) -> Result<(), String> {
    each(
        &[Ok("ok ✓".into()), Ok(String::new()), Err(u32::MAX)],
        |v| c::echo_result(v.as_deref().map_err(|e| *e)),
    )?;
    each(&[Ok(()), Err(())], |v| c::echo_result_bare(*v))?;
    each(&[Ok(u64::MAX), Err(())], |v| c::echo_result_ok(*v))?;
    each(&[Ok(()), Err("err ✓".into())], |v| {
        c::echo_result_err(v.as_ref().copied().map_err(String::as_str))
    })
}

fn alias(size: Size) -> Result<(), String> {
    each(&[vec![], text(size)], |v| c::echo_names(v))
}

fn many(_: Size) -> Result<(), String> {
    let got = c::many(
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        13,
        14,
        u32::MAX,
        "sixteen ✓",
    );
    expect(
        &(1..=14)
            .chain([u32::MAX, "sixteen ✓".len() as u32])
            .collect::<Vec<u32>>(),
        got,
    )
}

fn consume(_: Size) -> Result<(), String> {
    let before = c::counter();
    c::consume(&["a".to_string(), "b".to_string()]);
    expect(&(before + 2), c::counter())
}

fn world_function(_: Size) -> Result<(), String> {
    expect(&String::from("hello, wörld!"), greet("wörld"))
}
