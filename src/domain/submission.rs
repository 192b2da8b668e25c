//! What a submit writes, decided in one pure function: the report's record, its assessment
//! answers, consent records, routing decisions, the emails (referrals and the acknowledgement)
//! and what the confirmation page tells the person. `server::submit` only does the I/O: it
//! finds the person's earlier reports, draws a reference, and commits the plan.
//!
//! Also here: the local wording and routes that the plan needs from the configuration.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::areas::{report_area, PostcodeAreas};
use crate::domain::assessment::{declared_reports, Assessment, Band};
use crate::domain::bank_holidays::BankHolidays;
use crate::domain::council_contact::CouncilContact;
use crate::domain::next_steps::{what_happens_next, NextStepsInput, SomeoneElse};
use crate::domain::notices::{self, Detail, PersonalDetails, ReportFacts};
use crate::domain::on_behalf::{AnsweredBy, ReportingFor};
use crate::domain::reference::Reference;
use crate::domain::repeat::{is_repeat_report, possibly_related, proven_earlier_reports};
use crate::domain::report::{ConsentItem, ContactDetails, Draft, JourneyRules};
use crate::domain::routing::{decide_routes, mediation_candidate, RouteId, RoutingInput};
use crate::domain::signposting::{select_signposts, Signpost, SignpostContext};
use crate::domain::triage_hours::{clock_time, TriageHours};
use crate::domain::uk_time::uk_date;
use crate::domain::urgency::{self, ResponseTimes, Urgency};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    /// The partner's name, shown to officers and in the referral notice.
    pub name: String,
    pub recipients: Vec<String>,
    #[serde(default)]
    pub detail: Detail,
    /// How residents are told about the partner, starting a sentence ("Victim Support").
    pub resident_name: String,
    /// What the partner is, for residents, after its name on the consent page.
    pub description: String,
    /// The partner contacts the person, rather than only looking at the report.
    pub contacts_resident: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routes {
    pub triage: RouteConfig,
    pub panel: RouteConfig,
    pub support: RouteConfig,
    pub mediation: RouteConfig,
    pub domestic_abuse: RouteConfig,
    /// Partners the council adds (`[routes.others.housing]`, …), by id: reached only when an
    /// officer refers a case, each with a partner role of the same id.
    #[serde(default)]
    pub others: std::collections::BTreeMap<String, RouteConfig>,
}

impl Routes {
    /// A route's settings. Configuration is checked at start-up (`server::config`): every
    /// route a stored row or a role names is configured, so the triage team's settings stand
    /// in only for an id no longer configured (its referrals still reach someone).
    pub fn get(&self, route: &RouteId) -> &RouteConfig {
        match route {
            RouteId::Triage => &self.triage,
            RouteId::Panel => &self.panel,
            RouteId::Support => &self.support,
            RouteId::Mediation => &self.mediation,
            RouteId::DomesticAbuse => &self.domestic_abuse,
            RouteId::Other(id) => self.others.get(id).unwrap_or(&self.triage),
        }
    }

    /// Every partner a case can be sent to, in order: the built-in ones, then the council's.
    pub fn partners(&self) -> Vec<RouteId> {
        RouteId::ALL
            .into_iter()
            .filter(|route| *route != RouteId::Triage)
            .chain(self.others.keys().cloned().map(RouteId::Other))
            .collect()
    }

    /// The route a stored id names, if it is configured.
    pub fn route(&self, id: &str) -> Option<RouteId> {
        std::iter::once(RouteId::Triage)
            .chain(self.partners())
            .find(|route| route.as_str() == id)
    }
}

/// What is wrong with the id of a partner a council adds (`[routes.others.<id>]`), if
/// anything: it becomes a stored route and a role, so it is short lower-case words joined by
/// `_`, and not the name of a built-in route or role.
pub fn other_partner_id_problem(id: &str) -> Option<&'static str> {
    let words = !id.is_empty()
        && id.len() <= 40
        && id
            .split('_')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
    let taken = RouteId::ALL.iter().any(|r| r.as_str() == id)
        || ["case_review", "admin", "auditor"].contains(&id);
    if !words {
        Some("the id must be lower-case words joined by `_`, like `housing` or `mental_health`")
    } else if taken {
        Some("the id is a built-in route or role's")
    } else {
        None
    }
}

/// The default routes, from the built-in configuration.
impl Default for Routes {
    fn default() -> Self {
        crate::domain::defaults::product().routes.clone()
    }
}

/// The exact words of a consent question; the version is stored with every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    pub version: String,
    pub question: String,
    #[serde(default)]
    pub hint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentWording {
    pub share: Wording,
    pub contact: Wording,
    pub support: Wording,
    pub mediation: Wording,
    /// The questions the reporter answers for the person affected, in a report made for them;
    /// `{name}` is that person's name. Contact is not among them: the reporter's own contact
    /// consent is `contact`.
    pub for_someone_else: ConsentForSomeoneElse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentForSomeoneElse {
    pub share: Wording,
    pub support: Wording,
    pub mediation: Wording,
}

impl ConsentWording {
    pub fn get(&self, item: ConsentItem) -> &Wording {
        match item {
            ConsentItem::Share => &self.share,
            ConsentItem::Contact => &self.contact,
            ConsentItem::Support => &self.support,
            ConsentItem::Mediation => &self.mediation,
        }
    }

    /// The words of a consent question as asked in this report: to the person affected, or
    /// (`person_affected`: their name) about them, to the person reporting for them.
    pub fn asked(&self, item: ConsentItem, person_affected: Option<&str>) -> Wording {
        let Some(name) = person_affected else {
            return self.get(item).clone();
        };
        let words = match item {
            ConsentItem::Share => &self.for_someone_else.share,
            ConsentItem::Support => &self.for_someone_else.support,
            ConsentItem::Mediation => &self.for_someone_else.mediation,
            ConsentItem::Contact => &self.contact,
        };
        Wording {
            version: words.version.clone(),
            question: words.question.replace("{name}", name),
            hint: words.hint.replace("{name}", name),
        }
    }
}

/// The default consent wording, from the built-in configuration.
impl Default for ConsentWording {
    fn default() -> Self {
        crate::domain::defaults::product().consent.clone()
    }
}

/// The local rules a submit follows, borrowed from the deployment's configuration.
#[derive(Debug, Clone)]
pub struct SubmissionRules<'a> {
    pub journey: JourneyRules<'a>,
    pub routes: &'a Routes,
    pub consent: &'a ConsentWording,
    pub signposting: &'a [Signpost],
    pub service_name: &'a str,
    pub base_url: &'a str,
    pub response: ResponseTimes<'a>,
    pub bank_holidays: &'a BankHolidays,
    pub case_review_threshold: u32,
    pub message_id_domain: &'a str,
    pub contact: &'a CouncilContact,
    pub postcode_areas: &'a PostcodeAreas,
    /// When the triage team reads reports, and the out-of-hours number.
    pub triage_hours: TriageHours,
    pub out_of_hours_phone: Option<&'a str>,
}

