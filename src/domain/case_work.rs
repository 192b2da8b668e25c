//! Working a case: its status, who may do what to it, and what closing it needs. A report
//! becomes a case when it arrives (`New`); a triage officer accepts it (`Open`), names the
//! accountable lead, writes notes and closes it with a reason and the actions taken. The
//! server asks these rules; storage records what they allowed, with the audit trail.

use serde::{Deserialize, Serialize};

use super::fields::FieldError;
use super::report::ConsentItem;
use super::routing::{RouteDecision, RouteId, RoutingRules, RULE_OFFICER_REFERRAL};
use super::staff::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Arrived; nobody has accepted it yet.
    New,
    /// Accepted by the ASB team: being worked.
    Open,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 3] = [CaseStatus::New, CaseStatus::Open, CaseStatus::Closed];

    /// The stored form (`cases.status`).
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::New => "new",
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::New => "New",
            CaseStatus::Open => "Open",
            CaseStatus::Closed => "Closed",
        }
    }
}

/// Something done to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    Accept,
    AssignLead,
    AddNote,
    /// Refer the case to another partner, with a reason.
    Reroute,
    /// Link another report to this one (the same problem, or a counter-allegation).
    Link,
    /// Record an officer's risk assessment (`domain::officer_assessment`).
    Assess,
    /// Record a safeguarding referral someone made (adult, child, domestic abuse services).
    RecordSafeguarding,
    Close,
    Reopen,
}

impl CaseAction {
    /// The audit trail's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseAction::Accept => "accepted",
            CaseAction::AssignLead => "assigned_lead",
            CaseAction::AddNote => "added_note",
            CaseAction::Reroute => "rerouted",
            CaseAction::Link => "linked",
            CaseAction::Assess => "assessed_risk",
            CaseAction::RecordSafeguarding => "recorded_safeguarding",
            CaseAction::Close => "closed",
            CaseAction::Reopen => "reopened",
        }
    }

    pub const ALL: [CaseAction; 9] = [
        CaseAction::Accept,
        CaseAction::AssignLead,
        CaseAction::AddNote,
        CaseAction::Reroute,
        CaseAction::Link,
        CaseAction::Assess,
        CaseAction::RecordSafeguarding,
        CaseAction::Close,
        CaseAction::Reopen,
    ];

    /// The last segment of its address, `/staff/reports/{reference}/{path}`.
    pub fn path(self) -> &'static str {
        match self {
            CaseAction::Accept => "accept",
            CaseAction::AssignLead => "assign",
            CaseAction::AddNote => "notes",
            CaseAction::Reroute => "refer",
            CaseAction::Link => "link",
            CaseAction::Assess => "assess",
            CaseAction::RecordSafeguarding => "safeguarding",
            CaseAction::Close => "close",
            CaseAction::Reopen => "reopen",
        }
    }

    pub fn from_path(segment: &str) -> Option<CaseAction> {
        CaseAction::ALL.into_iter().find(|a| a.path() == segment)
    }

    /// Whether it is asked for on a page of its own (a form with several questions) rather
    /// than from a button or field on the case page.
    pub fn has_own_page(self) -> bool {
        matches!(
            self,
            CaseAction::Reroute
                | CaseAction::Link
                | CaseAction::Assess
                | CaseAction::RecordSafeguarding
                | CaseAction::Close
        )
    }
}

/// Why an action was refused, in the words the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may not do this (the page offers no such button to them).
    NotYourRole,
    /// The case is not in a status where this makes sense.
    NotNow(&'static str),
}

