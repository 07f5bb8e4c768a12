//! Exports `errs` (tests/guests/errctx-wit): error-contexts received lent
//! (synchronous parameters), kept, returned, moved through an async call,
//! a future and a stream; and `blocking`, an async function implemented as
//! a plain `fn` with wit-bindgen's `sync` option.

#[weld::shared_world(
    path = "../errctx-wit",
    world = "provider",
    sync = ["export:test:errctx/errs@0.1.0#blocking"]
)]
mod bindings {}

use bindings::exports::test::errctx::errs::{Failure, Guest, Outcome};
use bindings::{wit_future, wit_stream};
use std::cell::RefCell;
use weld::rt::{ErrorContext, FutureReader, StreamReader, spawn, yield_async};

thread_local! {
    static KEPT: RefCell<Vec<ErrorContext>> = const { RefCell::new(Vec::new()) };
}

struct Errs;

impl Guest for Errs {
    fn make(message: String) -> ErrorContext {
        ErrorContext::new(message)
    }

    fn describe(e: ErrorContext) -> (String, u32) {
        (e.debug_message(), e.refs())
    }

    fn keep(e: ErrorContext) {
        KEPT.with(|k| k.borrow_mut().push(e));
    }

    fn release() -> u32 {
        KEPT.with(|k| k.borrow_mut().drain(..).count() as u32)
    }

    fn check(n: u32) -> Result<u32, ErrorContext> {
        if n.is_multiple_of(2) {
            Ok(n)
        } else {
            Err(ErrorContext::new(format!("odd: {n}")))
        }
    }

    fn echo(e: Option<ErrorContext>) -> Option<ErrorContext> {
        e
    }

    fn reverse(mut es: Vec<ErrorContext>) -> Vec<ErrorContext> {
        es.reverse();
        es
    }

    fn wrap(f: Failure, o: Outcome) -> Failure {
        let context = match o {
            Outcome::Failed(e) => e,
            Outcome::Done(n) => ErrorContext::new(format!("done {n}")),
        };
        Failure {
            code: f.code + 1,
            context,
        }
    }

    async fn check_later(n: u32, e: ErrorContext) -> Result<u32, ErrorContext> {
        yield_async().await;
        if n.is_multiple_of(2) { Ok(n) } else { Err(e) }
    }

    fn later(message: String) -> FutureReader<ErrorContext> {
        let (w, r) = wit_future::new(|| ErrorContext::new("never written"));
        spawn(async move {
            yield_async().await;
            let _ = w.write(ErrorContext::new(message)).await;
        });
        r
    }

    fn number(mut input: StreamReader<ErrorContext>) -> StreamReader<Failure> {
        let (mut w, r) = wit_stream::new();
        spawn(async move {
            let mut code = 0;
            while let Some(context) = input.next().await {
                if w.write_one(Failure { code, context }).await.is_some() {
                    break;
                }
                code += 1;
            }
        });
        r
    }

    fn blocking(x: u32, label: String) -> String {
        format!("{label}={}", x * 3)
    }

    async fn sleepy(s: String, yields: u32) -> String {
        for _ in 0..yields {
            yield_async().await;
        }
        format!("{s} after {yields}")
    }
}

bindings::export!(Errs with_types_in bindings);
