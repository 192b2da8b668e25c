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
    /// "Who are you reporting for?"
    pub reporting_for: Form,
    /// Only for a report made for someone else.
    pub someone_else: Option<SomeoneElse>,
    pub location: Form,
    pub how_often: Form,
    pub when: Form,
    pub details: Form,
    /// "Who is causing the problem?"
    pub relationship: Form,
    /// "Can we contact you about your report?"
    pub contact: Form,
    /// Only after "Yes, you can contact me".
    pub contact_details: Option<Form>,
    pub impact: Form,
    /// Only after "Yes, I have reported it before".
    pub earlier_reports: Option<Form>,
    /// The assessment pages (group id, answers), when the gate leads there.
    pub assessment: Option<Vec<(&'static str, Form)>>,
    /// Empty when the consent page is not shown (a report for someone who has not agreed).
    pub consent: Form,
}

/// The pages about the person a report is made for.
#[derive(Debug, Clone)]
pub struct SomeoneElse {
    pub person: Form,
    pub agreement: Form,
    /// Only when they know and agree.
    pub contact_them: Option<Form>,
    /// Only after "Yes" to contacting them.
    pub their_contact: Option<Form>,
}

/// The person a neighbour reports for, in tests.
pub const PERSON_AFFECTED: &str = "Dorothy Fairweather";

impl Answers {
    /// The question pages in the order this person sees them, with their answers.
    pub fn pages(&self) -> Vec<(String, &Form)> {
        let mut pages = vec![
            ("/report/category".to_string(), &self.category),
            ("/report/reporting-for".to_string(), &self.reporting_for),
        ];
        if let Some(them) = &self.someone_else {
            pages.push(("/report/person-affected".to_string(), &them.person));
            pages.push(("/report/agreement".to_string(), &them.agreement));
        }
        pages.extend([
            ("/report/location".to_string(), &self.location),
            ("/report/how-often".to_string(), &self.how_often),
            ("/report/when".to_string(), &self.when),
            ("/report/details".to_string(), &self.details),
            ("/report/relationship".to_string(), &self.relationship),
            ("/report/contact".to_string(), &self.contact),
        ]);
        if let Some(details) = &self.contact_details {
            pages.push(("/report/contact-details".to_string(), details));
        }
        if let Some(them) = &self.someone_else {
            if let Some(contact_them) = &them.contact_them {
                pages.push(("/report/contact-them".to_string(), contact_them));
            }
            if let Some(their_contact) = &them.their_contact {
                pages.push(("/report/their-contact-details".to_string(), their_contact));
            }
        }
        pages.push(("/report/impact".to_string(), &self.impact));
        if let Some(earlier) = &self.earlier_reports {
            pages.push(("/report/earlier-reports".to_string(), earlier));
        }
        for (group, answers) in self.assessment.iter().flatten() {
            pages.push((format!("/report/assessment/{group}"), answers));
        }
        if !self.consent.is_empty() {
            pages.push(("/report/consent".to_string(), &self.consent));
        }
        pages
    }

    /// The same report made by a neighbour for `PERSON_AFFECTED`, whose `agreement` is an
    /// `Agreement` value. With agreement we may not contact them directly, so only sharing is
    /// asked for them; without it nothing is asked on their behalf.
    pub fn for_a_neighbour(mut self, agreement: &str) -> Answers {
        let agreed = agreement == "knows_and_agrees";
        self.reporting_for = form(&[("reporting_for", "someone_else")]);
        self.someone_else = Some(SomeoneElse {
            person: form(&[
                ("their_name", PERSON_AFFECTED),
                ("reporter_role", "neighbour"),
            ]),
            agreement: form(&[("agreement", agreement)]),
            contact_them: agreed.then(|| form(&[("contact_them", "no")])),
            their_contact: None,
        });
        self.consent = if agreed {
            form(&[("consent_share", "yes")])
        } else {
            Vec::new()
        };
        self
    }

    /// The answers to one assessment page.
    pub fn assessment_page(&mut self, group: &str) -> &mut Form {
        self.assessment
            .as_mut()
            .and_then(|pages| pages.iter_mut().find(|(g, _)| *g == group))
            .map(|(_, form)| form)
            .unwrap_or_else(|| panic!("no assessment page {group}"))
    }

    /// Stays anonymous: no contact details, and only the sharing question on consent.
    pub fn anonymously(mut self) -> Answers {
        self.contact = form(&[("contact", "no")]);
        self.contact_details = None;
        self.consent = form(&[("consent_share", "yes")]);
        self
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
        when.extend(form(&[("ongoing", "yes")]));
        Answers {
            category: form(&[("category", "noise")]),
            reporting_for: form(&[("reporting_for", "myself")]),
            someone_else: None,
            location: form(&[
                ("postcode", r.postcode),
                ("address", r.address),
                ("place_description", ""),
                ("area", "north"),
            ]),
            how_often: form(&[("frequency", "weekly")]),
            when,
            details: form(&[
                ("description", r.description),
                ("people_involved", r.people_involved),
            ]),
            relationship: form(&[("relationship", "neighbour")]),
            contact: form(&[("contact", "yes")]),
            contact_details: Some(form(&[
                ("full_name", r.name),
                ("email", email),
                ("phone", r.phone),
                ("safe_to_email", "yes"),
                ("safe_to_voicemail", "no"),
                ("contact_times", "Weekday evenings"),
            ])),
            impact: form(&[("affecting", "no"), ("reported_before", "no")]),
            earlier_reports: None,
            assessment: None,
            consent: form(&[("consent_share", "yes"), ("consent_mediation", "yes")]),
        }
    }

    /// Harassment that puts the person at high risk: violence and feeling unsafe at home, and
    /// thoughts of self-harm (a critical answer). It is not safe to email them.
    pub fn high_risk(email: &str) -> Answers {
        let mut answers = Answers::straightforward(email);
        answers.category = form(&[("category", "harassment")]);
        answers.set_contact_detail("safe_to_email", "no");
        answers.impact = form(&[("affecting", "yes"), ("reported_before", "no")]);
        let pnts = "prefer_not_to_say";
        answers.assessment = Some(vec![
            (
                "history",
                form(&[("duration", pnts), ("escalating", "no"), ("property", "no")]),
            ),
            (
                "safety",
                form(&[
                    ("targeted", "no"),
                    ("hate", pnts),
                    ("violence", "yes"),
                    ("unsafe_home", "yes"),
                ]),
            ),
            (
                "health",
                form(&[
                    ("health", pnts),
                    ("condition", "no"),
                    ("daily_life", "no"),
                    ("dependants", "no"),
                ]),
            ),
            ("feelings", form(&[("self_harm", "yes")])),
            ("support", form(&[("isolated", pnts), ("services", pnts)])),
        ]);
        answers.consent = form(&[("consent_share", "yes"), ("consent_support", "yes")]);
        answers
    }

    /// The same high-risk report without the critical answer: still high (violence and
    /// feeling unsafe at home), and safe to email, so the acknowledgement goes.
    pub fn high_band_not_critical(email: &str) -> Answers {
        let mut answers = Answers::high_risk(email);
        set(answers.assessment_page("feelings"), "self_harm", "no");
        answers.set_contact_detail("safe_to_email", "yes");
        answers
    }

    /// Replaces one field of the contact details page.
    pub fn set_contact_detail(&mut self, key: &str, value: &str) {
        set(
            self.contact_details
                .as_mut()
                .expect("contact details given"),
            key,
            value,
        );
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
