//! Exports every round-trip function: each returns what it was given.

#[weld::shared_world(path = "../wit", world = "provider")]
mod bindings {}

use bindings::exports::test::roundtrip::compound::{
    self as c, Mixed, Nine, Perms, Plain, Shape, Size, Wide,
};
use bindings::exports::test::roundtrip::scalars;
use bindings::test::common::shapes::{Color, Point};
use std::cell::Cell;

struct Provider;

thread_local! {
    static COUNTER: Cell<u64> = const { Cell::new(0) };
}

impl scalars::Guest for Provider {
    fn echo_bool(v: bool) -> bool {
        v
    }
    fn echo_u8(v: u8) -> u8 {
        v
    }
    fn echo_s8(v: i8) -> i8 {
        v
    }
    fn echo_u16(v: u16) -> u16 {
        v
    }
    fn echo_s16(v: i16) -> i16 {
        v
    }
    fn echo_u32(v: u32) -> u32 {
        v
    }
    fn echo_s32(v: i32) -> i32 {
        v
    }
    fn echo_u64(v: u64) -> u64 {
        v
    }
    fn echo_s64(v: i64) -> i64 {
        v
    }
    fn echo_f32(v: f32) -> f32 {
        v
    }
    fn echo_f64(v: f64) -> f64 {
        v
    }
    fn echo_char(v: char) -> char {
        v
    }
    #[allow(
        clippy::too_many_arguments,
        reason = "the WIT function has twelve parameters"
    )]
    fn echo_all(
        a: bool,
        b: u8,
        c: i8,
        d: u16,
        e: i16,
        f: u32,
        g: i32,
        h: u64,
        i: i64,
        j: f32,
        k: f64,
        l: char,
    ) -> (bool, u8, i8, u16, i16, u32, i32, u64, i64, f32, f64, char) {
        (a, b, c, d, e, f, g, h, i, j, k, l)
    }
}

impl c::Guest for Provider {
    fn echo_string(v: String) -> String {
        v
    }
    fn echo_bytes(v: Vec<u8>) -> Vec<u8> {
        v
    }
    fn echo_strings(v: Vec<String>) -> Vec<String> {
        v
    }
    fn echo_nested_strings(v: Vec<Vec<String>>) -> Vec<Vec<String>> {
        v
    }
    fn echo_nested_u32s(v: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
        v
    }
    fn echo_point(v: Point) -> Point {
        v
    }
    fn echo_points(v: Vec<Point>) -> Vec<Point> {
        v
    }
    fn echo_plains(v: Vec<Plain>) -> Vec<Plain> {
        v
    }
    fn echo_mixed(v: Mixed) -> Mixed {
        v
    }
    fn echo_mixeds(v: Vec<Mixed>) -> Vec<Mixed> {
        v
    }
    fn echo_tuple(v: (String, u8, Vec<u16>)) -> (String, u8, Vec<u16>) {
        v
    }
    fn echo_shape(v: Shape) -> Shape {
        v
    }
    fn echo_shapes(v: Vec<Shape>) -> Vec<Shape> {
        v
    }
    fn echo_size(v: Size) -> Size {
        v
    }
    fn echo_color(v: Color) -> Color {
        v
    }
    fn echo_perms(v: Perms) -> Perms {
        v
    }
    fn echo_nine(v: Nine) -> Nine {
        v
    }
    fn echo_wide(v: Wide) -> Wide {
        v
    }
    fn echo_option(v: Option<String>) -> Option<String> {
        v
    }
    fn echo_option_option(v: Option<Option<u32>>) -> Option<Option<u32>> {
        v
    }
    fn echo_result(v: Result<String, u32>) -> Result<String, u32> {
        v
    }
    fn echo_result_bare(v: Result<(), ()>) -> Result<(), ()> {
        v
    }
    fn echo_result_ok(v: Result<u64, ()>) -> Result<u64, ()> {
        v
    }
    fn echo_result_err(v: Result<(), String>) -> Result<(), String> {
        v
    }
    fn echo_names(v: Vec<String>) -> Vec<String> {
        v
    }
    #[allow(
        clippy::too_many_arguments,
        reason = "the WIT function has sixteen parameters"
    )]
    fn many(
        a: u32,
        b: u32,
        c: u32,
        d: u32,
        e: u32,
        f: u32,
        g: u32,
        h: u32,
        i: u32,
        j: u32,
        k: u32,
        l: u32,
        m: u32,
        n: u32,
        o: u32,
        p: String,
    ) -> Vec<u32> {
        let mut v = vec![a, b, c, d, e, f, g, h, i, j, k, l, m, n, o];
        v.push(p.len() as u32);
        v
    }
    fn consume(v: Vec<String>) {
        COUNTER.with(|c| c.set(c.get() + v.len() as u64));
    }
    fn counter() -> u64 {
        COUNTER.with(Cell::get)
    }
}

impl bindings::Guest for Provider {
    fn greet(name: String) -> String {
        format!("hello, {name}!")
    }
}

bindings::export!(Provider with_types_in bindings);
