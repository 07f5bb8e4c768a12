//! Exports `port:test/conformance`: every function returns what it
//! received transformed by `flip`, one rule per WIT type (the table in
//! tests/port/README.md), so a value lost or garbled on the way in or out
//! fails the caller's check.

weld::generate!({
    path: "../wit",
    world: "conformance-provider",
});

use exports::port::test::conformance::{
    All, Any, Borrowed, Color, Counter, CounterBorrow, Guest, GuestCounter, Lent, Lists, Named,
    Options, Owned, Owner, Perms, Plain, Range, Results, Shape, Span, Tuples,
};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

struct Component;

/// The transformation the provider applies to every value it receives.
trait Flip {
    fn flip(self) -> Self;
}

macro_rules! flip_unsigned {
    ($($t:ty)*) => { $(impl Flip for $t { fn flip(self) -> Self { self.wrapping_add(1) } })* };
}
macro_rules! flip_signed {
    ($($t:ty)*) => { $(impl Flip for $t { fn flip(self) -> Self { !self } })* };
}
flip_unsigned!(u8 u16 u32 u64);
flip_signed!(i8 i16 i32 i64);

impl Flip for bool {
    fn flip(self) -> Self {
        !self
    }
}

impl Flip for f32 {
    fn flip(self) -> Self {
        self * -2.0
    }
}

impl Flip for f64 {
    fn flip(self) -> Self {
        self * -2.0
    }
}

impl Flip for char {
    /// The next Unicode scalar value (after the surrogates, and `'\0'`
    /// after `char::MAX`).
    fn flip(self) -> Self {
        let next = match u32::from(self) {
            0xD7FF => 0xE000,
            0x10FFFF => 0,
            c => c + 1,
        };
        char::from_u32(next).unwrap_or('\0')
    }
}

impl Flip for String {
    fn flip(self) -> Self {
        self.chars().rev().collect()
    }
}

impl<T: Flip> Flip for Vec<T> {
    fn flip(self) -> Self {
        self.into_iter().rev().map(Flip::flip).collect()
    }
}

impl Flip for [u16; 3] {
    fn flip(self) -> Self {
        let [a, b, c] = self;
        [c.flip(), b.flip(), a.flip()]
    }
}

impl<T: Flip> Flip for Option<T> {
    fn flip(self) -> Self {
        self.map(Flip::flip)
    }
}

impl Flip for Result<u32, String> {
    fn flip(self) -> Self {
        self.map(Flip::flip).map_err(Flip::flip)
    }
}

impl Flip for Result<(), ()> {
    /// `ok` and `err` swapped: the only thing a payload-less result holds.
    fn flip(self) -> Self {
        match self {
            Ok(()) => Err(()),
            Err(()) => Ok(()),
        }
    }
}

impl Flip for BTreeMap<String, u32> {
    fn flip(self) -> Self {
        self.into_iter()
            .map(|(k, v)| (k.flip(), v.flip()))
            .collect()
    }
}

impl Flip for (u8, String, f64) {
    fn flip(self) -> Self {
        (self.0.flip(), self.1.flip(), self.2.flip())
    }
}

impl Flip for Plain {
    fn flip(self) -> Self {
        Plain {
            a: self.a.flip(),
            b: self.b.flip(),
            c: self.c.flip(),
            d: self.d.flip(),
        }
    }
}

impl Flip for Named {
    fn flip(self) -> Self {
        Named {
            name: self.name.flip(),
            tags: self.tags.flip(),
            score: self.score.flip(),
        }
    }
}

impl Flip for Shape {
    fn flip(self) -> Self {
        match self {
            Shape::Nothing => Shape::Nothing,
            Shape::Small(x) => Shape::Small(x.flip()),
            Shape::Big(x) => Shape::Big(x.flip()),
            Shape::Ratio(x) => Shape::Ratio(x.flip()),
            Shape::Precise(x) => Shape::Precise(x.flip()),
            Shape::Text(x) => Shape::Text(x.flip()),
            Shape::At(x) => Shape::At(x.flip()),
        }
    }
}

impl Flip for Color {
    /// The next color, `black` back to `red`.
    fn flip(self) -> Self {
        match self {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Black,
            Color::Black => Color::Red,
        }
    }
}

