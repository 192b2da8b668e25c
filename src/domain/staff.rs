//! The staff area's rules: the roles, which cases a role may open (and the rule that decided),
//! when sign-in is throttled, how long a session lives, what a new password must be, and that
//! a one-time code is used once. The server asks these; it never decides them itself.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::fields::FieldError;
use super::routing::RouteId;

/// What a staff account may do. An account holds one or more.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The council's ASB team: every report, every action.
    Triage,
    /// The ASB Case Review coordinator.
    CaseReview,
    /// Manages staff accounts and the outbox.
    Admin,
    /// Reads everything and changes nothing (independent scrutiny).
    Auditor,
    /// A partner a report can be routed to (mediation, victim support, the panel, the domestic
    /// abuse service): only what was routed to them.
    Partner(RouteId),
}

impl Role {
    /// Every role there is, in the order the administrator's pages list them: one per
    /// partner (`Routes::partners`: the built-in ones and those the council added).
    pub fn all(partners: &[RouteId]) -> Vec<Role> {
        let mut roles = vec![Role::Triage, Role::CaseReview, Role::Admin, Role::Auditor];
        roles.extend(partners.iter().cloned().map(Role::Partner));
        roles
    }

    /// The stored form (`staff_roles.role`): a partner role is its route's id.
    pub fn as_str(&self) -> &str {
        match self {
            Role::Triage => "triage",
            Role::CaseReview => "case_review",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
            Role::Partner(route) => route.as_str(),
        }
    }

    pub fn parse(text: &str, partners: &[RouteId]) -> Option<Role> {
        Role::all(partners)
            .into_iter()
            .find(|role| role.as_str() == text)
    }

    /// How the staff area names it (a partner the council added, by its configured name).
    pub fn label(&self) -> &str {
        match self {
            Role::Triage => "Triage officer",
            Role::CaseReview => "ASB Case Review coordinator",
            Role::Admin => "Administrator",
            Role::Auditor => "Auditor (read only)",
            Role::Partner(RouteId::Panel) => "Panel coordinator",
            Role::Partner(RouteId::Support) => "Victim support",
            Role::Partner(RouteId::Mediation) => "Mediation service",
            Role::Partner(RouteId::DomesticAbuse) => "Domestic abuse service",
            Role::Partner(RouteId::Triage) => "Triage officer",
            Role::Partner(RouteId::Other(id)) => id,
        }
    }
}

/// A role's name as staff read it: a partner the council added, by the name it configured.
pub fn role_name(role: &Role, routes: &crate::domain::submission::Routes) -> String {
    match role {
        Role::Partner(route @ RouteId::Other(_)) => routes.get(route).name.clone(),
        _ => role.label().to_string(),
    }
}

/// Whether a case may be opened, and the rule that decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Open {
        rule: &'static str,
    },
    /// The case is not shown; the page answers exactly as for a reference that does not exist.
    Refused,
}

pub const ACCESS_EVERY_REPORT: &str = "every_report";
pub const ACCESS_ROUTED_TO_PARTNER: &str = "routed_to_partner";

/// Whether someone with `roles` may open a report sent to `routed_to` (the routes it was
/// sent to; a route that held it is not among them). The ASB team, the case review
/// coordinator (who reviews how reports were handled), administrators and auditors see every
/// report; a partner only what was routed to them.
pub fn may_open_report(roles: &[Role], routed_to: &[RouteId]) -> Access {
    if roles.iter().any(|role| {
        matches!(
            role,
            Role::Triage | Role::CaseReview | Role::Admin | Role::Auditor
        )
    }) {
        return Access::Open {
            rule: ACCESS_EVERY_REPORT,
        };
    }
    let routed = roles.iter().any(|role| match role {
        Role::Partner(route) => routed_to.contains(route),
        _ => false,
    });
    if routed {
        Access::Open {
            rule: ACCESS_ROUTED_TO_PARTNER,
        }
    } else {
        Access::Refused
    }
}

/// The routes whose reports a queue lists for `roles`: `None` for every report.
pub fn queue_routes(roles: &[Role]) -> Option<Vec<RouteId>> {
    match may_open_report(roles, &[]) {
        Access::Open { .. } => None,
        Access::Refused => Some(
            roles
                .iter()
                .filter_map(|role| match role {
                    Role::Partner(route) => Some(route.clone()),
                    _ => None,
                })
                .collect(),
        ),
    }
}

/// How many failed sign-ins are allowed in a window, per account and per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    pub per_account: u32,
    pub per_address: u32,
    pub window_minutes: u32,
}

