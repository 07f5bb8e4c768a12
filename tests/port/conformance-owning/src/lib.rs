//! Calls `port:test/conformance` with the default ownership (`Owning`:
//! only the top level of a parameter is borrowed) and checks every answer
//! against the provider's rule (tests/port/README.md). Exports
//! `port:test/conformance-owning-checks`, one line per check: `ok <name>`
//! or `FAIL <name>: <what>`.

weld::generate!({
    path: "../wit",
    world: "conformance-owning",
});

use exports::port::test::conformance_owning_checks::Guest;
use port::test::conformance::{
    self as c, All, Any, Borrowed, Color, Counter, Lent, Lists, Named, Options, Owned, Owner,
    Perms, Plain, Results, Shape, Tuples,
};
use std::collections::BTreeMap;
use std::fmt::Debug;

struct Component;

type Check = fn() -> Result<(), String>;

fn s(x: &str) -> String {
    String::from(x)
}

fn map(entries: &[(&str, u32)]) -> BTreeMap<String, u32> {
    entries.iter().map(|(k, v)| (s(k), *v)).collect()
}

/// Equal when their `Debug` forms are: every generated type has `Debug`.
/// The error shows both from a little before their first difference.
fn same<T: Debug>(got: T, want: T, what: &str) -> Result<(), String> {
    let (got, want) = (format!("{got:?}"), format!("{want:?}"));
    if got == want {
        return Ok(());
    }
    let first = got
        .char_indices()
        .zip(want.chars())
        .find(|((_, a), b)| a != b)
        .map_or(got.len().min(want.len()), |((i, _), _)| i);
    let from = got[..first]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    let cut = |s: &str| s[from..].chars().take(120).collect::<String>();
    let (g, w) = (cut(&got), cut(&want));
    Err(format!("{what}: got ..{g}, expected ..{w}"))
}

const P1: Plain = Plain {
    a: 1,
    b: 2,
    c: 3,
    d: 0.5,
};
const P2: Plain = Plain {
    a: 255,
    b: u64::MAX,
    c: u16::MAX,
    d: -1.0,
};
const P3: Plain = Plain {
    a: 7,
    b: 1 << 40,
    c: 9,
    d: 0.25,
};

/// One row per value type: its field and case in the containers, its
/// `echo-*` function, the argument at the top level, the value nested in
/// a container, and what the provider must return for it.
macro_rules! types {
    ($then:ident) => {
        $then! {
            of_bool OfBool echo_bool: true, true => false;
            of_u8 OfU8 echo_u8: 255, 255 => 0;
            of_s8 OfS8 echo_s8: i8::MIN, i8::MIN => i8::MAX;
            of_u16 OfU16 echo_u16: 0xFFFE, 0xFFFE => 0xFFFF;
            of_s16 OfS16 echo_s16: -2, -2 => 1;
            of_u32 OfU32 echo_u32: u32::MAX, u32::MAX => 0;
            of_s32 OfS32 echo_s32: 0x1234_5678, 0x1234_5678 => -305_419_897;
            of_u64 OfU64 echo_u64: 1 << 63, 1 << 63 => (1 << 63) + 1;
            of_s64 OfS64 echo_s64: i64::MAX, i64::MAX => i64::MIN;
            of_f32 OfF32 echo_f32: 1.5, 1.5 => -3.0;
            of_f64 OfF64 echo_f64: -1e300, -1e300 => 2e300;
            of_char OfChar echo_char: '🦀', '🦀' => '🦁';
            of_string OfString echo_string: "héllo🦀", s("héllo🦀") => s("🦀olléh");
            of_bytes OfBytes echo_bytes: &[0, 1, 255], vec![0, 1, 255] => vec![0, 2, 1];
            of_strings OfStrings echo_strings:
                &[s("ab"), s(""), s("é")], vec![s("ab"), s(""), s("é")]
                => vec![s("é"), s(""), s("ba")];
            of_plains OfPlains echo_plains: &[P1, P2], vec![P1, P2] => vec![
                Plain { a: 0, b: 0, c: 0, d: 2.0 },
                Plain { a: 2, b: 3, c: 4, d: -1.0 },
            ];
            of_plain OfPlain echo_plain: P3, P3 => Plain { a: 8, b: (1 << 40) + 1, c: 10, d: -0.5 };
            of_named OfNamed echo_named:
                &Named { name: s("zoë"), tags: vec![s("x"), s("yz")], score: 41 },
                Named { name: s("zoë"), tags: vec![s("x"), s("yz")], score: 41 }
                => Named { name: s("ëoz"), tags: vec![s("zy"), s("x")], score: 42 };
            of_tuple OfTuple echo_tuple: (9, "ab", 2.5), (9, s("ab"), 2.5) => (10, s("ba"), -5.0);
            of_shape OfShape echo_shape: &Shape::Big(-5), Shape::Big(-5) => Shape::Big(4);
            of_color OfColor echo_color: Color::Black, Color::Black => Color::Red;
            of_perms OfPerms echo_perms:
                Perms::READ | Perms::EXEC, Perms::READ | Perms::EXEC => Perms::WRITE;
            of_option OfOption echo_option: Some("ab"), Some(s("ab")) => Some(s("ba"));
            of_result OfResult echo_result: Err("no"), Err(s("no")) => Err(s("on"));
            of_unit OfUnit echo_unit: Ok(()), Ok(()) => Err(());
            of_map OfMap echo_map:
                &map(&[("one", 1), ("two", u32::MAX)]), map(&[("one", 1), ("two", u32::MAX)])
                => map(&[("eno", 2), ("owt", 0)]);
            of_fixed OfFixed echo_fixed: [7, 8, 0xFFFF], [7, 8, 0xFFFF] => [0, 9, 8];
        }
    };
}

