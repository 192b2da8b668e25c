//! How residents contact the council about a report: on the confirmation page, in every email
//! to the resident, on the case review and privacy pages and in the footer. Configured in
//! `[site.contact]`; the start-up check refuses a configuration with neither a phone nor an
//! email, so nobody is left with a reference number and no one to quote it to.

use serde::{Deserialize, Serialize};

use crate::domain::fields::tel_uri;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilContact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// When the phone is answered, e.g. "Monday to Friday, 9am to 5pm".
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// One line of the address a letter can be sent to.
    #[serde(default)]
    pub postal_address: Option<String>,
}

impl CouncilContact {
    /// Problems with the contact details, each naming its key under `site.contact`.
    pub fn problems(&self) -> Vec<String> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let mut problems = Vec::new();
        if !given(&self.phone) && !given(&self.email) {
            problems.push(
                "site.contact: give a phone or an email (or both), so residents can contact \
                 the council about their report"
                    .to_string(),
            );
        }
        if let Some(phone) = &self.phone {
            if tel_uri(phone).is_none() {
                problems.push(format!(
                    "site.contact.phone: `{phone}` is not a UK phone number"
                ));
            }
        }
        if let Some(email) = &self.email {
            if crate::domain::fields::ContactEmail::parse(email).is_err() {
                problems.push(format!(
                    "site.contact.email: `{email}` is not an email address"
                ));
            }
        }
        problems
    }

    /// The details as lines of a plain-text email.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(phone) = &self.phone {
            match &self.opening_hours {
                Some(hours) => lines.push(format!("Phone: {phone} ({hours})")),
                None => lines.push(format!("Phone: {phone}")),
            }
        }
        if let Some(email) = &self.email {
            lines.push(format!("Email: {email}"));
        }
        if let Some(address) = &self.postal_address {
            lines.push(format!("Post: {address}"));
        }
        lines
    }
}

/// The built-in contact details (a placeholder council).
impl Default for CouncilContact {
    fn default() -> Self {
        crate::domain::defaults::product().site.contact.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(phone: Option<&str>, email: Option<&str>) -> CouncilContact {
        CouncilContact {
            phone: phone.map(String::from),
            email: email.map(String::from),
            opening_hours: Some("Monday to Friday, 9am to 5pm".into()),
            postal_address: None,
        }
    }

    #[test]
    fn a_phone_or_an_email_is_needed_and_each_must_be_valid() {
        let cases: &[(Option<&str>, Option<&str>, &[&str])] = &[
            (Some("01632 960000"), Some("asb@council.example"), &[]),
            (Some("01632 960000"), None, &[]),
            (None, Some("asb@council.example"), &[]),
            (None, None, &["site.contact:"]),
            (Some(" "), None, &["site.contact:", "site.contact.phone:"]),
            (
                Some("0163"),
                Some("asb@council.example"),
                &["site.contact.phone:"],
            ),
            (
                Some("01632 960000"),
                Some("not an email"),
                &["site.contact.email:"],
            ),
        ];
        for (phone, email, expected) in cases {
            let problems = contact(*phone, *email).problems();
            assert_eq!(
                problems.len(),
                expected.len(),
                "{phone:?} {email:?}: {problems:?}"
            );
            for (problem, key) in problems.iter().zip(expected.iter()) {
                assert!(problem.starts_with(key), "{problem}");
            }
        }
    }

    #[test]
    fn the_email_lines_carry_what_is_given() {
        let lines = contact(Some("01632 960000"), Some("asb@council.example")).text_lines();
        assert_eq!(
            lines,
            [
                "Phone: 01632 960000 (Monday to Friday, 9am to 5pm)",
                "Email: asb@council.example"
            ]
        );
    }
}
