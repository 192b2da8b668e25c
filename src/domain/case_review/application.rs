//! An ASB Case Review application in progress (Journey 2): the answers to each page, and how
//! posted fields become those answers or GOV.UK field errors. The draft holds only parsed
//! answers; the proof that a portal report is the applicant's is set by the server, never
//! typed.

use serde::{Deserialize, Serialize};

use crate::domain::case_review::threshold::ComplaintChannel;
use crate::domain::fields::{bounded_text, single_line_text, DateError, FieldError, IncidentDate};
use crate::domain::flow::PendingForm;
use crate::domain::report::ContactDetails;

pub const NAME_MAX: usize = 100;
pub const REFERENCE_MAX: usize = 50;
pub const DETAILS_MAX: usize = 500;
pub const IMPACT_MAX: usize = 5_000;
pub const OUTCOME_MAX: usize = 2_000;

/// Who is applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicant {
    Victim,
    /// Someone applying for the victim, with the victim's agreement.
    OnBehalf,
    Business,
    CommunityGroup,
}

impl Applicant {
    pub const ALL: [Applicant; 4] = [
        Applicant::Victim,
        Applicant::OnBehalf,
        Applicant::Business,
        Applicant::CommunityGroup,
    ];

    pub fn value(self) -> &'static str {
        match self {
            Applicant::Victim => "victim",
            Applicant::OnBehalf => "on_behalf",
            Applicant::Business => "business",
            Applicant::CommunityGroup => "community_group",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Applicant::Victim => "I am the victim",
            Applicant::OnBehalf => "I am applying for someone else, with their agreement",
            Applicant::Business => "I am applying for a business",
            Applicant::CommunityGroup => "I am applying for a community group",
        }
    }

    pub fn parse(value: &str) -> Option<Applicant> {
        Applicant::ALL.into_iter().find(|a| a.value() == value)
    }

    /// Business and community group applications give the organisation's name.
    pub fn is_organisation(self) -> bool {
        matches!(self, Applicant::Business | Applicant::CommunityGroup)
    }
}

/// How a complaint made elsewhere was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HowReported {
    Phone,
    Online,
    Email,
    InPerson,
    Letter,
}

impl HowReported {
    pub const ALL: [HowReported; 5] = [
        HowReported::Phone,
        HowReported::Online,
        HowReported::Email,
        HowReported::InPerson,
        HowReported::Letter,
    ];

    pub fn value(self) -> &'static str {
        match self {
            HowReported::Phone => "phone",
            HowReported::Online => "online",
            HowReported::Email => "email",
            HowReported::InPerson => "in_person",
            HowReported::Letter => "letter",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HowReported::Phone => "By phone",
            HowReported::Online => "Online",
            HowReported::Email => "By email",
            HowReported::InPerson => "In person",
            HowReported::Letter => "By letter",
        }
    }

    pub fn parse(value: &str) -> Option<HowReported> {
        HowReported::ALL.into_iter().find(|h| h.value() == value)
    }
}

/// The bodies a complaint made elsewhere can have gone to (the portal's own are proven).
pub const ELSEWHERE: [ComplaintChannel; 4] = [
    ComplaintChannel::Council,
    ComplaintChannel::Police,
    ComplaintChannel::HousingProvider,
    ComplaintChannel::Other,
];

pub fn channel_value(channel: ComplaintChannel) -> &'static str {
    match channel {
        ComplaintChannel::Portal => "portal",
        ComplaintChannel::Council => "council",
        ComplaintChannel::Police => "police",
        ComplaintChannel::HousingProvider => "housing_provider",
        ComplaintChannel::Other => "other",
    }
}

pub fn channel_label(channel: ComplaintChannel) -> &'static str {
    match channel {
        ComplaintChannel::Portal => "This website",
        ComplaintChannel::Council => "The council",
        ComplaintChannel::Police => "The police",
        ComplaintChannel::HousingProvider => "A housing association or landlord",
        ComplaintChannel::Other => "Someone else",
    }
}

/// A complaint the applicant made elsewhere: declared, to be verified by the coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredReport {
    pub incident_date: chrono::NaiveDate,
    pub reported_on: chrono::NaiveDate,
    pub reported_to: ComplaintChannel,
    pub how: HowReported,
    pub their_reference: Option<String>,
    pub details: Option<String>,
}