/// Whether someone with `roles` may do `action` to a case they can open, and what status it
/// leaves the case in. The ASB team owns every case: only triage accepts, assigns, closes and
/// reopens. Partners working a case routed to them may add notes and record the safeguarding
/// referrals they make. Administrators and auditors read only.
pub fn act(roles: &[Role], status: CaseStatus, action: CaseAction) -> Result<CaseStatus, Refusal> {
    let triage = roles.contains(&Role::Triage);
    let partner = roles.iter().any(|r| matches!(r, Role::Partner(_)));
    let allowed = match action {
        CaseAction::AddNote | CaseAction::RecordSafeguarding => triage || partner,
        _ => triage,
    };
    if !allowed {
        return Err(Refusal::NotYourRole);
    }
    use CaseAction::*;
    use CaseStatus::*;
    match (status, action) {
        (New, Accept) => Ok(Open),
        (Open, Accept) => Err(Refusal::NotNow("This case has been accepted already")),
        (Closed, Accept | AssignLead | Reroute | Link | Assess) => {
            Err(Refusal::NotNow("This case is closed. Reopen it first"))
        }
        (_, AssignLead | AddNote | Reroute | Link | Assess | RecordSafeguarding) => Ok(status),
        (New | Open, Close) => Ok(Closed),
        (Closed, Close) => Err(Refusal::NotNow("This case is closed already")),
        (Closed, Reopen) => Ok(Open),
        (New | Open, Reopen) => Err(Refusal::NotNow("This case is not closed")),
    }
}

/// One choice of a configured list: a stable id and the words staff see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The council's lists for closing a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureLists {
    pub reasons: Vec<Choice>,
    /// The actions taken (warning letter, injunction, …).
    pub outcomes: Vec<Choice>,
}

impl ClosureLists {
    /// Each list has items, and no id twice; the problem names the list and the id.
    pub fn validate(&self) -> Result<(), String> {
        for (name, list) in [("reasons", &self.reasons), ("outcomes", &self.outcomes)] {
            if list.is_empty() {
                return Err(format!("{name}: at least one is needed"));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (i, choice) in list.iter().enumerate() {
                if !seen.insert(choice.id.as_str()) {
                    return Err(format!("{name}[{i}].id: `{}` is used twice", choice.id));
                }
                if choice.label.trim().is_empty() {
                    return Err(format!("{name}[{i}].label: needs words"));
                }
            }
        }
        Ok(())
    }
}

/// A closure as posted, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub reason: String,
    pub outcomes: Vec<String>,
}

/// Reads a posted closure: a reason from the list is required; the actions taken are any of
/// the listed outcomes (none is allowed: a case that was not ASB had none). A value the form
/// never offered is an error, never stored.
pub fn closure(
    lists: &ClosureLists,
    reason: Option<&str>,
    outcomes: &[String],
) -> Result<Closure, Vec<FieldError>> {
    let mut errors = Vec::new();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match reason {
        None => errors.push(FieldError::new(
            "reason",
            "Select why the case is being closed",
        )),
        Some(r) if !lists.reasons.iter().any(|c| c.id == r) => errors.push(FieldError::new(
            "reason",
            "Select one of the reasons listed",
        )),
        Some(_) => {}
    }
    if outcomes
        .iter()
        .any(|o| !lists.outcomes.iter().any(|c| &c.id == o))
    {
        errors.push(FieldError::new(
            "outcomes",
            "Select only actions from the list",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut outcomes: Vec<String> = lists
        .outcomes
        .iter()
        .filter(|c| outcomes.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    outcomes.dedup();
    Ok(Closure {
        reason: reason.unwrap_or_default().to_string(),
        outcomes,
    })
}

/// The longest note: a page or two.
pub const NOTE_MAX_CHARS: usize = 5000;

/// A note as posted: some words, not too many.
pub fn note(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Err(FieldError::new("note", "Enter a note"))
    } else if text.chars().count() > NOTE_MAX_CHARS {
        Err(FieldError::new(
            "note",
            "Note must be 5,000 characters or fewer",
        ))
    } else {
        Ok(text.to_string())
    }
}

/// The longest reason for a referral or a link.
pub const REASON_MAX_CHARS: usize = 1000;

/// A reason as typed: required, and not too long.
fn reason(text: Option<&str>, field: &str, missing: &str) -> Result<String, FieldError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        Err(FieldError::new(field, missing))
    } else if text.chars().count() > REASON_MAX_CHARS {
        Err(FieldError::new(
            field,
            "Reason must be 1,000 characters or fewer",
        ))
    } else {
        Ok(text.to_string())
    }
}

/// The consent a referral to this partner needs from the person affected: support and
/// mediation contact them; the panel and the domestic abuse service receive their report.
pub fn consent_needed(route: &RouteId) -> Option<ConsentItem> {
    match route {
        RouteId::Triage => None,
        RouteId::Support => Some(ConsentItem::Support),
        RouteId::Mediation => Some(ConsentItem::Mediation),
        // The council's own partners receive the report, as the panel does.
        RouteId::Panel | RouteId::DomesticAbuse | RouteId::Other(_) => Some(ConsentItem::Share),
    }
}

/// The partners a case can be referred to: every one (`Routes::partners`: the built-in ones
/// and those the council added) it has not been sent to yet (a referral held by the routing
/// rules can be sent now). Triage owns every case already.
pub fn referral_targets(partners: &[RouteId], sent: &[RouteId]) -> Vec<RouteId> {
    partners
        .iter()
        .filter(|route| **route != RouteId::Triage && !sent.contains(route))
        .cloned()
        .collect()
}

/// An officer's referral, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub route: RouteId,
    pub reason: String,
    /// The consent the officer records now, because the resident gave it to them (by phone or
    /// in person); `None` when the resident had given it already.
    pub records_consent: Option<ConsentItem>,
}

