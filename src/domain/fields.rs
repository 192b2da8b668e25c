//! Values a resident types in, parsed once at the edge into newtypes.
//!
//! A page handler turns raw form text into one of these types or a plain-English error, and
//! everything after it (storage, routing, email) can rely on the value being well formed. The
//! parsers are forgiving about formatting (case, spaces, brackets) and strict about substance.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use validator::ValidateEmail;

/// An error shown against one form field: `field` is the input's name, used for the
/// error summary link (`#field`) and the inline message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Postcode

/// A UK postcode in its canonical form: upper case, one space before the inward code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PostcodeError {
    #[error("Enter a postcode")]
    Missing,
    #[error("Enter a real postcode, like SW1A 1AA")]
    Invalid,
}

impl Postcode {
    /// Parses a postcode however it was typed ("sw1a1aa", " SW1A  1AA ").
    ///
    /// This checks the shape (outward code A9, A99, AA9, AA99, A9A or AA9A, then inward code
    /// 9AA), not whether Royal Mail has issued the postcode: that needs an address lookup.
    pub fn parse(raw: &str) -> Result<Self, PostcodeError> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(PostcodeError::Missing);
        }
        if !compact.is_ascii() || !(5..=7).contains(&compact.len()) {
            return Err(PostcodeError::Invalid);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !is_outward_code(outward) || !is_inward_code(inward) {
            return Err(PostcodeError::Invalid);
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (the part before the space), which identifies the district: it is
    /// coarse enough to share where a full postcode would identify a household.
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

/// Letter/digit shape of a string: 'A' for a letter, '9' for a digit.
fn shape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
        .collect()
}

fn is_outward_code(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric())
        && matches!(
            shape(s).as_str(),
            "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
        )
}

fn is_inward_code(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric()) && shape(s) == "9AA"
}

impl TryFrom<String> for Postcode {
    type Error = PostcodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Postcode> for String {
    fn from(value: Postcode) -> Self {
        value.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Email

/// The longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
const MAX_EMAIL_CHARS: usize = 254;

/// An email address a resident gave for contact, trimmed but otherwise as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContactEmail(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Missing,
    #[error("Email address must be 254 characters or fewer")]
    TooLong,
    #[error("Enter an email address in the correct format, like name@example.com")]
    Invalid,
}

impl ContactEmail {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Missing);
        }
        if trimmed.chars().count() > MAX_EMAIL_CHARS {
            return Err(EmailError::TooLong);
        }
        // validator accepts a bare host ("name@localhost"); a resident's address always has a
        // dotted domain, so a missing dot is far more likely a typo than a real address.
        let has_dotted_domain = trimmed
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.'));
        if !trimmed.validate_email() || !has_dotted_domain {
            return Err(EmailError::Invalid);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lower-cased, for recognising the same person across reports. Strictly the local part is
    /// case-sensitive, but no mainstream provider treats it so, and residents type it both ways.
    pub fn normalised(&self) -> String {
        self.0.to_lowercase()
    }
}

impl TryFrom<String> for ContactEmail {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ContactEmail> for String {
    fn from(value: ContactEmail) -> Self {
        value.0
    }
}

impl fmt::Display for ContactEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Phone

/// A UK telephone number: kept as typed (trimmed) for showing back to the person, with a
/// normalised digits-only form for matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber {
    entered: String,
    normalised: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("Enter a telephone number")]
    Missing,
    #[error("Enter a telephone number, like 01632 960 001 or 07700 900 982")]
    Invalid,
}

impl PhoneNumber {
    /// Accepts digits with spaces, brackets and dashes, in national form ("01632 960 001") or
    /// international form ("+44 1632 960001", "+44 (0)1632 960001", "0044 1632 960001").
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let entered = raw.trim();
        if entered.is_empty() {
            return Err(PhoneError::Missing);
        }
        let (international, rest) = match entered.strip_prefix("+44") {
            Some(rest) => (true, rest),
            None => match entered.strip_prefix("0044") {
                Some(rest) => (true, rest),
                None => (false, entered),
            },
        };
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-'))
        {
            return Err(PhoneError::Invalid);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let normalised = if international {
            // "+44 (0)20 …" writes the trunk 0 in brackets; it must not be doubled.
            format!("0{}", digits.strip_prefix('0').unwrap_or(&digits))
        } else {
            digits
        };
        // Every UK number dialled nationally starts with 0 and has 10 or 11 digits.
        if !normalised.starts_with('0') || !(10..=11).contains(&normalised.len()) {
            return Err(PhoneError::Invalid);
        }
        Ok(Self {
            entered: entered.to_owned(),
            normalised,
        })
    }

