//! Calls `port:test/params` with wit-bindgen's `Borrowing` ownership:
//! every level of an argument is borrowed (`&[&str]`, `NamedParam<'_>`
//! with `&str` fields), results are the owned `<T>Result` types. Exports
//! `port:test/borrowing-checks`, one line per check: `ok <name>` or
//! `FAIL <name>: <what>`.

weld::generate!({
    path: "../wit",
    world: "borrower",
    ownership: Borrowing { duplicate_if_necessary: true },
});

use exports::port::test::borrowing_checks::Guest;
use port::test::params::{
    self, Color, LabelledParam, NamedParam, NamedResult, OwnedThing, Perms, Point, Thing,
    ValueParam, ValueResult,
};

struct Component;

type Check = fn() -> Result<(), String>;

fn same(got: String, want: &str, what: &str) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: {got:?}, expected {want:?}"))
    }
}

const CHECKS: &[(&str, Check)] = &[
    ("borrowed strings and lists", || {
        let tags: &[&str] = &["a", "b"];
        same(
            params::option_string(Some("hé")),
            "some(hé)",
            "option<string>",
        )?;
        same(params::option_text(None), "none", "option<text>")?;
        same(
            params::option_list_string(Some(tags)),
            "some(a,b)",
            "option<list<string>>",
        )?;
        same(
            params::option_option(Some(Some("x"))),
            "some(some(x))",
            "option<option>",
        )?;
        same(params::list_string(tags), "a,b", "list<string>")?;
        same(
            params::list_list_string(&[tags, &[], &["c"]]),
            "a,b;;c",
            "list<list<string>>",
        )?;
        same(
            params::list_option(&[Some("x"), None]),
            "some(x),none",
            "list<option<string>>",
        )?;
        same(params::result_param(Ok("fine")), "ok(fine)", "result ok")?;
        same(
            params::result_unit(Err(Some("why"))),
            "err(some(why))",
            "result<_, option>",
        )?;
        same(params::tuple_param(("s", 7, None)), "s 7 none", "tuple")?;
        let s = params::scalars(Perms::WRITE, Color::Green, Some(Color::Red), "t");
        same(
            s,
            "-w green some(red) t",
            "flags, enum, option<enum>, alias of string",
        )
    }),
    ("borrowed records and variants", || {
        let tags: &[&str] = &["a", "b"];
        let n = NamedParam { name: "n", tags };
        same(
            params::option_named(Some(n.clone())),
            "some(n[a,b])",
            "option<record>",
        )?;
        same(
            params::list_named(&[n.clone(), n.clone()]),
            "n[a,b];n[a,b]",
            "list<record>",
        )?;
        let at = Point { x: 3, y: -4 };
        same(
            params::option_point(Some(at)),
            "some((3,-4))",
            "option<point>",
        )?;
        same(
            params::record_param(n.clone(), at),
            "n[a,b] at (3,-4)",
            "record",
        )?;
        let values = [
            ValueParam::Empty,
            ValueParam::Text("ü"),
            ValueParam::Num(1),
            ValueParam::Names(Some(tags)),
            ValueParam::Names(None),
        ];
        let described = "empty;text(ü);num(1);names(a,b);names(none)";
        same(params::list_value(&values), described, "list<variant>")?;
        same(
            params::variant_param(values[1].clone()),
            "text(ü)",
            "variant",
        )?;
        same(
            params::result_named(Ok(n.clone())),
            "ok(n[a,b])",
            "result<record, _>",
        )?;
        same(
            params::result_named(Err(Color::Red)),
            "err(red)",
            "result<_, enum>",
        )?;
        // Results are the owned definitions.
        let echoed: Vec<ValueResult> = params::echo_values(&values);
        match echoed.first() {
            Some(ValueResult::Names(None)) if echoed.len() == 5 => {}
            other => return Err(format!("echo-values: {other:?}")),
        }
        let back: NamedResult = params::echo_named(Some(n))?;
        if back.tags != ["a", "b", "echoed"] {
            return Err(format!("echo-named: {back:?}"));
        }
        Ok(())
    }),
    ("borrowed resources", || {
        let one = Thing::new("one");
        let two = Thing::new("two");
        same(
            params::option_borrow(Some(&one)),
            "some(one)",
            "option<borrow>",
        )?;
        same(
            params::list_borrow(&[&two, &one]),
            "two,one",
            "list<borrow>",
        )?;
        let l = LabelledParam {
            label: "l",
            thing: &one,
        };
        same(
            params::labelled_param(l),
            "l: one",
            "record holding a borrow",
        )?;
        same(params::tuple_borrow((&two,)), "two", "tuple<borrow>")?;
        same(
            params::pair_param((&one, 5)),
            "one 5",
            "type pair = tuple<borrow, u32>",
        )?;
        let moved = Thing::new("moved");
        same(
            params::own_in_tuple((moved, String::from("s"))),
            "moved s",
            "tuple<own>",
        )?;
        let owned = OwnedThing {
            label: String::from("o"),
            thing: Thing::new("kept"),
        };
        same(
            params::own_in_record(owned),
            "o: kept",
            "record holding an own",
        )?;
        one.rename(Some("uno"), &["!", "?"]);
        same(one.name(), "uno!?", "method with borrowed option and list")
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