/// What an officer posted to refer a case on.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferralForm<'a> {
    pub route: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// "The resident has agreed to this referral" was ticked.
    pub resident_agreed: bool,
}

/// Reads a referral: a partner from `targets`, a reason, and the person's consent, given
/// when they reported or now to the officer. Nothing is shared on a guess: without either the
/// referral is refused.
pub fn referral(
    targets: &[RouteId],
    consented: impl Fn(ConsentItem) -> bool,
    form: ReferralForm,
) -> Result<Referral, Vec<FieldError>> {
    let mut errors = Vec::new();
    let route = match form.route.map(str::trim).filter(|r| !r.is_empty()) {
        None => {
            errors.push(FieldError::new("route", "Select who to refer this case to"));
            None
        }
        Some(text) => {
            let route = targets.iter().find(|r| r.as_str() == text).cloned();
            if route.is_none() {
                errors.push(FieldError::new(
                    "route",
                    "Select one of the services listed",
                ));
            }
            route
        }
    };
    let reason = reason(
        form.reason,
        "reason",
        "Enter why you are referring this case",
    )
    .map_err(|e| errors.push(e))
    .ok();
    let needed = route.as_ref().and_then(consent_needed);
    let given = needed.is_none_or(&consented);
    if !given && !form.resident_agreed {
        errors.push(FieldError::new(
            "agreed",
            "The resident has not agreed to this referral. Confirm they have agreed now, or \
             choose another service",
        ));
    }
    match (route, reason) {
        (Some(route), Some(reason)) if errors.is_empty() => Ok(Referral {
            route,
            reason,
            records_consent: needed.filter(|_| !given),
        }),
        _ => Err(errors),
    }
}

impl Referral {
    /// The routing decision it makes. The officer's own words stay on the case page: the
    /// email says only that an officer referred it.
    pub fn decision(&self, rules: &RoutingRules) -> RouteDecision {
        RouteDecision::new(
            rules,
            self.route.clone(),
            RULE_OFFICER_REFERRAL,
            false,
            "A triage officer referred it after reading the report; their reason is on the \
             case page"
                .to_string(),
        )
    }
}

/// Why two reports belong together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Several people reporting the same problem.
    SameProblem,
    /// Neighbours reporting each other.
    CounterAllegation,
}

impl LinkKind {
    pub const ALL: [LinkKind; 2] = [LinkKind::SameProblem, LinkKind::CounterAllegation];

    /// The stored form (`case_links.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::SameProblem => "same_problem",
            LinkKind::CounterAllegation => "counter_allegation",
        }
    }

    pub fn parse(text: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkKind::SameProblem => "The same problem, reported by someone else",
            LinkKind::CounterAllegation => "A counter-allegation: the parties report each other",
        }
    }
}

/// A link as posted, checked; the other report is found by its reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub other_reference: String,
    pub kind: LinkKind,
    pub reason: String,
}