/// How a report or a consent came in: the resident online, or an officer entering it for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    SelfService,
    OfficerAssisted,
}

impl Channel {
    /// The stored form (matches the serde name and the database's CHECK).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::SelfService => "self_service",
            Channel::OfficerAssisted => "officer_assisted",
        }
    }
}

/// What an email in the outbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// To a partner a report was routed to.
    Referral,
    /// To the resident: we have your report.
    Acknowledgement,
    /// To the resident: their case reached a milestone (`domain::case_work::Milestone`).
    Update,
}

impl EmailKind {
    /// The stored form (matches the serde name and the database's CHECK).
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Referral => "referral",
            EmailKind::Acknowledgement => "acknowledgement",
            EmailKind::Update => "update",
        }
    }
}

/// Everything the final submit writes, decided here.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub reference: String,
    pub draft_id: String,
    pub category: String,
    pub asb_type: String,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub place_description: Option<String>,
    pub area: Option<String>,
    pub incident_date: NaiveDate,
    pub ongoing: bool,
    pub frequency: String,
    pub description: String,
    pub people_involved: Option<String>,
    pub anonymous: bool,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub phone: Option<String>,
    pub phone_key: Option<String>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
    pub affecting: bool,
    pub reported_before: bool,
    /// Who they reported it to before (`ReportedTo` values), when they said they had.
    pub reported_to: Option<Vec<String>>,
    pub assessed: bool,
    pub score: Option<u32>,
    pub band: Option<Band>,
    pub urgent: bool,
    pub second_report: bool,
    /// Who is causing it (`Relationship` values), when asked.
    pub relationship: Option<String>,
    /// `ReportingFor` value: "myself", or "someone_else" with `person_affected`. The contact
    /// columns above are then the reporter's own.
    pub reporting_for: String,
    pub person_affected: Option<NewPersonAffected>,
    /// Earlier portal reports within six months proven to be this person's (from this browser,
    /// or typed in with this report's contact): the case review counts them.
    pub proven_earlier_reports: Vec<i64>,
    /// An earlier report within six months shares this one's email or phone: for staff only.
    pub possibly_related: bool,
    pub channel: Channel,
    pub submitted_at: DateTime<Utc>,
    pub answers: Vec<NewAnswer>,
    pub consents: Vec<NewConsent>,
    pub routes: Vec<NewRouteDecision>,
    pub emails: Vec<NewEmail>,
    /// What the confirmation page tells the person, stored with the report so the page shows
    /// exactly that, however often it is opened, and the draft keeps nothing.
    pub confirmation: ConfirmationFacts,
}

/// The person a report was made for (`people_affected`).
#[derive(Debug, Clone)]
pub struct NewPersonAffected {
    pub name: String,
    pub reporter_role: String,
    pub agreement: Option<String>,
    /// Whether we may contact them directly, asked only when they agree.
    pub contact_them: Option<bool>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub question_id: String,
    pub answer: String,
    pub score: u32,
}

#[derive(Debug, Clone)]
pub struct NewConsent {
    pub item: String,
    pub given: bool,
    pub wording_version: String,
    pub channel: Channel,
    pub recorded_by: String,
}

#[derive(Debug, Clone)]
pub struct NewRouteDecision {
    pub route: String,
    pub rule: String,
    pub reason: String,
    pub held: bool,
}

#[derive(Debug, Clone)]
pub struct NewEmail {
    pub kind: EmailKind,
    pub route: Option<String>,
    pub message_id: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// What the person is told after submitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationFacts {
    pub reference: String,
    /// When the ASB team responds, by UK working days.
    pub respond_by: NaiveDate,
    pub acknowledgement_sent: bool,
    pub anonymous: bool,
    /// The person agreed to be contacted about the report.
    pub contact_consent: bool,
    /// "What happens next", from `domain::next_steps`: the same lines as the acknowledgement.
    #[serde(default)]
    pub next_steps: Vec<String>,
    /// Urgent: `respond_by` is the urgent deadline.
    pub urgent: bool,
    /// An answer was critical, so the page shows help to get now.
    #[serde(default)]
    pub critical: bool,
    /// The needs assessment's profile, in the person's terms.
    pub profile: Vec<String>,
    pub signposts: Vec<Signpost>,
    pub second_report: bool,
    pub case_review_threshold: u32,
    /// This report and the proven earlier ones within six months (0 in confirmations stored
    /// before the count was kept).
    #[serde(default)]
    pub proven_reports: u32,
    /// An urgent report sent while the triage team is not working: when it will be read.
    #[serde(default)]
    pub out_of_hours: Option<OutOfHours>,
    /// Made for someone else: urgent help speaks of them (never by name: these facts are
    /// stored without personal data).
    #[serde(default)]
    pub for_someone_else: bool,
}

/// What an urgent report sent outside the triage team's hours is told, at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfHours {
    /// "Monday 7 December 2026 at 9am"
    pub read_from: String,
    pub out_of_hours_phone: Option<String>,
}

