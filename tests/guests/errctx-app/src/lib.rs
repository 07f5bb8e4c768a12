//! The root crate of the error-context round trips: synchronous exports
//! calling the provider's `errs` functions (tests/guests/errctx-wit).
//! Every check reads messages on the other side and counts references;
//! `blocking` and `sleepy` are called through the `sync` option's blocking
//! bindings; the stream and future operations are cancelled with
//! wit-bindgen's `cancel()`.

#[weld::shared_world(
    path = "../errctx-wit",
    world = "app",
    sync = [
        "import:test:errctx/errs@0.1.0#blocking",
        "import:test:errctx/errs@0.1.0#sleepy"
    ]
)]
mod bindings {}

use bindings::test::errctx::errs::{self, Failure, Outcome};
use bindings::{wit_future, wit_stream};
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use weld::rt::{ErrorContext, FutureWriteCancel, StreamResult, block_on, spawn};
use weld_test_errctx_provider as _;

struct App;

type Check = fn() -> Result<(), String>;

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.to_string()) }
}

/// Polls `f` once with a waker that does nothing: `true` if it is pending.
fn pending_once<F: Future + ?Sized>(f: Pin<&mut F>) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    f.poll(&mut cx).is_pending()
}

const MESSAGE: &str = "disk fül: /var/lög ✓";