/// Reads a link to another report: its reference (not this one's), why they belong together,
/// and a reason. Whether that reference exists is for storage to say.
pub fn link(
    this_reference: &str,
    other: Option<&str>,
    kind: Option<&str>,
    why: Option<&str>,
) -> Result<Link, Vec<FieldError>> {
    let mut errors = Vec::new();
    let other = other
        .map(|r| r.trim().to_uppercase())
        .filter(|r| !r.is_empty());
    match &other {
        None => errors.push(FieldError::new(
            "other",
            "Enter the reference of the report to link",
        )),
        Some(r) if r.eq_ignore_ascii_case(this_reference) => errors.push(FieldError::new(
            "other",
            "Enter the reference of a different report",
        )),
        Some(_) => {}
    }
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => {
            errors.push(FieldError::new(
                "kind",
                "Select how the reports are related",
            ));
            None
        }
        Some(text) => {
            let kind = LinkKind::parse(text);
            if kind.is_none() {
                errors.push(FieldError::new("kind", "Select one of the options listed"));
            }
            kind
        }
    };
    let reason = reason(why, "reason", "Enter why these reports belong together")
        .map_err(|e| errors.push(e))
        .ok();
    match (other, kind, reason) {
        (Some(other_reference), Some(kind), Some(reason)) if errors.is_empty() => Ok(Link {
            other_reference,
            kind,
            reason,
        }),
        _ => Err(errors),
    }
}

/// Who a safeguarding referral went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafeguardingKind {
    Adult,
    Child,
    DomesticAbuse,
}

impl SafeguardingKind {
    pub const ALL: [SafeguardingKind; 3] = [
        SafeguardingKind::Adult,
        SafeguardingKind::Child,
        SafeguardingKind::DomesticAbuse,
    ];

    /// The stored form (`safeguarding_referrals.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            SafeguardingKind::Adult => "adult",
            SafeguardingKind::Child => "child",
            SafeguardingKind::DomesticAbuse => "domestic_abuse",
        }
    }

    pub fn parse(text: &str) -> Option<SafeguardingKind> {
        SafeguardingKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            SafeguardingKind::Adult => "Adult safeguarding",
            SafeguardingKind::Child => "Child safeguarding",
            SafeguardingKind::DomesticAbuse => "Domestic abuse services",
        }
    }
}

/// The longest agency name.
pub const AGENCY_MAX_CHARS: usize = 200;

/// A safeguarding referral someone made, as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Safeguarding {
    pub kind: SafeguardingKind,
    pub agency: String,
    pub made_on: chrono::NaiveDate,
}

/// What was posted to record a safeguarding referral.
#[derive(Debug, Clone, Copy, Default)]
pub struct SafeguardingForm<'a> {
    pub kind: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub day: &'a str,
    pub month: &'a str,
    pub year: &'a str,
}

/// Reads a safeguarding referral: which kind, the agency it went to, and the date it was made
/// (a real date, not in the future).
pub fn safeguarding(
    form: SafeguardingForm,
    today: chrono::NaiveDate,
) -> Result<Safeguarding, Vec<FieldError>> {
    use super::fields::{DateError, IncidentDate};
    let mut errors = Vec::new();
    let kind = match form.kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => {
            errors.push(FieldError::new(
                "kind",
                "Select who the referral was made to",
            ));
            None
        }
        Some(text) => {
            let kind = SafeguardingKind::parse(text);
            if kind.is_none() {
                errors.push(FieldError::new("kind", "Select one of the options listed"));
            }
            kind
        }
    };
    let agency = form.agency.map(str::trim).unwrap_or_default();
    if agency.is_empty() {
        errors.push(FieldError::new(
            "agency",
            "Enter the agency the referral went to",
        ));
    } else if agency.chars().count() > AGENCY_MAX_CHARS {
        errors.push(FieldError::new(
            "agency",
            "Agency must be 200 characters or fewer",
        ));
    }
    let date =
        IncidentDate::from_parts(form.day.trim(), form.month.trim(), form.year.trim(), today);
    let made_on = match date {
        Ok(date) => Some(date.date()),
        Err(e) => {
            let message = match e {
                DateError::Missing => "Enter the date the referral was made".to_string(),
                DateError::MissingPart(part) => {
                    format!("The date the referral was made must include a {part}")
                }
                DateError::NotReal => "The date the referral was made must be a real date".into(),
                DateError::InFuture => {
                    "The date the referral was made must be today or in the past".into()
                }
                DateError::TooOld => {
                    "The date the referral was made must be within the last 10 years".into()
                }
            };
            errors.push(FieldError::new("made-on-day", message));
            None
        }
    };
    match (kind, made_on) {
        (Some(kind), Some(made_on)) if errors.is_empty() => Ok(Safeguarding {
            kind,
            agency: agency.to_string(),
            made_on,
        }),
        _ => Err(errors),
    }
}