/// A portal report the applicant says is theirs: its reference and the email or phone they
/// gave on it. It counts only if both match a stored report, which the server checks at
/// submit; until then, and whatever the result, the applicant is told the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedReport {
    /// Canonical form, "ASB-7KQ4-M2XD".
    pub reference: String,
    pub email: Option<crate::domain::fields::ContactEmail>,
    pub phone: Option<crate::domain::fields::PhoneNumber>,
}

impl ClaimedReport {
    /// The normalised email and phone, as reports store them for matching.
    pub fn keys(&self) -> (Option<String>, Option<String>) {
        (
            self.email.as_ref().map(|e| e.normalised()),
            self.phone.as_ref().map(|p| p.normalised().to_string()),
        )
    }
}

/// "Reports you made on this website": one reference and its contact a post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortalReportsForm {
    pub reference: String,
    pub contact: String,
    pub action: String,
}

impl PortalReportsForm {
    pub fn action(&self) -> GroupAction {
        OtherReportsForm {
            action: self.action.clone(),
            ..OtherReportsForm::default()
        }
        .action()
    }
}

/// Parses one claimed report; both fields blank is none.
pub fn parse_claimed_report(
    form: &PortalReportsForm,
    max: usize,
    already: usize,
) -> Result<Option<ClaimedReport>, Vec<FieldError>> {
    let (reference, contact) = (form.reference.trim(), form.contact.trim());
    if reference.is_empty() && contact.is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let parsed =
        crate::domain::reference::Reference::parse(reference).filter(|r| r.prefix() == "ASB");
    if parsed.is_none() {
        errors.push(FieldError::new(
            "reference",
            "Enter the reference number of a report you made on this website, like ASB-7KQ4-M2XD",
        ));
    }
    let (email, phone) = if contact.contains('@') {
        (
            crate::domain::fields::ContactEmail::parse(contact).ok(),
            None,
        )
    } else {
        (
            None,
            crate::domain::fields::PhoneNumber::parse(contact).ok(),
        )
    };
    if email.is_none() && phone.is_none() {
        errors.push(FieldError::new(
            "contact",
            "Enter the email address or phone number you gave on that report",
        ));
    }
    if already >= max {
        errors.push(FieldError::new(
            "reference",
            format!("You can add up to {max} reports made on this website"),
        ));
    }
    match parsed {
        Some(reference) if errors.is_empty() => Ok(Some(ClaimedReport {
            reference: reference.as_str().to_string(),
            email,
            phone,
        })),
        _ => Err(errors),
    }
}

/// Whether they think it is hate-related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HateAnswer {
    Yes,
    No,
    NotSure,
}

impl HateAnswer {
    pub const ALL: [HateAnswer; 3] = [HateAnswer::Yes, HateAnswer::No, HateAnswer::NotSure];

    pub fn value(self) -> &'static str {
        match self {
            HateAnswer::Yes => "yes",
            HateAnswer::No => "no",
            HateAnswer::NotSure => "not_sure",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HateAnswer::Yes => "Yes",
            HateAnswer::No => "No",
            HateAnswer::NotSure => "I'm not sure",
        }
    }

    pub fn parse(value: &str) -> Option<HateAnswer> {
        HateAnswer::ALL.into_iter().find(|h| h.value() == value)
    }
}

/// "How it has affected you, and what you hope for".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub description: String,
    pub hate: HateAnswer,
    pub outcome_hoped: String,
}

/// Whether and how they want to take part in the review meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TakingPart {
    InPerson,
    Online,
    Written,
    No,
}

impl TakingPart {
    pub const ALL: [TakingPart; 4] = [
        TakingPart::InPerson,
        TakingPart::Online,
        TakingPart::Written,
        TakingPart::No,
    ];

    pub fn value(self) -> &'static str {
        match self {
            TakingPart::InPerson => "in_person",
            TakingPart::Online => "online",
            TakingPart::Written => "written",
            TakingPart::No => "no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TakingPart::InPerson => "Yes, in person",
            TakingPart::Online => "Yes, online",
            TakingPart::Written => "I would like to send a written statement",
            TakingPart::No => "No, I do not want to take part",
        }
    }

    pub fn parse(value: &str) -> Option<TakingPart> {
        TakingPart::ALL.into_iter().find(|t| t.value() == value)
    }
}

