//! 64 MiB through a three-"crate" pipeline of two streams on one executor:
//! a producer writes 64 KiB buffers, a middle stage transforms each buffer
//! in place and forwards it, a consumer checks and drops them. Asserts
//! that no byte is copied (every read is a hand-over), that memory stays
//! bounded by a few buffers (backpressure) and that nothing is left live.

use crate::counting::{live, no_leak, peak, reset_peak};
use std::cell::Cell;
use std::rc::Rc;
use weld::task::executor::Executor;
use weld::task::stream::stream_new;

// Miri runs the same test on 64 buffers of 64 bytes.
const CHUNK: usize = if cfg!(miri) { 64 } else { 64 * 1024 };
const TOTAL: usize = if cfg!(miri) {
    64 * 64
} else {
    64 * 1024 * 1024
};

#[test]
fn sixty_four_mib_through_three_crates_copies_nothing() {
    no_leak(|| {
        let exec = Executor::new();
        let (mut a_out, mut b_in) = stream_new::<u8>();
        let (mut b_out, mut c_in) = stream_new::<u8>();
        let received = Rc::new(Cell::new(0usize));
        let checksum = Rc::new(Cell::new(0u64));
        let buffers_seen = Rc::new(Cell::new(0usize));
        let (r, sum, seen) = (received.clone(), checksum.clone(), buffers_seen.clone());
        let counters = Rc::new(Cell::new((0u64, 0u64, 0u64, 0u64)));
        let cnt = counters.clone();

        // Crate A: produces buffers of one byte value each.
        exec.spawn(async move {
            for i in 0..TOTAL / CHUNK {
                let buf = vec![i as u8; CHUNK];
                a_out.write(buf).await.expect("B is reading");
            }
        });
        // Crate B: reads whatever A hands over, adds 1 to every byte in
        // place, hands the same buffer on to C.
        exec.spawn(async move {
            while let Some(mut buf) = b_in.read(usize::MAX).await {
                for x in buf.iter_mut() {
                    *x = x.wrapping_add(1);
                }
                b_out.write(buf).await.expect("C is reading");
            }
            let (i, o) = (b_in.obj(), b_out.obj());
            cnt.set((
                i.moved_bytes(),
                i.copied_bytes(),
                o.moved_bytes(),
                o.copied_bytes(),
            ));
        });
        // Crate C: checks and drops.
        exec.spawn(async move {
            while let Some(buf) = c_in.read(usize::MAX).await {
                seen.set(seen.get() + 1);
                r.set(r.get() + buf.len());
                sum.set(sum.get() + buf.iter().map(|&b| u64::from(b)).sum::<u64>());
            }
        });

        let base = live().bytes;
        reset_peak();
        exec.run();
        let peak = peak() - base;

        assert_eq!(received.get(), TOTAL);
        assert_eq!(
            buffers_seen.get(),
            TOTAL / CHUNK,
            "every read took a whole buffer"
        );
        let expected: u64 = (0..TOTAL / CHUNK)
            .map(|i| u64::from((i as u8).wrapping_add(1)) * CHUNK as u64)
            .sum();
        assert_eq!(checksum.get(), expected);
        let (a_moved, a_copied, b_moved, b_copied) = counters.get();
        assert_eq!((a_copied, b_copied), (0, 0), "bytes copied by the streams");
        assert_eq!((a_moved, b_moved), (TOTAL as u64, TOTAL as u64));
        // Backpressure: at most a few buffers are alive at once (A's next
        // one, the one in the first stream, the one in the second), never
        // the whole 64 MiB.
        assert!(peak <= 4 * CHUNK as isize, "peak live bytes {peak}");
        assert_eq!(exec.live_tasks(), 0);
    });
}