/// A change the resident is told about, when they agreed to be contacted and it is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    /// The ASB team accepted the case.
    Accepted,
    /// The case has a named lead officer.
    LeadAssigned,
    Closed,
    Reopened,
}

impl Milestone {
    /// The milestone an action that was applied reaches, if any: notes, referrals and the
    /// rest are staff business.
    pub fn of(action: CaseAction) -> Option<Milestone> {
        match action {
            CaseAction::Accept => Some(Milestone::Accepted),
            CaseAction::AssignLead => Some(Milestone::LeadAssigned),
            CaseAction::Close => Some(Milestone::Closed),
            CaseAction::Reopen => Some(Milestone::Reopened),
            _ => None,
        }
    }
}

/// What the portal knows about reaching the person who reported.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResidentContact {
    pub anonymous: bool,
    /// Their latest answer to "Can we contact you about your report?".
    pub contact_consent: bool,
    pub has_email: bool,
    /// They said it is safe to email them; `None` when not asked.
    pub safe_to_email: Option<bool>,
    /// The report filled in the field only robots see (`domain::honeypot`).
    pub robot: bool,
}

/// Whether to email the resident about a milestone: only when they agreed to be contacted,
/// gave an email address and said email is safe (someone else may read their mail). Anything
/// not known is no, and nothing goes to the address a robot gave.
pub fn tell_resident(contact: ResidentContact) -> bool {
    !contact.anonymous
        && !contact.robot
        && contact.contact_consent
        && contact.has_email
        && contact.safe_to_email == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::routing::RouteId;

    #[test]
    fn what_each_role_may_do_in_each_status() {
        use CaseAction::*;
        use CaseStatus::*;
        let triage = &[Role::Triage][..];
        let mediation = &[Role::Partner(RouteId::Mediation)][..];
        let auditor = &[Role::Auditor][..];
        let admin = &[Role::Admin][..];
        type Case<'a> = (
            &'a [Role],
            CaseStatus,
            CaseAction,
            Result<CaseStatus, Refusal>,
        );
        let cases: &[Case] = &[
            (triage, New, Accept, Ok(Open)),
            (
                triage,
                Open,
                Accept,
                Err(Refusal::NotNow("This case has been accepted already")),
            ),
            (triage, New, AssignLead, Ok(New)),
            (triage, Open, AssignLead, Ok(Open)),
            (
                triage,
                Closed,
                AssignLead,
                Err(Refusal::NotNow("This case is closed. Reopen it first")),
            ),
            (triage, Open, Close, Ok(Closed)),
            (triage, New, Close, Ok(Closed)),
            (
                triage,
                Closed,
                Close,
                Err(Refusal::NotNow("This case is closed already")),
            ),
            (triage, Closed, Reopen, Ok(Open)),
            (
                triage,
                Open,
                Reopen,
                Err(Refusal::NotNow("This case is not closed")),
            ),
            (triage, Closed, AddNote, Ok(Closed)),
            (mediation, Open, AddNote, Ok(Open)),
            (mediation, New, Accept, Err(Refusal::NotYourRole)),
            (mediation, Open, Close, Err(Refusal::NotYourRole)),
            (auditor, Open, AddNote, Err(Refusal::NotYourRole)),
            (auditor, New, Accept, Err(Refusal::NotYourRole)),
            (admin, New, Accept, Err(Refusal::NotYourRole)),
            (triage, Open, Reroute, Ok(Open)),
            (triage, New, Link, Ok(New)),
            (
                triage,
                Closed,
                Reroute,
                Err(Refusal::NotNow("This case is closed. Reopen it first")),
            ),
            (mediation, Open, Reroute, Err(Refusal::NotYourRole)),
            (mediation, Open, Link, Err(Refusal::NotYourRole)),
            (triage, Open, Assess, Ok(Open)),
            (mediation, Open, RecordSafeguarding, Ok(Open)),
            (triage, Closed, RecordSafeguarding, Ok(Closed)),
            (auditor, Open, RecordSafeguarding, Err(Refusal::NotYourRole)),
            (mediation, Open, Assess, Err(Refusal::NotYourRole)),
            (
                triage,
                Closed,
                Assess,
                Err(Refusal::NotNow("This case is closed. Reopen it first")),
            ),
            (auditor, Open, Link, Err(Refusal::NotYourRole)),
        ];
        for (roles, status, action, expected) in cases {
            assert_eq!(
                act(roles, *status, *action),
                *expected,
                "{roles:?} {action:?} a {status:?} case"
            );
        }
    }

    fn lists() -> ClosureLists {
        let choice = |id: &str| Choice {
            id: id.into(),
            label: id.to_uppercase(),
        };
        ClosureLists {
            reasons: vec![choice("resolved"), choice("not_asb")],
            outcomes: vec![choice("warning_letter"), choice("injunction")],
        }
    }

    #[test]
    fn closing_needs_a_listed_reason_and_only_listed_outcomes() {
        let lists = lists();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            closure(
                &lists,
                Some("resolved"),
                &s(&["injunction", "warning_letter", "injunction"])
            ),
            Ok(Closure {
                reason: "resolved".into(),
                outcomes: s(&["warning_letter", "injunction"]),
            })
        );
        assert_eq!(
            closure(&lists, Some("not_asb"), &[]).map(|c| c.outcomes.len()),
            Ok(0)
        );
        let message = |result: Result<Closure, Vec<FieldError>>| {
            result
                .unwrap_err()
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            message(closure(&lists, None, &[])),
            ["Select why the case is being closed"]
        );
        assert_eq!(
            message(closure(&lists, Some("  "), &[])),
            ["Select why the case is being closed"]
        );
        assert_eq!(
            message(closure(&lists, Some("bored"), &[])),
            ["Select one of the reasons listed"]
        );
        assert_eq!(
            message(closure(&lists, Some("resolved"), &s(&["eviction"]))),
            ["Select only actions from the list"]
        );
    }

    #[test]
    fn the_lists_are_checked() {
        assert_eq!(lists().validate(), Ok(()));
        let mut twice = lists();
        twice.outcomes.push(twice.outcomes[0].clone());
        assert_eq!(
            twice.validate(),
            Err("outcomes[2].id: `warning_letter` is used twice".into())
        );
        let mut empty = lists();
        empty.reasons.clear();
        assert_eq!(
            empty.validate(),
            Err("reasons: at least one is needed".into())
        );
    }

    #[test]
    fn notes() {
        assert_eq!(
            note("  Spoke to the resident.  "),
            Ok("Spoke to the resident.".into())
        );
        assert_eq!(note("   ").unwrap_err().message, "Enter a note");
        assert_eq!(
            note(&"x".repeat(5001)).unwrap_err().message,
            "Note must be 5,000 characters or fewer"
        );
        assert!(note(&"é".repeat(5000)).is_ok(), "counted in characters");
    }

    #[test]
    fn every_action_has_its_own_address() {
        for action in CaseAction::ALL {
            assert_eq!(CaseAction::from_path(action.path()), Some(action));
        }
        assert_eq!(CaseAction::from_path("delete"), None);
    }

    #[test]
    fn a_case_is_referred_only_to_a_partner_not_sent_it_yet() {
        assert_eq!(
            referral_targets(
                &crate::domain::submission::Routes::default().partners(),
                &[RouteId::Triage, RouteId::Mediation]
            ),
            [RouteId::Panel, RouteId::Support, RouteId::DomesticAbuse]
        );
    }

    #[test]
    fn a_referral_needs_a_listed_partner_a_reason_and_the_residents_consent() {
        use ConsentItem::*;
        let targets = [RouteId::Support, RouteId::Panel];
        let form = |route, reason, agreed| ReferralForm {
            route,
            reason,
            resident_agreed: agreed,
        };
        let given = |items: &'static [ConsentItem]| move |i: ConsentItem| items.contains(&i);
        let messages = |r: Result<Referral, Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect::<Vec<_>>()
        };
        // (route, reason, ticked, consent given when reporting) → consent recorded now
        type Case = (
            &'static str,
            bool,
            &'static [ConsentItem],
            Option<ConsentItem>,
        );
        let accepted: &[Case] = &[
            ("support", false, &[Support], None),
            ("support", true, &[], Some(Support)),
            ("panel", false, &[Share], None),
            ("panel", true, &[Support], Some(Share)),
        ];
        for (route, ticked, consents, recorded) in accepted {
            assert_eq!(
                referral(
                    &targets,
                    given(consents),
                    form(Some(route), Some(" Needs a support worker "), *ticked)
                ),
                Ok(Referral {
                    route: if *route == "panel" {
                        RouteId::Panel
                    } else {
                        RouteId::Support
                    },
                    reason: "Needs a support worker".into(),
                    records_consent: *recorded,
                }),
                "{route} {ticked} {consents:?}"
            );
        }
        assert_eq!(
            messages(referral(&targets, given(&[]), form(None, None, false))),
            [
                ("route".into(), "Select who to refer this case to".into()),
                (
                    "reason".into(),
                    "Enter why you are referring this case".into()
                ),
            ]
        );
        assert_eq!(
            messages(referral(
                &targets,
                given(&[Share]),
                form(Some("mediation"), Some("x"), false)
            )),
            [("route".into(), "Select one of the services listed".into())]
        );
        assert_eq!(
            messages(referral(
                &targets,
                given(&[Share]),
                form(Some("support"), Some("x"), false)
            ))[0]
                .0,
            "agreed"
        );
        assert_eq!(
            messages(referral(
                &targets,
                given(&[Support]),
                form(Some("support"), Some(&"x".repeat(1001)), false)
            )),
            [(
                "reason".into(),
                "Reason must be 1,000 characters or fewer".into()
            )]
        );
    }

    #[test]
    fn a_link_needs_another_reference_how_they_relate_and_why() {
        assert_eq!(
            link(
                "ASB-AAAA-1111",
                Some(" asb-bbbb-2222 "),
                Some("counter_allegation"),
                Some("They report each other")
            ),
            Ok(Link {
                other_reference: "ASB-BBBB-2222".into(),
                kind: LinkKind::CounterAllegation,
                reason: "They report each other".into(),
            })
        );
        let fields = |r: Result<Link, Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(link("ASB-AAAA-1111", None, None, None)),
            [
                "Enter the reference of the report to link",
                "Select how the reports are related",
                "Enter why these reports belong together"
            ]
        );
        assert_eq!(
            fields(link(
                "ASB-AAAA-1111",
                Some("asb-aaaa-1111"),
                Some("feud"),
                Some("x")
            )),
            [
                "Enter the reference of a different report",
                "Select one of the options listed"
            ]
        );
    }

    #[test]
    fn a_safeguarding_referral_needs_its_kind_agency_and_a_past_date() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let form = |kind, agency, day| SafeguardingForm {
            kind,
            agency,
            day,
            month: "12",
            year: "2026",
        };
        assert_eq!(
            safeguarding(form(Some("adult"), Some(" Adult Social Care "), "2"), today),
            Ok(Safeguarding {
                kind: SafeguardingKind::Adult,
                agency: "Adult Social Care".into(),
                made_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            })
        );
        let messages = |r: Result<Safeguarding, Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            messages(safeguarding(form(None, None, ""), today)),
            [
                "Select who the referral was made to",
                "Enter the agency the referral went to",
                "The date the referral was made must include a day",
            ]
        );
        assert_eq!(
            messages(safeguarding(
                form(Some("police"), Some(&"x".repeat(201)), "9"),
                today
            )),
            [
                "Select one of the options listed",
                "Agency must be 200 characters or fewer",
                "The date the referral was made must be today or in the past",
            ]
        );
    }

    #[test]
    fn the_resident_is_told_only_with_consent_an_email_and_when_email_is_safe() {
        let yes = ResidentContact {
            anonymous: false,
            contact_consent: true,
            has_email: true,
            safe_to_email: Some(true),
            robot: false,
        };
        assert!(tell_resident(yes));
        for no in [
            ResidentContact {
                anonymous: true,
                ..yes
            },
            ResidentContact {
                contact_consent: false,
                ..yes
            },
            ResidentContact {
                has_email: false,
                ..yes
            },
            ResidentContact {
                safe_to_email: Some(false),
                ..yes
            },
            ResidentContact {
                safe_to_email: None,
                ..yes
            },
            ResidentContact { robot: true, ..yes },
        ] {
            assert!(!tell_resident(no), "{no:?}");
        }
        assert_eq!(Milestone::of(CaseAction::Accept), Some(Milestone::Accepted));
        assert_eq!(Milestone::of(CaseAction::AddNote), None);
        assert_eq!(Milestone::of(CaseAction::Assess), None);
    }

    /// Any text at all in any field of a staff form: never a panic, and whatever is accepted
    /// keeps the form's promises. `PROPTEST_CASES=100000 cargo test --lib ::fuzz::` runs
    /// these (and the other modules' `fuzz` tests) for longer.
    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = Option<String>> {
            prop_oneof![
                Just(None),
                any::<String>().prop_map(Some),
                "[a-z_]{0,20}".prop_map(Some),
                Just(Some("x".repeat(1001))),
            ]
        }

        proptest! {
            #[test]
            fn a_note_is_trimmed_words_within_the_limit(raw in any::<String>()) {
                if let Ok(kept) = note(&raw) {
                    prop_assert!(!kept.is_empty());
                    prop_assert!(kept.chars().count() <= NOTE_MAX_CHARS);
                    prop_assert_eq!(kept.trim(), kept.as_str());
                }
            }

            #[test]
            fn a_referral_goes_only_to_a_listed_partner_with_consent(
                route in text(), why in text(), agreed in any::<bool>(), given in any::<[bool; 4]>()
            ) {
                let targets = [RouteId::Support, RouteId::Panel];
                let consented = |item: ConsentItem| {
                    given[ConsentItem::ALL.iter().position(|i| *i == item).unwrap()]
                };
                let form = ReferralForm {
                    route: route.as_deref(),
                    reason: why.as_deref(),
                    resident_agreed: agreed,
                };
                if let Ok(referral) = referral(&targets, consented, form) {
                    prop_assert!(targets.contains(&referral.route));
                    prop_assert!(!referral.reason.is_empty());
                    prop_assert!(referral.reason.chars().count() <= REASON_MAX_CHARS);
                    let needed = consent_needed(&referral.route).unwrap();
                    prop_assert!(consented(needed) || agreed);
                    prop_assert_eq!(referral.records_consent.is_some(), !consented(needed));
                }
            }

            #[test]
            fn a_link_is_to_another_report_with_a_listed_kind(
                other in text(), kind in text(), why in text()
            ) {
                if let Ok(found) = link("ASB-AAAA-1111", other.as_deref(), kind.as_deref(), why.as_deref()) {
                    prop_assert!(found.other_reference != "ASB-AAAA-1111");
                    prop_assert_eq!(found.other_reference.clone(), found.other_reference.to_uppercase());
                    prop_assert!(LinkKind::parse(found.kind.as_str()).is_some());
                    prop_assert!(found.reason.chars().count() <= REASON_MAX_CHARS);
                }
            }

            #[test]
            fn a_safeguarding_referral_is_dated_no_later_than_today(
                kind in text(), agency in text(),
                day in any::<String>(), month in "[0-9]{0,3}|\\PC{0,4}", year in "[0-9]{0,5}|\\PC{0,4}"
            ) {
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
                let form = SafeguardingForm {
                    kind: kind.as_deref(),
                    agency: agency.as_deref(),
                    day: &day,
                    month: &month,
                    year: &year,
                };
                if let Ok(recorded) = safeguarding(form, today) {
                    prop_assert!(recorded.made_on <= today);
                    prop_assert!(!recorded.agency.is_empty());
                    prop_assert!(recorded.agency.chars().count() <= AGENCY_MAX_CHARS);
                }
            }

            #[test]
            fn a_closure_holds_only_listed_reasons_and_outcomes(
                reason in text(), outcomes in proptest::collection::vec(any::<String>(), 0..4)
            ) {
                let lists = lists();
                if let Ok(closed) = closure(&lists, reason.as_deref(), &outcomes) {
                    prop_assert!(lists.reasons.iter().any(|c| c.id == closed.reason));
                    prop_assert!(closed.outcomes.iter().all(|o| lists.outcomes.iter().any(|c| &c.id == o)));
                }
            }
        }
    }

    #[test]
    fn every_status_reads_back() {
        for status in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(CaseStatus::parse("archived"), None);
    }
}