/// Whether another sign-in may be tried, given the failures in the last window. Past either
/// limit, every attempt is refused (even with the right password) until failures age out of
/// the window, so guessing a password is slow whichever account or address it comes from.
pub fn sign_in_allowed(throttle: &Throttle, account_failures: u32, address_failures: u32) -> bool {
    account_failures < throttle.per_account && address_failures < throttle.per_address
}

/// How long a staff session lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLifetime {
    /// Signed out after this long without a request.
    pub idle_minutes: u32,
    /// Signed out this long after signing in, however busy.
    pub absolute_hours: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Live,
    /// No request for longer than the idle timeout.
    Idle,
    /// Older than the absolute timeout.
    Expired,
}

pub fn session_state(
    lifetime: &SessionLifetime,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionState {
    if now - created_at >= Duration::hours(lifetime.absolute_hours.into()) {
        SessionState::Expired
    } else if now - last_seen_at >= Duration::minutes(lifetime.idle_minutes.into()) {
        SessionState::Idle
    } else {
        SessionState::Live
    }
}

/// A new password's length limits (OWASP ASVS 5.0, 6.2: at least 8, 15 recommended; at least
/// 64 allowed). Every character counts, spaces included, so a passphrase works.
pub const PASSWORD_MIN_CHARS: usize = 15;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// What is wrong with a new password, in the words the form shows.
pub fn new_password_problem(password: &str, email: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if password.is_empty() {
        Some("Enter a password")
    } else if chars < PASSWORD_MIN_CHARS {
        Some("Password must be 15 characters or more")
    } else if chars > PASSWORD_MAX_CHARS {
        Some("Password must be 128 characters or fewer")
    } else if password.trim().to_lowercase() == email.trim().to_lowercase() {
        Some("Password must not be your email address")
    } else if password.chars().all(|c| password.starts_with(c)) {
        Some("Password must not be one character repeated")
    } else {
        None
    }
}

/// A time-based one-time code is accepted once: its time step must be later than the last
/// step this account used, so a code seen over someone's shoulder cannot be used again.
pub fn code_step_unused(step: u64, last_used_step: Option<u64>) -> bool {
    last_used_step.is_none_or(|last| step > last)
}

/// An email address as accounts are found by: trimmed and lower-cased.
pub fn account_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// What a queue is narrowed to: each `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub status: Option<String>,
    pub band: Option<String>,
    pub category: Option<String>,
    pub area: Option<String>,
}

/// The bands a report can have, as stored, and "not assessed".
pub const QUEUE_BANDS: [&str; 4] = ["high", "medium", "standard", "not_assessed"];

