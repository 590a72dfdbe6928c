//! The hash for tables of words.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: words are short and come from articles or the fixed stop word
/// list, not from an attacker choosing collisions (the stem cache starts
/// over when full anyway), so the standard library's slower DoS-resistant
/// hash buys nothing here.
pub(crate) type Fnv = BuildHasherDefault<FnvHasher>;

pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
