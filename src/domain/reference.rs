//! Report reference numbers, like `ASB-7KQ4-M2XD`.
//!
//! A reference is what a resident quotes on the phone, so it is short, uses no characters that
//! look or sound alike (no 0/O, 1/I/L), and reads aloud in two groups of four. It also helps open
//! the status page, so it must be unguessable: the eight symbols come from caller-supplied random
//! bytes (the server uses the OS generator; the domain has no randomness so it runs anywhere).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The 31 symbols a reference may use: digits 2–9 and letters without I, L or O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Symbols after the prefix: 31^8 ≈ 8.5 × 10^11 values, about 39.6 bits.
pub const CODE_LEN: usize = 8;

/// A reference in canonical form: `PREFIX-XXXX-XXXX`, upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

/// Text that is not a reference, for deserialising untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("not a valid reference")]
pub struct InvalidReference;

impl Reference {
    /// Builds a reference from eight random bytes. `prefix` is upper-case ASCII letters
    /// (e.g. "ASB", "CR").
    ///
    /// The bytes are read as one u64 and written in base 31. Because 2^64 is not a multiple of
    /// 31^8, some codes are reachable one more way than others: each code has probability
    /// within 1 part in 2 × 10^7 of uniform, far too small to help anyone guess. (Taking each
    /// byte mod 31 instead would make 8 of the symbols 12% more likely.)
    pub fn from_random_bytes(prefix: &str, bytes: [u8; 8]) -> Self {
        debug_assert!(
            is_prefix(prefix),
            "reference prefix must be A-Z: {prefix:?}"
        );
        let mut n = u64::from_le_bytes(bytes);
        let mut code = [0u8; CODE_LEN];
        for symbol in &mut code {
            *symbol = ALPHABET[(n % 31) as usize];
            n /= 31;
        }
        Self(format_reference(prefix, &code))
    }

