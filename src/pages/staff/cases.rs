//! The queue and the case page.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::staff::Role;
use crate::domain::uk_time::uk_date;
use crate::server::staff::Staff;
use crate::server::storage::{CaseFile, QueueRow};
use crate::server::AppState;

/// Who is signed in, with the sign-out button, at the top of every signed-in page.
#[derive(Debug, Clone)]
pub struct SignedInAs {
    pub name: String,
    pub roles: Vec<Role>,
    pub csrf: String,
}

impl SignedInAs {
    pub fn of(staff: &Staff) -> SignedInAs {
        SignedInAs {
            name: staff.display_name.clone(),
            roles: staff.roles.clone(),
            csrf: staff.csrf(),
        }
    }

    fn render(self) -> impl IntoView {
        let roles = self
            .roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <div class="app-signed-in">
                <p class="govuk-body-s app-signed-in__who">
                    "Signed in as " <strong>{self.name}</strong>
                    {(!roles.is_empty()).then(|| format!(" ({roles})"))}
                </p>
                <form method="post" action="/staff/sign-out" class="app-signed-in__sign-out">
                    <input type="hidden" name="csrf" value=self.csrf />
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                        "Sign out"
                    </button>
                </form>
            </div>
        }
    }
}

fn when(time: DateTime<Utc>) -> String {
    let date = uk_date(time);
    format!("{}", date.format("%-d %B %Y"))
}

fn category_label(app: &AppState, id: &str) -> String {
    app.config
        .categories
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| id.to_string())
}

fn area_label(app: &AppState, id: Option<&str>) -> String {
    match id {
        Some(id) => app
            .config
            .areas
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.label.clone())
            .unwrap_or_else(|| id.to_string()),
        None => "Not known".into(),
    }
}

