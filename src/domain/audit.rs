//! The audit trail as administrators and auditors read it: who may, the actions it records in
//! staff's words, and the filter of its page. The trail itself holds ids, actions and field
//! names, never personal values (storage writes it in the transaction of each change).

use super::case_work::CaseAction;
use super::fields::FieldError;
use super::staff::Role;

/// The actions outside case work, with their words.
const STAFF_ACTIONS: [(&str, &str); 10] = [
    ("viewed_case", "Viewed a case"),
    ("signed_in", "Signed in"),
    ("signed_out", "Signed out"),
    ("enrolled_second_factor", "Set up an authenticator app"),
    ("invited_account", "Invited someone to the staff area"),
    ("accepted_invitation", "Accepted an invitation"),
    ("set_roles", "Changed someone's roles"),
    ("disabled_account", "Disabled an account"),
    ("retried_email", "Retried an email"),
    ("erased_personal_data", "Erased a report's personal data"),
];

/// A case action in the trail's words.
fn case_action_label(action: CaseAction) -> &'static str {
    match action {
        CaseAction::Accept => "Accepted a case",
        CaseAction::AssignLead => "Assigned a lead officer",
        CaseAction::AddNote => "Added a note",
        CaseAction::Reroute => "Referred a case to a partner",
        CaseAction::Link => "Linked reports",
        CaseAction::Assess => "Recorded a risk assessment",
        CaseAction::RecordSafeguarding => "Recorded a safeguarding referral",
        CaseAction::Close => "Closed a case",
        CaseAction::Reopen => "Reopened a case",
    }
}

/// Every action the trail records, as stored, with its words, in the order the filter lists
/// them.
pub fn actions() -> Vec<(&'static str, &'static str)> {
    CaseAction::ALL
        .into_iter()
        .map(|a| (a.as_str(), case_action_label(a)))
        .chain(STAFF_ACTIONS)
        .collect()
}

/// The words for a stored action (an unknown one, from a later version, as stored).
pub fn action_label(action: &str) -> String {
    actions()
        .into_iter()
        .find(|(id, _)| *id == action)
        .map(|(_, label)| label.to_string())
        .unwrap_or_else(|| action.replace('_', " "))
}

/// Administrators and the independent auditor read the trail; nobody changes it.
pub fn may_read(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::Admin | Role::Auditor))
}

/// What the trail's page is narrowed to: each `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub account: Option<i64>,
    pub action: Option<String>,
    /// A report's reference, upper-cased.
    pub reference: Option<String>,
}

/// Reads the filter form. An empty value is "any"; a value the form never offered is named
/// in an error and ignored, so the trail still shows.
pub fn audit_filter(
    account: Option<&str>,
    action: Option<&str>,
    reference: Option<&str>,
    accounts: &[i64],
) -> (AuditFilter, Vec<FieldError>) {
    let mut errors = Vec::new();
    let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(String::from);
    let account = given(account).and_then(|v| {
        let id = v.parse::<i64>().ok().filter(|id| accounts.contains(id));
        if id.is_none() {
            errors.push(FieldError::new(
                "account",
                "Select a member of staff from the list",
            ));
        }
        id
    });
    let action = given(action).and_then(|v| {
        let known = actions().iter().any(|(id, _)| *id == v);
        if !known {
            errors.push(FieldError::new("action", "Select an action from the list"));
        }
        known.then_some(v)
    });
    let reference = given(reference).map(|r| r.to_uppercase());
    (
        AuditFilter {
            account,
            action,
            reference,
        },
        errors,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any query string: never a panic, and the filter holds only what the form offered.
            #[test]
            fn the_filter_never_holds_a_value_the_form_did_not_offer(
                account in proptest::option::of(any::<String>()),
                action in proptest::option::of("[a-z_]{0,20}|\\PC{0,10}"),
                reference in proptest::option::of(any::<String>()),
            ) {
                let accounts = [3, 5];
                let (filter, _) = audit_filter(account.as_deref(), action.as_deref(), reference.as_deref(), &accounts);
                prop_assert!(filter.account.is_none_or(|id| accounts.contains(&id)));
                prop_assert!(filter.action.is_none_or(|a| actions().iter().any(|(id, _)| *id == a)));
            }
        }
    }

    #[test]
    fn administrators_and_auditors_read_the_trail() {
        assert!(may_read(&[Role::Admin]));
        assert!(may_read(&[Role::Auditor]));
        assert!(!may_read(&[Role::Triage]));
        assert!(!may_read(&[Role::CaseReview]));
    }

    #[test]
    fn every_action_has_words_and_none_is_listed_twice() {
        let all = actions();
        let mut ids: Vec<&str> = all.iter().map(|(id, _)| *id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        assert_eq!(action_label("closed"), "Closed a case");
        assert_eq!(action_label("viewed_case"), "Viewed a case");
        assert_eq!(action_label("something_new"), "something new");
    }

    #[test]
    fn the_filter_takes_only_what_it_offered() {
        let (filter, errors) =
            audit_filter(Some("7"), Some("closed"), Some(" asb-7kq2-m9xd "), &[7, 8]);
        assert_eq!(
            filter,
            AuditFilter {
                account: Some(7),
                action: Some("closed".into()),
                reference: Some("ASB-7KQ2-M9XD".into()),
            }
        );
        assert!(errors.is_empty());
        let (filter, errors) = audit_filter(Some("9"), Some("deleted"), Some(""), &[7]);
        assert_eq!(filter, AuditFilter::default());
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account", "action"]);
        assert_eq!(
            audit_filter(None, None, None, &[]),
            (AuditFilter::default(), vec![])
        );
    }
}
