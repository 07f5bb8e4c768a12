//! Exports `port:test/records`, using `port:test/strings` from another
//! component.

wit_bindgen::generate!({
    path: "../wit",
    world: "records-provider",
});

use exports::port::test::records::{Guest, Person, Point};
use port::test::strings;

struct Component;

impl Guest for Component {
    fn midpoint(a: Point, b: Point) -> Point {
        Point {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        }
    }

    fn introduce(p: Person) -> String {
        let tags = strings::join(&p.tags, ", ");
        format!("{} ({}): {tags}", strings::shout(&p.name), p.age)
    }

    fn birthday(mut p: Person) -> Person {
        p.age += 1;
        p.tags.push(format!("turned {}", p.age));
        p
    }

    fn oldest(people: Vec<Person>) -> Option<Person> {
        people.into_iter().max_by_key(|p| p.age)
    }
}

export!(Component);