const CHECKS: &[(&str, Check)] = &[
    ("a result moves one reference", || {
        let e = errs::make(MESSAGE);
        ensure(e.refs() == 1, &format!("refs {}", e.refs()))?;
        ensure(e.debug_message() == MESSAGE, &e.debug_message())?;
        ensure(e.to_string() == MESSAGE, "Display")
    }),
    ("a parameter is lent: the callee reads the message", || {
        let e = ErrorContext::new(String::from(MESSAGE));
        let (message, refs) = errs::describe(e.clone());
        ensure(message == MESSAGE, &message)?;
        // The app's two references (one lent) and the callee's own.
        ensure(refs == 3, &format!("the callee saw {refs} references"))?;
        ensure(e.refs() == 1, &format!("refs after the call {}", e.refs()))
    }),
    ("a callee keeps a reference until it drops it", || {
        let e = errs::make("kept");
        errs::keep(e.clone());
        ensure(e.refs() == 2, &format!("refs while kept {}", e.refs()))?;
        ensure(errs::release() == 1, "release")?;
        ensure(e.refs() == 1, &format!("refs after release {}", e.refs()))
    }),
    ("in a result", || {
        ensure(errs::check(4).ok() == Some(4), "check(4)")?;
        match errs::check(3) {
            Err(e) => ensure(
                e.debug_message() == "odd: 3" && e.refs() == 1,
                &format!("{e:?} refs {}", e.refs()),
            ),
            Ok(n) => Err(format!("check(3) = Ok({n})")),
        }
    }),
    ("in an option: the same error-context comes back", || {
        let e = errs::make("echo");
        let back = errs::echo(Some(e.clone())).ok_or("none back")?;
        ensure(back == e && e.refs() == 2, &format!("refs {}", e.refs()))?;
        drop(back);
        ensure(e.refs() == 1, "refs after the drop")?;
        ensure(errs::echo(None).is_none(), "echo(none)")
    }),
    ("in a list", || {
        let es: Vec<ErrorContext> = (0..3).map(|i| errs::make(&format!("#{i}"))).collect();
        let back = errs::reverse(&es);
        let names: Vec<String> = back.iter().map(|e| e.debug_message()).collect();
        ensure(names == ["#2", "#1", "#0"], &format!("{names:?}"))?;
        ensure(
            back[0] == es[2] && es.iter().all(|e| e.refs() == 2),
            "identity",
        )?;
        ensure(errs::reverse(&[]).is_empty(), "empty list")
    }),
    ("in a record and a variant", || {
        let (a, b) = (errs::make("a"), errs::make("b"));
        let f = Failure {
            code: 1,
            context: a.clone(),
        };
        let got = errs::wrap(f, Outcome::Failed(b.clone()));
        ensure(got.code == 2 && got.context == b, "failed(b)")?;
        ensure((a.refs(), b.refs()) == (1, 2), "refs")?;
        let done = errs::wrap(
            Failure {
                code: 7,
                context: a.clone(),
            },
            Outcome::Done(5),
        );
        ensure(
            done.code == 8 && done.context.debug_message() == "done 5",
            "done(5)",
        )
    }),
    ("an async call moves them both ways", || {
        let e = errs::make("later");
        let mut call = Box::pin(errs::check_later(3, e.clone()));
        ensure(pending_once(call.as_mut()), "check-later returned at once")?;
        let back = block_on(call).err().ok_or("ok for an odd n")?;
        ensure(back == e && e.refs() == 2, "the same error-context back")?;
        drop(back);
        ensure(
            block_on(errs::check_later(2, e.clone())).ok() == Some(2),
            "even",
        )?;
        ensure(e.refs() == 1, &format!("refs after the calls {}", e.refs()))
    }),
    ("future<error-context> written by another crate", || {
        let e = block_on(errs::later("from a future").into_future());
        ensure(
            e.debug_message() == "from a future" && e.refs() == 1,
            &format!("{e:?}"),
        )
    }),
    ("stream<error-context> in, stream<record> out", || {
        let sent: Vec<ErrorContext> = (0..5).map(|i| errs::make(&format!("s{i}"))).collect();
        let (mut w, r) = wit_stream::new::<ErrorContext>();
        let copies = sent.clone();
        spawn(async move {
            let rest = w.write_all(copies).await;
            assert!(rest.is_empty(), "the provider read every value");
        });
        let got = block_on(errs::number(r).collect());
        let ok = got.len() == 5
            && got
                .iter()
                .zip(&sent)
                .enumerate()
                .all(|(i, (f, e))| f.code == i as u32 && f.context == *e);
        ensure(ok, &format!("{got:?}"))?;
        drop(got);
        ensure(sent.iter().all(|e| e.refs() == 1), "refs after the stream")
    }),
    (
        "sync option: a plain fn export called through a blocking import",
        || {
            let got = errs::blocking(7, "x");
            ensure(got == "x=21", &got)
        },
    ),
    (
        "sync option: a blocking import of a pending async function",
        || {
            let got = errs::sleepy("zz", 3);
            ensure(got == "zz after 3", &got)
        },
    ),
    ("StreamWrite::cancel gives the unread values back", || {
        let (mut w, r) = wit_stream::new::<u32>();
        let mut write = w.write(vec![1, 2, 3]);
        ensure(pending_once(Pin::new(&mut write)), "the write completed")?;
        let (result, rest) = Pin::new(&mut write).cancel();
        ensure(result == StreamResult::Cancelled, &format!("{result:?}"))?;
        ensure(rest.remaining() == 3, "remaining")?;
        ensure(rest.into_vec() == [1, 2, 3], "values")?;
        drop(write);
        // The writer may write again; the reader gets that buffer.
        let mut r = r;
        let (result, rest) = block_on(async {
            let pending = w.write(vec![4]);
            let read = r.read(Vec::with_capacity(4));
            let (read, write) = join(read, pending).await;
            (read, write)
        });
        ensure(
            result == (StreamResult::Complete(1), vec![4]),
            &format!("{result:?}"),
        )?;
        ensure(
            rest.0 == StreamResult::Complete(1) && rest.1.remaining() == 0,
            "write",
        )
    }),
    ("StreamRead::cancel gives the buffer back", || {
        let (w, mut r) = wit_stream::new::<u32>();
        let mut buf = Vec::with_capacity(8);
        buf.push(9);
        let mut read = r.read(buf);
        ensure(pending_once(Pin::new(&mut read)), "the read completed")?;
        let (result, buf) = Pin::new(&mut read).cancel();
        drop(w);
        ensure(
            result == StreamResult::Cancelled && buf == [9],
            "cancelled read",
        )
    }),
    (
        "FutureWrite::cancel takes the value back with the writer",
        || {
            let (w, r) = wit_future::new::<ErrorContext>(|| ErrorContext::new("default"));
            let e = errs::make("written");
            let mut write = w.write(e.clone());
            ensure(pending_once(Pin::new(&mut write)), "the write completed")?;
            let FutureWriteCancel::Cancelled(v, w) = Pin::new(&mut write).cancel() else {
                return Err("not cancelled".into());
            };
            ensure(v == e && e.refs() == 2, "the value came back")?;
            drop((v, w));
            // The writer dropped unwritten writes its default.
            let got = block_on(r.into_future());
            ensure(got.debug_message() == "default" && e.refs() == 1, "default")
        },
    ),
    ("FutureRead::cancel gives the reader back", || {
        let mut read = errs::later("read later").into_future();
        ensure(pending_once(Pin::new(&mut read)), "the read completed")?;
        let reader = Pin::new(&mut read)
            .cancel()
            .err()
            .ok_or("a value at once")?;
        let e = block_on(reader.into_future());
        ensure(e.debug_message() == "read later", &format!("{e:?}"))
    }),
];

/// Both futures to completion, polled in turn.
async fn join<A: Future + Unpin, B: Future + Unpin>(mut a: A, mut b: B) -> (A::Output, B::Output) {
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = Pin::new(&mut a).poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = Pin::new(&mut b).poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

impl bindings::Guest for App {
    fn run_checks() -> String {
        let mut report = String::new();
        for (name, check) in CHECKS {
            match check() {
                Ok(()) => report.push_str(&format!("ok {name}\n")),
                Err(why) => report.push_str(&format!("FAIL {name}: {why}\n")),
            }
        }
        report
    }

    fn churn(n: u32) -> u32 {
        let mut ok = 0;
        for _ in 0..n {
            if CHECKS.iter().all(|(_, check)| check().is_ok()) {
                ok += 1;
            }
        }
        ok
    }
}

bindings::export!(App with_types_in bindings);
