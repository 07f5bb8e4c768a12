//! Uses two resources that no linked crate exports, so both come from the
//! host: `blob` of interface `test:host/blobs` and `token`, declared in the
//! world. The code is the same as for a resource exported by a linked crate
//! (tests/guests/resource-runner); only the provider differs. The host
//! (tests/tests/host_resources.rs) keeps the handle table and checks what
//! crosses.

#[weld::shared_world(path = "wit", world = "host-user")]
mod bindings {}

use bindings::Token;
use bindings::test::host::blobs::{self, Blob};
use std::fmt::Write as _;

struct HostUser;

impl bindings::Guest for HostUser {
    fn run() -> String {
        let mut out = String::new();
        let a = Blob::new(b"hello");
        let b = Blob::new(b", world");
        let _ = writeln!(out, "handles {} {}", a.handle(), b.handle());
        a.append(&b);
        let _ = writeln!(out, "len {} {}", a.len(), b.len());
        drop(b);
        let c = Blob::new(b"!");
        let _ = writeln!(out, "total {}", blobs::total(vec![a, c]));
        let t = Token::new(7);
        let _ = writeln!(out, "token {} handle {}", t.id(), t.handle());
        out
    }
}

bindings::export!(HostUser with_types_in bindings);