/// A number to call now, in words around it: "call " + "999" + " if you are in danger now".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpNumber {
    pub before: &'static str,
    pub phone: String,
    pub after: &'static str,
}

impl OutOfHours {
    pub const HEADING: &'static str = "Our team is not working now";
    pub const BEFORE_THEN: &'static str = "If you need help before then:";

    /// When the team will read the report: `sent`, on the confirmation and in the email; not
    /// yet, on a question page.
    pub fn when_read(&self, sent: bool) -> String {
        if sent {
            format!("They will read your report from {}.", self.read_from)
        } else {
            format!(
                "When you send your report, they will read it from {}.",
                self.read_from
            )
        }
    }

    /// Where to get help before then: the page shows each as a link, the email as text.
    pub fn numbers(&self) -> Vec<HelpNumber> {
        let mut numbers = vec![
            HelpNumber {
                before: "call ",
                phone: "999".into(),
                after: " if you are in danger now",
            },
            HelpNumber {
                before: "call Samaritans free on ",
                phone: "116 123".into(),
                after: ", any time, day or night",
            },
            HelpNumber {
                before: "call NHS ",
                phone: "111".into(),
                after: " and choose option 2 if you are in a mental health crisis",
            },
        ];
        if let Some(phone) = &self.out_of_hours_phone {
            numbers.push(HelpNumber {
                before: "call the council's out-of-hours number, ",
                phone: phone.clone(),
                after: "",
            });
        }
        numbers
    }

    /// The acknowledgement's lines: the heading and when it is read, "before then", then
    /// each number.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("{}. {}", Self::HEADING, self.when_read(true)),
            Self::BEFORE_THEN.to_string(),
        ];
        lines.extend(
            self.numbers()
                .into_iter()
                .map(|n| format!("{}{}{}", n.before, n.phone, n.after)),
        );
        lines
    }
}

/// The out-of-hours rule: only an urgent report, and only while the team is not working.
pub fn out_of_hours(
    urgent: bool,
    hours: &TriageHours,
    now: DateTime<Utc>,
    holidays: &BankHolidays,
    out_of_hours_phone: Option<&str>,
) -> Option<OutOfHours> {
    if !urgent {
        return None;
    }
    let reopens = hours.watch(now, holidays).reopens?;
    Some(OutOfHours {
        read_from: format!(
            "{} at {}",
            crate::domain::next_steps::long_date(reopens.date()),
            clock_time(reopens.time())
        ),
        out_of_hours_phone: out_of_hours_phone.map(str::to_string),
    })
}

/// The draft is missing an answer that every report needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the draft is not complete")]
pub struct Incomplete;

/// The person's normalised email and phone, which find their earlier reports.
pub fn contact_keys(draft: &Draft) -> (Option<String>, Option<String>) {
    let contact = draft.contact();
    (
        contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.normalised()),
        contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.normalised().to_string()),
    )
}

/// What the server found of the person's earlier portal reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EarlierPortalReports {
    /// Dates of named reports sharing this one's email or phone: a hint for staff only.
    pub sharing_contact: Vec<NaiveDate>,
    /// Reports proven theirs (from this browser, or typed in with this report's contact),
    /// with the date each was made.
    pub proven: Vec<(i64, NaiveDate)>,
}