impl Flip for Perms {
    /// The complement.
    fn flip(self) -> Self {
        self ^ Perms::all()
    }
}

/// Calls `$then!` with the field (and variant case) of every value type.
macro_rules! members {
    ($then:ident!($($arg:tt)*)) => {
        $then!($($arg)*;
            of_bool OfBool, of_u8 OfU8, of_s8 OfS8, of_u16 OfU16, of_s16 OfS16,
            of_u32 OfU32, of_s32 OfS32, of_u64 OfU64, of_s64 OfS64, of_f32 OfF32,
            of_f64 OfF64, of_char OfChar, of_string OfString, of_bytes OfBytes,
            of_strings OfStrings, of_plains OfPlains, of_plain OfPlain, of_named OfNamed,
            of_tuple OfTuple, of_shape OfShape, of_color OfColor, of_perms OfPerms,
            of_option OfOption, of_result OfResult, of_unit OfUnit, of_map OfMap,
            of_fixed OfFixed)
    };
}

/// A record of every type, each field mapped by `$f`.
macro_rules! map_fields {
    ($ty:ident, $x:ident, $f:expr; $($field:ident $_case:ident),*) => {
        $ty { $($field: ($f)($x.$field)),* }
    };
}

fn flip_any(x: Any) -> Any {
    macro_rules! cases {
        ($x:ident; $($_field:ident $case:ident),*) => {
            match $x { $(Any::$case(v) => Any::$case(v.flip())),* }
        };
    }
    members!(cases!(x))
}

/// `ok(v)` becomes `err(flip(v))` and `err(v)` `ok(flip(v))`.
fn swap<T: Flip>(r: Result<T, T>) -> Result<T, T> {
    match r {
        Ok(v) => Err(v.flip()),
        Err(v) => Ok(v.flip()),
    }
}

/// Each element flipped, the order kept.
fn each<T: Flip>(l: Vec<T>) -> Vec<T> {
    l.into_iter().map(Flip::flip).collect()
}

fn bump_tuple<T: Flip>((n, v): (u8, T)) -> (u8, T) {
    (n.wrapping_add(1), v.flip())
}

/// Counters alive in this crate.
static LIVE: AtomicU32 = AtomicU32::new(0);

struct MyCounter {
    value: u32,
}

impl Drop for MyCounter {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

impl GuestCounter for MyCounter {
    fn new(value: u32) -> Self {
        LIVE.fetch_add(1, Ordering::Relaxed);
        MyCounter { value }
    }

    fn get(&self) -> u32 {
        self.value
    }

    fn live() -> u32 {
        LIVE.load(Ordering::Relaxed)
    }
}

/// A new counter holding `c`'s value plus one; `c` is dropped.
fn bumped(c: Counter) -> Counter {
    Counter::new(MyCounter::new(c.get::<MyCounter>().value + 1))
}

fn peeked(c: &CounterBorrow<'_>) -> u32 {
    c.get::<MyCounter>().value
}

impl Guest for Component {
    type Counter = MyCounter;

    fn echo_bool(x: bool) -> bool {
        x.flip()
    }
    fn echo_u8(x: u8) -> u8 {
        x.flip()
    }
    fn echo_s8(x: i8) -> i8 {
        x.flip()
    }
    fn echo_u16(x: u16) -> u16 {
        x.flip()
    }
    fn echo_s16(x: i16) -> i16 {
        x.flip()
    }
    fn echo_u32(x: u32) -> u32 {
        x.flip()
    }
    fn echo_s32(x: i32) -> i32 {
        x.flip()
    }
    fn echo_u64(x: u64) -> u64 {
        x.flip()
    }
    fn echo_s64(x: i64) -> i64 {
        x.flip()
    }
    fn echo_f32(x: f32) -> f32 {
        x.flip()
    }
    fn echo_f64(x: f64) -> f64 {
        x.flip()
    }
    fn echo_char(x: char) -> char {
        x.flip()
    }
    fn echo_string(x: String) -> String {
        x.flip()
    }
    fn echo_bytes(x: Vec<u8>) -> Vec<u8> {
        x.flip()
    }
    fn echo_strings(x: Vec<String>) -> Vec<String> {
        x.flip()
    }
    fn echo_plains(x: Vec<Plain>) -> Vec<Plain> {
        x.flip()
    }
    fn echo_plain(x: Plain) -> Plain {
        x.flip()
    }
    fn echo_named(x: Named) -> Named {
        x.flip()
    }
    fn echo_tuple(x: (u8, String, f64)) -> (u8, String, f64) {
        x.flip()
    }
    fn echo_shape(x: Shape) -> Shape {
        x.flip()
    }
    fn echo_color(x: Color) -> Color {
        x.flip()
    }
    fn echo_perms(x: Perms) -> Perms {
        x.flip()
    }
    fn echo_option(x: Option<String>) -> Option<String> {
        x.flip()
    }
    fn echo_result(x: Result<u32, String>) -> Result<u32, String> {
        x.flip()
    }
    fn echo_unit(x: Result<(), ()>) -> Result<(), ()> {
        x.flip()
    }
    fn echo_map(x: BTreeMap<String, u32>) -> BTreeMap<String, u32> {
        x.flip()
    }
    fn echo_fixed(x: [u16; 3]) -> [u16; 3] {
        x.flip()
    }

