//! The hash of structural type descriptions recorded in metadata.
//!
//! The generator builds the descriptions; this module only hashes them.

/// FNV-1a 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of a structural type description (UTF-8 bytes, in order).
///
/// Stable across platforms and weld versions of the same ABI version: the
/// linker compares hashes produced by different builds.
pub fn type_hash(description: &str) -> u64 {
    description.bytes().fold(FNV_OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::type_hash;

    #[test]
    fn reference_vectors() {
        // Test vectors of the FNV reference implementation.
        assert_eq!(type_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(type_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(type_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn sensitive_to_every_byte() {
        assert_ne!(type_hash("record{a:u8}"), type_hash("record{b:u8}"));
        assert_ne!(type_hash("ab"), type_hash("ba"));
    }
}