/// Plans every row of the report from a complete draft, the person's earlier reports, the time
/// and a reference. Pure: the benchmark's bare handler commits exactly these rows.
pub fn plan_submission(
    submission: &SubmissionRules,
    draft_id: &str,
    draft: &Draft,
    now: DateTime<Utc>,
    earlier: &EarlierPortalReports,
    reference: Reference,
) -> Result<NewReport, Incomplete> {
    let rules = submission.journey;
    let (Some(category), Some(location), Some(frequency), Some(when), Some(details), Some(impact)) = (
        draft.category_def(&rules),
        draft.location.as_ref(),
        draft.frequency,
        draft.when.as_ref(),
        draft.details.as_ref(),
        draft.impact.as_ref(),
    ) else {
        return Err(Incomplete);
    };
    let today = uk_date(now);
    let assessed = draft.needs_assessment(&rules);
    let assessment: Option<Assessment> = draft.assessment_result(&rules);
    let anonymous = draft.is_anonymous();
    let contact = draft.contact();
    let reference = reference.as_str().to_string();
    let (email_key, phone_key) = contact_keys(draft);

    let all_answers = draft.assessment_answers(rules.questionnaire);
    let answers = if assessed {
        rules
            .questionnaire
            .questions
            .iter()
            .filter_map(|q| {
                let answer = all_answers.get(&q.id)?;
                Some(NewAnswer {
                    question_id: q.id.clone(),
                    answer: answer.clone(),
                    score: q.option(answer).map(|o| o.score).unwrap_or(0),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let declared = if assessed {
        declared_reports(&all_answers)
    } else {
        0
    };
    let proven_earlier = proven_earlier_reports(anonymous, &earlier.proven, today);
    let second_report = is_repeat_report(anonymous, declared) || !proven_earlier.is_empty();
    let possibly_related = possibly_related(anonymous, &earlier.sharing_contact, today);
    let urgency = urgency::urgency(&submission.response, assessment.as_ref());
    let urgent = urgency.is_urgent();
    let critical = urgency == Urgency::CriticalAnswer;
    let out_of_hours_notice = out_of_hours(
        urgent,
        &submission.triage_hours,
        now,
        submission.bank_holidays,
        submission.out_of_hours_phone,
    );
    let respond_by = urgency::respond_by(
        &submission.response,
        urgency,
        today,
        submission.bank_holidays,
    );

    let consents = draft
        .consent_answers(&rules)
        .into_iter()
        .map(|(item, given)| NewConsent {
            item: item.as_str().to_string(),
            given,
            wording_version: submission
                .consent
                .asked(item, draft.person_affected_name())
                .version,
            channel: Channel::SelfService,
            // Who answered: the reporter's own contact consent is theirs; the rest they give
            // for the person affected.
            recorded_by: match item {
                ConsentItem::Contact => AnsweredBy::about_reporter(draft.reporting_for),
                _ => AnsweredBy::about_person_affected(draft.reporting_for),
            }
            .as_str()
            .to_string(),
        })
        .collect();

    let decisions = decide_routes(
        rules.routing,
        &RoutingInput {
            category,
            assessment: assessment.as_ref(),
            // Support and mediation contact the person affected: for a report made for
            // someone else, only their own contact details will do.
            anonymous: draft.contact_of_person_affected().is_none(),
            share_consent: draft.consented(ConsentItem::Share, &rules),
            support_consent: draft.consented(ConsentItem::Support, &rules),
            mediation_consent: draft.consented(ConsentItem::Mediation, &rules),
            relationship: draft.relationship,
            reporting_for: draft.reporting_for,
            agreement: draft.agreement,
            honeypot: draft.honeypot,
        },
    );

    let area = report_area(
        location.area.as_deref(),
        location.postcode.as_ref(),
        submission.postcode_areas,
    );
    let area_label = area.as_ref().map(|id| {
        rules
            .areas
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.label.clone())
            .unwrap_or_else(|| id.clone())
    });
    let facts = ReportFacts {
        reference: reference.clone(),
        category: category.label.clone(),
        band: assessment.as_ref().map(|a| a.band.label().to_string()),
        area: area_label,
        incident_date: when.incident_date,
        submitted_on: today,
        urgent,
        respond_by,
        reported_for: reported_for_officers(draft),
    };
    let personal = PersonalDetails {
        name: contact.map(|c| c.full_name.clone()),
        email: contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.as_str().to_string()),
        phone: contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.as_str().to_string()),
        safe_contact: safe_contact_summary(draft),
        location: [
            location.address.clone(),
            location.postcode.as_ref().map(|p| p.as_str().to_string()),
            location.place_description.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", "),
        description: details.description.clone(),
        people_involved: details.people_involved.clone(),
        person_affected: person_affected_for_officers(draft),
    };
    let staff_link = format!(
        "{}/staff/reports/{}",
        submission.base_url.trim_end_matches('/'),
        reference
    );

    let mut emails = Vec::new();
    for decision in decisions.iter().filter(|d| !d.held) {
        let route = submission.routes.get(&decision.route);
        let notice = notices::referral_notice(
            &facts,
            &route.name,
            decision,
            &staff_link,
            route.detail,
            &personal,
        );
        emails.push(NewEmail {
            kind: EmailKind::Referral,
            route: Some(decision.route.as_str().to_string()),
            message_id: message_id(
                &reference,
                decision.route.as_str(),
                submission.message_id_domain,
            ),
            recipients: route.recipients.clone(),
            subject: notice.subject,
            body: notice.body,
        });
    }
    let sent: Vec<RouteId> = decisions
        .iter()
        .filter(|d| !d.held)
        .map(|d| d.route.clone())
        .collect();
    let contact_consent = draft.consented(ConsentItem::Contact, &rules);
    let for_someone_else = draft.person_affected_name().map(|name| SomeoneElse {
        name,
        contactable: draft.their_contact().is_some(),
        agreed: draft.agreed(),
    });
    let next_steps = what_happens_next(&NextStepsInput {
        sent: &sent,
        routes: submission.routes,
        anonymous,
        respond_by,
        for_someone_else,
    });
    let safe_email = contact
        .filter(|c| c.safe_to_email == Some(true))
        .and_then(|c| c.email.as_ref());
    // Nothing to the address a robot gave: the portal must not relay its spam.
    if let Some(email) = safe_email.filter(|_| contact_consent && !draft.honeypot) {
        // A perpetrator may read the resident's email: it never mentions the domestic abuse
        // service (the confirmation page, seen by the resident alone, does).
        let sent_without_domestic_abuse: Vec<RouteId> = sent
            .iter()
            .filter(|r| **r != RouteId::DomesticAbuse)
            .cloned()
            .collect();
        let ack_next_steps = what_happens_next(&NextStepsInput {
            sent: &sent_without_domestic_abuse,
            routes: submission.routes,
            anonymous,
            respond_by,
            for_someone_else,
        });
        let notice = notices::acknowledgement(&notices::Acknowledgement {
            service_name: submission.service_name,
            reference: &reference,
            next_steps: &ack_next_steps,
            critical,
            out_of_hours: out_of_hours_notice.as_ref(),
            contact: submission.contact,
        });
        emails.push(NewEmail {
            kind: EmailKind::Acknowledgement,
            route: None,
            message_id: message_id(&reference, "acknowledgement", submission.message_id_domain),
            recipients: vec![email.as_str().to_string()],
            subject: notice.subject,
            body: notice.body,
        });
    }

    let referral_asked: Vec<RouteId> = draft
        .consent_items(&rules)
        .into_iter()
        .filter_map(|item| match item {
            ConsentItem::Support => Some(RouteId::Support),
            ConsentItem::Mediation => Some(RouteId::Mediation),
            ConsentItem::Share | ConsentItem::Contact => None,
        })
        .collect();
    let acknowledgement_sent = emails.iter().any(|e| e.kind == EmailKind::Acknowledgement);
    let signposts = select_signposts(
        submission.signposting,
        &SignpostContext {
            category,
            assessment: assessment.as_ref(),
            answers: &all_answers,
            repeat_report: second_report,
            mediation_candidate: mediation_candidate(
                rules.routing,
                category,
                assessment.as_ref(),
                draft.relationship,
            ),
            referral_asked: &referral_asked,
            relationship: draft.relationship,
        },
    )
    .into_iter()
    .cloned()
    .collect();
    let confirmation = ConfirmationFacts {
        reference: reference.clone(),
        respond_by,
        acknowledgement_sent,
        anonymous,
        contact_consent,
        next_steps,
        urgent,
        critical,
        // The profile is written to the person affected ("You feel unsafe…"): a report made
        // for someone else does not show it to the reporter.
        profile: assessment
            .as_ref()
            .filter(|_| !draft.about_them())
            .map(|a| a.profile.clone())
            .unwrap_or_default(),
        signposts,
        second_report,
        case_review_threshold: submission.case_review_threshold,
        proven_reports: 1 + proven_earlier.len() as u32,
        out_of_hours: out_of_hours_notice,
        for_someone_else: draft.about_them(),
    };

    Ok(NewReport {
        confirmation,
        reference,
        draft_id: draft_id.to_string(),
        category: category.id.clone(),
        asb_type: category.asb_type.as_str().to_string(),
        postcode: location.postcode.as_ref().map(|p| p.as_str().to_string()),
        address: location.address.clone(),
        place_description: location.place_description.clone(),
        area,
        incident_date: when.incident_date,
        ongoing: when.ongoing.unwrap_or(false),
        frequency: frequency.value().to_string(),
        description: details.description.clone(),
        people_involved: details.people_involved.clone(),
        anonymous,
        full_name: contact.map(|c| c.full_name.clone()),
        email: personal.email.clone(),
        email_key,
        phone: personal.phone.clone(),
        phone_key,
        safe_to_email: contact.and_then(|c| c.safe_to_email),
        safe_to_voicemail: contact.and_then(|c| c.safe_to_voicemail),
        contact_times: contact.and_then(|c| c.contact_times.clone()),
        affecting: impact.affecting,
        reported_before: impact.reported_before,
        reported_to: draft.earlier_reports.as_ref().map(|e| {
            e.reported_to
                .iter()
                .map(|t| t.value().to_string())
                .collect()
        }),
        assessed,
        score: assessment.as_ref().map(|a| a.score),
        band: assessment.as_ref().map(|a| a.band),
        urgent,
        second_report,
        relationship: draft.relationship.map(|r| r.value().to_string()),
        reporting_for: draft
            .reporting_for
            .unwrap_or(ReportingFor::Myself)
            .value()
            .to_string(),
        person_affected: new_person_affected(draft),
        proven_earlier_reports: proven_earlier,
        possibly_related,
        channel: Channel::SelfService,
        submitted_at: now,
        answers,
        consents,
        routes: decisions
            .iter()
            .map(|d| NewRouteDecision {
                route: d.route.as_str().to_string(),
                rule: d.rule.to_string(),
                reason: d.reason.clone(),
                held: d.held,
            })
            .collect(),
        emails,
    })
}

/// A Message-ID fixed when the email is written, so a retried send carries the same one.
/// The referral email for a stored report that staff send on later (an officer's referral,
/// or one an officer's assessment called for): the same notice as the portal's own referrals,
/// naming the rule that fired.
pub fn referral_email(
    routes: &Routes,
    facts: &ReportFacts,
    personal: &PersonalDetails,
    decision: &crate::domain::routing::RouteDecision,
    base_url: &str,
    message_id_domain: &str,
) -> NewEmail {
    let config = routes.get(&decision.route);
    let staff_link = format!(
        "{}/staff/reports/{}",
        base_url.trim_end_matches('/'),
        facts.reference
    );
    let notice = notices::referral_notice(
        facts,
        &config.name,
        decision,
        &staff_link,
        config.detail,
        personal,
    );
    NewEmail {
        kind: EmailKind::Referral,
        route: Some(decision.route.as_str().to_string()),
        // A case is sent to each partner once, so this stays unique.
        message_id: message_id(
            &facts.reference,
            &format!("{}.staff", decision.route.as_str()),
            message_id_domain,
        ),
        recipients: config.recipients.clone(),
        subject: notice.subject,
        body: notice.body,
    }
}

/// The email telling the resident about a milestone of their case. `sequence` keeps its
/// message id unique (a case can be closed and reopened more than once).
pub fn case_update_email(
    update: &notices::CaseUpdate,
    to: &str,
    sequence: i64,
    message_id_domain: &str,
) -> NewEmail {
    let notice = notices::case_update(update);
    NewEmail {
        kind: EmailKind::Update,
        route: None,
        message_id: message_id(
            update.reference,
            &format!("update.{sequence}"),
            message_id_domain,
        ),
        recipients: vec![to.to_string()],
        subject: notice.subject,
        body: notice.body,
    }
}

fn message_id(reference: &str, purpose: &str, domain: &str) -> String {
    format!("<{}.{purpose}@{domain}>", reference.to_lowercase())
}

/// The person a report was made for, as stored; `None` for a report made for oneself.
fn new_person_affected(draft: &Draft) -> Option<NewPersonAffected> {
    let person = draft
        .person_affected
        .as_ref()
        .filter(|_| draft.about_them())?;
    let contact = draft.their_contact();
    Some(NewPersonAffected {
        name: person.name.clone(),
        reporter_role: person.reporter_role.value().to_string(),
        agreement: draft.agreement.map(|a| a.value().to_string()),
        contact_them: draft.contact_them,
        email: contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.as_str().to_string()),
        phone: contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.as_str().to_string()),
        safe_to_email: contact.and_then(|c| c.safe_to_email),
        safe_to_voicemail: contact.and_then(|c| c.safe_to_voicemail),
        contact_times: contact.and_then(|c| c.contact_times.clone()),
    })
}