/// Reads the queue's filter form. An empty value is "any"; a value the form never offered
/// is named in an error and ignored, so the queue still shows.
pub fn queue_filter(
    status: Option<&str>,
    band: Option<&str>,
    category: Option<&str>,
    area: Option<&str>,
    categories: &[&str],
    areas: &[&str],
) -> (QueueFilter, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut pick = |value: Option<&str>, allowed: &[&str], field: &str, message: &str| match value
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(v) if allowed.contains(&v) => Some(v.to_string()),
        Some(_) => {
            errors.push(FieldError::new(field, message));
            None
        }
    };
    let statuses: Vec<&str> = super::case_work::CaseStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let filter = QueueFilter {
        status: pick(status, &statuses, "status", "Select a status from the list"),
        band: pick(
            band,
            &QUEUE_BANDS,
            "band",
            "Select a risk band from the list",
        ),
        category: pick(
            category,
            categories,
            "category",
            "Select a category from the list",
        ),
        area: pick(area, areas, "area", "Select an area from the list"),
    };
    (filter, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any query string on the queue: never a panic, and the filter holds only what
            /// the form offered.
            #[test]
            fn the_queue_filter_never_holds_a_value_the_form_did_not_offer(
                status in proptest::option::of("new|open|closed|\\PC{0,10}"),
                band in proptest::option::of("high|not_assessed|\\PC{0,10}"),
                category in proptest::option::of(any::<String>()),
                area in proptest::option::of(any::<String>()),
            ) {
                let (filter, _) = queue_filter(
                    status.as_deref(), band.as_deref(), category.as_deref(), area.as_deref(),
                    &["noise"], &["north"],
                );
                prop_assert!(filter.status.is_none_or(|s| crate::domain::case_work::CaseStatus::parse(&s).is_some()));
                prop_assert!(filter.band.is_none_or(|b| QUEUE_BANDS.contains(&b.as_str())));
                prop_assert!(filter.category.is_none_or(|c| c == "noise"));
                prop_assert!(filter.area.is_none_or(|a| a == "north"));
            }
        }
    }

    #[test]
    fn who_may_open_a_report() {
        use Role::*;
        let mediation = Partner(RouteId::Mediation);
        let support = Partner(RouteId::Support);
        let panel = Partner(RouteId::Panel);
        let cases: &[(&[Role], &[RouteId], Access)] = &[
            (
                &[Triage],
                &[],
                Access::Open {
                    rule: ACCESS_EVERY_REPORT,
                },
            ),
            (
                &[Auditor],
                &[RouteId::Triage],
                Access::Open {
                    rule: ACCESS_EVERY_REPORT,
                },
            ),
            (
                &[CaseReview],
                &[RouteId::Triage],
                Access::Open {
                    rule: ACCESS_EVERY_REPORT,
                },
            ),
            (
                &[Admin],
                &[RouteId::Triage],
                Access::Open {
                    rule: ACCESS_EVERY_REPORT,
                },
            ),
            (
                std::slice::from_ref(&mediation),
                &[RouteId::Triage, RouteId::Mediation],
                Access::Open {
                    rule: ACCESS_ROUTED_TO_PARTNER,
                },
            ),
            (
                std::slice::from_ref(&mediation),
                &[RouteId::Triage, RouteId::Support],
                Access::Refused,
            ),
            (
                &[support.clone(), panel.clone()],
                &[RouteId::Triage, RouteId::Mediation],
                Access::Refused,
            ),
            (
                &[support.clone(), panel.clone()],
                &[RouteId::Triage, RouteId::Panel],
                Access::Open {
                    rule: ACCESS_ROUTED_TO_PARTNER,
                },
            ),
            // A partner never sees a report routed to the ASB team alone.
            (
                std::slice::from_ref(&panel),
                &[RouteId::Triage],
                Access::Refused,
            ),
            (&[], &[RouteId::Triage, RouteId::Panel], Access::Refused),
        ];
        for (roles, routed, expected) in cases {
            assert_eq!(
                may_open_report(roles, routed),
                *expected,
                "{roles:?} opening a report routed to {routed:?}"
            );
        }
    }

    #[test]
    fn a_partner_queue_lists_only_their_routes() {
        assert_eq!(queue_routes(&[Role::Triage]), None);
        assert_eq!(
            queue_routes(&[Role::Partner(RouteId::Mediation)]),
            Some(vec![RouteId::Mediation])
        );
        assert_eq!(queue_routes(&[]), Some(vec![]));
    }

    #[test]
    fn every_role_reads_back_from_its_stored_form() {
        let partners = crate::domain::submission::Routes::default().partners();
        for role in Role::all(&partners) {
            assert_eq!(Role::parse(role.as_str(), &partners), Some(role));
        }
        assert_eq!(Role::parse("triage", &partners), Some(Role::Triage));
        assert_eq!(Role::parse("superuser", &partners), None);
        // The ASB team's route is the triage role, not a partner role of its own.
        assert!(!Role::all(&partners).contains(&Role::Partner(RouteId::Triage)));
        // A partner the council added has a role of its own, once it is configured.
        let housing = RouteId::Other("housing".into());
        assert_eq!(Role::parse("housing", &partners), None);
        let with_housing = [partners.clone(), vec![housing.clone()]].concat();
        assert_eq!(
            Role::parse("housing", &with_housing),
            Some(Role::Partner(housing))
        );
    }

    #[test]
    fn sign_in_is_throttled_past_either_limit() {
        let throttle = Throttle {
            per_account: 5,
            per_address: 20,
            window_minutes: 15,
        };
        for (account, address, allowed) in [
            (0, 0, true),
            (4, 19, true),
            (5, 0, false),
            (0, 20, false),
            (9, 30, false),
        ] {
            assert_eq!(
                sign_in_allowed(&throttle, account, address),
                allowed,
                "{account} failures for the account, {address} for the address"
            );
        }
    }

    #[test]
    fn a_session_ends_when_idle_or_old() {
        let lifetime = SessionLifetime {
            idle_minutes: 30,
            absolute_hours: 12,
        };
        let start: DateTime<Utc> = "2026-12-03T09:00:00Z".parse().unwrap();
        let minutes = |m: i64| start + Duration::minutes(m);
        for (last_seen, now, expected) in [
            (minutes(0), minutes(29), SessionState::Live),
            (minutes(0), minutes(30), SessionState::Idle),
            (minutes(700), minutes(719), SessionState::Live),
            (minutes(719), minutes(720), SessionState::Expired),
            (minutes(0), minutes(800), SessionState::Expired),
        ] {
            assert_eq!(
                session_state(&lifetime, start, last_seen, now),
                expected,
                "last seen {last_seen}, now {now}"
            );
        }
    }

    #[test]
    fn new_passwords() {
        let email = "officer@council.example";
        for (password, problem) in [
            ("", Some("Enter a password")),
            ("short one", Some("Password must be 15 characters or more")),
            ("correct horse battery staple", None::<&str>),
            (
                "OFFICER@council.example",
                Some("Password must not be your email address"),
            ),
            (
                "aaaaaaaaaaaaaaaaaaaa",
                Some("Password must not be one character repeated"),
            ),
        ] {
            assert_eq!(
                new_password_problem(password, email),
                problem,
                "{password:?}"
            );
        }
        let long = "x".repeat(120) + "abcdefghi";
        assert_eq!(
            new_password_problem(&long, email),
            Some("Password must be 128 characters or fewer")
        );
        // Counted in characters, not bytes: 15 accented letters are enough.
        assert_eq!(new_password_problem(&"éà".repeat(8)[..30], email), None);
    }

    #[test]
    fn a_one_time_code_is_used_once() {
        for (step, last, unused) in [
            (100, None, true),
            (101, Some(100), true),
            (100, Some(100), false),
            (99, Some(100), false),
        ] {
            assert_eq!(
                code_step_unused(step, last),
                unused,
                "{step} after {last:?}"
            );
        }
    }
}

