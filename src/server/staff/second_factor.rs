//! The second factor: time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 seconds,
//! as every authenticator app reads them), the QR code that enrols an app, drawn on the
//! server as SVG, and single-use recovery codes, stored hashed.

use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: u64 = 30;

/// A new secret, base32 as apps take it typed in.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // `new_unchecked`: the crate's own check wants 128-bit secrets, which ours (160) are; it
    // fails only on secrets shorter than that.
    Some(TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
    ))
}

/// The time step of `code` if it is the code for now or the step either side (a phone's
/// clock may be a little out), else `None`.
pub fn matching_step(secret: &str, code: &str, unix_time: u64) -> Option<u64> {
    let totp = totp(secret)?;
    let step = unix_time / STEP_SECONDS;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| totp.generate(s * STEP_SECONDS) == code)
}

/// The code an app shows at `unix_time` (tests sign in with it).
pub fn code_at(secret: &str, unix_time: u64) -> Option<String> {
    Some(totp(secret)?.generate(unix_time))
}

/// A code as typed: six digits once spaces are taken out.
pub fn as_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// The address an app reads from the QR code.
pub fn otpauth_url(issuer: &str, email: &str, secret: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        percent_encode(email)
    )
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The QR code as an SVG element (no XML declaration), to put inside the page.
pub fn qr_svg(url: &str) -> anyhow::Result<String> {
    let code = qrcode::QrCode::new(url.as_bytes())?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// Ten recovery codes, each 10 letters and digits in two groups (`k7m2p-9xq4r`), from an
/// alphabet without look-alikes.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..10)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let letters: String = bytes
                .iter()
                .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// The stored form of a recovery code as typed: case, spaces and the hyphen do not matter.
pub fn recovery_code_hash(typed: &str) -> String {
    use sha2::{Digest, Sha256};
    let code: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let digest = Sha256::digest(format!("asb-portal recovery {code}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", truncated to 6 digits.
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(&secret, time).unwrap(), code, "at {time}");
            assert_eq!(matching_step(&secret, code, time), Some(time / 30));
        }
    }

    #[test]
    fn a_code_from_the_step_either_side_is_accepted_and_no_further() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let previous = code_at(&secret, now - 30).unwrap();
        let later = code_at(&secret, now + 90).unwrap();
        assert_eq!(matching_step(&secret, &previous, now), Some(now / 30 - 1));
        assert_eq!(matching_step(&secret, &later, now), None);
        assert_eq!(matching_step("not base32!", "123456", now), None);
    }

    #[test]
    fn codes_as_typed() {
        assert_eq!(as_code(" 123 456 "), Some("123456".into()));
        assert_eq!(as_code("12345"), None);
        assert_eq!(as_code("12345a"), None);
        assert_eq!(
            recovery_code_hash("K7M2P 9XQ4R"),
            recovery_code_hash("k7m2p-9xq4r")
        );
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
    }

    #[test]
    fn the_qr_code_is_an_svg_element() {
        let url = otpauth_url(
            "Exampleshire Council",
            "officer@council.example",
            &new_secret(),
        );
        assert!(url
            .starts_with("otpauth://totp/Exampleshire%20Council:officer@council.example?secret="));
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(!svg.contains("style="), "the CSP allows no inline style");
    }
}
