//! Imports the port interfaces (and two versions of `port:dep/api`), calls
//! each function and checks the answers; exports `port:test/checks`, whose `run` returns one line per
//! check: `ok <name>` or `FAIL <name>: <what>`.

wit_bindgen::generate!({
    path: "../wit",
    world: "checker",
    generate_all,
    // wit-bindgen's `with` beyond whole imported interfaces: a key naming
    // the exported interface (no effect) and one naming a single type.
    with: {
        "port:test/checks": generate,
        "port:test/records/point": crate::Point,
    },
});

/// Used for `port:test/records.point` (`with`), in place of a generated
/// type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

use exports::port::test::checks::Guest;
use port::test::accounts::{self, Account};
use port::test::audit::{self, Target};
use port::test::collections::{self, Inventory, Slot};
use port::test::params::{self, Labelled, Named, OwnedThing, Thing, Value};
use port::test::records::{self, Person};
use port::test::variants::{self, Color, Perms, Shape};
use port::test::{borrowing_checks, errors, lists, results, strings};
use port::{dep0_1_0, dep0_2_0};
use std::collections::BTreeMap;

struct Component;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

const CHECKS: &[(&str, Check)] = &[
    ("strings", || {
        ensure(strings::shout("hello") == "HELLO!", "shout")?;
        let parts = [String::from("a"), String::from("b"), String::from("c")];
        ensure(strings::join(&parts, "-") == "a-b-c", "join")?;
        ensure(strings::join(&[], "-").is_empty(), "join of nothing")?;
        ensure(
            strings::count_words("  one two\tthree ") == 3,
            "count-words",
        )?;
        ensure(strings::shout("ünïcödé") == "ÜNÏCÖDÉ!", "non-ASCII")
    }),
    ("lists", || {
        ensure(
            lists::sum(&[1, -2, i32::MAX, i32::MAX]) == 2 * i64::from(i32::MAX) - 1,
            "sum",
        )?;
        ensure(lists::sum(&[]) == 0, "empty sum")?;
        ensure(lists::reverse_bytes(b"abc") == b"cba", "reverse-bytes")?;
        let big: Vec<u8> = (0..=255).collect();
        let back = lists::reverse_bytes(&big);
        ensure(
            back.len() == 256 && back[0] == 255 && back[255] == 0,
            "256 bytes",
        )?;
        let chunks = lists::chunks(&[1, 2, 3, 4, 5], 2);
        ensure(chunks == vec![vec![1, 2], vec![3, 4], vec![5]], "chunks")
    }),
    ("records", || {
        let m = records::midpoint(Point { x: 0.0, y: 2.0 }, Point { x: 4.0, y: -2.0 });
        ensure(
            m == Point { x: 2.0, y: 0.0 },
            "midpoint, with `with`'s type",
        )?;
        let ada = Person {
            name: String::from("ada"),
            age: 36,
            tags: vec![String::from("maths"), String::from("engines")],
        };
        let intro = records::introduce(&ada);
        ensure(
            intro == "ADA! (36): maths, engines",
            &format!("introduce: {intro}"),
        )?;
        let older = records::birthday(&ada);
        ensure(older.age == 37 && older.tags.len() == 3, "birthday")?;
        ensure(
            older.tags[2] == "turned 37" && ada.age == 36,
            "birthday tags",
        )?;
        let people = [ada.clone(), older.clone()];
        let oldest = records::oldest(&people).ok_or("oldest of two")?;
        ensure(oldest.age == 37, "oldest")?;
        ensure(records::oldest(&[]).is_none(), "oldest of none")
    }),
    ("variants", || {
        ensure(variants::area(Shape::Circle(2.0)) == 12.0, "circle")?;
        ensure(variants::area(Shape::Rect((2.0, 3.5))) == 7.0, "rect")?;
        ensure(variants::area(Shape::Dot) == 0.0, "dot")?;
        ensure(
            variants::next_color(Color::Blue) == Color::Red,
            "next-color",
        )?;
        ensure(
            variants::describe(Perms::READ | Perms::EXEC) == "r-x",
            "flags",
        )?;
        ensure(variants::describe(Perms::empty()) == "---", "no flags")?;
        let grown = variants::grow(&[Shape::Dot, Shape::Rect((1.0, 2.0))], 1.0);
        match grown.as_slice() {
            [Shape::Circle(r), Shape::Rect((w, h))] if *r == 1.0 && *w == 2.0 && *h == 3.0 => {
                Ok(())
            }
            other => Err(format!("grow: {other:?}")),
        }
    }),
    ("options and results", || {
        ensure(results::parse_number(" -42 ") == Ok(-42), "parse")?;
        let err = results::parse_number("x").unwrap_err();
        ensure(err.starts_with("`x`: "), &format!("parse error: {err}"))?;
        ensure(results::divide(7, 2) == Ok(3), "divide")?;
        ensure(
            results::divide(1, 0) == Err(results::MathError::DivideByZero),
            "divide by zero",
        )?;
        ensure(results::first_even(&[1, 3, 8, 10]) == Some(8), "first-even")?;
        ensure(results::first_even(&[1, 3]).is_none(), "no even")?;
        let names = [String::from("x"), String::from("y")];
        ensure(results::find(&names, "y") == Some(1), "find")?;
        ensure(results::find(&names, "z").is_none(), "find nothing")?;
        ensure(
            results::check(true).is_ok() && results::check(false).is_err(),
            "check",
        )
    }),
    ("error types", || {
        let e = errors::open("/secret").unwrap_err();
        ensure(e == errors::FsError::Denied, "open")?;
        ensure(
            e.to_string() == "denied (error 1)",
            &format!("enum Display: {e}"),
        )?;
        ensure(
            e.name() == "denied" && e.message() == "Permission denied.",
            "enum name and message",
        )?;
        ensure(
            format!("{e:?}")
                == r#"FsError { code: 1, name: "denied", message: "Permission denied." }"#,
            &format!("enum Debug: {e:?}"),
        )?;
        let p = errors::parse("4x2").unwrap_err();
        ensure(
            p.to_string() == "ParseError::BadChar('x')",
            &format!("variant Display: {p}"),
        )?;
        let f = errors::run(3).unwrap_err();
        ensure(
            f.to_string() == r#"Failure { code: 3, reason: "exit 3" }"#,
            &format!("record Display: {f}"),
        )?;
        // `?` into `Box<dyn Error>`: each error type is a `std::error::Error`.
        fn open_and_parse(path: &str, s: &str) -> Result<i64, Box<dyn std::error::Error>> {
            let n = errors::open(path)?;
            let m = errors::parse(s)?;
            errors::run(0)?;
            Ok(i64::from(n) + m)
        }
        ensure(
            open_and_parse("/ab", "40").ok() == Some(43),
            "`?` on success",
        )?;
        let err = open_and_parse("nowhere", "1").unwrap_err();
        ensure(err.to_string() == "not-found (error 0)", "`?` on an enum")?;
        let err = open_and_parse("/a", "").unwrap_err();
        ensure(err.to_string() == "ParseError::Empty", "`?` on a variant")?;
        let err: Box<dyn std::error::Error> = errors::run(9).unwrap_err().into();
        ensure(
            err.to_string().contains("exit 9"),
            "a record into Box<dyn Error>",
        )
    }),
    ("maps and fixed-length lists", || {
        let words = [String::from("maps"), String::from("ünïcödé"), String::new()];
        let lengths = collections::word_lengths(&words);
        ensure(
            lengths.len() == 3
                && lengths["maps"] == 4
                && lengths["ünïcödé"] == 7
                && lengths[""] == 0,
            &format!("word-lengths: {lengths:?}"),
        )?;
        ensure(collections::word_lengths(&[]).is_empty(), "empty map")?;
        let numbers: BTreeMap<u32, String> =
            [(1, String::from("one")), (u32::MAX, String::from("max"))].into();
        let inverted = collections::invert(&numbers);
        ensure(
            inverted.len() == 2 && inverted["one"] == 1 && inverted["max"] == u32::MAX,
            "invert",
        )?;
        let inv = Inventory {
            name: String::from("shelf"),
            counts: [(String::from("apples"), 3), (String::from("pears"), 4)].into(),
        };
        ensure(collections::total(&inv) == 7, "map in a record")?;
        let more = collections::restock(&inv, 10);
        ensure(
            more.name == "shelf (restocked)"
                && more.counts["apples"] == 13
                && inv.counts["pears"] == 4,
            "map in a record, returned",
        )?;
        ensure(
            collections::sum_triple([1, -2, i32::MAX]) == i32::MAX - 1,
            "sum-triple",
        )?;
        ensure(collections::rotate([1, 2, 3]) == [3, 1, 2], "rotate")?;
        ensure(
            collections::describe_slot(&Slot::Rgb([255, 0, 16])) == "#ff0010",
            "fixed-length list in a variant",
        )?;
        let tags: BTreeMap<u32, String> = [(2, String::from("b")), (1, String::from("a"))].into();
        ensure(
            collections::describe_slot(&Slot::Tags(tags)) == "a,b",
            "map in a variant",
        )?;
        ensure(
            collections::describe_slot(&Slot::Empty) == "empty",
            "empty slot",
        )?;
        ensure(
            matches!(
                collections::brighten(&Slot::Rgb([0, 250, 100])),
                Slot::Rgb([16, 255, 116])
            ),
            "variant with an array, returned",
        )?;
        let t = collections::transpose([[1.0, 2.0], [3.0, 4.0]]);
        ensure(t == [[1.0, 3.0], [2.0, 4.0]], "nested fixed-length lists")?;
        let a: BTreeMap<String, [u16; 2]> = [(String::from("x"), [1, 2])].into();
        let b: BTreeMap<String, [u16; 2]> =
            [(String::from("x"), [10, 20]), (String::from("y"), [5, 6])].into();
        let merged = collections::merge(&a, &b);
        ensure(
            merged.len() == 2 && merged["x"] == [11, 22] && merged["y"] == [5, 6],
            "map of fixed-length lists",
        )?;
        let bytes: [u8; 20] = core::array::from_fn(|i| i as u8);
        let expected: u32 = (0..20u32).map(|i| (i + 1) * i).sum();
        ensure(
            collections::checksum(bytes) == expected,
            "20 flat values spilled",
        )
    }),
    ("borrows of an imported resource inside other types", || {
        let a = Account::new("ann");
        let b = Account::new("bob");
        a.deposit(7);
        b.deposit(5);
        ensure(audit::total(&Target::One(&a)) == 7, "borrow in a variant")?;
        ensure(
            audit::total(&Target::Two((&a, &b))) == 12,
            "two borrows in a tuple in a variant",
        )?;
        ensure(
            audit::total(&Target::Nobody) == 0,
            "variant without a borrow",
        )?;
        ensure(
            audit::owner_or(Some(&b), "none") == "bob (5)",
            "borrow in an option",
        )?;
        ensure(audit::owner_or(None, "none") == "none", "empty option")?;
        let pair = audit::Pair {
            first: &a,
            second: &b,
        };
        ensure(audit::richer(&pair) == "ann (7)", "borrows in a record")?;
        ensure(audit::checked(Ok(&a)) == Ok(7), "borrow in a result")?;
        ensure(
            audit::checked(Err(404)) == Err(404),
            "result without a borrow",
        )?;
        ensure(
            audit::nested(Some((&a, &b))) == 35,
            "tuple of borrows in an option",
        )?;
        ensure(audit::nested(None) == 0, "no tuple")?;
        let guest = audit::Guest_ {
            name: String::from("zoë"),
            visits: 1,
        };
        let back = audit::welcome(&guest);
        ensure(
            back.name == "welcome, zoë" && back.visits == 2,
            "a record named `guest` (`Guest_`)",
        )?;
        ensure(
            a.balance() == 7 && b.owner() == "bob",
            "the accounts outlive the borrows",
        )
    }),
    ("a resource stored in an arena", || {
        use port::test::arena::{self, Cell};
        let (placed, taken, _) = arena::stats();
        let cells: Vec<Cell> = (0..3).map(Cell::new).collect();
        cells[1].set(10);
        ensure(
            cells.iter().map(Cell::get).collect::<Vec<_>>() == [0, 10, 2],
            "values in the arena",
        )?;
        drop(cells);
        let again: Vec<Cell> = (5..8).map(Cell::new).collect();
        ensure(again[2].get() == 7, "values in recycled slots")?;
        drop(again);
        let (p, t, reused) = arena::stats();
        ensure(
            (p - placed, t - taken) == (7, 7),
            &format!("placed {p}, taken back {t}"),
        )?;
        ensure(reused >= 3, &format!("{reused} slots reused"))
    }),
    ("two versions of one package", || {
        ensure(dep0_1_0::api::version() == "0.1.0", "version 0.1.0")?;
        ensure(dep0_2_0::api::version() == "0.2.0", "version 0.2.0")?;
        ensure(dep0_2_0::api::add(2, 3) == 5, "add in 0.2.0")
    }),
    ("parameters", || {
        // Each argument is written the way wit-bindgen 0.63's signatures
        // want it: only the top level of a parameter is borrowed.
        let p = |got: String, want: &str, what: &str| {
            ensure(got == want, &format!("{what}: {got:?}, expected {want:?}"))
        };
        p(
            params::option_string(Some("hé")),
            "some(hé)",
            "option<string>",
        )?;
        p(params::option_string(None), "none", "no string")?;
        p(params::option_text(Some("t")), "some(t)", "option<text>")?;
        let tags = vec![String::from("a"), String::from("b")];
        p(
            params::option_list_string(Some(&tags)),
            "some(a,b)",
            "option<list<string>>",
        )?;
        p(
            params::option_list_string(Some(&[])),
            "some()",
            "empty list in an option",
        )?;
        let n = Named {
            name: String::from("n"),
            tags: tags.clone(),
        };
        p(
            params::option_named(Some(&n)),
            "some(n[a,b])",
            "option<record>",
        )?;
        p(params::option_named(None), "none", "no record")?;
        p(
            params::option_option(Some(Some("x"))),
            "some(some(x))",
            "option<option<string>>",
        )?;
        p(
            params::option_option(Some(None)),
            "some(none)",
            "some(none)",
        )?;
        let at = params::Point { x: -1, y: i32::MAX };
        p(
            params::option_point(Some(at)),
            "some((-1,2147483647))",
            "option<point>",
        )?;
        let one = Thing::new("one");
        let two = Thing::new("two");
        p(
            params::option_borrow(Some(&one)),
            "some(one)",
            "option<borrow>",
        )?;
        p(params::list_string(&tags), "a,b", "list<string>")?;
        let nested = vec![tags.clone(), vec![], vec![String::from("c")]];
        p(
            params::list_list_string(&nested),
            "a,b;;c",
            "list<list<string>>",
        )?;
        let maybes = [Some(String::from("x")), None];
        p(
            params::list_option(&maybes),
            "some(x),none",
            "list<option<string>>",
        )?;
        p(
            params::list_named(&[n.clone(), n.clone()]),
            "n[a,b];n[a,b]",
            "list<record>",
        )?;
        let values = vec![
            Value::Empty,
            Value::Text(String::from("ü")),
            Value::Num(u32::MAX),
            Value::Names(Some(tags.clone())),
            Value::Names(None),
        ];
        let described = "empty;text(ü);num(4294967295);names(a,b);names(none)";
        p(params::list_value(&values), described, "list<variant>")?;
        p(
            params::list_borrow(&[&one, &two, &one]),
            "one,two,one",
            "list<borrow>",
        )?;
        p(
            params::record_param(&n, at),
            "n[a,b] at (-1,2147483647)",
            "records",
        )?;
        let l = Labelled {
            label: String::from("l"),
            thing: &two,
        };
        p(
            params::labelled_param(&l),
            "l: two",
            "record holding a borrow",
        )?;
        p(params::variant_param(&values[3]), "names(a,b)", "variant")?;
        p(params::result_param(Ok("fine")), "ok(fine)", "result ok")?;
        p(params::result_param(Err("bad")), "err(bad)", "result err")?;
        p(
            params::result_named(Ok(&n)),
            "ok(n[a,b])",
            "result<record, _>",
        )?;
        p(
            params::result_named(Err(&params::Color::Green)),
            "err(green)",
            "result<_, enum>",
        )?;
        p(params::result_unit(Ok(())), "ok", "result<_, option>")?;
        p(
            params::result_unit(Err(Some("why"))),
            "err(some(why))",
            "result err option",
        )?;
        p(
            params::tuple_param(("s", 7, Some("o"))),
            "s 7 some(o)",
            "tuple",
        )?;
        p(params::tuple_borrow((&one,)), "one", "tuple<borrow>")?;
        p(
            params::pair_param(&(&two, 9)),
            "two 9",
            "type pair = tuple<borrow, u32>",
        )?;
        let moved = Thing::new("moved");
        p(
            params::own_in_tuple((moved, String::from("s"))),
            "moved s",
            "tuple<own, string>",
        )?;
        let owned = OwnedThing {
            label: String::from("o"),
            thing: Thing::new("kept"),
        };
        p(
            params::own_in_record(owned),
            "o: kept",
            "record holding an own",
        )?;
        let perms = params::Perms::READ | params::Perms::WRITE;
        let s = params::scalars(perms, params::Color::Red, None, "t");
        p(
            s,
            "rw red none t",
            "flags, enum, option<enum>, alias of string",
        )?;
        one.rename(Some("uno"), &[String::from("!")]);
        p(
            one.name(),
            "uno!",
            "method with option<string> and list<string>",
        )?;
        two.rename(None, &[]);
        p(two.name(), "nameless", "method with none")?;
        let echoed = params::echo_values(&values);
        ensure(echoed.len() == 5, "echo-values length")?;
        match (&echoed[0], &echoed[1], &echoed[4]) {
            (Value::Names(None), Value::Names(Some(t)), Value::Empty) if *t == tags => {}
            other => return Err(format!("echo-values: {other:?}")),
        }
        let back = params::echo_named(Some(&n))?;
        ensure(back.tags == ["a", "b", "echoed"], "echo-named")?;
        ensure(params::echo_named(None).is_err(), "echo-named of none")
    }),
    ("borrowing parameters", || {
        // The `borrower` crate's three checks, made with `ownership:
        // Borrowing`.
        let lines = borrowing_checks::run();
        ensure(
            lines.len() == 3,
            &format!("{} borrowing checks", lines.len()),
        )?;
        let failed: Vec<&String> = lines.iter().filter(|l| !l.starts_with("ok ")).collect();
        ensure(failed.is_empty(), &format!("{failed:?}"))
    }),
    ("resources", || {
        let closed = accounts::closed();
        let a = Account::new("ann");
        let b = Account::new("bob");
        a.deposit(100);
        ensure(
            a.balance() == 100 && a.owner() == "ann",
            "constructor and methods",
        )?;
        Account::transfer(&a, &b, 30)?;
        ensure(
            a.balance() == 70 && b.balance() == 30,
            "transfer borrows both",
        )?;
        let err = Account::transfer(&b, &a, 31).unwrap_err();
        ensure(
            err == "bob cannot pay 31",
            &format!("transfer error: {err}"),
        )?;
        ensure(a.withdraw(70) == Ok(0), "withdraw")?;
        let s = accounts::get_statement(&b);
        ensure(s.owner == "bob" && s.balance == 30, "statement of a borrow")?;
        let many = accounts::open_all(&[String::from("c"), String::from("d")]);
        ensure(
            many.len() == 2 && many[1].owner() == "d",
            "list of accounts",
        )?;
        many[0].deposit(5);
        ensure(accounts::close_all(many) == 5, "close-all")?;
        ensure(accounts::open_checked("").is_err(), "fallible open")?;
        let e = accounts::open_checked("eve")?;
        let l = accounts::label(e, "savings");
        ensure(
            l.label == "savings" && l.account.owner() == "eve",
            "record with an account",
        )?;
        let richest = accounts::richest(vec![a, b]).ok_or("richest of two")?;
        ensure(richest.owner() == "bob", "richest")?;
        drop((richest, l));
        let now = accounts::closed() - closed;
        ensure(now == 5, &format!("5 accounts closed, saw {now}"))
    }),
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
