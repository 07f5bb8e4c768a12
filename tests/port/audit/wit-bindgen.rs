//! Exports `port:test/audit`, whose functions receive borrows of
//! `port:test/accounts.account`, a resource this crate imports, inside
//! variants, options, results and records.

wit_bindgen::generate!({
    path: "../wit",
    world: "audit-provider",
});

use exports::port::test::audit::{Guest, Guest_, Pair, Target};
use port::test::accounts::Account;

struct Component;

fn describe(a: &Account) -> String {
    format!("{} ({})", a.owner(), a.balance())
}

impl Guest for Component {
    fn total(t: Target<'_>) -> u64 {
        match t {
            Target::One(a) => a.balance(),
            Target::Two((a, b)) => a.balance() + b.balance(),
            Target::Nobody => 0,
        }
    }

    fn owner_or(a: Option<&Account>, default: String) -> String {
        a.map(describe).unwrap_or(default)
    }

    fn richer(p: Pair<'_>) -> String {
        if p.first.balance() >= p.second.balance() {
            describe(p.first)
        } else {
            describe(p.second)
        }
    }

    fn checked(r: Result<&Account, u32>) -> Result<u64, u32> {
        r.map(Account::balance)
    }

    fn nested(o: Option<(&Account, &Account)>) -> u64 {
        o.map_or(0, |(a, b)| a.balance() * b.balance())
    }

    fn welcome(g: Guest_) -> Guest_ {
        Guest_ {
            name: format!("welcome, {}", g.name),
            visits: g.visits + 1,
        }
    }
}

export!(Component);