    /// Reads a reference however it was typed: any case, with or without hyphens or spaces
    /// ("asb 7kq4 m2xd", "ASB7KQ4M2XD"). Returns `None` for anything else, including
    /// look-alike characters (0, O, 1, I, L), which no reference contains.
    pub fn parse(raw: &str) -> Option<Self> {
        let upper = raw.trim().to_ascii_uppercase();
        let is_separator = |c: char| c == '-' || c.is_ascii_whitespace();
        let compact = |s: &str| s.chars().filter(|c| !is_separator(*c)).collect::<String>();
        // Prefix letters are also code symbols, so where the person typed a separator after
        // the prefix, trust it: "ASB-7KQ4-M2X" is a reference missing a symbol, not "AS-B7KQ…".
        // Without one, the code is the last eight symbols and the rest is the prefix.
        let (prefix, code) = match upper.split_once(is_separator) {
            Some((prefix, rest)) if is_prefix(prefix) => (prefix.to_owned(), compact(rest)),
            _ => {
                let all = compact(&upper);
                let split = all.len().checked_sub(CODE_LEN)?;
                let (prefix, code) = all.split_at_checked(split)?;
                (prefix.to_owned(), code.to_owned())
            }
        };
        let code_ok = code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b));
        if !is_prefix(&prefix) || !code_ok {
            return None;
        }
        Some(Self(format_reference(&prefix, code.as_bytes())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The letters before the first hyphen ("ASB").
    pub fn prefix(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }

    /// The reference spelled out for reading aloud or for screen readers, one symbol at a time
    /// with a pause between groups: "A S B, 7 K Q 4, M 2 X D".
    pub fn spoken(&self) -> String {
        self.0
            .split('-')
            .map(|group| {
                group
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn is_prefix(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn format_reference(prefix: &str, code: &[u8]) -> String {
    let (first, second) = code.split_at(CODE_LEN / 2);
    // Both halves are drawn from ALPHABET, which is ASCII.
    let text = |half: &[u8]| half.iter().map(|&b| char::from(b)).collect::<String>();
    format!("{prefix}-{}-{}", text(first), text(second))
}

impl TryFrom<String> for Reference {
    type Error = InvalidReference;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or(InvalidReference)
    }
}

impl From<Reference> for String {
    fn from(value: Reference) -> Self {
        value.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// SplitMix64: a tiny deterministic generator, so the statistical tests never flake.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next_bytes(&mut self) -> [u8; 8] {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)).to_le_bytes()
        }
    }

    fn assert_well_formed(reference: &Reference, prefix: &str) {
        let s = reference.as_str();
        let (p, rest) = s.split_once('-').expect("has a hyphen");
        assert_eq!(p, prefix);
        let groups: Vec<_> = rest.split('-').collect();
        assert_eq!(groups.len(), 2, "{s}");
        for group in groups {
            assert_eq!(group.len(), 4, "{s}");
            assert!(group.bytes().all(|b| ALPHABET.contains(&b)), "{s}");
        }
    }

    #[test]
    fn alphabet_has_no_lookalikes() {
        assert_eq!(ALPHABET.len(), 31);
        for c in b"01ILO" {
            assert!(!ALPHABET.contains(c), "{}", char::from(*c));
        }
        let unique: HashSet<_> = ALPHABET.iter().collect();
        assert_eq!(unique.len(), ALPHABET.len());
    }

    #[test]
    fn known_bytes_give_known_references() {
        let cases: &[(&str, [u8; 8], &str)] = &[
            ("ASB", [0; 8], "ASB-2222-2222"),
            ("ASB", 1u64.to_le_bytes(), "ASB-3222-2222"),
            ("ASB", 31u64.to_le_bytes(), "ASB-2322-2222"),
            ("CR", 30u64.to_le_bytes(), "CR-Z222-2222"),
        ];
        for (prefix, bytes, expected) in cases {
            assert_eq!(
                Reference::from_random_bytes(prefix, *bytes).as_str(),
                *expected
            );
        }
    }

    #[test]
    fn parse_accepts_how_people_type_it() {
        let cases: &[(&str, Option<&str>)] = &[
            ("ASB-7KQ4-M2XD", Some("ASB-7KQ4-M2XD")),
            ("asb-7kq4-m2xd", Some("ASB-7KQ4-M2XD")),
            ("ASB7KQ4M2XD", Some("ASB-7KQ4-M2XD")),
            ("  asb 7kq4 m2xd ", Some("ASB-7KQ4-M2XD")),
            ("ASB - 7KQ4 - M2XD", Some("ASB-7KQ4-M2XD")),
            ("cr-7kq4-m2xd", Some("CR-7KQ4-M2XD")),
            ("ASB-7KQ4-M2X", None),
            ("ASB7KQ4-M2XD", Some("ASB-7KQ4-M2XD")),
            ("ASB-7KQ4M2XD", Some("ASB-7KQ4-M2XD")),
            ("ASB-7KQ4-M2XDD", None),
            ("ASB-7KQ0-M2XD", None),
            ("ASB-7KQO-M2XD", None),
            ("ASB-7KQ1-M2XD", None),
            ("7KQ4-M2XD", None),
            ("AS1-7KQ4-M2XD", None),
            ("ASB-7KQ4-M2XÉ", None),
            ("", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                Reference::parse(raw).as_ref().map(Reference::as_str),
                *expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn spoken_form_groups_symbols() {
        let reference = Reference::parse("ASB-7KQ4-M2XD").unwrap();
        assert_eq!(reference.spoken(), "A S B, 7 K Q 4, M 2 X D");
        assert_eq!(reference.prefix(), "ASB");
    }

    #[test]
    fn deserialising_validates() {
        let ok: Reference = serde_json::from_str("\"asb7kq4m2xd\"").unwrap();
        assert_eq!(ok.as_str(), "ASB-7KQ4-M2XD");
        assert!(serde_json::from_str::<Reference>("\"ASB-0000-0000\"").is_err());
    }

    #[test]
    fn many_references_collide_no_more_than_birthday_bound() {
        const N: usize = 100_000;
        let mut rng = SplitMix64(2024);
        let mut seen = HashSet::with_capacity(N);
        let mut collisions = 0;
        let mut symbol_counts = [0usize; 31];
        for _ in 0..N {
            let reference = Reference::from_random_bytes("ASB", rng.next_bytes());
            for b in reference.as_str().bytes().skip(4).filter(|b| *b != b'-') {
                let index = ALPHABET.iter().position(|a| *a == b).unwrap();
                symbol_counts[index] += 1;
            }
            if !seen.insert(reference) {
                collisions += 1;
            }
        }
        // Expected collisions: N² / (2 × 31^8) ≈ 0.006, so even two would be remarkable.
        assert!(collisions <= 1, "{collisions} collisions");
        // Each symbol should appear about N × 8 / 31 ≈ 25,806 times; 3% is many standard
        // deviations (≈ 0.6%) wide, so this catches a biased mapping, not noise.
        let expected = (N * CODE_LEN) as f64 / 31.0;
        for (i, count) in symbol_counts.iter().enumerate() {
            let deviation = (*count as f64 - expected).abs() / expected;
            assert!(
                deviation < 0.03,
                "symbol {} count {count}",
                char::from(ALPHABET[i])
            );
        }
    }

    proptest! {
        #[test]
        fn any_bytes_give_a_valid_reference_that_round_trips(bytes in any::<[u8; 8]>()) {
            let reference = Reference::from_random_bytes("ASB", bytes);
            assert_well_formed(&reference, "ASB");
            prop_assert_eq!(Reference::parse(reference.as_str()), Some(reference.clone()));
            let sloppy = reference.as_str().to_lowercase().replace('-', " ");
            prop_assert_eq!(Reference::parse(&sloppy), Some(reference));
        }

        #[test]
        fn parse_never_panics_and_only_returns_canonical(raw in "\\PC{0,20}") {
            if let Some(reference) = Reference::parse(&raw) {
                let prefix = reference.prefix().to_owned();
                assert_well_formed(&reference, &prefix);
            }
        }
    }
}
