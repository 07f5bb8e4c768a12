//! What one `run` of the pipeline reports, read from its string and
//! checked against what the producer wrote and the transformer did.

use weld_harness::wasmtime::{Result, format_err};

/// One `run(total, chunk)`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Bytes the consumer received.
    pub bytes: u64,
    /// Reads of the consumer that returned bytes.
    pub buffers: u64,
    /// The sum of the bytes the consumer received.
    pub checksum: u64,
    /// Bytes the transformer received.
    pub transformer_bytes: u64,
    /// Of those, bytes found in the buffer the transformer's read offered
    /// (copied into it).
    pub transformer_landed: u64,
    /// Bytes found in the buffer the consumer's read offered.
    pub consumer_landed: u64,
    /// weld's runtime counter of bytes its streams copied (`None`
    /// shared-nothing).
    pub runtime_copied: Option<u64>,
}

impl Outcome {
    /// Reads `bytes=.. buffers=.. checksum=.. transformer-bytes=..
    /// transformer-landed=.. consumer-landed=.. runtime-copied=..`.
    pub fn parse(s: &str) -> Result<Outcome> {
        let field = |key: &str| -> Result<&str> {
            s.split_whitespace()
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .ok_or_else(|| format_err!("`{key}` missing from the pipeline's report {s:?}"))
        };
        let number = |key: &str| -> Result<u64> {
            field(key)?
                .parse()
                .map_err(|e| format_err!("`{key}` in {s:?}: {e}"))
        };
        Ok(Outcome {
            bytes: number("bytes")?,
            buffers: number("buffers")?,
            checksum: number("checksum")?,
            transformer_bytes: number("transformer-bytes")?,
            transformer_landed: number("transformer-landed")?,
            consumer_landed: number("consumer-landed")?,
            runtime_copied: match field("runtime-copied")? {
                "-" => None,
                _ => Some(number("runtime-copied")?),
            },
        })
    }

    /// An error unless every byte arrived, in buffers of `chunk`, through
    /// both stages; with `touch`, each changed once by the transformer and
    /// summed by the consumer (without, the checksum is 0).
    pub fn check(&self, total: u64, chunk: u32, touch: bool) -> Result<()> {
        let chunk = u64::from(chunk);
        let sum = if touch { checksum(total, chunk) } else { 0 };
        let want = (total, total.div_ceil(chunk), sum, total);
        let got = (
            self.bytes,
            self.buffers,
            self.checksum,
            self.transformer_bytes,
        );
        if got == want {
            Ok(())
        } else {
            Err(format_err!(
                "the pipeline over {total} bytes in buffers of {chunk} reported \
                 (bytes, buffers, checksum, transformer bytes) {got:?}, expected {want:?}"
            ))
        }
    }
}

/// The consumer's checksum over `total` bytes in buffers of `chunk`:
/// buffer `k` holds `k mod 256` from the producer, plus 1 from the
/// transformer.
pub fn checksum(total: u64, chunk: u64) -> u64 {
    (0..total.div_ceil(chunk))
        .map(|k| {
            let n = chunk.min(total - k * chunk);
            n * ((k + 1) % 256)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "bytes=10 buffers=3 checksum=18 transformer-bytes=10 \
                          transformer-landed=10 consumer-landed=4 runtime-copied=-";

    #[test]
    fn a_report_is_read_field_by_field() {
        let o = Outcome::parse(REPORT).unwrap();
        assert_eq!(
            o,
            Outcome {
                bytes: 10,
                buffers: 3,
                checksum: 18,
                transformer_bytes: 10,
                transformer_landed: 10,
                consumer_landed: 4,
                runtime_copied: None,
            }
        );
        let weld = REPORT.replace("runtime-copied=-", "runtime-copied=0");
        assert_eq!(Outcome::parse(&weld).unwrap().runtime_copied, Some(0));
        let e = Outcome::parse("bytes=1").unwrap_err().to_string();
        assert!(e.contains("`buffers` missing"), "{e}");
        let e = Outcome::parse(&REPORT.replace("bytes=10", "bytes=x"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`bytes` in"), "{e}");
    }

    #[test]
    fn the_checksum_counts_each_buffer_plus_one() {
        // Buffers of 4, 4, 2 bytes holding 1, 2, 3 after the transformer.
        assert_eq!(checksum(10, 4), 4 + 8 + 6);
        // Buffer 255 wraps to 0.
        assert_eq!(checksum(257, 1), (1..=255).sum::<u64>() + 1);
    }

    #[test]
    fn a_report_is_checked_against_what_was_sent() {
        let o = Outcome::parse(REPORT).unwrap();
        o.check(10, 4, true).unwrap();
        let e = o.check(10, 5, true).unwrap_err().to_string();
        assert!(e.contains("expected (10, 2, 15, 10)"), "{e}");
        let e = o.check(10, 4, false).unwrap_err().to_string();
        assert!(e.contains("expected (10, 3, 0, 10)"), "{e}");
        let untouched = Outcome { checksum: 0, ..o };
        untouched.check(10, 4, false).unwrap();
    }
}