fn top_level() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {
            $(same(c::$e($d), $o, stringify!($e))?;)*
        };
    }
    types!(go);
    // The cases of a variant, the other enum values and a result's `ok`.
    let shapes = [
        (Shape::Nothing, Shape::Nothing),
        (Shape::Small(0), Shape::Small(1)),
        (Shape::Ratio(-0.0), Shape::Ratio(0.0)),
        (Shape::Precise(0.1), Shape::Precise(-0.2)),
        (Shape::Text(s("ab€")), Shape::Text(s("€ba"))),
        (
            Shape::At(P1),
            Shape::At(Plain {
                a: 2,
                b: 3,
                c: 4,
                d: -1.0,
            }),
        ),
    ];
    for (x, want) in shapes {
        same(c::echo_shape(&x), want, "shape")?;
    }
    same(c::echo_color(Color::Green), Color::Blue, "color")?;
    same(c::echo_perms(Perms::empty()), Perms::all(), "no flags")?;
    same(c::echo_result(Ok(41)), Ok(42), "result ok")?;
    same(c::echo_unit(Err(())), Ok(()), "unit result err")?;
    same(c::echo_option(None), None, "option none")?;
    same(
        c::echo_char('\u{D7FF}'),
        '\u{E000}',
        "char after the surrogates",
    )?;
    same(c::echo_strings(&[]), vec![], "empty list")?;
    same(c::echo_map(&BTreeMap::new()), BTreeMap::new(), "empty map")
}

fn in_record() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {
            same(c::echo_all(&All { $($f: $n),* }), All { $($f: $o),* }, "record")
        };
    }
    types!(go)
}

fn in_variant() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {{
            $(same(c::echo_one(&Any::$c($n)), Any::$c($o), stringify!($c))?;)*
            same(c::echo_any(&[$(Any::$c($n)),*]), vec![$(Any::$c($o)),*], "list of variants")
        }};
    }
    types!(go)
}

fn in_option() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {{
            let got = c::echo_options(&Options { $($f: Some($n)),* });
            same(got, Options { $($f: Some($o)),* }, "some")?;
            let got = c::echo_options(&Options { $($f: None),* });
            same(got, Options { $($f: None),* }, "none")
        }};
    }
    types!(go)
}

fn in_result() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {{
            let got = c::echo_results(&Results { $($f: Ok($n)),* });
            same(got, Results { $($f: Err($o)),* }, "ok")?;
            let got = c::echo_results(&Results { $($f: Err($n)),* });
            same(got, Results { $($f: Ok($o)),* }, "err")
        }};
    }
    types!(go)
}

fn in_list() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {{
            let got = c::echo_lists(&Lists { $($f: vec![$n, $n]),* });
            same(got, Lists { $($f: vec![$o, $o]),* }, "two elements")?;
            let got = c::echo_lists(&Lists { $($f: vec![]),* });
            same(got, Lists { $($f: vec![]),* }, "empty")
        }};
    }
    types!(go)
}

