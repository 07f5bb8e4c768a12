//! The virtual timeline: one monotonic count of nanoseconds, which every
//! clock read advances by the tick, and the wall clock's anchor on it.

use core::cell::Cell;

/// 2026-01-01T00:00:00Z in seconds since the Unix epoch: the default wall
/// clock at monotonic instant 0.
pub const DEFAULT_WALL_SECONDS: u64 = 1_767_225_600;

/// The default tick: 1 µs.
pub const DEFAULT_TICK_NANOS: u64 = 1_000;

const NANOS_PER_SECOND: u64 = 1_000_000_000;

/// The clocks' state.
struct Timeline {
    /// The monotonic clock, in nanoseconds since the start.
    now: Cell<u64>,
    /// What each read adds to `now`.
    tick: Cell<u64>,
    /// The wall clock at monotonic instant `anchor`, in nanoseconds since
    /// the Unix epoch.
    wall: Cell<u128>,
    /// The monotonic instant at which the wall clock was `wall`.
    anchor: Cell<u64>,
}

// SAFETY: weld modules are single-threaded (wasm32-wasip1, SPEC.md section
// 5): no two threads ever reach `TIMELINE`.
unsafe impl Sync for Timeline {}

static TIMELINE: Timeline = Timeline {
    now: Cell::new(0),
    tick: Cell::new(DEFAULT_TICK_NANOS),
    wall: Cell::new(DEFAULT_WALL_SECONDS as u128 * NANOS_PER_SECOND as u128),
    anchor: Cell::new(0),
};

/// The monotonic instant, then advances the timeline by the tick: what a
/// clock read sees.
pub(crate) fn read() -> u64 {
    let now = TIMELINE.now.get();
    TIMELINE.now.set(now.saturating_add(TIMELINE.tick.get()));
    now
}

/// The wall clock at monotonic instant `at`, as seconds and nanoseconds
/// since the Unix epoch.
pub(crate) fn wall_at(at: u64) -> (u64, u32) {
    let elapsed = at.saturating_sub(TIMELINE.anchor.get());
    let nanos = TIMELINE.wall.get().saturating_add(u128::from(elapsed));
    split(nanos)
}

/// `nanos` as whole seconds (saturating) and the nanoseconds left.
fn split(nanos: u128) -> (u64, u32) {
    let per = u128::from(NANOS_PER_SECOND);
    let seconds = u64::try_from(nanos / per).unwrap_or(u64::MAX);
    // The remainder is below 10^9: it fits a u32.
    (seconds, (nanos % per) as u32)
}

/// The tick, at least 1: what the clocks report as their resolution.
pub(crate) fn resolution() -> u64 {
    TIMELINE.tick.get().max(1)
}

/// Sets the wall clock to `seconds` and `nanoseconds` since the Unix epoch
/// (UTC) now; it advances with the monotonic clock from here. Nanoseconds
/// of a second or more carry into the seconds. Default:
/// 2026-01-01T00:00:00Z at monotonic instant 0.
pub fn set_wall_clock(seconds: u64, nanoseconds: u32) {
    let nanos = u128::from(seconds) * u128::from(NANOS_PER_SECOND) + u128::from(nanoseconds);
    TIMELINE.wall.set(nanos);
    TIMELINE.anchor.set(TIMELINE.now.get());
}

/// Sets how far every read of either clock advances time, in nanoseconds
/// (default 1 µs). With 0, time moves only by [`advance`] and by waiting on
/// the clocks' pollables.
pub fn set_tick(nanos: u64) {
    TIMELINE.tick.set(nanos);
}

/// Moves time forward by `nanos` nanoseconds (saturating), for both clocks.
pub fn advance(nanos: u64) {
    TIMELINE.now.set(TIMELINE.now.get().saturating_add(nanos));
}

/// Moves time forward to monotonic instant `instant`, if it is later.
pub(crate) fn advance_to(instant: u64) {
    if TIMELINE.now.get() < instant {
        TIMELINE.now.set(instant);
    }
}

/// The monotonic clock in nanoseconds since the start, without advancing
/// it (the next `wasi:clocks/monotonic-clock.now` returns this).
pub fn monotonic_now() -> u64 {
    TIMELINE.now.get()
}

/// The wall clock as seconds and nanoseconds since the Unix epoch, without
/// advancing time (the next `wasi:clocks/wall-clock.now` returns this).
pub fn wall_now() -> (u64, u32) {
    wall_at(TIMELINE.now.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test: the timeline is a static (the host runs tests in threads).
    #[test]
    fn timeline() {
        assert_eq!(read(), 0);
        assert_eq!(read(), DEFAULT_TICK_NANOS);
        assert_eq!(
            wall_now(),
            (DEFAULT_WALL_SECONDS, 2 * DEFAULT_TICK_NANOS as u32)
        );
        set_tick(0);
        assert_eq!(resolution(), 1);
        let t = read();
        assert_eq!(read(), t);
        advance(5);
        advance_to(t); // earlier: no effect
        assert_eq!(monotonic_now(), t + 5);
        set_wall_clock(100, 2_500_000_000);
        assert_eq!(wall_now(), (102, 500_000_000));
        advance(600_000_000);
        assert_eq!(wall_now(), (103, 100_000_000));
        advance(u64::MAX);
        assert_eq!(monotonic_now(), u64::MAX);
        set_wall_clock(u64::MAX, 999_999_999);
        advance_to(u64::MAX);
        assert_eq!(wall_now(), (u64::MAX, 999_999_999));
        assert_eq!(split(u128::MAX).0, u64::MAX);
    }
}