    /// The number as the person typed it (trimmed).
    pub fn as_str(&self) -> &str {
        &self.entered
    }

    /// Digits only, national form with a leading 0 ("01632960001").
    pub fn normalised(&self) -> &str {
        &self.normalised
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.entered
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entered)
    }
}

/// The `tel:` address of a published phone number: a UK number dialled nationally (10 or 11
/// digits starting with 0) or a short code (999, 101, 111, 116 123 and the like). `None` for
/// anything else, which the start-up check refuses.
pub fn tel_uri(published: &str) -> Option<String> {
    let trimmed = published.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'))
    {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = digits.starts_with('0') && (10..=11).contains(&digits.len());
    let emergency_or_service =
        digits.len() == 3 && matches!(&digits[..], "999" | "112" | "101" | "111" | "105" | "119");
    let harmonised = digits.len() == 6 && digits.starts_with("116");
    (national || emergency_or_service || harmonised).then(|| format!("tel:{digits}"))
}

// ---------------------------------------------------------------------------------------------
// Incident date

/// How far back a report may go: older incidents are almost certainly a mistyped year.
const MAX_YEARS_AGO: u32 = 10;
const EARLIEST_YEAR: i32 = 1900;

/// The date of the latest incident: a real date, not in the future, within the last ten years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IncidentDate(NaiveDate);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("Enter the date it last happened")]
    Missing,
    /// Which part(s) are missing: "day", "month", "year", or two of them joined by "and".
    #[error("The date it last happened must include a {0}")]
    MissingPart(&'static str),
    #[error("The date it last happened must be a real date")]
    NotReal,
    #[error("The date it last happened must be today or in the past")]
    InFuture,
    #[error("The date it last happened must be in the last 10 years")]
    TooOld,
}

impl IncidentDate {
    /// Builds the date from the three GOV.UK date inputs. `today` is passed in because the
    /// domain has no clock (it also runs in the browser, and tests need a fixed day).
    pub fn from_parts(
        day: &str,
        month: &str,
        year: &str,
        today: NaiveDate,
    ) -> Result<Self, DateError> {
        let (day, month, year) = (day.trim(), month.trim(), year.trim());
        let missing = match (day.is_empty(), month.is_empty(), year.is_empty()) {
            (false, false, false) => None,
            (true, true, true) => return Err(DateError::Missing),
            (true, true, false) => Some("day and month"),
            (true, false, true) => Some("day and year"),
            (false, true, true) => Some("month and year"),
            (true, false, false) => Some("day"),
            (false, true, false) => Some("month"),
            (false, false, true) => Some("year"),
        };
        if let Some(part) = missing {
            return Err(DateError::MissingPart(part));
        }

        let day: u32 = parse_digits(day, 1..=2).ok_or(DateError::NotReal)?;
        let month = parse_month(month).ok_or(DateError::NotReal)?;
        // A two-digit year is ambiguous ("24"), so GOV.UK asks for all four digits.
        let year: i32 = parse_digits(year, 4..=4).ok_or(DateError::NotReal)?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NotReal)?;

        if date > today {
            return Err(DateError::InFuture);
        }
        let earliest = today
            .checked_sub_months(Months::new(12 * MAX_YEARS_AGO))
            .unwrap_or(NaiveDate::MIN);
        if date.year() < EARLIEST_YEAR || date < earliest {
            return Err(DateError::TooOld);
        }
        Ok(Self(date))
    }

    pub fn date(&self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for IncidentDate {
    /// GOV.UK date style: "5 January 2025".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%-d %B %Y"))
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<T> {
    // `str::parse` alone would accept "+5"; only plain digits are a real date part.
    (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month as a number (1–12), a full name, or its first three letters ("sept" too).
fn parse_month(s: &str) -> Option<u32> {
    if let Some(n) = parse_digits::<u32>(s, 1..=2) {
        return (1..=12).contains(&n).then_some(n);
    }
    let lower = s.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    let index = MONTH_NAMES
        .iter()
        .position(|name| lower.len() >= 3 && name.starts_with(lower))?;
    u32::try_from(index + 1).ok()
}

// ---------------------------------------------------------------------------------------------
// Free text

/// The text is longer than its limit; both counts are in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("must be {max_chars} characters or fewer (it is {chars})")]
pub struct TooLong {
    pub max_chars: usize,
    pub chars: usize,
}

/// Trims free text and checks its length in characters (not bytes: "é" is one character).
/// Empty or blank text is `Ok(None)`, so optional fields need no special case.
///
/// Browsers submit textarea line breaks as CRLF but count them as one character in their own
/// counters, so CRLF is normalised to LF first: otherwise text the page accepted would fail here.
pub fn bounded_text(raw: &str, max_chars: usize) -> Result<Option<String>, TooLong> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Ok(None);
    }
    let chars = text.chars().count();
    if chars > max_chars {
        return Err(TooLong { max_chars, chars });
    }
    Ok(Some(text))
}

/// Why a one-line answer (a name, an address line) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum LineError {
    #[error(transparent)]
    TooLong(#[from] TooLong),
    /// A line break or another control character: in a one-line answer it can only be a
    /// mistake or an attempt to forge lines of a partner email ("\nUrgent: Yes").
    #[error("must be on one line")]
    NotOneLine,
}

/// Like [`bounded_text`], for answers that must fit on one line.
pub fn single_line_text(raw: &str, max_chars: usize) -> Result<Option<String>, LineError> {
    if raw.trim().chars().any(char::is_control) {
        return Err(LineError::NotOneLine);
    }
    Ok(bounded_text(raw, max_chars)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn postcodes_are_normalised_or_rejected() {
        let cases: &[(&str, Result<&str, PostcodeError>)] = &[
            ("sw1a1aa", Ok("SW1A 1AA")),
            ("  SW1A   1AA ", Ok("SW1A 1AA")),
            ("m1 1ae", Ok("M1 1AE")),
            ("B33 8TH", Ok("B33 8TH")),
            ("cr2 6xh", Ok("CR2 6XH")),
            ("DN55 1PT", Ok("DN55 1PT")),
            ("W1A 0AX", Ok("W1A 0AX")),
            ("EC1A 1BB", Ok("EC1A 1BB")),
            ("", Err(PostcodeError::Missing)),
            ("   ", Err(PostcodeError::Missing)),
            ("SW1A", Err(PostcodeError::Invalid)),
            ("SW1A 1A", Err(PostcodeError::Invalid)),
            ("1AA 1AA", Err(PostcodeError::Invalid)),
            ("SW1A 1AAA", Err(PostcodeError::Invalid)),
            ("ABCDE 1AA", Err(PostcodeError::Invalid)),
            ("SW1A-1AA", Err(PostcodeError::Invalid)),
            ("SW1É 1AA", Err(PostcodeError::Invalid)),
            ("12345", Err(PostcodeError::Invalid)),
        ];
        for (raw, expected) in cases {
            let got = Postcode::parse(raw);
            assert_eq!(
                got.as_ref().map(Postcode::as_str).map_err(|e| *e),
                *expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn postcode_outward_code() {
        for (raw, outward) in [("sw1a1aa", "SW1A"), ("M1 1AE", "M1"), ("cr26xh", "CR2")] {
            assert_eq!(Postcode::parse(raw).unwrap().outward(), outward);
        }
    }

    #[test]
    fn postcode_deserialisation_validates() {
        let ok: Postcode = serde_json::from_str("\"sw1a1aa\"").unwrap();
        assert_eq!(ok.as_str(), "SW1A 1AA");
        assert!(serde_json::from_str::<Postcode>("\"nonsense\"").is_err());
    }

    #[test]
    fn emails_are_checked() {
        let long_local = format!("{}@example.com", "a".repeat(250));
        let cases: &[(&str, Result<&str, EmailError>)] = &[
            ("name@example.com", Ok("name@example.com")),
            (
                "  Name.Surname@Example.co.uk ",
                Ok("Name.Surname@Example.co.uk"),
            ),
            ("first+tag@sub.example.org", Ok("first+tag@sub.example.org")),
            ("", Err(EmailError::Missing)),
            ("   ", Err(EmailError::Missing)),
            ("name", Err(EmailError::Invalid)),
            ("name@", Err(EmailError::Invalid)),
            ("@example.com", Err(EmailError::Invalid)),
            ("name@localhost", Err(EmailError::Invalid)),
            ("name example@example.com", Err(EmailError::Invalid)),
            ("name@exa mple.com", Err(EmailError::Invalid)),
            (&long_local, Err(EmailError::TooLong)),
        ];
        for (raw, expected) in cases {
            let got = ContactEmail::parse(raw);
            assert_eq!(
                got.as_ref().map(ContactEmail::as_str).map_err(|e| *e),
                *expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn email_normalised_matches_across_case() {
        let a = ContactEmail::parse("Jo.Bloggs@Example.COM").unwrap();
        let b = ContactEmail::parse("jo.bloggs@example.com").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.normalised(), b.normalised());
    }

    #[test]
    fn phone_numbers_are_checked_and_normalised() {
        let cases: &[(&str, Result<&str, PhoneError>)] = &[
            ("01632 960 001", Ok("01632960001")),
            ("07700 900 982", Ok("07700900982")),
            ("07700-900-982", Ok("07700900982")),
            ("(01632) 960001", Ok("01632960001")),
            ("020 7946 0000", Ok("02079460000")),
            ("+44 7700 900982", Ok("07700900982")),
            ("+447700900982", Ok("07700900982")),
            ("+44 (0)20 7946 0000", Ok("02079460000")),
            ("0044 1632 960001", Ok("01632960001")),
            ("016977 1234", Ok("0169771234")),
            ("", Err(PhoneError::Missing)),
            ("7700900982", Err(PhoneError::Invalid)),
            ("0770090098", Ok("0770090098")),
            ("077009009", Err(PhoneError::Invalid)),
            ("077009009821", Err(PhoneError::Invalid)),
            ("+1 202 555 0100", Err(PhoneError::Invalid)),
            ("07700 900 98a", Err(PhoneError::Invalid)),
            ("07700.900.982", Err(PhoneError::Invalid)),
            ("+44", Err(PhoneError::Invalid)),
        ];
        for (raw, expected) in cases {
            let got = PhoneNumber::parse(raw);
            assert_eq!(
                got.as_ref().map(PhoneNumber::normalised).map_err(|e| *e),
                *expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn phone_keeps_what_was_typed() {
        let phone = PhoneNumber::parse("  +44 (0)20 7946 0000 ").unwrap();
        assert_eq!(phone.as_str(), "+44 (0)20 7946 0000");
        assert_eq!(phone.to_string(), "+44 (0)20 7946 0000");
    }

    #[test]
    fn incident_dates() {
        let today = ymd(2025, 6, 15);
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            Result<NaiveDate, DateError>,
        );
        let cases: &[Case] = &[
            ("15", "6", "2025", Ok(ymd(2025, 6, 15))),
            (" 1 ", " 02 ", " 2024 ", Ok(ymd(2024, 2, 1))),
            ("29", "2", "2024", Ok(ymd(2024, 2, 29))),
            ("3", "Jan", "2025", Ok(ymd(2025, 1, 3))),
            ("3", "JANUARY", "2025", Ok(ymd(2025, 1, 3))),
            ("3", "sept", "2024", Ok(ymd(2024, 9, 3))),
            ("15", "6", "2015", Ok(ymd(2015, 6, 15))),
            ("", "", "", Err(DateError::Missing)),
            ("", "6", "2025", Err(DateError::MissingPart("day"))),
            ("1", "", "2025", Err(DateError::MissingPart("month"))),
            ("1", "6", "", Err(DateError::MissingPart("year"))),
            ("", "", "2025", Err(DateError::MissingPart("day and month"))),
            ("29", "2", "2025", Err(DateError::NotReal)),
            ("31", "4", "2025", Err(DateError::NotReal)),
            ("0", "4", "2025", Err(DateError::NotReal)),
            ("1", "13", "2025", Err(DateError::NotReal)),
            ("1", "ja", "2025", Err(DateError::NotReal)),
            ("1", "6", "25", Err(DateError::NotReal)),
            ("+1", "6", "2025", Err(DateError::NotReal)),
            ("one", "6", "2025", Err(DateError::NotReal)),
            ("16", "6", "2025", Err(DateError::InFuture)),
            ("1", "1", "2030", Err(DateError::InFuture)),
            ("14", "6", "2015", Err(DateError::TooOld)),
            ("1", "1", "1899", Err(DateError::TooOld)),
        ];
        for (d, m, y, expected) in cases {
            let got = IncidentDate::from_parts(d, m, y, today).map(|date| date.date());
            assert_eq!(got, *expected, "{d}/{m}/{y}");
        }
    }

    #[test]
    fn incident_date_displays_in_govuk_style() {
        let date = IncidentDate::from_parts("5", "1", "2025", ymd(2025, 6, 1)).unwrap();
        assert_eq!(date.to_string(), "5 January 2025");
    }

    #[test]
    fn date_error_messages_read_naturally() {
        assert_eq!(
            DateError::MissingPart("month and year").to_string(),
            "The date it last happened must include a month and year"
        );
    }

    #[test]
    fn one_line_answers_refuse_line_breaks_and_control_characters() {
        let cases: &[(&str, Result<Option<&str>, LineError>)] = &[
            ("  Sam Jones ", Ok(Some("Sam Jones"))),
            ("", Ok(None)),
            ("Sam\nUrgent: Yes", Err(LineError::NotOneLine)),
            ("Sam\r\nRule: panel", Err(LineError::NotOneLine)),
            ("Sam\tJones", Err(LineError::NotOneLine)),
            ("Sam\u{0}", Err(LineError::NotOneLine)),
            ("Sam\u{1b}[2J", Err(LineError::NotOneLine)),
            (
                "Zo\u{eb} O\u{2019}Brien",
                Ok(Some("Zo\u{eb} O\u{2019}Brien")),
            ),
            (
                "abcdefghijklmnopqrstuvwxyz",
                Err(LineError::TooLong(TooLong {
                    max_chars: 20,
                    chars: 26,
                })),
            ),
        ];
        for (raw, expected) in cases {
            let got = single_line_text(raw, 20);
            assert_eq!(
                got.as_ref().map(|o| o.as_deref()),
                expected.as_ref().map(|o| *o),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn bounded_text_cases() {
        type Case = (&'static str, usize, Result<Option<&'static str>, TooLong>);
        let cases: &[Case] = &[
            ("", 10, Ok(None)),
            ("  \n\t ", 10, Ok(None)),
            ("  hello  ", 5, Ok(Some("hello"))),
            (
                "hello!",
                5,
                Err(TooLong {
                    max_chars: 5,
                    chars: 6,
                }),
            ),
            // Five characters but ten bytes: the limit is about what people see.
            ("ééééé", 5, Ok(Some("ééééé"))),
            ("a\r\nb", 3, Ok(Some("a\nb"))),
        ];
        for (raw, max, expected) in cases {
            let got = bounded_text(raw, *max);
            assert_eq!(
                got.as_ref().map(|o| o.as_deref()),
                expected.as_ref().map(|o| *o),
                "{raw:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn normalised_postcodes_parse_to_themselves(raw in "[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}") {
            if let Ok(pc) = Postcode::parse(&raw) {
                prop_assert_eq!(Postcode::parse(pc.as_str()), Ok(pc.clone()));
                prop_assert_eq!(pc.as_str().len(), pc.outward().len() + 4);
            }
        }

        #[test]
        fn bounded_text_never_exceeds_limit(raw in "\\PC{0,40}", max in 0usize..30) {
            if let Ok(Some(text)) = bounded_text(&raw, max) {
                prop_assert!(text.chars().count() <= max);
                prop_assert_eq!(text.trim(), text.as_str());
            }
        }

        #[test]
        fn phone_normalised_is_digits_with_leading_zero(raw in "(\\+44 ?)?[0-9 ()-]{8,16}") {
            if let Ok(phone) = PhoneNumber::parse(&raw) {
                let n = phone.normalised();
                prop_assert!(n.starts_with('0'));
                prop_assert!(n.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!((10..=11).contains(&n.len()));
            }
        }
    }

    #[test]
    fn published_numbers_become_tel_links_only_when_they_are_uk_numbers() {
        let cases = [
            ("0808 16 89 111", Some("tel:08081689111")),
            ("01632 960000", Some("tel:01632960000")),
            ("020 7946 0000", Some("tel:02079460000")),
            ("999", Some("tel:999")),
            ("101", Some("tel:101")),
            ("116 123", Some("tel:116123")),
            // Too many digits, too few, not a short code, not national form.
            ("08 08 16 89 111 1", None),
            ("0808 16 89", None),
            ("123", None),
            ("116 12", None),
            ("+44 808 16 89 111", None),
            ("", None),
        ];
        for (number, expected) in cases {
            assert_eq!(tel_uri(number).as_deref(), expected, "{number}");
        }
    }
}