/// An application in progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Application {
    #[serde(default)]
    pub applicant: Option<Applicant>,
    /// For someone applying on the victim's behalf.
    #[serde(default)]
    pub victim_name: Option<String>,
    /// For a business or community group.
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub contact_details: Option<ContactDetails>,
    /// Portal reports the applicant says are theirs, checked at submit; `Some(vec![])` when
    /// they have none to add.
    #[serde(default)]
    pub claimed_reports: Option<Vec<ClaimedReport>>,
    /// Complaints made elsewhere; `Some(vec![])` when they have none to add.
    #[serde(default)]
    pub other_reports: Option<Vec<DeclaredReport>>,
    #[serde(default)]
    pub impact: Option<Impact>,
    #[serde(default)]
    pub taking_part: Option<TakingPart>,
    #[serde(default)]
    pub consent: Option<bool>,
    /// The portal report whose confirmation the application was started from, set by the
    /// server from that report's own draft session: the proof that it is the applicant's.
    #[serde(default)]
    pub from_report: Option<i64>,
    #[serde(default)]
    pub reached_check: bool,
    #[serde(default)]
    pub pending: Option<PendingForm>,
}

impl Application {
    /// Drops answers that no longer apply after a change of who is applying.
    pub fn forget_answers_that_no_longer_apply(&mut self) {
        if self.applicant != Some(Applicant::OnBehalf) {
            self.victim_name = None;
        }
        if !self.applicant.is_some_and(Applicant::is_organisation) {
            self.organisation = None;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The pages' forms and parsers

fn one_line(
    value: &str,
    name: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match single_line_text(value, max) {
        Ok(v) => v,
        Err(crate::domain::fields::LineError::TooLong(_)) => {
            errors.push(FieldError::new(
                name,
                format!("{label} must be {max} characters or fewer"),
            ));
            None
        }
        Err(crate::domain::fields::LineError::NotOneLine) => {
            errors.push(FieldError::new(
                name,
                format!("{label} must be on one line, without line breaks"),
            ));
            None
        }
    }
}

fn text(
    value: &str,
    name: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match bounded_text(value, max) {
        Ok(v) => v,
        Err(_) => {
            errors.push(FieldError::new(
                name,
                format!(
                    "{label} must be {} characters or fewer",
                    crate::domain::report::thousands(max)
                ),
            ));
            None
        }
    }
}

/// "Who is applying?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicantForm {
    pub applicant: String,
}

impl From<&Applicant> for ApplicantForm {
    fn from(a: &Applicant) -> Self {
        ApplicantForm {
            applicant: a.value().to_string(),
        }
    }
}

pub fn parse_applicant(form: &ApplicantForm) -> Result<Applicant, Vec<FieldError>> {
    Applicant::parse(form.applicant.trim())
        .ok_or_else(|| vec![FieldError::new("applicant", "Select who is applying")])
}

/// "About the victim": their name, and that they agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VictimForm {
    pub victim_name: String,
    pub victim_agrees: String,
}

pub fn parse_victim(form: &VictimForm) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = one_line(
        &form.victim_name,
        "victim_name",
        NAME_MAX,
        "The victim's full name",
        &mut errors,
    );
    if name.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "victim_name",
            "Enter the victim's full name",
        ));
    }
    if form.victim_agrees.trim() != "yes" {
        errors.push(FieldError::new(
            "victim_agrees",
            "Confirm that the victim agrees to you applying for them",
        ));
    }
    match name {
        Some(name) if errors.is_empty() => Ok(name),
        _ => Err(errors),
    }
}

/// "The business or group".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    pub organisation: String,
}

pub fn parse_organisation(form: &OrganisationForm) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = one_line(
        &form.organisation,
        "organisation",
        NAME_MAX,
        "The name",
        &mut errors,
    );
    match name {
        Some(name) => Ok(name),
        None if errors.is_empty() => Err(vec![FieldError::new(
            "organisation",
            "Enter the name of the business or group",
        )]),
        None => Err(errors),
    }
}

