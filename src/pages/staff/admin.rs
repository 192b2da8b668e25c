//! Administrators' pages: the accounts, inviting someone, one account's roles and disabling
//! it; and the page an invitation's link opens, to set a first password.

use leptos::prelude::*;
use leptos_meta::Title;

use super::cases::SignedInAs;
use crate::components::{Checkboxes, Choice, ErrorSummary, TextInput};
use crate::domain::fields::FieldError;
use crate::domain::staff::{role_name, Role};
use crate::domain::submission::Routes;
use crate::server::storage::{AccountListRow, QueueRow, UndeliveredRow};

fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

fn role_labels(roles: &[String], routes: &Routes) -> String {
    roles
        .iter()
        .filter_map(|r| Role::parse(r, &routes.partners()))
        .map(|r| role_name(&r, routes))
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_choices(routes: &Routes) -> Vec<Choice> {
    Role::all(&routes.partners())
        .into_iter()
        .map(|r| Choice::new(r.as_str(), role_name(&r, routes)))
        .collect()
}

fn password_field(
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    error: Option<String>,
) -> impl IntoView {
    let class = if error.is_some() {
        "govuk-input govuk-!-width-two-thirds govuk-input--error"
    } else {
        "govuk-input govuk-!-width-two-thirds"
    };
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let describedby = [
        hint.map(|_| format!("{name}-hint")),
        error.as_ref().map(|_| format!("{name}-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class=group>
            <label class="govuk-label govuk-label--s" for=name>{label}</label>
            {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
            {error.map(|e| view! {
                <p id=format!("{name}-error") class="govuk-error-message">
                    <span class="govuk-visually-hidden">"Error: "</span>{e}
                </p>
            })}
            <input
                class=class
                id=name
                name=name
                type="password"
                autocomplete="new-password"
                spellcheck="false"
                aria-describedby=(!describedby.is_empty()).then_some(describedby)
            />
        </div>
    }
}

pub struct AccountsPage {
    pub staff: SignedInAs,
    pub accounts: Vec<AccountListRow>,
    /// Just invited: their name, for the banner.
    pub invited: Option<String>,
    /// The partners, for the roles' names.
    pub routes: Routes,
}

impl AccountsPage {
    pub fn render(self) -> impl IntoView {
        let rows = self
            .accounts
            .into_iter()
            .map(|a| {
                let state = if a.disabled {
                    view! { <strong class="govuk-tag govuk-tag--grey">"Disabled"</strong> }.into_any()
                } else if a.invited {
                    view! { <strong class="govuk-tag govuk-tag--yellow">"Invited"</strong> }.into_any()
                } else {
                    view! { <strong class="govuk-tag govuk-tag--green">"Active"</strong> }.into_any()
                };
                let href = format!("/staff/admin/accounts/{}", a.id);
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=href>{a.display_name.clone()}</a></td>
                        <td class="govuk-table__cell">{a.email.clone()}</td>
                        <td class="govuk-table__cell">{role_labels(&a.roles, &self.routes)}</td>
                        <td class="govuk-table__cell">{state}</td>
                    </tr>
                }
            })
            .collect_view();
        let banner = self.invited.map(|name| {
            view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="invited-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="invited-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{format!("{name} has been sent an invitation")}</p>
                    </div>
                </div>
            }
        });
        view! {
            <Title text="Staff accounts" />
            {self.staff.render()}
            {banner}
            <h1 class="govuk-heading-l">"Staff accounts"</h1>
            <a class="govuk-button" role="button" draggable="false" href="/staff/admin/accounts/invite" data-module="govuk-button">"Invite someone"</a>
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Staff accounts">
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Every staff account"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Name"</th>
                            <th scope="col" class="govuk-table__header">"Email"</th>
                            <th scope="col" class="govuk-table__header">"Roles"</th>
                            <th scope="col" class="govuk-table__header">"Account"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
            </div>
        }
    }
}

pub struct InvitePage {
    pub staff: SignedInAs,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub errors: Vec<FieldError>,
    pub hours: u32,
    pub routes: Routes,
}

impl InvitePage {
    pub fn render(self) -> impl IntoView {
        let csrf = self.staff.csrf.clone();
        let errors = self.errors;
        view! {
            <Title text="Invite someone to the staff area" />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="govuk-heading-l">"Invite someone to the staff area"</h1>
                    <p class="govuk-body">{format!("They will get an email with a link to set their password. The link works once, for {} hours.", self.hours)}</p>
                    <form method="post" action="/staff/admin/accounts/invite" novalidate>
                        <input type="hidden" name="csrf" value=csrf />
                        <TextInput name="name" label="Full name" value=self.name error=error_for(&errors, "name") autocomplete="off" />
                        <TextInput name="email" label="Email address" value=self.email error=error_for(&errors, "email") kind="email" autocomplete="off" spellcheck_off=true />
                        <Checkboxes
                            name="roles"
                            legend="Roles"
                            hint="A partner role sees only the cases routed to that service."
                            options=role_choices(&self.routes)
                            selected=self.roles.join(&crate::domain::flow::LIST_SEPARATOR.to_string())
                            error=error_for(&errors, "roles")
                        />
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Send invitation"</button>
                    </form>
                </div>
            </div>
        }
    }
}

pub struct AccountPage {
    pub staff: SignedInAs,
    pub account: AccountListRow,
    /// Their own account: nothing to change here.
    pub own: bool,
    pub errors: Vec<FieldError>,
    pub routes: Routes,
}

impl AccountPage {
    pub fn render(self) -> impl IntoView {
        let a = self.account;
        let csrf = self.staff.csrf.clone();
        let errors = self.errors;
        let title = a.display_name.clone();
        let changes = if self.own {
            view! { <p class="govuk-body">"This is your own account. Another administrator can change its roles or disable it."</p> }.into_any()
        } else if a.disabled {
            view! { <p class="govuk-body">"This account is disabled: it cannot sign in."</p> }
                .into_any()
        } else {
            let roles_path = format!("/staff/admin/accounts/{}/roles", a.id);
            let disable_path = format!("/staff/admin/accounts/{}/disable", a.id);
            view! {
                <form method="post" action=roles_path novalidate>
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <Checkboxes
                        name="roles"
                        legend="Roles"
                        options=role_choices(&self.routes)
                        selected=a.roles.join(&crate::domain::flow::LIST_SEPARATOR.to_string())
                        error=error_for(&errors, "roles")
                    />
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Save roles"</button>
                </form>
                <h2 class="govuk-heading-m">"Disable this account"</h2>
                <p class="govuk-body">"They are signed out at once and cannot sign in again. Their name stays on the cases and the audit trail."</p>
                <form method="post" action=disable_path>
                    <input type="hidden" name="csrf" value=csrf />
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">"Disable account"</button>
                </form>
            }
            .into_any()
        };
        view! {
            <Title text=title.clone() />
            {self.staff.render()}
            <ErrorSummary errors=errors.clone() />
            <span class="govuk-caption-l">"Staff account"</span>
            <h1 class="govuk-heading-l">{title}</h1>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Email"</dt>
                    <dd class="govuk-summary-list__value">{a.email.clone()}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Roles"</dt>
                    <dd class="govuk-summary-list__value">{role_labels(&a.roles, &self.routes)}</dd>
                </div>
            </dl>
            {changes}
        }
    }
}

/// The invitation's link: choose a password.
pub struct InvitationPage {
    pub token: String,
    pub email: String,
    pub errors: Vec<FieldError>,
}

impl InvitationPage {
    pub fn render(self) -> impl IntoView {
        let errors = self.errors;
        view! {
            <Title text="Set your password" />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="govuk-heading-l">"Set your password"</h1>
                    <p class="govuk-body">{format!("For your staff account, {}.", self.email)}</p>
                    <form method="post" action=format!("/staff/invitation/{}", self.token) novalidate>
                        {password_field(
                            "password",
                            "Password",
                            Some("At least 15 characters. A few unrelated words, with spaces, are easy to remember and hard to guess."),
                            error_for(&errors, "password"),
                        )}
                        {password_field("confirm", "Enter the password again", None, error_for(&errors, "confirm"))}
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Set password"</button>
                    </form>
                </div>
            </div>
        }
    }
}

/// An invitation link that was used, has expired or never existed: one page for all three.
pub fn invitation_not_valid() -> impl IntoView {
    view! {
        <Title text="This link does not work" />
        <h1 class="govuk-heading-l">"This link does not work"</h1>
        <p class="govuk-body">"It has been used already, it has expired, or it is not complete. Ask your administrator to invite you again."</p>
        <p class="govuk-body">"If you have set your password, " <a class="govuk-link" href="/staff/sign-in">"sign in"</a> "."</p>
    }
}

/// The outbox: every email not yet delivered, dead first, with a retry for a dead one.
pub struct OutboxPage {
    pub staff: SignedInAs,
    pub messages: Vec<UndeliveredRow>,
    pub max_attempts: u32,
}

impl OutboxPage {
    pub fn render(self) -> impl IntoView {
        let csrf = self.staff.csrf.clone();
        let dead = self.messages.iter().filter(|m| m.status == "dead").count();
        let waiting = self.messages.len() - dead;
        let max_attempts = self.max_attempts;
        let rows = self
            .messages
            .into_iter()
            .map(|m| {
                let what = match (m.kind.as_str(), &m.route) {
                    ("referral", Some(route)) => format!("Referral to {route}"),
                    ("acknowledgement", _) => "Acknowledgement to the resident".to_string(),
                    ("update", _) => "Update to the resident".to_string(),
                    ("invitation", _) => "Staff invitation".to_string(),
                    (kind, _) => kind.to_string(),
                };
                let about = m.reference.clone().unwrap_or_else(|| "–".into());
                let state = if m.status == "dead" {
                    view! { <strong class="govuk-tag govuk-tag--red">"Failed"</strong> }.into_any()
                } else {
                    view! { <strong class="govuk-tag govuk-tag--yellow">"Waiting"</strong> }.into_any()
                };
                let attempts = format!("{} of {max_attempts}", m.attempts);
                let next = if m.status == "dead" {
                    "Not retried".to_string()
                } else {
                    format!("{} UTC", m.next_attempt_at.format("%-d %B %Y %H:%M"))
                };
                let retry = (m.status == "dead").then(|| {
                    view! {
                        <form method="post" action=format!("/staff/admin/outbox/{}/retry", m.id)>
                            <input type="hidden" name="csrf" value=csrf.clone() />
                            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                                "Retry"<span class="govuk-visually-hidden">{format!(" {what} {about}")}</span>
                            </button>
                        </form>
                    }
                });
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{what.clone()}</td>
                        <td class="govuk-table__cell">{about.clone()}</td>
                        <td class="govuk-table__cell">{state}</td>
                        <td class="govuk-table__cell">{attempts}</td>
                        <td class="govuk-table__cell">{next}</td>
                        <td class="govuk-table__cell">{m.last_error.clone().unwrap_or_default()}</td>
                        <td class="govuk-table__cell">{retry}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Title text="Emails not yet delivered" />
            {self.staff.render()}
            <h1 class="govuk-heading-l">"Emails not yet delivered"</h1>
            <p class="govuk-body">{format!("{dead} failed after every attempt; {waiting} waiting to be sent or retried.")}</p>
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Emails not yet delivered">
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Emails not yet delivered, failed first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Email"</th>
                            <th scope="col" class="govuk-table__header">"About"</th>
                            <th scope="col" class="govuk-table__header">"State"</th>
                            <th scope="col" class="govuk-table__header">"Attempts"</th>
                            <th scope="col" class="govuk-table__header">"Next attempt"</th>
                            <th scope="col" class="govuk-table__header">"Last error"</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
            </div>
        }
    }
}

/// The retention policy at work: how many reports have been erased, and the old cases that were
/// never closed, for an officer to review (they are never erased automatically).
pub struct RetentionPage {
    pub staff: SignedInAs,
    pub erase_days: u32,
    pub review_days: u32,
    pub erased: i64,
    pub unclosed: Vec<QueueRow>,
}

impl RetentionPage {
    pub fn render(self) -> impl IntoView {
        let count = self.unclosed.len();
        let rows = self
            .unclosed
            .into_iter()
            .map(|r| {
                let href = format!("/staff/reports/{}", r.reference);
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=href>{r.reference.clone()}</a></td>
                        <td class="govuk-table__cell">{crate::domain::uk_time::uk_date(r.submitted_at).format("%-d %B %Y").to_string()}</td>
                        <td class="govuk-table__cell">{crate::domain::case_work::CaseStatus::parse(&r.status).map(|s| s.label()).unwrap_or("New")}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Title text="Keeping personal data" />
            {self.staff.render()}
            <h1 class="govuk-heading-l">"Keeping personal data"</h1>
            <p class="govuk-body">{format!(
                "A closed case's personal data is erased {} days after it closed; the anonymous facts and the history stay. So far {} reports have been erased.",
                self.erase_days, self.erased
            )}</p>
            <h2 class="govuk-heading-m">"Old cases never closed"</h2>
            <p class="govuk-body">{format!(
                "These reports arrived more than {} days ago and their cases are not closed, so they are never erased. Review each: close it if it is finished, or keep it open if it is live or evidence.",
                self.review_days
            )}</p>
            {if count == 0 {
                view! { <p class="govuk-body">"There are none."</p> }.into_any()
            } else {
                view! {
                    <table class="govuk-table">
                        <caption class="govuk-visually-hidden">"Old cases never closed, oldest first"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Reference"</th>
                                <th scope="col" class="govuk-table__header">"Reported"</th>
                                <th scope="col" class="govuk-table__header">"Status"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">{rows}</tbody>
                    </table>
                }
                    .into_any()
            }}
        }
    }
}
