//! Exports `port:test/params`: each function describes the argument it
//! received as text, so the checker sees what crossed.

wit_bindgen::generate!({
    path: "../wit",
    world: "params-provider",
});

use exports::port::test::params::{
    Color, Guest, GuestThing, Labelled, Named, OwnedThing, Pair, Perms, Point, ThingBorrow, Value,
};
use std::cell::RefCell;

struct Component;

struct MyThing {
    name: RefCell<String>,
}

impl GuestThing for MyThing {
    fn new(name: String) -> Self {
        MyThing {
            name: RefCell::new(name),
        }
    }

    fn name(&self) -> String {
        self.name.borrow().clone()
    }

    fn rename(&self, name: Option<String>, tags: Vec<String>) {
        let name = name.unwrap_or_else(|| String::from("nameless"));
        *self.name.borrow_mut() = format!("{name}{}", tags.concat());
    }
}

fn opt(x: Option<String>) -> String {
    match x {
        Some(s) => format!("some({s})"),
        None => String::from("none"),
    }
}

fn named(n: &Named) -> String {
    format!("{}[{}]", n.name, n.tags.join(","))
}

fn point(p: &Point) -> String {
    format!("({},{})", p.x, p.y)
}

fn thing(t: &ThingBorrow<'_>) -> String {
    t.get::<MyThing>().name()
}

fn color(c: Color) -> &'static str {
    match c {
        Color::Red => "red",
        Color::Green => "green",
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Empty => String::from("empty"),
        Value::Text(s) => format!("text({s})"),
        Value::Num(n) => format!("num({n})"),
        Value::Names(Some(names)) => format!("names({})", names.join(",")),
        Value::Names(None) => String::from("names(none)"),
    }
}

impl Guest for Component {
    type Thing = MyThing;

    fn option_string(x: Option<String>) -> String {
        opt(x)
    }

    fn option_text(x: Option<String>) -> String {
        opt(x)
    }

    fn option_list_string(x: Option<Vec<String>>) -> String {
        opt(x.map(|l| l.join(",")))
    }

    fn option_named(x: Option<Named>) -> String {
        opt(x.as_ref().map(named))
    }

    fn option_option(x: Option<Option<String>>) -> String {
        opt(x.map(opt))
    }

    fn option_point(x: Option<Point>) -> String {
        opt(x.as_ref().map(point))
    }

    fn option_borrow(x: Option<ThingBorrow<'_>>) -> String {
        opt(x.as_ref().map(thing))
    }

    fn list_string(x: Vec<String>) -> String {
        x.join(",")
    }

    fn list_list_string(x: Vec<Vec<String>>) -> String {
        let inner: Vec<String> = x.iter().map(|l| l.join(",")).collect();
        inner.join(";")
    }

    fn list_option(x: Vec<Option<String>>) -> String {
        let items: Vec<String> = x.into_iter().map(opt).collect();
        items.join(",")
    }

    fn list_named(x: Vec<Named>) -> String {
        let items: Vec<String> = x.iter().map(named).collect();
        items.join(";")
    }

    fn list_value(x: Vec<Value>) -> String {
        let items: Vec<String> = x.iter().map(value).collect();
        items.join(";")
    }

    fn list_borrow(x: Vec<ThingBorrow<'_>>) -> String {
        let items: Vec<String> = x.iter().map(thing).collect();
        items.join(",")
    }

    fn record_param(x: Named, y: Point) -> String {
        format!("{} at {}", named(&x), point(&y))
    }

    fn labelled_param(x: Labelled<'_>) -> String {
        format!("{}: {}", x.label, thing(&x.thing))
    }

    fn variant_param(x: Value) -> String {
        value(&x)
    }

    fn result_param(x: Result<String, String>) -> String {
        match x {
            Ok(s) => format!("ok({s})"),
            Err(e) => format!("err({e})"),
        }
    }

    fn result_named(x: Result<Named, Color>) -> String {
        match x {
            Ok(n) => format!("ok({})", named(&n)),
            Err(c) => format!("err({})", color(c)),
        }
    }

    fn result_unit(x: Result<(), Option<String>>) -> String {
        match x {
            Ok(()) => String::from("ok"),
            Err(e) => format!("err({})", opt(e)),
        }
    }

    fn tuple_param(x: (String, u32, Option<String>)) -> String {
        format!("{} {} {}", x.0, x.1, opt(x.2))
    }

    fn tuple_borrow(x: (ThingBorrow<'_>,)) -> String {
        thing(&x.0)
    }

    fn pair_param(x: Pair<'_>) -> String {
        format!("{} {}", thing(&x.0), x.1)
    }

    fn own_in_tuple(x: (exports::port::test::params::Thing, String)) -> String {
        format!("{} {}", x.0.get::<MyThing>().name(), x.1)
    }

    fn own_in_record(x: OwnedThing) -> String {
        format!("{}: {}", x.label, x.thing.get::<MyThing>().name())
    }

    fn scalars(p: Perms, c: Color, o: Option<Color>, t: String) -> String {
        let r = if p.contains(Perms::READ) { "r" } else { "-" };
        let w = if p.contains(Perms::WRITE) { "w" } else { "-" };
        format!(
            "{r}{w} {} {} {t}",
            color(c),
            opt(o.map(|c| color(c).to_string()))
        )
    }

    fn echo_values(x: Vec<Value>) -> Vec<Value> {
        x.into_iter().rev().collect()
    }

    fn echo_named(x: Option<Named>) -> Result<Named, String> {
        let mut n = x.ok_or_else(|| String::from("nothing to echo"))?;
        n.tags.push(String::from("echoed"));
        Ok(n)
    }
}

export!(Component);