fn in_tuple() -> Result<(), String> {
    macro_rules! go {
        ($($f:ident $c:ident $e:ident: $d:expr, $n:expr => $o:expr;)*) => {{
            let got = c::echo_tuples(&Tuples { $($f: (200, $n)),* });
            same(got, Tuples { $($f: (201, $o)),* }, "tuple")?;
            let got = c::echo_tuples(&Tuples { $($f: (255, $n)),* });
            same(got, Tuples { $($f: (0, $o)),* }, "tuple, wrapping")
        }};
    }
    types!(go)
}

/// What `bump-all` returns.
type Bumped = (
    Owner,
    Owned,
    Option<Counter>,
    Result<Counter, Counter>,
    Vec<Counter>,
    (u8, Counter),
);

/// What `bump-all` returned, with each counter's value.
fn describe((r, v, o, res, l, t): Bumped) -> String {
    let v = match v {
        Owned::Nothing => s("nothing"),
        Owned::One(c) => format!("one({})", c.get()),
    };
    let o = o.map_or(s("none"), |c| format!("some({})", c.get()));
    let res = match res {
        Ok(c) => format!("ok({})", c.get()),
        Err(c) => format!("err({})", c.get()),
    };
    let l: Vec<String> = l.iter().map(|c| c.get().to_string()).collect();
    let (label, value) = (r.label, r.counter.get());
    format!(
        "{label}={value} {v} {o} {res} [{}] ({}, {})",
        l.join(","),
        t.0,
        t.1.get()
    )
}

fn own_handles() -> Result<(), String> {
    let live = Counter::live();
    same(c::bump(Counter::new(1)).get(), 2, "bump")?;
    let got = c::bump_all(
        Owner {
            label: s("ab"),
            counter: Counter::new(10),
        },
        Owned::One(Counter::new(20)),
        Some(Counter::new(30)),
        Err(Counter::new(40)),
        vec![Counter::new(50), Counter::new(60)],
        (7, Counter::new(70)),
    );
    let want = "ba=11 one(21) some(31) ok(41) [61,51] (8, 71)";
    same(describe(got).as_str(), want, "bump-all")?;
    let got = c::bump_all(
        Owner {
            label: s(""),
            counter: Counter::new(0),
        },
        Owned::Nothing,
        None,
        Ok(Counter::new(u32::MAX - 1)),
        vec![],
        (255, Counter::new(5)),
    );
    let want = format!("=1 nothing none err({}) [] (0, 6)", u32::MAX);
    same(describe(got), want, "bump-all, empty")?;
    same(Counter::live(), live, "counters alive after the calls")
}

fn borrow_handles() -> Result<(), String> {
    let (one, two, three) = (Counter::new(1), Counter::new(2), Counter::new(3));
    same(c::peek(&two), 2, "peek")?;
    let lent = Lent {
        label: s("l"),
        counter: &one,
    };
    let got = c::peek_all(
        &lent,
        &Borrowed::One(&two),
        Some(&three),
        Err(&one),
        &[&three, &two],
        (5, &one),
    );
    same(
        got.as_str(),
        "l=1 one(2) some(3) err(1) [3,2] (5, 1)",
        "peek-all",
    )?;
    let got = c::peek_all(&lent, &Borrowed::Nothing, None, Ok(&two), &[], (0, &three));
    same(
        got.as_str(),
        "l=1 nothing none ok(2) [] (0, 3)",
        "peek-all, empty",
    )?;
    same(
        one.get() + two.get() + three.get(),
        6,
        "the counters outlive the borrows",
    )
}

const CHECKS: &[(&str, Check)] = &[
    (
        "conformance, owning: every type at the top level",
        top_level,
    ),
    ("conformance, owning: in a record", in_record),
    ("conformance, owning: in a variant", in_variant),
    ("conformance, owning: in an option", in_option),
    ("conformance, owning: in a result", in_result),
    ("conformance, owning: in a list", in_list),
    ("conformance, owning: in a tuple", in_tuple),
    ("conformance, owning: own handles", own_handles),
    ("conformance, owning: borrow handles", borrow_handles),
];

impl Guest for Component {
    fn run() -> Vec<String> {
        CHECKS
            .iter()
            .map(|(name, check)| match check() {
                Ok(()) => format!("ok {name}"),
                Err(e) => format!("FAIL {name}: {e}"),
            })
            .collect()
    }
}

export!(Component);
