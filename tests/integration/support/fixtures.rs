//! The answers a resident gives, page by page, and the checks on what must never leak.

use chrono::{Datelike, Days, NaiveDate, Utc};

// ---------------------------------------------------------------------------------------------
// Answers

/// A page's posted fields, in order.
pub type Form = Vec<(String, String)>;

pub fn form(pairs: &[(&str, &str)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Replaces (or adds) one field of a form.
pub fn set(form: &mut Form, key: &str, value: &str) {
    form.retain(|(k, _)| k != key);
    form.push((key.to_string(), value.to_string()));
}

/// The answers to every page of Journey 1.
#[derive(Debug, Clone)]
pub struct Answers {
    pub category: Form,
    pub location: Form,
    pub when: Form,
    pub details: Form,
    pub about_you: Form,
    pub impact: Form,
    /// History, vulnerability and support pages, when the gate leads there.
    pub assessment: Option<[Form; 3]>,
    pub consent: Form,
}

impl Answers {
    /// The question pages in the order this person sees them, with their answers.
    pub fn pages(&self) -> Vec<(&'static str, &Form)> {
        let mut pages = vec![
            ("/report/category", &self.category),
            ("/report/location", &self.location),
            ("/report/when", &self.when),
            ("/report/details", &self.details),
            ("/report/about-you", &self.about_you),
            ("/report/impact", &self.impact),
        ];
        if let Some([history, vulnerability, support]) = &self.assessment {
            pages.push(("/report/assessment/history", history));
            pages.push(("/report/assessment/vulnerability", vulnerability));
            pages.push(("/report/assessment/support", support));
        }
        pages.push(("/report/consent", &self.consent));
        pages
    }
}

/// Personal details that partner mail must never carry.
pub struct Resident {
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub postcode: &'static str,
    pub description: &'static str,
    pub people_involved: &'static str,
}

pub const RESIDENT: Resident = Resident {
    name: "Priya Quillfeather",
    email: "priya.quillfeather@example.org",
    phone: "07700 900 982",
    address: "14 Larkspur Terrace",
    postcode: "SW1A 1AA",
    description: "Thumping bass from the flat upstairs until 3am every night",
    people_involved: "The tenant of flat 3, a tall man with a red van",
};

pub fn date_fields(date: NaiveDate) -> [(String, String); 3] {
    [
        ("incident-date-day".to_string(), date.day().to_string()),
        ("incident-date-month".to_string(), date.month().to_string()),
        ("incident-date-year".to_string(), date.year().to_string()),
    ]
}

pub fn yesterday() -> NaiveDate {
    Utc::now().date_naive() - Days::new(1)
}

impl Answers {
    /// A noise report that is not affecting the person: no assessment; mediation is offered.
    pub fn straightforward(email: &str) -> Answers {
        let r = &RESIDENT;
        let mut when = date_fields(yesterday()).to_vec();
        when.extend(form(&[("ongoing", "yes"), ("frequency", "weekly")]));
        Answers {
            category: form(&[("category", "noise")]),
            location: form(&[
                ("postcode", r.postcode),
                ("address", r.address),
                ("place_description", ""),
                ("area", "north"),
            ]),
            when,
            details: form(&[
                ("description", r.description),
                ("people_involved", r.people_involved),
            ]),
            about_you: form(&[
                ("anonymous", "no"),
                ("full_name", r.name),
                ("email", email),
                ("phone", r.phone),
                ("safe_to_email", "yes"),
                ("safe_to_voicemail", "no"),
                ("contact_times", "Weekday evenings"),
            ]),
            impact: form(&[("affecting", "no"), ("reported_before", "no")]),
            assessment: None,
            consent: form(&[
                ("consent_share", "yes"),
                ("consent_contact", "yes"),
                ("consent_mediation", "yes"),
            ]),
        }
    }

    /// Harassment that puts the person at high risk: violence and feeling unsafe at home, and
    /// thoughts of self-harm (a critical answer). It is not safe to email them.
    pub fn high_risk(email: &str) -> Answers {
        let mut answers = Answers::straightforward(email);
        answers.category = form(&[("category", "harassment")]);
        set(&mut answers.about_you, "safe_to_email", "no");
        answers.impact = form(&[("affecting", "yes"), ("reported_before", "no")]);
        let pnts = "prefer_not_to_say";
        answers.assessment = Some([
            form(&[
                ("repeat", pnts),
                ("frequency", pnts),
                ("duration", pnts),
                ("escalating", "no"),
                ("reported", pnts),
            ]),
            form(&[
                ("targeted", "no"),
                ("hate", pnts),
                ("violence", "yes"),
                ("property", "no"),
                ("health", pnts),
                ("condition", "no"),
                ("dependants", "no"),
                ("unsafe_home", "yes"),
                ("daily_life", "no"),
                ("self_harm", "yes"),
            ]),
            form(&[("isolated", pnts), ("services", pnts)]),
        ]);
        answers.consent = form(&[
            ("consent_share", "yes"),
            ("consent_contact", "yes"),
            ("consent_support", "yes"),
        ]);
        answers
    }
}

/// Checks that text carries none of the resident's personal details.
pub fn assert_no_personal_data(what: &str, text: &str, email: &str) {
    let r = &RESIDENT;
    let digits: String = r.phone.chars().filter(|c| !c.is_whitespace()).collect();
    for (label, value) in [
        ("name", r.name),
        ("surname", "Quillfeather"),
        ("email", email),
        ("phone", r.phone),
        ("phone digits", digits.as_str()),
        ("address", r.address),
        ("postcode", r.postcode),
        ("postcode", "SW1A1AA"),
        ("description", r.description),
        ("description", "Thumping bass"),
        ("people involved", r.people_involved),
        ("contact times", "Weekday evenings"),
    ] {
        assert!(
            !text.contains(value),
            "{what} contains the resident's {label} ({value:?}):\n{text}"
        );
    }
}
