//! A report in progress: the answers to each step of Journey 1, how raw form input becomes
//! those answers, and which step comes next.
//!
//! Each step's parser turns the posted fields into a typed answer or a list of field errors
//! (GOV.UK wording). The draft only ever holds parsed answers, so by the time a person reaches
//! "Check your answers" everything in it is already valid.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::assessment::{
    assess, Assessment, Question, Questionnaire, PREFER_NOT_TO_SAY, REPORTED_QUESTION,
};
use crate::domain::category::{self as categories, CategoryDef};
use crate::domain::fields::{
    bounded_text, single_line_text, ContactEmail, DateError, FieldError, IncidentDate, LineError,
    PhoneNumber, Postcode,
};
use crate::domain::routing::{mediation_candidate, support_candidate, RouteId, RoutingRules};

/// The assessment questions that "How often does it happen?" answers.
pub const FREQUENCY_QUESTION: &str = "frequency";
pub const REPEAT_QUESTION: &str = "repeat";

pub use crate::domain::flow::{Form, PendingForm};

pub const DESCRIPTION_MAX: usize = 5_000;
pub const PEOPLE_INVOLVED_MAX: usize = 1_000;
pub const ADDRESS_MAX: usize = 200;
pub const PLACE_DESCRIPTION_MAX: usize = 500;
pub const NAME_MAX: usize = 100;
pub const CONTACT_TIMES_MAX: usize = 200;

/// How often the problem happens, as asked on the "when" page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Once,
    Daily,
    Weekly,
    Monthly,
    LessOften,
}

impl Frequency {
    pub const ALL: [Frequency; 5] = [
        Frequency::Once,
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::LessOften,
    ];

    pub fn value(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::LessOften => "less_often",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Once => "It has happened once",
            Frequency::Daily => "Every day or most days",
            Frequency::Weekly => "Every week",
            Frequency::Monthly => "Every month",
            Frequency::LessOften => "Less often",
        }
    }

    pub fn parse(value: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.value() == value)
    }
}

/// An area (ward or neighbourhood) a deployment lets people pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub postcode: Option<Postcode>,
    pub address: Option<String>,
    pub place_description: Option<String>,
    pub area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct When {
    pub incident_date: NaiveDate,
    /// Whether it is still going on: not asked (`None`) when it has happened once.
    #[serde(default)]
    pub ongoing: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub description: String,
    pub people_involved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub full_name: String,
    pub email: Option<ContactEmail>,
    pub phone: Option<PhoneNumber>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
}

/// How many times the person reported it in the last six months, on the "earlier reports"
/// page. Each value is an option of the assessment's `reported` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportedTimes {
    Once,
    Twice,
    ThreeOrMore,
    /// Reported before, but not in the last six months.
    NotRecently,
}

impl ReportedTimes {
    pub const ALL: [ReportedTimes; 4] = [
        ReportedTimes::Once,
        ReportedTimes::Twice,
        ReportedTimes::ThreeOrMore,
        ReportedTimes::NotRecently,
    ];

    pub fn value(self) -> &'static str {
        match self {
            ReportedTimes::Once => "once",
            ReportedTimes::Twice => "twice",
            ReportedTimes::ThreeOrMore => "three_or_more",
            ReportedTimes::NotRecently => "not_recently",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportedTimes::Once => "Once",
            ReportedTimes::Twice => "Twice",
            ReportedTimes::ThreeOrMore => "3 times or more",
            ReportedTimes::NotRecently => "Not in the last 6 months",
        }
    }

    /// The answer to the assessment's `reported` question.
    pub fn assessment_value(self) -> &'static str {
        match self {
            ReportedTimes::NotRecently => "none",
            other => other.value(),
        }
    }

    pub fn parse(value: &str) -> Option<ReportedTimes> {
        ReportedTimes::ALL.into_iter().find(|t| t.value() == value)
    }
}

/// Who the person reported it to before: kept for the ASB Case Review, which asks the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportedTo {
    Council,
    Police,
    HousingProvider,
    Other,
}

impl ReportedTo {
    pub const ALL: [ReportedTo; 4] = [
        ReportedTo::Council,
        ReportedTo::Police,
        ReportedTo::HousingProvider,
        ReportedTo::Other,
    ];

    /// The form value and stored form.
    pub fn value(self) -> &'static str {
        match self {
            ReportedTo::Council => "council",
            ReportedTo::Police => "police",
            ReportedTo::HousingProvider => "housing_provider",
            ReportedTo::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportedTo::Council => "The council",
            ReportedTo::Police => "The police",
            ReportedTo::HousingProvider => "A housing association or landlord",
            ReportedTo::Other => "Someone else",
        }
    }

    pub fn parse(value: &str) -> Option<ReportedTo> {
        ReportedTo::ALL.into_iter().find(|t| t.value() == value)
    }
}

