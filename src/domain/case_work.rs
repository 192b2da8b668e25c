//! Working a case: its status, who may do what to it, and what closing it needs. A report
//! becomes a case when it arrives (`New`); a triage officer accepts it (`Open`), names the
//! accountable lead, writes notes and closes it with a reason and the actions taken. The
//! server asks these rules; storage records what they allowed, with the audit trail.

use serde::{Deserialize, Serialize};

use super::fields::FieldError;
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
            CaseAction::Close => "closed",
            CaseAction::Reopen => "reopened",
        }
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
/// reopens. Partners working a case routed to them may add notes. Administrators and auditors
/// read only.
pub fn act(roles: &[Role], status: CaseStatus, action: CaseAction) -> Result<CaseStatus, Refusal> {
    let triage = roles.contains(&Role::Triage);
    let partner = roles.iter().any(|r| matches!(r, Role::Partner(_)));
    let allowed = match action {
        CaseAction::AddNote => triage || partner,
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
        (Closed, Accept | AssignLead) => {
            Err(Refusal::NotNow("This case is closed. Reopen it first"))
        }
        (_, AssignLead | AddNote) => Ok(status),
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
    fn every_status_reads_back() {
        for status in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(CaseStatus::parse("archived"), None);
    }
}