/// "Reports you made elsewhere": the new entries, one per index of these lists (a repeated
/// key per field; the page posts one), and the button pressed: `add`, `remove-N` (1-based,
/// from the list already added) or `continue`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OtherReportsForm {
    pub incident_day: Vec<String>,
    pub incident_month: Vec<String>,
    pub incident_year: Vec<String>,
    pub reported_day: Vec<String>,
    pub reported_month: Vec<String>,
    pub reported_year: Vec<String>,
    pub reported_to: Vec<String>,
    pub how: Vec<String>,
    pub their_reference: Vec<String>,
    pub details: Vec<String>,
    pub action: String,
}

impl From<&Vec<DeclaredReport>> for OtherReportsForm {
    fn from(reports: &Vec<DeclaredReport>) -> Self {
        use chrono::Datelike;
        let mut form = OtherReportsForm::default();
        for r in reports {
            form.incident_day.push(r.incident_date.day().to_string());
            form.incident_month
                .push(r.incident_date.month().to_string());
            form.incident_year.push(r.incident_date.year().to_string());
            form.reported_day.push(r.reported_on.day().to_string());
            form.reported_month.push(r.reported_on.month().to_string());
            form.reported_year.push(r.reported_on.year().to_string());
            form.reported_to
                .push(channel_value(r.reported_to).to_string());
            form.how.push(r.how.value().to_string());
            form.their_reference
                .push(r.their_reference.clone().unwrap_or_default());
            form.details.push(r.details.clone().unwrap_or_default());
        }
        form
    }
}

/// What the button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupAction {
    Continue,
    Add,
    /// Remove the entry at this 0-based index.
    Remove(usize),
}

impl OtherReportsForm {
    pub fn action(&self) -> GroupAction {
        match self.action.trim() {
            "add" => GroupAction::Add,
            other => other
                .strip_prefix("remove-")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1)
                .map(|n| GroupAction::Remove(n - 1))
                .unwrap_or(GroupAction::Continue),
        }
    }

    fn entries(&self) -> usize {
        [
            self.incident_day.len(),
            self.incident_month.len(),
            self.incident_year.len(),
            self.reported_day.len(),
            self.reported_month.len(),
            self.reported_year.len(),
            self.reported_to.len(),
            self.how.len(),
            self.their_reference.len(),
            self.details.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }
}

/// The id of a field of entry `n` (1-based), where its error points: `other-2-incident-day`.
pub fn entry_field(n: usize, field: &str) -> String {
    format!("other-{n}-{field}")
}