    fn echo_all(x: All) -> All {
        members!(map_fields!(All, x, Flip::flip))
    }
    fn echo_one(x: Any) -> Any {
        flip_any(x)
    }
    fn echo_any(x: Vec<Any>) -> Vec<Any> {
        x.into_iter().map(flip_any).collect()
    }
    fn echo_options(x: Options) -> Options {
        members!(map_fields!(Options, x, Flip::flip))
    }
    fn echo_results(x: Results) -> Results {
        members!(map_fields!(Results, x, swap))
    }
    fn echo_lists(x: Lists) -> Lists {
        members!(map_fields!(Lists, x, each))
    }
    fn echo_tuples(x: Tuples) -> Tuples {
        members!(map_fields!(Tuples, x, bump_tuple))
    }

    fn bump(c: Counter) -> Counter {
        bumped(c)
    }

    fn bump_all(
        r: Owner,
        v: Owned,
        o: Option<Counter>,
        res: Result<Counter, Counter>,
        l: Vec<Counter>,
        t: (u8, Counter),
    ) -> (
        Owner,
        Owned,
        Option<Counter>,
        Result<Counter, Counter>,
        Vec<Counter>,
        (u8, Counter),
    ) {
        let r = Owner {
            label: r.label.flip(),
            counter: bumped(r.counter),
        };
        let v = match v {
            Owned::Nothing => Owned::Nothing,
            Owned::One(c) => Owned::One(bumped(c)),
        };
        let res = match res {
            Ok(c) => Err(bumped(c)),
            Err(c) => Ok(bumped(c)),
        };
        let l = l.into_iter().rev().map(bumped).collect();
        (
            r,
            v,
            o.map(bumped),
            res,
            l,
            (t.0.wrapping_add(1), bumped(t.1)),
        )
    }

    fn peek(c: CounterBorrow<'_>) -> u32 {
        peeked(&c)
    }

    fn peek_all(
        r: Lent<'_>,
        v: Borrowed<'_>,
        o: Option<CounterBorrow<'_>>,
        res: Result<CounterBorrow<'_>, CounterBorrow<'_>>,
        l: Vec<CounterBorrow<'_>>,
        t: (u8, CounterBorrow<'_>),
    ) -> String {
        let v = match v {
            Borrowed::Nothing => String::from("nothing"),
            Borrowed::One(c) => format!("one({})", peeked(&c)),
        };
        let o = o.map_or(String::from("none"), |c| format!("some({})", peeked(&c)));
        let res = match res {
            Ok(c) => format!("ok({})", peeked(&c)),
            Err(c) => format!("err({})", peeked(&c)),
        };
        let l: Vec<String> = l.iter().map(|c| peeked(c).to_string()).collect();
        format!(
            "{}={} {v} {o} {res} [{}] ({}, {})",
            r.label,
            peeked(&r.counter),
            l.join(","),
            t.0,
            peeked(&t.1)
        )
    }

    fn widen(s: Span) -> Range {
        Range {
            start: s.start.wrapping_sub(1),
            end: s.end.wrapping_add(1),
        }
    }
}

export!(Component);
