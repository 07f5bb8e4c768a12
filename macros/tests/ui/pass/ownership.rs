// `ownership: Borrowing { .. }`: an imported function borrows every level
// of its parameters, as with wit-bindgen: a record only passed to imports
// is defined with `&str` and `&[T]` fields, one also returned gets two
// definitions (`<T>Param<'a>`, `<T>Result`) with `duplicate_if_necessary`.

mod duplicates {
    weld::generate!({
        inline: "
            package ui:owning;
            interface store {
                record query { text: string, tags: list<string> }
                record entry { key: string, values: list<u32> }
                search: func(q: query, extra: option<list<string>>) -> list<entry>;
                put: func(e: entry) -> option<entry>;
            }
            world app { import store; }
        ",
        world: "app",
        ownership: Borrowing { duplicate_if_necessary: true },
    });

    pub fn use_it() -> Option<u32> {
        use ui::owning::store::{self, EntryParam, EntryResult, Query};
        let q = Query { text: "q", tags: &["a", "b"] };
        let found: Vec<EntryResult> = store::search(q, Some(&["c"]));
        let e = EntryParam { key: "k", values: &[1, 2] };
        let back: Option<EntryResult> = store::put(e);
        back.and_then(|e| e.values.first().copied()).or(found.len().try_into().ok())
    }
}

mod single {
    weld::generate!({
        inline: "
            package ui:owning;
            interface store {
                record query { text: string, tags: list<string> }
                record entry { key: string, values: list<u32> }
                search: func(q: query, extra: option<list<string>>) -> list<entry>;
                put: func(e: entry) -> option<entry>;
            }
            world app { import store; }
        ",
        world: "app",
        ownership: Borrowing { duplicate_if_necessary: false },
    });

    pub fn use_it() -> Option<u32> {
        use ui::owning::store::{self, Entry, Query};
        let q = Query { text: "q", tags: &["a"] };
        let found: Vec<Entry> = store::search(q, None);
        // Used both ways, one owned definition: borrowed whole.
        let e = Entry { key: String::from("k"), values: vec![1] };
        store::put(&e).map(|e| e.values.len() as u32).or(found.len().try_into().ok())
    }
}

fn main() {
    let _ = (duplicates::use_it, single::use_it);
}