fn date_message(what: &str, error: DateError) -> String {
    match error {
        DateError::Missing => format!("Enter {what}"),
        DateError::MissingPart(part) => format!("{} must include a {part}", capitalise(what)),
        DateError::NotReal => format!("{} must be a real date", capitalise(what)),
        DateError::InFuture => format!("{} must be today or in the past", capitalise(what)),
        DateError::TooOld => format!("{} must be in the last 10 years", capitalise(what)),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses the new complaints made elsewhere, numbered after the `already` added. An entry
/// left entirely blank is dropped (the page always offers a blank one). At most `max` in all.
pub fn parse_other_reports(
    form: &OtherReportsForm,
    today: chrono::NaiveDate,
    max: usize,
    already: usize,
) -> Result<Vec<DeclaredReport>, Vec<FieldError>> {
    let get = |list: &Vec<String>, i: usize| {
        list.get(i)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut reports = Vec::new();
    let mut n = already;
    for i in 0..form.entries() {
        let fields: Vec<String> = [
            &form.incident_day,
            &form.incident_month,
            &form.incident_year,
            &form.reported_day,
            &form.reported_month,
            &form.reported_year,
            &form.reported_to,
            &form.how,
            &form.their_reference,
            &form.details,
        ]
        .iter()
        .map(|list| get(list, i))
        .collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        n += 1;
        let before = errors.len();
        let incident = IncidentDate::from_parts(&fields[0], &fields[1], &fields[2], today)
            .map_err(|e| {
                errors.push(FieldError::new(
                    entry_field(n, "incident-day"),
                    date_message(&format!("the date of the incident in report {n}"), e),
                ))
            })
            .ok();
        let reported = IncidentDate::from_parts(&fields[3], &fields[4], &fields[5], today)
            .map_err(|e| {
                errors.push(FieldError::new(
                    entry_field(n, "reported-day"),
                    date_message(&format!("the date you made report {n}"), e),
                ))
            })
            .ok();
        if let (Some(incident), Some(reported)) = (incident, reported) {
            if reported.date() < incident.date() {
                errors.push(FieldError::new(
                    entry_field(n, "reported-day"),
                    format!(
                        "The date you made report {n} must be the same as or after the date of \
                         the incident"
                    ),
                ));
            }
        }
        let reported_to = ELSEWHERE
            .into_iter()
            .find(|c| channel_value(*c) == fields[6]);
        if reported_to.is_none() {
            errors.push(FieldError::new(
                entry_field(n, "reported-to"),
                format!("Select who you made report {n} to"),
            ));
        }
        let how = HowReported::parse(&fields[7]);
        if how.is_none() {
            errors.push(FieldError::new(
                entry_field(n, "how"),
                format!("Select how you made report {n}"),
            ));
        }
        let their_reference = one_line(
            &fields[8],
            &entry_field(n, "their-reference"),
            REFERENCE_MAX,
            &format!("The reference number of report {n}"),
            &mut errors,
        );
        let details = text(
            &fields[9],
            &entry_field(n, "details"),
            DETAILS_MAX,
            &format!("The details of report {n}"),
            &mut errors,
        );
        if errors.len() == before {
            if let (Some(incident), Some(reported), Some(reported_to), Some(how)) =
                (incident, reported, reported_to, how)
            {
                reports.push(DeclaredReport {
                    incident_date: incident.date(),
                    reported_on: reported.date(),
                    reported_to,
                    how,
                    their_reference,
                    details,
                });
            }
        }
    }
    if n > max {
        errors.push(FieldError::new(
            entry_field(n, "incident-day"),
            format!("You can add up to {max} reports made elsewhere"),
        ));
    }
    if errors.is_empty() {
        Ok(reports)
    } else {
        Err(errors)
    }
}

/// "How it has affected you"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImpactForm {
    pub description: String,
    pub hate: String,
    pub outcome_hoped: String,
}

impl From<&Impact> for ImpactForm {
    fn from(i: &Impact) -> Self {
        ImpactForm {
            description: i.description.clone(),
            hate: i.hate.value().to_string(),
            outcome_hoped: i.outcome_hoped.clone(),
        }
    }
}

pub fn parse_impact(form: &ImpactForm) -> Result<Impact, Vec<FieldError>> {
    let mut errors = Vec::new();
    let description = text(
        &form.description,
        "description",
        IMPACT_MAX,
        "How it has affected you",
        &mut errors,
    );
    if description.is_none() && !errors.iter().any(|e| e.field == "description") {
        errors.push(FieldError::new(
            "description",
            "Enter how the anti-social behaviour has affected you",
        ));
    }
    let hate = HateAnswer::parse(form.hate.trim());
    if hate.is_none() {
        errors.push(FieldError::new(
            "hate",
            "Select whether you think it is because of who you are",
        ));
    }
    let outcome_hoped = text(
        &form.outcome_hoped,
        "outcome_hoped",
        OUTCOME_MAX,
        "What you would like to happen",
        &mut errors,
    );
    if outcome_hoped.is_none() && !errors.iter().any(|e| e.field == "outcome_hoped") {
        errors.push(FieldError::new(
            "outcome_hoped",
            "Enter what you would like to happen",
        ));
    }
    match (description, hate, outcome_hoped) {
        (Some(description), Some(hate), Some(outcome_hoped)) if errors.is_empty() => Ok(Impact {
            description,
            hate,
            outcome_hoped,
        }),
        _ => Err(errors),
    }
}

/// "Taking part in the review meeting"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TakingPartForm {
    pub taking_part: String,
}

impl From<&TakingPart> for TakingPartForm {
    fn from(t: &TakingPart) -> Self {
        TakingPartForm {
            taking_part: t.value().to_string(),
        }
    }
}

pub fn parse_taking_part(form: &TakingPartForm) -> Result<TakingPart, Vec<FieldError>> {
    TakingPart::parse(form.taking_part.trim()).ok_or_else(|| {
        vec![FieldError::new(
            "taking_part",
            "Select whether you want to take part in the review meeting",
        )]
    })
}

/// "Sharing your application for the review"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub consent: String,
}

