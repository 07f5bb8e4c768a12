//! Property test of the stream object: random sequences of writes, partial
//! and whole reads, polls, cancellations and early drops of either end,
//! checked step by step against a model (the values a write has not had
//! read yet, in order), with `String` elements so that every value owns a
//! buffer; nothing may be left live afterwards.

use crate::counting::no_leak;
use crate::counting_waker;
use proptest::prelude::*;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use weld::task::stream::{StreamReader, StreamWrite, StreamWriter, stream_new};

#[derive(Clone, Debug)]
enum Op {
    Write(usize),
    PollWrite,
    CancelWrite,
    Read(usize),
    DropReader,
    DropWriter,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..5).prop_map(Op::Write),
        2 => Just(Op::PollWrite),
        1 => Just(Op::CancelWrite),
        4 => (0usize..6).prop_map(Op::Read),
        1 => Just(Op::DropReader),
        1 => Just(Op::DropWriter),
    ]
}

/// The writer lives in a box the pending write borrows from; both are
/// dropped (write first) at the end.
struct Run {
    writer: Option<*mut StreamWriter<String>>,
    write: Option<StreamWrite<'static, String>>,
    reader: Option<StreamReader<String>>,
    /// Values of the pending write that the reader has not read, in order.
    unread: VecDeque<String>,
    next: u32,
}

impl Run {
    fn step(&mut self, op: Op, cx: &mut Context<'_>) {
        match op {
            Op::Write(n) => {
                let Some(w) = self.writer else { return };
                if self.write.is_some() {
                    return;
                }
                let values: Vec<String> = (0..n)
                    .map(|_| {
                        self.next += 1;
                        format!("v{}", self.next)
                    })
                    .collect();
                if self.reader.is_some() {
                    self.unread.extend(values.iter().cloned());
                }
                // SAFETY: the box lives until the end of the run, and no
                // other write borrows it (`self.write` is empty).
                self.write = Some(unsafe { &mut *w }.write(values.clone()));
                if self.reader.is_none() {
                    let r = Pin::new(self.write.as_mut().unwrap()).poll(cx);
                    assert_eq!(
                        r,
                        Poll::Ready(Err(values)),
                        "no reader: everything comes back"
                    );
                    self.write = None;
                }
            }
            Op::PollWrite => {
                let Some(write) = self.write.as_mut() else {
                    return;
                };
                match Pin::new(write).poll(cx) {
                    Poll::Ready(Ok(_)) => assert!(self.unread.is_empty()),
                    Poll::Ready(Err(rest)) => {
                        assert!(self.reader.is_none());
                        assert_eq!(rest, Vec::from(std::mem::take(&mut self.unread)));
                    }
                    Poll::Pending => assert!(self.reader.is_some() && !self.unread.is_empty()),
                }
                if self.unread.is_empty() || self.reader.is_none() {
                    self.write = None;
                }
            }
            Op::CancelWrite => {
                if let Some(write) = self.write.take() {
                    let rest = write.cancel();
                    assert_eq!(rest, Vec::from(std::mem::take(&mut self.unread)));
                }
            }
            Op::Read(max) => {
                let Some(reader) = self.reader.as_mut() else {
                    return;
                };
                match Pin::new(&mut reader.read(max)).poll(cx) {
                    Poll::Ready(Some(v)) => {
                        let n = max.min(self.unread.len());
                        let want: Vec<String> = self.unread.drain(..n).collect();
                        assert_eq!(v, want);
                    }
                    Poll::Ready(None) => {
                        assert!(self.writer.is_none() && self.unread.is_empty() && max > 0)
                    }
                    Poll::Pending => assert!(self.unread.is_empty() && self.writer.is_some()),
                }
            }
            Op::DropReader => {
                self.reader = None;
            }
            Op::DropWriter => {
                if self.write.is_none()
                    && let Some(w) = self.writer.take()
                {
                    // SAFETY: from `Box::into_raw`; no write borrows it.
                    drop(unsafe { Box::from_raw(w) });
                }
            }
        }
    }

    fn finish(&mut self) {
        self.write = None;
        if let Some(w) = self.writer.take() {
            // SAFETY: from `Box::into_raw`; the write was dropped above.
            drop(unsafe { Box::from_raw(w) });
        }
        self.reader = None;
    }
}

/// 512 cases; under Miri 8, without the regression file (Miri isolates
/// the file system).
fn config() -> ProptestConfig {
    if cfg!(miri) {
        ProptestConfig {
            cases: 8,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    } else {
        ProptestConfig::with_cases(512)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn streams_follow_the_model_and_free_everything(ops in prop::collection::vec(op(), 1..60)) {
        no_leak(|| {
            let (w, r) = stream_new::<String>();
            let mut run = Run {
                writer: Some(Box::into_raw(Box::new(w))),
                write: None,
                reader: Some(r),
                unread: VecDeque::new(),
                next: 0,
            };
            let (_, waker) = counting_waker();
            let mut cx = Context::from_waker(&waker);
            for op in ops.iter().cloned() {
                run.step(op, &mut cx);
            }
            run.finish();
        });
    }
}