/// "A relative, for the person affected, who does not know about the report": for every
/// route's email, identifying nobody.
fn reported_for_officers(draft: &Draft) -> Option<String> {
    let person = draft
        .person_affected
        .as_ref()
        .filter(|_| draft.about_them())?;
    let role = person.reporter_role.for_officers();
    let role = role[..1].to_uppercase() + &role[1..];
    Some(match draft.agreement {
        Some(agreement) => format!(
            "{role}, for the person affected: {}",
            agreement.for_officers()
        ),
        None => format!("{role}, for the person affected"),
    })
}

/// The person affected's name and the safe ways to reach them, for a `full` route only.
fn person_affected_for_officers(draft: &Draft) -> Option<String> {
    let person = draft
        .person_affected
        .as_ref()
        .filter(|_| draft.about_them())?;
    let mut lines = vec![format!("Name: {}", person.name)];
    match draft.their_contact() {
        Some(c) => {
            if let Some(email) = &c.email {
                lines.push(format!("Email: {}", email.as_str()));
            }
            if let Some(phone) = &c.phone {
                lines.push(format!("Phone: {}", phone.as_str()));
            }
            lines.push(format!("Safe contact: {}", safe_ways(c)));
        }
        None => lines.push("Do not contact them directly: contact the reporter".into()),
    }
    Some(lines.join("\n"))
}