impl From<&bool> for ConsentForm {
    fn from(given: &bool) -> Self {
        ConsentForm {
            consent: if *given { "yes" } else { "no" }.to_string(),
        }
    }
}

pub fn parse_consent(form: &ConsentForm) -> Result<bool, Vec<FieldError>> {
    match form.consent.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(vec![FieldError::new(
            "consent",
            "Select yes if we can share your application with the bodies doing the review",
        )]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn form<T: serde::de::DeserializeOwned>(pairs: &[(&str, &str)]) -> T {
        serde_html_form::from_str(&serde_html_form::to_string(pairs).unwrap()).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 7, 15).unwrap()
    }

    fn entry<'a>(
        incident: [&'a str; 3],
        reported: [&'a str; 3],
        to: &'a str,
        how: &'a str,
    ) -> Vec<(&'a str, &'a str)> {
        vec![
            ("incident_day", incident[0]),
            ("incident_month", incident[1]),
            ("incident_year", incident[2]),
            ("reported_day", reported[0]),
            ("reported_month", reported[1]),
            ("reported_year", reported[2]),
            ("reported_to", to),
            ("how", how),
            ("their_reference", ""),
            ("details", ""),
        ]
    }

    const BLANK: [&str; 3] = ["", "", ""];

    #[test]
    fn reports_made_elsewhere_are_a_repeatable_group() {
        let good = entry(["1", "6", "2026"], ["2", "6", "2026"], "police", "phone");
        let mut two = good.clone();
        two.extend(entry(
            ["3", "7", "2026"],
            ["3", "7", "2026"],
            "council",
            "online",
        ));
        let mut with_blank = two.clone();
        with_blank.extend(entry(BLANK, BLANK, "", ""));
        // (fields, max) → number of reports, or the first error's field and message
        type Case<'a> = (
            Vec<(&'a str, &'a str)>,
            usize,
            Result<usize, (&'a str, &'a str)>,
        );
        let cases: Vec<Case> = vec![
            (vec![], 10, Ok(0)),
            (entry(BLANK, BLANK, "", ""), 10, Ok(0)),
            (good.clone(), 10, Ok(1)),
            (with_blank.clone(), 10, Ok(2)),
            (
                entry(["1", "6", "2026"], ["31", "5", "2026"], "police", "phone"),
                10,
                Err(("other-1-reported-day", "The date you made report 1 must be the same as or after the date of the incident")),
            ),
            (
                entry(["30", "2", "2026"], ["1", "3", "2026"], "police", "phone"),
                10,
                Err(("other-1-incident-day", "The date of the incident in report 1 must be a real date")),
            ),
            (
                entry(["1", "8", "2026"], ["2", "8", "2026"], "police", "phone"),
                10,
                Err(("other-1-incident-day", "The date of the incident in report 1 must be today or in the past")),
            ),
            (
                entry(["1", "6", "2026"], ["2", "6", "2026"], "mi5", "phone"),
                10,
                Err(("other-1-reported-to", "Select who you made report 1 to")),
            ),
            (
                entry(["1", "6", "2026"], ["2", "6", "2026"], "portal", "phone"),
                10,
                Err(("other-1-reported-to", "Select who you made report 1 to")),
            ),
            (
                entry(["1", "6", "2026"], ["", "6", "2026"], "police", "carrier_pigeon"),
                10,
                Err(("other-1-reported-day", "The date you made report 1 must include a day")),
            ),
            (two.clone(), 1, Err(("other-2-incident-day", "You can add up to 1 reports made elsewhere"))),
        ];
        for (fields, max, expected) in cases {
            let parsed = parse_other_reports(&form(&fields), today(), max, 0);
            let got = parsed
                .map(|r| r.len())
                .map_err(|e| (e[0].field.clone(), e[0].message.clone()));
            let expected = expected.map_err(|(f, m)| (f.to_string(), m.to_string()));
            assert_eq!(got, expected, "{fields:?}");
        }
    }

    #[test]
    fn the_buttons_and_the_numbering_after_reports_already_added() {
        let fields = entry(["1", "6", "2026"], ["2", "6", "2026"], "police", "phone");
        for (action, expected) in [
            ("add", GroupAction::Add),
            ("remove-2", GroupAction::Remove(1)),
            ("remove-0", GroupAction::Continue),
            ("continue", GroupAction::Continue),
            ("", GroupAction::Continue),
        ] {
            let mut posted = fields.clone();
            posted.push(("action", action));
            assert_eq!(
                form::<OtherReportsForm>(&posted).action(),
                expected,
                "{action}"
            );
        }
        // Two already added: the new one is report 3, and a fourth would be over a max of 3.
        let bad = entry(["1", "6", "2026"], ["2", "6", "2026"], "mi5", "phone");
        let errors = parse_other_reports(&form(&bad), today(), 10, 2).unwrap_err();
        assert_eq!(errors[0].field, "other-3-reported-to");
        assert_eq!(errors[0].message, "Select who you made report 3 to");
        let over = parse_other_reports(&form(&fields), today(), 3, 3).unwrap_err();
        assert_eq!(
            over[0].message,
            "You can add up to 3 reports made elsewhere"
        );
        // A stored answer fills the page in again.
        let stored = parse_other_reports(&form(&fields), today(), 10, 0).unwrap();
        let again = OtherReportsForm::from(&stored);
        assert_eq!(parse_other_reports(&again, today(), 10, 0).unwrap(), stored);
    }

    #[test]
    fn a_claimed_report_needs_a_reference_and_the_contact_given_on_it() {
        let parse = |r: &str, c: &str| {
            parse_claimed_report(&form(&[("reference", r), ("contact", c)]), 10, 0)
                .map(|claim| claim.map(|c| (c.reference, c.email.is_some(), c.phone.is_some())))
                .map_err(|e| e.iter().map(|e| e.field.clone()).collect::<Vec<_>>())
        };
        assert_eq!(parse("", ""), Ok(None));
        assert_eq!(
            parse("asb 7kq4 m2xd", "Sam@Example.com"),
            Ok(Some(("ASB-7KQ4-M2XD".to_string(), true, false)))
        );
        assert_eq!(
            parse("ASB-7KQ4-M2XD", "07700 900 982"),
            Ok(Some(("ASB-7KQ4-M2XD".to_string(), false, true)))
        );
        assert_eq!(
            parse("CR-7KQ4-M2XD", "07700 900 982"),
            Err(vec!["reference".to_string()])
        );
        assert_eq!(parse("ASB-7KQ4-M2XD", ""), Err(vec!["contact".to_string()]));
        assert_eq!(
            parse("nonsense", "nope"),
            Err(vec!["reference".to_string(), "contact".to_string()])
        );
        let full = parse_claimed_report(
            &form(&[("reference", "ASB-7KQ4-M2XD"), ("contact", "07700 900 982")]),
            2,
            2,
        );
        assert!(full.is_err());
    }

    #[test]
    fn the_other_pages_name_their_questions() {
        assert_eq!(
            parse_applicant(&form(&[])).unwrap_err()[0].message,
            "Select who is applying"
        );
        assert_eq!(
            parse_applicant(&form(&[("applicant", "on_behalf")])),
            Ok(Applicant::OnBehalf)
        );
        let victim = parse_victim(&form(&[("victim_name", "Sam Jones")])).unwrap_err();
        assert_eq!(victim[0].field, "victim_agrees");
        assert_eq!(
            parse_victim(&form(&[
                ("victim_name", "Sam Jones"),
                ("victim_agrees", "yes")
            ])),
            Ok("Sam Jones".to_string())
        );
        let impact = parse_impact(&form(&[])).unwrap_err();
        let fields: Vec<&str> = impact.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["description", "hate", "outcome_hoped"]);
        assert_eq!(
            parse_taking_part(&form(&[("taking_part", "written")])),
            Ok(TakingPart::Written)
        );
        assert_eq!(parse_consent(&form(&[("consent", "no")])), Ok(false));
        assert!(parse_consent(&form(&[("consent", "maybe")])).is_err());
        let long = "a".repeat(NAME_MAX + 1);
        assert_eq!(
            parse_organisation(&form(&[("organisation", long.as_str())])).unwrap_err()[0].message,
            "The name must be 100 characters or fewer"
        );
    }
}