/// The "earlier reports" page: asked only of someone who said they reported it before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierReports {
    pub times: ReportedTimes,
    pub reported_to: BTreeSet<ReportedTo>,
    /// References of their reports on this website, canonical; proven theirs at submit only
    /// when made with this report's email or phone.
    #[serde(default)]
    pub portal_references: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub affecting: bool,
    pub reported_before: bool,
}

/// One consent question on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentItem {
    Share,
    Contact,
    Support,
    Mediation,
}

impl ConsentItem {
    pub const ALL: [ConsentItem; 4] = [
        ConsentItem::Share,
        ConsentItem::Contact,
        ConsentItem::Support,
        ConsentItem::Mediation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentItem::Share => "share",
            ConsentItem::Contact => "contact",
            ConsentItem::Support => "support",
            ConsentItem::Mediation => "mediation",
        }
    }

    /// The form field that carries this item's answer.
    pub fn field(self) -> &'static str {
        match self {
            ConsentItem::Share => "consent_share",
            ConsentItem::Contact => "consent_contact",
            ConsentItem::Support => "consent_support",
            ConsentItem::Mediation => "consent_mediation",
        }
    }
}

/// A report in progress. Only parsed answers are stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub category: Option<String>,
    /// "Who are you reporting for?"; for someone else, the pages about them follow
    /// (`domain::on_behalf`). `None` in drafts begun before it was asked: for themselves.
    #[serde(default)]
    pub reporting_for: Option<ReportingFor>,
    #[serde(default)]
    pub person_affected: Option<PersonAffected>,
    /// Whether the person affected knows about the report and agrees.
    #[serde(default)]
    pub agreement: Option<Agreement>,
    /// "Can we contact Sam directly?", asked only when they know and agree.
    #[serde(default)]
    pub contact_them: Option<bool>,
    /// How to reach the person affected, after a yes; its `full_name` is their name.
    #[serde(default)]
    pub their_contact: Option<ContactDetails>,
    pub location: Option<Location>,
    #[serde(default)]
    pub frequency: Option<Frequency>,
    pub when: Option<When>,
    pub details: Option<Details>,
    /// Who is causing it, to the person it affects.
    #[serde(default)]
    pub relationship: Option<Relationship>,
    /// "Can we contact you about your report?": yes, or stay anonymous. It is the contact
    /// consent, recorded with its wording's version.
    #[serde(default)]
    pub wants_contact: Option<bool>,
    /// Given on the next page, only after a yes.
    #[serde(default)]
    pub contact_details: Option<ContactDetails>,
    pub impact: Option<Impact>,
    #[serde(default)]
    pub earlier_reports: Option<EarlierReports>,
    /// Question id → option value, for the questions answered so far.
    #[serde(default)]
    pub assessment: BTreeMap<String, String>,
    /// Consent item → given, for the items answered.
    #[serde(default)]
    pub consent: BTreeMap<ConsentItem, bool>,
    /// Once a person has seen "Check your answers", every later answer returns them there.
    #[serde(default)]
    pub reached_check: bool,
    #[serde(default)]
    pub pending: Option<PendingForm>,
    /// Reports made earlier from this browser (set by the server when a new report is started
    /// from a submitted one's session, never typed): proof that they are this person's.
    #[serde(default)]
    pub same_browser_reports: Vec<i64>,
    /// The honeypot was filled in (`domain::honeypot`): stored, but every route held. It
    /// stays set: a robot that clears it on a second post is still a robot.
    #[serde(default)]
    pub honeypot: bool,
}

/// The local rules a journey needs, borrowed from the deployment's configuration.
#[derive(Debug, Clone, Copy)]
pub struct JourneyRules<'a> {
    pub categories: &'a [CategoryDef],
    pub areas: &'a [Area],
    pub questionnaire: &'a Questionnaire,
    pub routing: &'a RoutingRules,
}