fn band_label(band: Option<&str>) -> &'static str {
    match band {
        Some("high") => "High",
        Some("medium") => "Medium",
        Some("standard") => "Standard",
        _ => "Not assessed",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

pub struct Queue {
    pub staff: SignedInAs,
    pub rows: Vec<QueueRow>,
    pub app: AppState,
}

impl Queue {
    pub fn render(self) -> impl IntoView {
        let app = self.app;
        let count = self.rows.len();
        let rows = self
            .rows
            .into_iter()
            .map(|row| {
                let href = format!("/staff/reports/{}", row.reference);
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">
                            <a class="govuk-link" href=href>{row.reference.clone()}</a>
                            {row.urgent.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Urgent"</strong> })}
                            {(row.held > 0).then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Held for triage"</strong> })}
                        </td>
                        <td class="govuk-table__cell">{when(row.submitted_at)}</td>
                        <td class="govuk-table__cell">{category_label(&app, &row.category)}</td>
                        <td class="govuk-table__cell">{area_label(&app, row.area.as_deref())}</td>
                        <td class="govuk-table__cell">{band_label(row.band.as_deref())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Title text="Cases" />
            {self.staff.render()}
            <h1 class="govuk-heading-l">"Cases"</h1>
            {if count == 0 {
                view! { <p class="govuk-body">"There are no cases for you."</p> }.into_any()
            } else {
                view! {
                    <div class="app-table-scroll" tabindex="0" role="region" aria-label="Cases">
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--m">
                                {format!("{count} cases, urgent and highest risk first")}
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Reference"</th>
                                    <th scope="col" class="govuk-table__header">"Reported"</th>
                                    <th scope="col" class="govuk-table__header">"Category"</th>
                                    <th scope="col" class="govuk-table__header">"Area"</th>
                                    <th scope="col" class="govuk-table__header">"Risk (self-assessed)"</th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        }
    }
}

fn row(key: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}

fn optional(value: &Option<String>) -> String {
    value
        .clone()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "Not given".into())
}

fn consent_label(item: &str) -> &'static str {
    match item {
        "share" => "Share the report with partner services",
        "contact" => "Contact them about the report",
        "support" => "Refer them to victim support",
        "mediation" => "Offer mediation",
        _ => "Other",
    }
}

pub struct CasePage {
    pub staff: SignedInAs,
    pub case: CaseFile,
    pub app: AppState,
}

impl CasePage {
    pub fn render(self) -> impl IntoView {
        let app = self.app;
        let CaseFile {
            report: r,
            answers,
            consents,
            routing,
            emails,
        } = self.case;
        let title = format!("Case {}", r.reference);
        let question_text = |id: &str| {
            app.config
                .assessment
                .questions
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.text.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let answer_label = |question: &str, value: &str| {
            app.config
                .assessment
                .questions
                .iter()
                .find(|q| q.id == question)
                .and_then(|q| q.options.iter().find(|o| o.value == value))
                .map(|o| o.label.clone())
                .unwrap_or_else(|| value.to_string())
        };
        let place = [
            r.address.clone(),
            r.postcode.clone(),
            r.place_description.clone(),
        ]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        let contact = if r.anonymous {
            view! { <p class="govuk-body">"Reported anonymously: there are no contact details."</p> }.into_any()
        } else {
            view! {
                <dl class="govuk-summary-list">
                    {row("Name", optional(&r.full_name))}
                    {row("Email", optional(&r.email))}
                    {row("Phone", optional(&r.phone))}
                    {row("Safe to email", r.safe_to_email.map(yes_no).unwrap_or("Not asked").to_string())}
                    {row("Safe to leave a voicemail", r.safe_to_voicemail.map(yes_no).unwrap_or("Not asked").to_string())}
                    {row("Best times to contact", optional(&r.contact_times))}
                </dl>
            }
            .into_any()
        };
        // The latest answer for each item is what holds now; a withdrawal is a later row.
        let consent_rows = consents
            .iter()
            .map(|c| {
                let state = if c.given { "Given" } else { "Not given" };
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{consent_label(&c.item)}</td>
                        <td class="govuk-table__cell"><strong>{state}</strong></td>
                        <td class="govuk-table__cell">{format!("{} ({}), wording {}", when(c.recorded_at), c.recorded_by, c.wording_version)}</td>
                    </tr>
                }
            })
            .collect_view();
        let routing_rows = routing
            .iter()
            .map(|d| {
                let outcome = if d.held { "Held" } else { "Sent" };
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{d.route.clone()}</td>
                        <td class="govuk-table__cell">{outcome}</td>
                        <td class="govuk-table__cell"><code>{d.rule.clone()}</code>" " {d.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let email_rows = emails
            .iter()
            .map(|e| {
                let what = match (e.kind.as_str(), &e.route) {
                    ("referral", Some(route)) => format!("Referral to {route}"),
                    ("acknowledgement", _) => "Acknowledgement to the resident".to_string(),
                    (kind, _) => kind.to_string(),
                };
                let state = match e.status.as_str() {
                    "sent" => "Delivered".to_string(),
                    "dead" => format!("Failed after {} attempts", e.attempts),
                    _ => format!("Waiting to send ({} attempts)", e.attempts),
                };
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{what}</td>
                        <td class="govuk-table__cell">{state}</td>
                        <td class="govuk-table__cell">{when(e.sent_at.unwrap_or(e.created_at))}</td>
                    </tr>
                }
            })
            .collect_view();
        let assessment = if r.assessed {
            let answers = answers
                .iter()
                .map(|a| {
                    row_owned(
                        question_text(&a.question_id),
                        answer_label(&a.question_id, &a.answer),
                    )
                })
                .collect_view();
            view! {
                <p class="govuk-body">
                    {format!("Risk band {} (score {}), from the resident's own answers.", band_label(r.band.as_deref()), r.score.unwrap_or(0))}
                </p>
                <dl class="govuk-summary-list">{answers}</dl>
            }
            .into_any()
        } else {
            view! { <p class="govuk-body">"Not assessed: the resident said the problem is not affecting them and had not reported it before."</p> }.into_any()
        };
        view! {
            <Title text=title.clone() />
            {self.staff.render()}
            <span class="govuk-caption-l">{category_label(&app, &r.category)}</span>
            <h1 class="govuk-heading-l">{title}</h1>
            {r.urgent.then(|| view! { <p class="govuk-body"><strong class="govuk-tag govuk-tag--red">"Urgent"</strong></p> })}
            <h2 class="govuk-heading-m">"Consent"</h2>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"Consent, as the resident gave it"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"To"</th>
                        <th scope="col" class="govuk-table__header">"Consent"</th>
                        <th scope="col" class="govuk-table__header">"Recorded"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{consent_rows}</tbody>
            </table>
            <h2 class="govuk-heading-m">"The report"</h2>
            <dl class="govuk-summary-list">
                {row("Reference", r.reference.clone())}
                {row("Reported", when(r.submitted_at))}
                {row("Category", category_label(&app, &r.category))}
                {row("Where", if place.is_empty() { "Not given".into() } else { place })}
                {row("Area", area_label(&app, r.area.as_deref()))}
                {row("When it started", format!("{}", r.incident_date.format("%-d %B %Y")))}
                {row("Still happening", yes_no(r.ongoing).to_string())}
                {row("How often", r.frequency.replace('_', " "))}
                {row("What happened", r.description.clone())}
                {row("Who is involved", optional(&r.people_involved))}
                {row("Reported for", if r.reporting_for == "someone_else" { "Someone else".into() } else { "Themselves".to_string() })}
                {row("Reported before", yes_no(r.reported_before).to_string())}
            </dl>
            <h2 class="govuk-heading-m">"Contact"</h2>
            {contact}
            <h2 class="govuk-heading-m">"Needs assessment (self-assessed)"</h2>
            {assessment}
            <h2 class="govuk-heading-m">"Routing"</h2>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"Where the report was sent, and the rule that decided"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Route"</th>
                        <th scope="col" class="govuk-table__header">"Outcome"</th>
                        <th scope="col" class="govuk-table__header">"Rule and reason"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{routing_rows}</tbody>
            </table>
            <h2 class="govuk-heading-m">"Emails"</h2>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"Every email sent about this report"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Email"</th>
                        <th scope="col" class="govuk-table__header">"Delivery"</th>
                        <th scope="col" class="govuk-table__header">"When"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{email_rows}</tbody>
            </table>
        }
    }
}

fn row_owned(key: String, value: String) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}