/// Whether these roles may manage staff accounts.
pub fn may_administer(roles: &[Role]) -> bool {
    roles.contains(&Role::Admin)
}

/// The roles ticked on an administrator's form: at least one, and each one the form offered.
pub fn roles_from_form(values: &[String], partners: &[RouteId]) -> Result<Vec<Role>, &'static str> {
    let mut roles = Vec::new();
    for value in values {
        match Role::parse(value, partners) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => return Err("Select only roles from the list"),
        }
    }
    if roles.is_empty() {
        return Err("Select at least one role");
    }
    roles.sort();
    Ok(roles)
}

/// Whether an administrator may disable an account or change its roles: not their own, so
/// nobody locks the last administrator out by a slip.
pub fn may_change_account(administrator: i64, account: i64) -> bool {
    administrator != account
}

/// The invitation email. Its subject names nobody; the link works once, for `hours` hours.
pub fn invitation_email(site: &str, name: &str, link: &str, hours: u32) -> (String, String) {
    let subject = "Your account for the ASB staff area".to_string();
    let body = format!(
        "Dear {name},\n\n\
         {site} has given you an account for the anti-social behaviour staff area.\n\n\
         Set your password here:\n{link}\n\n\
         The link works once, for {hours} hours. When you first sign in you will set up an \
         authenticator app on your phone, so have it with you.\n\n\
         If you did not expect this email, tell your ASB team: do not use the link.\n"
    );
    (subject, body)
}

#[cfg(test)]
mod admin_tests {
    use super::*;

    #[test]
    fn roles_as_ticked() {
        let partners = crate::domain::submission::Routes::default().partners();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            roles_from_form(&s(&["mediation", "triage", "triage"]), &partners),
            Ok(vec![Role::Triage, Role::Partner(RouteId::Mediation)])
        );
        assert_eq!(
            roles_from_form(&[], &partners),
            Err("Select at least one role")
        );
        assert_eq!(
            roles_from_form(&s(&["triage", "superuser"]), &partners),
            Err("Select only roles from the list")
        );
        assert!(may_administer(&[Role::Triage, Role::Admin]));
        assert!(!may_administer(&[Role::Auditor]));
        assert!(!may_change_account(7, 7));
        assert!(may_change_account(7, 8));
    }

    #[test]
    fn the_invitation_subject_names_nobody() {
        let (subject, body) = invitation_email(
            "Exampleshire Council",
            "Sam Okafor",
            "https://x/staff/invitation/abc",
            72,
        );
        assert!(!subject.contains("Sam"));
        assert!(
            body.contains("Dear Sam Okafor") && body.contains("https://x/staff/invitation/abc")
        );
        assert!(body.contains("for 72 hours"));
    }

    #[test]
    fn queue_filters_as_chosen() {
        let categories = ["noise", "harassment"];
        let areas = ["north", "south"];
        let (filter, errors) = queue_filter(
            Some("open"),
            Some(""),
            Some("noise"),
            None,
            &categories,
            &areas,
        );
        assert!(errors.is_empty());
        assert_eq!(
            filter,
            QueueFilter {
                status: Some("open".into()),
                band: None,
                category: Some("noise".into()),
                area: None,
            }
        );
        let (filter, errors) = queue_filter(
            Some("archived"),
            Some("extreme"),
            Some("graffiti"),
            Some("east"),
            &categories,
            &areas,
        );
        assert_eq!(
            filter,
            QueueFilter::default(),
            "values never offered are ignored"
        );
        let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "Select a status from the list",
                "Select a risk band from the list",
                "Select a category from the list",
                "Select an area from the list",
            ]
        );
    }
}