impl Draft {
    pub fn category_def<'a>(&self, rules: &JourneyRules<'a>) -> Option<&'a CategoryDef> {
        self.category
            .as_deref()
            .and_then(|id| categories::find(rules.categories, id))
    }

    pub fn is_anonymous(&self) -> bool {
        self.wants_contact == Some(false)
    }

    /// The name of the person the report is made for, when it is made for someone else: the
    /// questions from there on are about them.
    pub fn person_affected_name(&self) -> Option<&str> {
        if self.reporting_for != Some(ReportingFor::SomeoneElse) {
            return None;
        }
        Some(
            self.person_affected
                .as_ref()
                .map_or("the person you are reporting for", |p| p.name.as_str()),
        )
    }

    /// Whether the questions are about someone other than the person answering them.
    pub fn about_them(&self) -> bool {
        self.reporting_for == Some(ReportingFor::SomeoneElse)
    }

    /// Whether the report may go beyond triage as its consent answers say: made for oneself,
    /// or for someone who knows and agrees (`domain::on_behalf`).
    pub fn agreed(&self) -> bool {
        crate::domain::on_behalf::agreed(self.reporting_for, self.agreement)
    }

    /// How to reach the person a report is made for, when they agreed and we may.
    pub fn their_contact(&self) -> Option<&ContactDetails> {
        self.their_contact
            .as_ref()
            .filter(|_| self.about_them() && self.agreed() && self.contact_them == Some(true))
    }

    /// The contact a support or mediation service would use: the person affected's own. For a
    /// report made for someone else that is theirs, never the reporter's.
    pub fn contact_of_person_affected(&self) -> Option<&ContactDetails> {
        if self.about_them() {
            self.their_contact()
        } else {
            self.contact()
        }
    }

    /// The person's contact details, when they chose to be contacted and gave them.
    pub fn contact(&self) -> Option<&ContactDetails> {
        self.contact_details
            .as_ref()
            .filter(|_| self.wants_contact == Some(true))
    }

    /// The gate (PRODUCT.md, reduction approach): the needs assessment is offered only when the
    /// problem is affecting the person, they have reported it before, or it is a hate incident.
    pub fn needs_assessment(&self, rules: &JourneyRules) -> bool {
        let hate_category = self.category_def(rules).is_some_and(|c| c.flags.hate);
        let gate_yes = self
            .impact
            .is_some_and(|i| i.affecting || i.reported_before);
        hate_category || gate_yes
    }

    /// Assessment answers the person already gave on earlier pages, so they are not asked
    /// again (PRODUCT.md: a person who has told us something once is not asked again):
    /// `frequency` and `repeat` come from "How often does it happen?" (anything but once means
    /// it has happened before), and `reported` from the gate ("none" when they have not
    /// reported it before) or the earlier reports page. Each applies only if the questionnaire
    /// has that question and option.
    pub fn answers_given_elsewhere(
        &self,
        questionnaire: &Questionnaire,
    ) -> BTreeMap<String, String> {
        let frequency = self.frequency.map(|f| match f {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Once | Frequency::LessOften => "less",
        });
        let repeat = self
            .frequency
            .map(|f| if f == Frequency::Once { "no" } else { "yes" });
        let reported = match self.impact {
            Some(i) if !i.reported_before => Some("none"),
            Some(_) => self
                .earlier_reports
                .as_ref()
                .map(|e| e.times.assessment_value()),
            None => None,
        };
        [
            (FREQUENCY_QUESTION, frequency),
            (REPEAT_QUESTION, repeat),
            (REPORTED_QUESTION, reported),
        ]
        .into_iter()
        .filter_map(|(id, value)| {
            let value = value?;
            let question = questionnaire.question(id)?;
            question
                .option(value)
                .map(|_| (id.to_string(), value.to_string()))
        })
        .collect()
    }

    /// Drops answers that no longer apply after a change: contact details after "stay
    /// anonymous", earlier reports after "not reported before", whether it is still going on
    /// after "it has happened once", and every assessment answer when the gate
    /// no longer leads to the assessment (health answers are not kept without need), and any
    /// that an earlier page now answers, so "Check your answers" shows what will be stored.
    pub fn forget_answers_that_no_longer_apply(&mut self, rules: &JourneyRules) {
        if self.wants_contact != Some(true) {
            self.contact_details = None;
        }
        // Nothing about another person is kept for a report someone makes for themselves, and
        // nobody is contacted who has not agreed.
        if !self.about_them() {
            self.person_affected = None;
            self.agreement = None;
        }
        if !(self.about_them() && self.agreed()) {
            self.contact_them = None;
        }
        if self.contact_them != Some(true) {
            self.their_contact = None;
        }
        if !self.impact.is_some_and(|i| i.reported_before) {
            self.earlier_reports = None;
        }
        // Something that happened once is not going on: a changed answer asks again.
        if let Some(when) = &mut self.when {
            if self.frequency == Some(Frequency::Once) {
                when.ongoing = None;
            }
        }
        if !self.needs_assessment(rules) {
            self.assessment.clear();
            return;
        }
        let elsewhere = self.answers_given_elsewhere(rules.questionnaire);
        self.assessment.retain(|id, _| !elsewhere.contains_key(id));
    }

    /// Every assessment answer: those asked in the assessment and those given elsewhere.
    pub fn assessment_answers(&self, questionnaire: &Questionnaire) -> BTreeMap<String, String> {
        let mut answers = self.assessment.clone();
        answers.extend(self.answers_given_elsewhere(questionnaire));
        answers
    }

    /// The assessment result, when an assessment applies and every question is answered.
    pub fn assessment_result(&self, rules: &JourneyRules) -> Option<Assessment> {
        if !self.needs_assessment(rules) {
            return None;
        }
        let answers = self.assessment_answers(rules.questionnaire);
        let complete = rules
            .questionnaire
            .questions
            .iter()
            .all(|q| answers.contains_key(&q.id));
        complete.then(|| assess(rules.questionnaire, &answers))
    }

    /// The questions of a group that the assessment page asks.
    pub fn questions_to_ask<'a>(&self, rules: &JourneyRules<'a>, group: &str) -> Vec<&'a Question> {
        let elsewhere = self.answers_given_elsewhere(rules.questionnaire);
        rules
            .questionnaire
            .questions
            .iter()
            .filter(|q| q.group == group && !elsewhere.contains_key(&q.id))
            .collect()
    }

    /// Whether every question the assessment page `group` asks is answered.
    pub fn group_complete(&self, rules: &JourneyRules, group: &str) -> bool {
        self.questions_to_ask(rules, group)
            .iter()
            .all(|q| self.assessment.contains_key(&q.id))
    }

    /// Whether any answer so far, saved or just posted, is critical (thoughts of self-harm).
    /// Urgent help is then shown on every page from there on, not only at the end.
    pub fn has_critical_answer(&self, questionnaire: &Questionnaire) -> bool {
        let posted = self.pending.iter().flat_map(|p| p.values.iter());
        self.assessment.iter().chain(posted).any(|(id, value)| {
            questionnaire
                .question(id)
                .and_then(|q| q.option(value))
                .is_some_and(|o| o.critical)
        })
    }

    /// The consent items the consent page asks, given the other answers. Contact is not among
    /// them: "Can we contact you about your report?" has its own page. None for a report made
    /// for someone who has not agreed: nobody can consent for them, and it goes to triage only.
    /// Support and mediation contact the person affected, so they are asked only when we can.
    pub fn consent_items(&self, rules: &JourneyRules) -> Vec<ConsentItem> {
        if !self.agreed() {
            return Vec::new();
        }
        let mut items = vec![ConsentItem::Share];
        if self.contact_of_person_affected().is_none() {
            return items;
        }
        let assessment = self.assessment_result(rules);
        if assessment
            .as_ref()
            .is_some_and(|a| support_candidate(rules.routing, a))
        {
            items.push(ConsentItem::Support);
        }
        if let Some(category) = self.category_def(rules) {
            if mediation_candidate(
                rules.routing,
                category,
                assessment.as_ref(),
                self.relationship,
            ) {
                items.push(ConsentItem::Mediation);
            }
        }
        items
    }

    /// Every consent answer to record: contact (from its own page), then the consent page's.
    pub fn consent_answers(&self, rules: &JourneyRules) -> Vec<(ConsentItem, bool)> {
        let mut answers: Vec<(ConsentItem, bool)> = self
            .wants_contact
            .map(|given| (ConsentItem::Contact, given))
            .into_iter()
            .collect();
        answers.extend(
            self.consent_items(rules)
                .into_iter()
                .map(|item| (item, self.consent.get(&item).copied().unwrap_or(false))),
        );
        answers
    }

    /// The partners this report could be referred to, so the consent page names only them:
    /// the panel when the band is one it takes, and each service the person is asked about.
    /// None for a report made for someone who has not agreed: it goes to triage only.
    pub fn possible_partners(&self, rules: &JourneyRules) -> Vec<RouteId> {
        let mut partners = Vec::new();
        if !self.agreed() {
            return partners;
        }
        if self
            .assessment_result(rules)
            .is_some_and(|a| rules.routing.panel_bands.contains(&a.band))
        {
            partners.push(RouteId::Panel);
        }
        if crate::domain::relationship::is_domestic_abuse(self.relationship) {
            partners.push(RouteId::DomesticAbuse);
        }

        for item in self.consent_items(rules) {
            match item {
                ConsentItem::Support => partners.push(RouteId::Support),
                ConsentItem::Mediation => partners.push(RouteId::Mediation),
                ConsentItem::Share | ConsentItem::Contact => {}
            }
        }
        partners
    }

    /// Whether every consent question that applies is answered.
    pub fn consent_complete(&self, rules: &JourneyRules) -> bool {
        self.consent_items(rules)
            .iter()
            .all(|item| self.consent.contains_key(item))
    }

    /// Whether a given consent item was given (false when not asked or refused).
    pub fn consented(&self, item: ConsentItem, rules: &JourneyRules) -> bool {
        match item {
            ConsentItem::Contact => self.wants_contact == Some(true),
            _ => {
                self.consent_items(rules).contains(&item) && self.consent.get(&item) == Some(&true)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The pages' forms and parsers, one module a page. Every form field is text (or a list of
// texts, for a repeated key), so any well-formed body decodes; each parser decides what is
// valid, and each form converts back from its answer so a page shown again is filled in.

mod assessment;
mod category;
mod consent;
mod contact;
mod details;
mod earlier_reports;
mod how_often;
mod impact;
mod location;
mod on_behalf;
mod relationship;
mod when;

pub use assessment::*;
pub use category::*;
pub use consent::*;
pub use contact::*;
pub use details::*;
pub use earlier_reports::*;
pub use how_often::*;
pub use impact::*;
pub use location::*;
pub use on_behalf::*;
pub use relationship::*;
pub use when::*;

// ---------------------------------------------------------------------------------------------
// What the parsers share

fn yes_no(value: &str) -> Option<bool> {
    match value.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn yes_no_field(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

/// Free text, on one line or several: a valid answer, or its GOV.UK error pushed.
fn text(
    value: &str,
    name: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let parsed = bounded_text(value, max).map_err(LineError::from);
    answer_or_error(parsed, name, max, label, errors)
}

/// A one-line answer: refused with its own message when it holds a line break.
fn line(
    value: &str,
    name: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let parsed = single_line_text(value, max);
    answer_or_error(parsed, name, max, label, errors)
}

fn answer_or_error(
    parsed: Result<Option<String>, LineError>,
    name: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let message = match parsed {
        Ok(value) => return value,
        Err(LineError::TooLong(_)) => {
            format!("{label} must be {} characters or fewer", thousands(max))
        }
        Err(LineError::NotOneLine) => format!("{label} must be on one line, without line breaks"),
    };
    errors.push(FieldError::new(name, message));
    None
}

/// 5000 → "5,000", as GOV.UK writes numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn finish<T>(value: Option<T>, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

/// Question ids the person answered with something other than "prefer not to say".
pub fn answered_questions(answers: &BTreeMap<String, String>) -> BTreeSet<&str> {
    answers
        .iter()
        .filter(|(_, v)| v.as_str() != PREFER_NOT_TO_SAY)
        .map(|(k, _)| k.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::default_categories;

    /// Posted fields, and the field of the first error expected (None: valid).
    type FieldCase = (
        &'static [(&'static str, &'static str)],
        Option<&'static str>,
    );

    /// A page's typed form from posted fields, decoded as the server decodes a body.
    fn form<T: serde::de::DeserializeOwned>(pairs: &[(&str, &str)]) -> T {
        serde_html_form::from_str(&serde_html_form::to_string(pairs).unwrap()).unwrap()
    }

    struct Fixture {
        categories: Vec<CategoryDef>,
        areas: Vec<Area>,
        questionnaire: Questionnaire,
        routing: RoutingRules,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                categories: default_categories(),
                areas: vec![Area {
                    id: "north".into(),
                    label: "North".into(),
                }],
                questionnaire: Questionnaire::default(),
                routing: RoutingRules::default(),
            }
        }
        fn rules(&self) -> JourneyRules<'_> {
            JourneyRules {
                categories: &self.categories,
                areas: &self.areas,
                questionnaire: &self.questionnaire,
                routing: &self.routing,
            }
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn simple_draft(category: &str, affecting: bool) -> Draft {
        Draft {
            category: Some(category.into()),
            location: Some(Location {
                postcode: None,
                address: Some("1 High Street".into()),
                place_description: None,
                area: None,
            }),
            frequency: Some(Frequency::Weekly),
            when: Some(When {
                incident_date: today(),
                ongoing: Some(true),
            }),
            details: Some(Details {
                description: "Loud music".into(),
                people_involved: None,
            }),
            wants_contact: Some(true),
            contact_details: Some(ContactDetails {
                full_name: "Sam Jones".into(),
                email: Some(ContactEmail::parse("sam@example.com").unwrap()),
                phone: None,
                safe_to_email: Some(true),
                safe_to_voicemail: None,
                contact_times: None,
            }),
            impact: Some(Impact {
                affecting,
                reported_before: false,
            }),
            ..Draft::default()
        }
    }

    #[test]
    fn the_gate_decides_whether_the_assessment_is_asked() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let cases = [
            ("noise", false, false),
            ("noise", true, true),
            ("hate_incident", false, true),
            ("vandalism", false, false),
        ];
        for (category, affecting, expected) in cases {
            let draft = simple_draft(category, affecting);
            assert_eq!(
                draft.needs_assessment(&rules),
                expected,
                "{category} {affecting}"
            );
        }
    }

    #[test]
    fn a_straightforward_report_goes_from_the_gate_to_consent() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let draft = simple_draft("noise", false);
        // Noise is a neighbour problem with no risk flags, so mediation is offered.
        assert_eq!(
            draft.consent_items(&rules),
            vec![ConsentItem::Share, ConsentItem::Mediation]
        );
        // Contact was answered on its own page, and is recorded with the others.
        assert_eq!(
            draft.consent_answers(&rules),
            vec![
                (ConsentItem::Contact, true),
                (ConsentItem::Share, false),
                (ConsentItem::Mediation, false)
            ]
        );
    }

    #[test]
    fn the_consent_page_names_only_the_partners_this_report_could_go_to() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let high = |draft: &mut Draft| {
            for (q, v) in [("violence", "yes"), ("unsafe_home", "yes")] {
                draft.assessment.insert(q.into(), v.into());
            }
        };
        let answer_all = |draft: &mut Draft| {
            for q in &fx.questionnaire.questions {
                draft
                    .assessment
                    .entry(q.id.clone())
                    .or_insert_with(|| PREFER_NOT_TO_SAY.to_string());
            }
        };
        // (what, category, affecting, high band, anonymous) → partners
        let cases = [
            (
                "noise, not affecting",
                "noise",
                false,
                false,
                false,
                vec![RouteId::Mediation],
            ),
            (
                "vandalism, not affecting",
                "vandalism",
                false,
                false,
                false,
                vec![],
            ),
            (
                "noise, affecting, standard band",
                "noise",
                true,
                false,
                false,
                vec![RouteId::Mediation],
            ),
            (
                "harassment, high band",
                "harassment",
                true,
                true,
                false,
                vec![RouteId::Panel, RouteId::Support],
            ),
            (
                "harassment, high band, anonymous",
                "harassment",
                true,
                true,
                true,
                vec![RouteId::Panel],
            ),
            ("noise, anonymous", "noise", false, false, true, vec![]),
        ];
        for (what, category, affecting, is_high, anonymous, expected) in cases {
            let mut draft = simple_draft(category, affecting);
            if is_high {
                high(&mut draft);
            }
            if affecting {
                answer_all(&mut draft);
            }
            if anonymous {
                draft.wants_contact = Some(false);
            }
            assert_eq!(draft.possible_partners(&rules), expected, "{what}");
        }
    }

    #[test]
    fn anonymous_people_are_only_asked_about_sharing() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let mut draft = simple_draft("noise", false);
        draft.wants_contact = Some(false);
        assert_eq!(draft.consent_items(&rules), vec![ConsentItem::Share]);
        assert!(
            draft.contact().is_none(),
            "details kept from before are not used"
        );
    }

    #[test]
    fn location_needs_one_of_postcode_address_or_place() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let cases: [FieldCase; 6] = [
            (&[], Some(PLACE_GROUP)),
            (&[("postcode", "sw1a1aa")], None),
            (&[("address", "1 High Street")], None),
            (&[("place_description", "The park by the shops")], None),
            (
                &[("postcode", "NOT A POSTCODE"), ("address", "1 High St")],
                Some("postcode"),
            ),
            (&[("address", "1 High St"), ("area", "bogus")], Some("area")),
        ];
        for (fields, error) in cases {
            let result = parse_location(&form(fields), &rules);
            assert_eq!(
                result.err().map(|e| e[0].field.clone()).as_deref(),
                error,
                "{fields:?}"
            );
        }
        let parsed = parse_location(&form(&[("postcode", "sw1a1aa")]), &rules).unwrap();
        assert_eq!(parsed.postcode.unwrap().as_str(), "SW1A 1AA");
    }

    #[test]
    fn when_asks_whether_it_goes_on_only_if_it_has_happened_more_than_once() {
        let date = [
            ("incident-date-day", "21"),
            ("incident-date-month", "11"),
            ("incident-date-year", "2026"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| -> WhenForm {
            let mut fields = date.to_vec();
            fields.extend_from_slice(extra);
            form(&fields)
        };
        let weekly = Some(Frequency::Weekly);
        let once = Some(Frequency::Once);
        // (fields, frequency) → ongoing, or the first error's field
        type Case = (
            WhenForm,
            Option<Frequency>,
            Result<Option<bool>, &'static str>,
        );
        let cases: [Case; 5] = [
            (with(&[("ongoing", "yes")]), weekly, Ok(Some(true))),
            (with(&[]), weekly, Err("ongoing")),
            (with(&[]), once, Ok(None)),
            // An answer posted anyway (an old page) is ignored, never a contradiction.
            (with(&[("ongoing", "yes")]), once, Ok(None)),
            (form(&[("ongoing", "no")]), weekly, Err("incident-date-day")),
        ];
        for (fields, frequency, expected) in cases {
            let parsed = parse_when(&fields, today(), frequency);
            assert_eq!(
                parsed.map(|w| w.ongoing).map_err(|e| e[0].field.clone()),
                expected.map_err(String::from),
                "{fields:?} {frequency:?}"
            );
        }
        let mut future = with(&[("ongoing", "yes")]);
        future.day = "23".into();
        assert_eq!(
            parse_when(&future, today(), weekly).unwrap_err()[0].message,
            "The date it last happened must be today or in the past"
        );
        assert_eq!(
            parse_when(&future, today(), once).unwrap_err()[0].message,
            "The date it happened must be today or in the past"
        );
        assert_eq!(
            parse_how_often(&form(&[("frequency", "hourly")])).unwrap_err()[0].message,
            "Select how often it happens"
        );
    }

    #[test]
    fn earlier_reports_need_how_many_times_and_who_to() {
        let cases: [FieldCase; 5] = [
            (&[("times", "twice"), ("reported_to", "police")], None),
            (
                &[
                    ("times", "once"),
                    ("reported_to", "police"),
                    ("reported_to", "council"),
                ],
                None,
            ),
            (&[("reported_to", "police")], Some("times")),
            (&[("times", "twice")], Some("reported_to")),
            (
                &[("times", "twice"), ("reported_to", "mi5")],
                Some("reported_to"),
            ),
        ];
        for (fields, error) in cases {
            let result = parse_earlier_reports(&form(fields));
            assert_eq!(
                result.err().map(|e| e[0].field.clone()).as_deref(),
                error,
                "{fields:?}"
            );
        }
        let both = parse_earlier_reports(&form(&[
            ("times", "three_or_more"),
            ("reported_to", "police"),
            ("reported_to", "council"),
        ]))
        .unwrap();
        assert_eq!(
            both.reported_to.into_iter().collect::<Vec<_>>(),
            [ReportedTo::Council, ReportedTo::Police]
        );
    }

    #[test]
    fn portal_references_are_read_however_typed_and_each_kept_once() {
        let cases: [(&str, Result<&[&str], &str>); 6] = [
            ("", Ok(&[])),
            ("asb 7kq4 m2xd", Ok(&["ASB-7KQ4-M2XD"])),
            (
                "ASB-7KQ4-M2XD, ASB7KQ4M2XE;\nASB-7KQ4-M2XD",
                Ok(&["ASB-7KQ4-M2XD", "ASB-7KQ4-M2XE"]),
            ),
            ("ASB-7KQ4-M2X", Err("like ASB-7KQ4-M2XD")),
            ("CR-7KQ4-M2XD", Err("like ASB-7KQ4-M2XD")),
            (
                "ASB-2222-2222, ASB-2222-2223, ASB-2222-2224, ASB-2222-2225, ASB-2222-2226, \
                 ASB-2222-2227, ASB-2222-2228, ASB-2222-2229, ASB-2222-222A, ASB-2222-222B, \
                 ASB-2222-222C",
                Err("up to 10"),
            ),
        ];
        for (typed, expected) in cases {
            let result = parse_earlier_reports(&form(&[
                ("times", "twice"),
                ("reported_to", "council"),
                ("portal_references", typed),
            ]));
            match (result, expected) {
                (Ok(e), Ok(refs)) => assert_eq!(e.portal_references, refs, "{typed:?}"),
                (Err(errors), Err(message)) => {
                    assert_eq!(errors[0].field, "portal_references");
                    assert!(errors[0].message.contains(message), "{typed:?}: {errors:?}");
                }
                (got, want) => panic!("{typed:?}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn details_are_required_and_limited_to_5000_characters() {
        assert_eq!(
            parse_details(&form(&[])).unwrap_err()[0].message,
            "Enter what happened"
        );
        let long = "é".repeat(5_001);
        assert_eq!(
            parse_details(&form(&[("description", &long)])).unwrap_err()[0].message,
            "What happened must be 5,000 characters or fewer"
        );
        let exact = "é".repeat(5_000);
        assert!(parse_details(&form(&[("description", &exact)])).is_ok());
    }

    #[test]
    fn contact_details_need_a_way_to_reach_the_person_and_safe_contact_answers() {
        assert_eq!(
            parse_contact_choice(&form(&[])).unwrap_err()[0].field,
            "contact"
        );
        assert_eq!(parse_contact_choice(&form(&[("contact", "no")])), Ok(false));
        let cases: [FieldCase; 6] = [
            (&[], Some("full_name")),
            (&[("full_name", "Sam")], Some("email")),
            (
                &[("full_name", "Sam"), ("email", "not-an-email")],
                Some("email"),
            ),
            (
                &[("full_name", "Sam"), ("email", "sam@example.com")],
                Some("safe_to_email"),
            ),
            (&[("full_name", "Sam"), ("phone", "12")], Some("phone")),
            (
                &[
                    ("full_name", "Sam"),
                    ("phone", "07700 900 982"),
                    ("safe_to_voicemail", "no"),
                ],
                None,
            ),
        ];
        for (fields, error) in cases {
            let result = parse_contact_details(&form(fields));
            assert_eq!(
                result.err().map(|e| e[0].field.clone()).as_deref(),
                error,
                "{fields:?}"
            );
        }
    }

    #[test]
    fn assessment_answers_must_be_offered_options() {
        let q = Questionnaire::default();
        let support: Vec<&Question> = q
            .questions
            .iter()
            .filter(|q| q.group == "support")
            .collect();
        let mut answers = form(&[("isolated", "no"), ("services", "prefer_not_to_say")]);
        assert!(parse_assessment_group(&answers, &support, false).is_ok());
        answers.insert("isolated".into(), "maybe".into());
        let errors = parse_assessment_group(&answers, &support, false).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "isolated");
        // An empty page: one error a question, each naming its own.
        let errors = parse_assessment_group(&form(&[]), &support, false).unwrap_err();
        assert_eq!(
            errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>(),
            [
                "Select whether you have someone you can talk to, or who helps you",
                "Select whether you are already getting help from another service"
            ]
        );
    }

    #[test]
    fn every_assessment_page_asks_at_most_four_questions_and_self_harm_is_asked_alone() {
        let fx = Fixture::new();
        let rules = fx.rules();
        // The most a page can ask: not reported before is not given, so nothing is skipped
        // but what "How often" answers.
        let mut draft = simple_draft("noise", true);
        draft.impact = None;
        for group in &fx.questionnaire.groups {
            let asked = draft.questions_to_ask(&rules, &group.id);
            assert!(asked.len() <= 4, "{}: {} questions", group.id, asked.len());
            if asked.iter().any(|q| q.id == "self_harm") {
                assert_eq!(asked.len(), 1, "self-harm is asked on a page of its own");
                assert!(group.intro.is_some(), "and introduced gently");
            }
        }
        let errors: BTreeSet<&str> = fx
            .questionnaire
            .questions
            .iter()
            .map(|q| q.error.as_str())
            .collect();
        assert_eq!(
            errors.len(),
            fx.questionnaire.questions.len(),
            "each error names its question"
        );
        let titles: BTreeSet<&str> = fx
            .questionnaire
            .groups
            .iter()
            .map(|g| g.title.as_str())
            .collect();
        assert_eq!(
            titles.len(),
            fx.questionnaire.groups.len(),
            "every page title is unique"
        );
    }

    #[test]
    fn answers_given_on_earlier_pages_are_not_asked_again() {
        let fx = Fixture::new();
        let rules = fx.rules();
        // Weekly on the "when" page; not reported before at the gate.
        let draft = simple_draft("noise", true);
        let asked: Vec<&str> = draft
            .questions_to_ask(&rules, "history")
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(asked, ["duration", "escalating", "property"]);
        let elsewhere = draft.answers_given_elsewhere(&fx.questionnaire);
        assert_eq!(elsewhere.get("repeat").map(String::as_str), Some("yes"));
        let mut once = draft.clone();
        once.frequency = Some(Frequency::Once);
        assert_eq!(
            once.answers_given_elsewhere(&fx.questionnaire)
                .get("repeat")
                .map(String::as_str),
            Some("no")
        );
        let elsewhere = draft.answers_given_elsewhere(&fx.questionnaire);
        assert_eq!(
            elsewhere.get("frequency").map(String::as_str),
            Some("weekly")
        );
        assert_eq!(elsewhere.get("reported").map(String::as_str), Some("none"));
        // Someone who has reported it before says how many times on the earlier reports page,
        // never in the assessment.
        let mut reported = draft.clone();
        reported.impact = Some(Impact {
            affecting: true,
            reported_before: true,
        });
        reported.earlier_reports = Some(EarlierReports {
            times: ReportedTimes::NotRecently,
            reported_to: [ReportedTo::Police].into(),
            portal_references: Vec::new(),
        });
        assert!(!reported
            .questions_to_ask(&rules, "history")
            .iter()
            .any(|q| q.id == "reported"));
        assert_eq!(
            reported
                .answers_given_elsewhere(&fx.questionnaire)
                .get("reported")
                .map(String::as_str),
            Some("none")
        );
    }

    #[test]
    fn a_changed_gate_forgets_answers_that_no_longer_apply() {
        let fx = Fixture::new();
        let rules = fx.rules();
        let mut draft = simple_draft("noise", true);
        draft.impact = Some(Impact {
            affecting: true,
            reported_before: true,
        });
        draft.earlier_reports = Some(EarlierReports {
            times: ReportedTimes::ThreeOrMore,
            reported_to: [ReportedTo::Council].into(),
            portal_references: Vec::new(),
        });
        draft.assessment.insert("health".into(), "yes".into());
        // Not reported before after all: "reported" now comes from the gate.
        draft.impact = Some(Impact {
            affecting: true,
            reported_before: false,
        });
        draft.forget_answers_that_no_longer_apply(&rules);
        assert_eq!(draft.earlier_reports, None);
        assert_eq!(
            draft.assessment_answers(&fx.questionnaire)["reported"],
            "none"
        );
        assert_eq!(
            draft.assessment.get("health").map(String::as_str),
            Some("yes")
        );
        // Not affecting them either: no health answers are kept.
        draft.impact = Some(Impact {
            affecting: false,
            reported_before: false,
        });
        draft.forget_answers_that_no_longer_apply(&rules);
        assert!(draft.assessment.is_empty());
        // Anonymous after all: the contact details go; once after all: "still going on" goes.
        draft.wants_contact = Some(false);
        draft.frequency = Some(Frequency::Once);
        draft.forget_answers_that_no_longer_apply(&rules);
        assert_eq!(draft.contact_details, None);
        assert_eq!(draft.when.as_ref().unwrap().ongoing, None);
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