fn safe_contact_summary(draft: &Draft) -> String {
    let Some(contact) = draft.contact() else {
        return "Anonymous: do not contact".into();
    };
    safe_ways(contact)
}

fn safe_ways(contact: &ContactDetails) -> String {
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "safe",
        Some(false) => "NOT safe",
        None => "not asked",
    };
    format!(
        "email {}, voicemail {}{}",
        yes_no(contact.safe_to_email),
        yes_no(contact.safe_to_voicemail),
        contact
            .contact_times
            .as_ref()
            .map(|t| format!(", best times: {t}"))
            .unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_urgent_report_sent_while_the_team_is_away_is_told_when_it_will_be_read() {
        let hours = TriageHours {
            days: vec![
                chrono::Weekday::Mon,
                chrono::Weekday::Tue,
                chrono::Weekday::Wed,
                chrono::Weekday::Thu,
                chrono::Weekday::Fri,
            ],
            opens: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            closes: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        };
        let holidays = BankHolidays::england_and_wales();
        let sunday = DateTime::parse_from_rfc3339("2026-12-06T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let tuesday = DateTime::parse_from_rfc3339("2026-12-08T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // (urgent, when) → told
        for (urgent, now, told) in [
            (true, sunday, true),
            (false, sunday, false),
            (true, tuesday, false),
        ] {
            let notice = out_of_hours(urgent, &hours, now, &holidays, Some("01632 960999"));
            assert_eq!(notice.is_some(), told, "{urgent} {now}");
        }
        let notice = out_of_hours(true, &hours, sunday, &holidays, Some("01632 960999")).unwrap();
        assert_eq!(notice.read_from, "Monday 7 December 2026 at 9am");
        let lines = notice.lines();
        assert!(lines
            .iter()
            .any(|l| l.contains("NHS 111 and choose option 2")));
        assert!(lines.iter().any(|l| l.contains("01632 960999")));
    }
    use crate::domain::assessment::Questionnaire;
    use crate::domain::category::default_categories;
    use crate::domain::fields::ContactEmail;
    use crate::domain::report::{
        Area, ContactDetails, Details, EarlierReports, Frequency, Impact, Location, ReportedTimes,
        ReportedTo, When,
    };
    use crate::domain::routing::RoutingRules;
    use crate::domain::signposting::default_signposts;

    struct Fixture {
        categories: Vec<crate::domain::category::CategoryDef>,
        areas: Vec<Area>,
        questionnaire: Questionnaire,
        routing: RoutingRules,
        routes: Routes,
        consent: ConsentWording,
        signposting: Vec<Signpost>,
        holidays: BankHolidays,
        contact: CouncilContact,
        postcode_areas: PostcodeAreas,
    }

    impl Fixture {
        fn new() -> Fixture {
            Fixture {
                categories: default_categories(),
                areas: Vec::new(),
                questionnaire: Questionnaire::default(),
                routing: RoutingRules::default(),
                routes: Routes::default(),
                consent: ConsentWording::default(),
                signposting: default_signposts(),
                holidays: BankHolidays::england_and_wales(),
                contact: CouncilContact::default(),
                postcode_areas: PostcodeAreas::new(),
            }
        }

        fn rules(&self) -> SubmissionRules<'_> {
            SubmissionRules {
                journey: JourneyRules {
                    categories: &self.categories,
                    areas: &self.areas,
                    questionnaire: &self.questionnaire,
                    routing: &self.routing,
                },
                routes: &self.routes,
                consent: &self.consent,
                signposting: &self.signposting,
                service_name: "Exampleshire Council",
                base_url: "https://asb.example.gov.uk",
                response: ResponseTimes {
                    standard_working_days: 5,
                    urgent_working_days: 1,
                    urgent_bands: &[Band::High],
                },
                bank_holidays: &self.holidays,
                case_review_threshold: 3,
                message_id_domain: "asb.example.gov.uk",
                contact: &self.contact,
                // Always reading, so these tests see no out-of-hours notice (its own test below).
                triage_hours: TriageHours {
                    days: vec![
                        chrono::Weekday::Mon,
                        chrono::Weekday::Tue,
                        chrono::Weekday::Wed,
                        chrono::Weekday::Thu,
                        chrono::Weekday::Fri,
                        chrono::Weekday::Sat,
                        chrono::Weekday::Sun,
                    ],
                    opens: chrono::NaiveTime::MIN,
                    closes: chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap(),
                },
                out_of_hours_phone: None,
                postcode_areas: &self.postcode_areas,
            }
        }
    }

    /// A noise report; `contact` false is "No, I want to stay anonymous".
    fn noise_draft(safe_to_email: bool, contact: bool, mediation: bool) -> Draft {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut draft = Draft {
            category: Some("noise".into()),
            location: Some(Location {
                postcode: None,
                address: Some("1 High Street".into()),
                place_description: None,
                area: None,
            }),
            frequency: Some(Frequency::Weekly),
            when: Some(When {
                incident_date: day,
                ongoing: Some(true),
            }),
            details: Some(Details {
                description: "Loud music".into(),
                people_involved: None,
            }),
            wants_contact: Some(contact),
            contact_details: Some(ContactDetails {
                full_name: "Sam Jones".into(),
                email: Some(ContactEmail::parse("sam@example.com").unwrap()),
                phone: None,
                safe_to_email: Some(safe_to_email),
                safe_to_voicemail: None,
                contact_times: None,
            }),
            impact: Some(Impact {
                affecting: false,
                reported_before: false,
            }),
            ..Draft::default()
        };
        draft.consent.insert(ConsentItem::Share, true);
        draft.consent.insert(ConsentItem::Mediation, mediation);
        draft
    }

    /// The noise draft, affecting the person at the given assessment answers.
    fn assessed_draft(answers: &[(&str, &str)]) -> Draft {
        let mut draft = noise_draft(true, true, false);
        draft.category = Some("harassment".into());
        draft.impact = Some(Impact {
            affecting: true,
            reported_before: false,
        });
        let q = Questionnaire::default();
        for question in &q.questions {
            let value = answers
                .iter()
                .find(|(id, _)| *id == question.id)
                .map(|(_, v)| *v)
                .unwrap_or("prefer_not_to_say");
            draft.assessment.insert(question.id.clone(), value.into());
        }
        draft.forget_answers_that_no_longer_apply(&Fixture::new().rules().journey);
        draft.consent.insert(ConsentItem::Support, true);
        draft
    }

    fn plan(draft: &Draft) -> NewReport {
        plan_with(&Fixture::new(), draft)
    }

    fn plan_with(fx: &Fixture, draft: &Draft) -> NewReport {
        // Tuesday 1 December 2026, 10:00 UK time.
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let reference = Reference::from_random_bytes("ASB", [1, 2, 3, 4, 5, 6, 7, 8]);
        plan_submission(
            &fx.rules(),
            "d",
            draft,
            now,
            &EarlierPortalReports::default(),
            reference,
        )
        .unwrap()
    }

    #[test]
    fn a_partner_the_council_adds_has_an_id_of_its_own() {
        for (id, ok) in [
            ("housing", true),
            ("mental_health", true),
            ("police", true),
            ("Housing", false),
            ("mental-health", false),
            ("_housing", false),
            ("", false),
            ("panel", false),
            ("admin", false),
            ("case_review", false),
        ] {
            assert_eq!(other_partner_id_problem(id).is_none(), ok, "{id:?}");
        }
    }

    #[test]
    fn who_is_emailed_and_what_the_confirmation_says_follow_the_consents() {
        // (safe to email, contact consent, mediation consent) →
        // (acknowledgement, mediation referral, confirmation says we will contact)
        let cases = [
            ((true, true, true), (true, true, true)),
            // Anonymous: mediation is not asked, and nobody is emailed but the team.
            ((true, false, true), (false, false, false)),
            ((false, true, false), (false, false, true)),
            ((true, true, false), (true, false, true)),
        ];
        for ((safe, contact, mediation), (ack, to_mediation, contacting)) in cases {
            let report = plan(&noise_draft(safe, contact, mediation));
            let kinds: Vec<(&str, Option<&str>)> = report
                .emails
                .iter()
                .map(|e| (e.kind.as_str(), e.route.as_deref()))
                .collect();
            let case = (safe, contact, mediation);
            assert_eq!(kinds.contains(&("acknowledgement", None)), ack, "{case:?}");
            assert_eq!(
                kinds.contains(&("referral", Some("mediation"))),
                to_mediation,
                "{case:?}"
            );
            assert!(kinds.contains(&("referral", Some("triage"))), "{case:?}");
            assert_eq!(report.confirmation.acknowledgement_sent, ack, "{case:?}");
            assert_eq!(report.confirmation.contact_consent, contacting, "{case:?}");
        }
    }

    /// A carer reports for Sam, whose noise problem is high risk. With Sam's agreement the
    /// panel and support are referred, each consent recorded as the carer's answer for Sam in
    /// the for-someone-else wording, and support will contact Sam; without it nothing leaves
    /// triage, nothing is asked on Sam's behalf, and the carer is told why.
    #[test]
    fn a_report_for_someone_else_is_referred_on_only_with_their_agreement() {
        use crate::domain::report::{Agreement, PersonAffected, ReporterRole, ReportingFor};
        let mut draft = assessed_draft(&[("violence", "yes"), ("unsafe_home", "yes")]);
        draft.reporting_for = Some(ReportingFor::SomeoneElse);
        draft.person_affected = Some(PersonAffected {
            name: "Sam Green".into(),
            reporter_role: ReporterRole::Carer,
        });
        draft.contact_details.as_mut().unwrap().full_name = "Alex Carer".into();
        draft.contact_them = Some(true);
        draft.their_contact = Some(ContactDetails {
            full_name: "Sam Green".into(),
            email: None,
            phone: Some(crate::domain::fields::PhoneNumber::parse("07700 900123").unwrap()),
            safe_to_email: None,
            safe_to_voicemail: Some(false),
            contact_times: None,
        });
        draft.consent.insert(ConsentItem::Share, true);
        draft.consent.insert(ConsentItem::Support, true);

        draft.agreement = Some(Agreement::KnowsAndAgrees);
        let agreed = plan(&draft);
        let sent: Vec<(&str, bool)> = agreed
            .routes
            .iter()
            .map(|r| (r.route.as_str(), r.held))
            .collect();
        assert_eq!(
            sent,
            [("triage", false), ("panel", false), ("support", false)]
        );
        let consents: Vec<(&str, &str, &str)> = agreed
            .consents
            .iter()
            .map(|c| {
                (
                    c.item.as_str(),
                    c.recorded_by.as_str(),
                    c.wording_version.as_str(),
                )
            })
            .collect();
        assert_eq!(
            consents,
            [
                ("contact", "reporter", "contact-2026-12"),
                (
                    "share",
                    "reporter_for_person_affected",
                    "share-for-someone-else-2026-12"
                ),
                (
                    "support",
                    "reporter_for_person_affected",
                    "support-for-someone-else-2026-12"
                ),
            ]
        );
        assert!(agreed
            .confirmation
            .next_steps
            .iter()
            .any(|l| l.starts_with("Victim Support will contact Sam Green by")));
        assert!(agreed.confirmation.profile.is_empty());
        let person = agreed.person_affected.as_ref().unwrap();
        assert_eq!(
            (person.name.as_str(), person.reporter_role.as_str()),
            ("Sam Green", "carer")
        );
        assert_eq!(person.phone.as_deref(), Some("07700 900123"));
        assert_eq!(agreed.reporting_for, "someone_else");
        assert_eq!(agreed.full_name.as_deref(), Some("Alex Carer"));
        let triage = agreed
            .emails
            .iter()
            .find(|e| e.route.as_deref() == Some("triage"))
            .unwrap();
        assert!(
            triage.body.contains(
                "Reported by: Their carer, for the person affected: they know about the report \
                 and agree to it"
            ),
            "{}",
            triage.body
        );
        assert!(
            !triage.body.contains("Sam Green"),
            "minimal detail names nobody"
        );

        for agreement in [Agreement::DoesNotKnow, Agreement::KnowsButDoesNotAgree] {
            draft.agreement = Some(agreement);
            draft.forget_answers_that_no_longer_apply(&Fixture::new().rules().journey);
            let held = plan(&draft);
            let routes: Vec<(&str, &str, bool)> = held
                .routes
                .iter()
                .map(|r| (r.route.as_str(), r.rule.as_str(), r.held))
                .collect();
            assert_eq!(
                routes,
                [
                    ("triage", "triage_always", false),
                    ("panel", "on_behalf_held_no_agreement", true),
                ],
                "{agreement:?}"
            );
            let referrals: Vec<_> = held
                .emails
                .iter()
                .filter_map(|e| e.route.as_deref())
                .collect();
            assert_eq!(referrals, ["triage"], "{agreement:?}");
            let items: Vec<&str> = held.consents.iter().map(|c| c.item.as_str()).collect();
            assert_eq!(items, ["contact"], "{agreement:?}: nothing asked for Sam");
            assert!(held
                .confirmation
                .next_steps
                .iter()
                .any(|l| l.starts_with("As Sam Green does not know about your report")));
            assert_eq!(held.person_affected.as_ref().unwrap().phone, None);
        }
    }

    #[test]
    fn the_confirmation_carries_the_response_date_and_nothing_personal() {
        let report = plan(&noise_draft(true, true, true));
        let c = &report.confirmation;
        assert_eq!(c.reference, report.reference);
        // Five working days after Tuesday 1 December 2026.
        assert_eq!(c.respond_by, NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
        assert!(!c.urgent && !c.second_report && !c.anonymous);
        let json = serde_json::to_string(c).unwrap();
        for personal in ["Sam", "sam@example.com", "High Street", "Loud music"] {
            assert!(!json.contains(personal), "{personal} in {json}");
        }
    }

    #[test]
    fn the_deadline_is_the_same_on_the_confirmation_in_the_acknowledgement_and_to_every_partner() {
        let tuesday = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let next_day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let five_days = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let cases = [
            ("simple", noise_draft(true, true, true), false, five_days),
            (
                "high band (violence and unsafe at home), no critical answer",
                assessed_draft(&[
                    ("violence", "yes"),
                    ("unsafe_home", "yes"),
                    ("self_harm", "no"),
                ]),
                true,
                next_day,
            ),
            (
                "critical answer",
                assessed_draft(&[("self_harm", "yes")]),
                true,
                next_day,
            ),
        ];
        for (what, draft, urgent, date) in cases {
            let report = plan(&draft);
            assert_eq!(report.urgent, urgent, "{what}");
            assert_eq!(report.confirmation.respond_by, date, "{what}");
            let written = date.format("%A %-d %B %Y").to_string();
            // The team's line, and every partner's that will make contact, give the date.
            let steps = &report.confirmation.next_steps;
            assert!(steps[0].contains(&written), "{what}: {steps:?}");
            for line in steps.iter().filter(|l| l.contains("will contact you")) {
                assert!(line.contains(&written), "{what}: {line}");
            }
            assert!(report.emails.len() >= 2, "{what}");
            for email in &report.emails {
                assert!(email.body.contains(&written), "{what}: {}", email.body);
                if email.kind == EmailKind::Referral {
                    let first = email.body.lines().next().unwrap();
                    let yes_no = if urgent { "yes" } else { "no" };
                    assert_eq!(
                        first,
                        format!("Urgent: {yes_no} — respond by {written}"),
                        "{what}"
                    );
                }
            }
            assert_ne!(tuesday, date);
        }
    }

    #[test]
    fn a_postcode_sets_the_area_the_resident_did_not_choose() {
        let mut fx = Fixture::new();
        fx.areas = vec![
            Area {
                id: "north".into(),
                label: "North".into(),
            },
            Area {
                id: "east".into(),
                label: "East".into(),
            },
        ];
        fx.postcode_areas.insert("EX2".into(), "north".into());
        let mut draft = noise_draft(true, true, true);
        let location = draft.location.as_mut().unwrap();
        location.postcode = Some(crate::domain::fields::Postcode::parse("EX2 4QT").unwrap());
        let report = plan_with(&fx, &draft);
        assert_eq!(report.area.as_deref(), Some("north"));
        let triage = report
            .emails
            .iter()
            .find(|e| e.route.as_deref() == Some("triage"))
            .unwrap();
        assert!(triage.body.contains("Area: North"), "{}", triage.body);
        // A chosen area wins.
        draft.location.as_mut().unwrap().area = Some("east".into());
        assert_eq!(plan_with(&fx, &draft).area.as_deref(), Some("east"));
    }

    #[test]
    fn who_they_reported_it_to_before_is_recorded_and_the_case_review_explained() {
        let mut draft = assessed_draft(&[]);
        draft.impact = Some(Impact {
            affecting: true,
            reported_before: true,
        });
        draft.earlier_reports = Some(EarlierReports {
            times: ReportedTimes::Twice,
            reported_to: [ReportedTo::Police, ReportedTo::Council].into(),
            portal_references: Vec::new(),
        });
        let report = plan(&draft);
        assert_eq!(
            report.reported_to,
            Some(vec!["council".to_string(), "police".to_string()])
        );
        assert!(report.second_report && report.confirmation.second_report);
        // Reported before, but not in the last six months: no case review yet.
        draft.earlier_reports.as_mut().unwrap().times = ReportedTimes::NotRecently;
        assert!(!plan(&draft).second_report);
    }
}
