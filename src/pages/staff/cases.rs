//! The queue and the case page.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{
    Checkboxes, Choice, DateInput, ErrorSummary, Radios, Select, TextArea, TextInput,
};
use crate::domain::assessment::{Band, Questionnaire};
use crate::domain::case_work::{
    self, CaseAction, CaseStatus, ClosureLists, LinkKind, SafeguardingKind,
};
use crate::domain::fields::FieldError;
use crate::domain::officer_assessment::{band_now, recommended, Stage};
use crate::domain::staff::{QueueFilter, Role, QUEUE_BANDS};
use crate::domain::uk_time::uk_date;
use crate::server::staff::Staff;
use crate::server::storage::{CaseFile, CaseWork, QueueRow, TimelineRow};
use crate::server::AppState;

/// Who is signed in, with the sign-out button, at the top of every signed-in page.
#[derive(Debug, Clone)]
pub struct SignedInAs {
    pub name: String,
    pub roles: Vec<Role>,
    /// The roles as staff know them: a partner the council added by its configured name.
    pub role_names: Vec<String>,
    pub csrf: String,
}

impl SignedInAs {
    pub fn of(staff: &Staff, routes: &crate::domain::submission::Routes) -> SignedInAs {
        SignedInAs {
            name: staff.display_name.clone(),
            roles: staff.roles.clone(),
            role_names: staff
                .roles
                .iter()
                .map(|role| crate::domain::staff::role_name(role, routes))
                .collect(),
            csrf: staff.csrf(),
        }
    }

    pub fn render(self) -> impl IntoView {
        let administrator = self.roles.contains(&Role::Admin);
        let reviews_retention = administrator || self.roles.contains(&Role::Triage);
        let sees_dashboard = reviews_retention || self.roles.contains(&Role::Auditor);
        let reads_audit = crate::domain::audit::may_read(&self.roles);
        let roles = self.role_names.join(", ");
        view! {
            <div class="app-signed-in">
                <p class="govuk-body-s app-signed-in__who">
                    "Signed in as " <strong>{self.name}</strong>
                    {(!roles.is_empty()).then(|| format!(" ({roles})"))}
                </p>
                <nav aria-label="Staff area" class="app-signed-in__nav">
                    <a class="govuk-link" href="/staff">"Cases"</a>
                    {sees_dashboard.then(|| view! {
                        " " <a class="govuk-link" href="/staff/dashboard">"Dashboard"</a>
                    })}
                    {administrator.then(|| view! {
                        " " <a class="govuk-link" href="/staff/admin/accounts">"Staff accounts"</a>
                        " " <a class="govuk-link" href="/staff/admin/outbox">"Emails not yet delivered"</a>
                    })}
                    {reviews_retention.then(|| view! {
                        " " <a class="govuk-link" href="/staff/admin/retention">"Keeping personal data"</a>
                    })}
                    {reads_audit.then(|| view! {
                        " " <a class="govuk-link" href="/staff/audit">"Audit trail"</a>
                    })}
                </nav>
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

fn filter_form(app: &AppState, filter: &QueueFilter, errors: &[FieldError]) -> impl IntoView {
    let any = || Choice::new("", "Any");
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let statuses: Vec<Choice> = std::iter::once(any())
        .chain(
            CaseStatus::ALL
                .iter()
                .map(|s| Choice::new(s.as_str(), s.label())),
        )
        .collect();
    let bands: Vec<Choice> = std::iter::once(any())
        .chain(
            QUEUE_BANDS
                .iter()
                .map(|b| Choice::new(*b, band_label((*b != "not_assessed").then_some(*b)))),
        )
        .collect();
    let categories: Vec<Choice> = std::iter::once(any())
        .chain(
            app.config
                .categories
                .iter()
                .map(|c| Choice::new(c.id.clone(), c.label.clone())),
        )
        .collect();
    let areas: Vec<Choice> = std::iter::once(any())
        .chain(
            app.config
                .areas
                .iter()
                .map(|a| Choice::new(a.id.clone(), a.label.clone())),
        )
        .collect();
    view! {
        <form method="get" action="/staff" class="app-queue-filter" novalidate>
            <div class="app-queue-filter__fields">
                <Select name="status" label="Status" options=statuses selected=filter.status.clone().unwrap_or_default() error=error_for("status") empty="Any" />
                <Select name="band" label="Risk band" options=bands selected=filter.band.clone().unwrap_or_default() error=error_for("band") empty="Any" />
                <Select name="category" label="Category" options=categories selected=filter.category.clone().unwrap_or_default() error=error_for("category") empty="Any" />
                <Select name="area" label="Area" options=areas selected=filter.area.clone().unwrap_or_default() error=error_for("area") empty="Any" />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Apply filters"</button>
        </form>
    }
}

pub struct Queue {
    pub staff: SignedInAs,
    /// Each with whether it is overdue, overdue first.
    pub rows: Vec<(QueueRow, bool)>,
    pub filter: QueueFilter,
    /// Filter values the form never offered.
    pub errors: Vec<FieldError>,
    pub app: AppState,
}

impl Queue {
    pub fn render(self) -> impl IntoView {
        let app = self.app;
        let count = self.rows.len();
        let rows = self
            .rows
            .into_iter()
            .map(|(row, overdue)| {
                let href = format!("/staff/reports/{}", row.reference);
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">
                            <a class="govuk-link" href=href>{row.reference.clone()}</a>
                            {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--orange">"Overdue"</strong> })}
                            {row.urgent.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Urgent"</strong> })}
                            {(row.held > 0).then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Held for triage"</strong> })}
                        </td>
                        <td class="govuk-table__cell">{when(row.submitted_at)}</td>
                        <td class="govuk-table__cell">{category_label(&app, &row.category)}</td>
                        <td class="govuk-table__cell">{area_label(&app, row.area.as_deref())}</td>
                        <td class="govuk-table__cell">{band_label(row.band.as_deref())}</td>
                        <td class="govuk-table__cell">
                            {CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New).label()}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let filters = filter_form(&app, &self.filter, &self.errors);
        view! {
            <Title text="Cases" />
            {self.staff.render()}
            <ErrorSummary errors=self.errors.clone() />
            <h1 class="govuk-heading-l">"Cases"</h1>
            {filters}
            {if count == 0 {
                view! { <p class="govuk-body">"There are no cases for you with these filters."</p> }.into_any()
            } else {
                view! {
                    <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Cases">
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--m">
                                {format!("{count} cases: overdue first, then urgent and highest risk, closed last")}
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Reference"</th>
                                    <th scope="col" class="govuk-table__header">"Reported"</th>
                                    <th scope="col" class="govuk-table__header">"Category"</th>
                                    <th scope="col" class="govuk-table__header">"Area"</th>
                                    <th scope="col" class="govuk-table__header">"Risk (self-assessed)"</th>
                                    <th scope="col" class="govuk-table__header">"Status"</th>
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
    pub work: CaseWork,
    /// Who can lead a case: enabled triage officers.
    pub leads: Vec<(i64, String)>,
    /// What an action just refused, and the note as typed.
    pub errors: Vec<FieldError>,
    pub note: String,
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
        } = self.case.clone();
        let title = format!("Case {}", r.reference);
        let officers_bands: Vec<Band> = self
            .work
            .assessments
            .iter()
            .filter_map(|a| Band::parse(&a.band))
            .collect();
        let self_assessed = r.band.as_deref().and_then(Band::parse);
        // What the band now calls for but the resident has not agreed to: the officer asks.
        let waiting: Vec<String> = band_now(self_assessed, &officers_bands)
            .filter(|_| !officers_bands.is_empty())
            .map(|band| {
                let consented = self.case.consents_now();
                recommended(
                    &app.config.routing,
                    band,
                    r.anonymous,
                    |item| consented.contains(&item),
                    &self.case.sent_to(&app.config.routes),
                )
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|rec| !rec.consented)
            .map(|rec| app.config.routes.get(&rec.route).name.clone())
            .collect();
        let risk = risk_section(&self.work, self_assessed, waiting);
        let case_work = case_work_section(
            &app,
            &r.reference,
            &self.staff,
            self.work,
            self.leads,
            self.errors.clone(),
            self.note,
        );
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
                    ("update", _) => "Update to the resident".to_string(),
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
        let errors = self.errors;
        view! {
            <Title text=title.clone() />
            {self.staff.render()}
            <ErrorSummary errors=errors />
            <span class="govuk-caption-l">{category_label(&app, &r.category)}</span>
            <h1 class="govuk-heading-l">{title}</h1>
            {r.erased_at.map(|at| view! {
                <div class="govuk-inset-text">
                    {format!("The personal data in this report was erased on {} under the retention policy. The anonymous facts and the history are kept.", when(at))}
                </div>
            })}
            {r.urgent.then(|| view! { <p class="govuk-body"><strong class="govuk-tag govuk-tag--red">"Urgent"</strong></p> })}
            {case_work}
            {risk}
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

/// The band that holds now and the officers' assessments behind it, with what the band calls
/// for that still needs the resident's agreement.
fn risk_section(
    work: &CaseWork,
    self_assessed: Option<Band>,
    waiting: Vec<String>,
) -> impl IntoView {
    let self_label = self_assessed.map(Band::label).unwrap_or("Not assessed");
    let now = match work.assessments.first() {
        Some(latest) => format!(
            "{}, from {}'s {} assessment on {}",
            band_label(Some(&latest.band)),
            latest.officer,
            Stage::parse(&latest.stage)
                .map(|s| s.label().to_lowercase())
                .unwrap_or_default(),
            when(latest.assessed_at)
        ),
        None => format!("{self_label} (self-assessed)"),
    };
    let rows = work
        .assessments
        .iter()
        .map(|a| {
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{Stage::parse(&a.stage).map(Stage::label).unwrap_or_default()}</td>
                    <td class="govuk-table__cell">{format!("{}, {}", when(a.assessed_at), a.officer)}</td>
                    <td class="govuk-table__cell">{format!("{} (score {})", band_label(Some(&a.band)), a.score)}</td>
                </tr>
            }
        })
        .collect_view();
    let table = (!work.assessments.is_empty()).then(|| {
        view! {
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"Officers' risk assessments, latest first"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Assessment"</th>
                        <th scope="col" class="govuk-table__header">"When and by whom"</th>
                        <th scope="col" class="govuk-table__header">"Band"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
        }
    });
    let waiting = (!waiting.is_empty()).then(|| {
        view! {
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    {format!("This band calls for a referral to {}, but the resident has not agreed to it. Ask them, then refer the case.", waiting.join(" and "))}
                </strong>
            </div>
        }
    });
    view! {
        <h2 class="govuk-heading-m" id="risk">"Risk"</h2>
        <dl class="govuk-summary-list">
            {row("Band now", now)}
            {row("Self-assessed by the resident", self_label.to_string())}
        </dl>
        {waiting}
        {table}
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

fn closure_label(lists: &ClosureLists, id: &str) -> String {
    lists
        .reasons
        .iter()
        .chain(lists.outcomes.iter())
        .find(|c| c.id == id)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| id.to_string())
}

/// What happened, in the timeline's words (ids, never personal values).
fn timeline_entry(
    app: &AppState,
    lists: &ClosureLists,
    t: &TimelineRow,
    leads: &[(i64, String)],
) -> String {
    let (action, field) = (t.action.as_str(), t.field.as_deref());
    let (from, to) = (t.from_value.as_deref(), t.to_value.as_deref());
    match (action, field) {
        ("accepted", _) => "Accepted the case".into(),
        ("assigned_lead", _) => {
            let name = to
                .and_then(|id| id.parse::<i64>().ok())
                .and_then(|id| leads.iter().find(|(lead, _)| *lead == id))
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| "another officer".into());
            format!("Made {name} the lead officer")
        }
        ("added_note", _) => "Added a note".into(),
        ("closed", Some("status")) => "Closed the case".into(),
        ("closed", Some("closure_reason")) => {
            format!("Reason: {}", closure_label(lists, to.unwrap_or_default()))
        }
        ("closed", Some("outcome")) => {
            format!(
                "Action taken: {}",
                closure_label(lists, to.unwrap_or_default())
            )
        }
        ("reopened", _) => "Reopened the case".into(),
        (_, Some("route")) => {
            let route = to.and_then(|id| app.config.routes.route(id));
            let name = route.map(|r| app.config.routes.get(&r).name.clone());
            format!("Referred the case to {}", name.unwrap_or_default())
        }
        (_, Some("consent")) => format!(
            "Recorded the resident's consent ({}), given to the officer",
            consent_label(to.unwrap_or_default()).to_lowercase()
        ),
        ("linked", _) => "Linked another report to this case".into(),
        (_, Some("safeguarding")) => format!(
            "Recorded a safeguarding referral ({})",
            SafeguardingKind::parse(to.unwrap_or_default())
                .map(|k| k.label().to_lowercase())
                .unwrap_or_default()
        ),
        (_, Some("resident_update")) => "Told the resident by email".into(),
        ("assessed_risk", Some("stage")) => format!(
            "Recorded the {} risk assessment",
            Stage::parse(to.unwrap_or_default())
                .map(|s| s.label().to_lowercase())
                .unwrap_or_default()
        ),
        ("assessed_risk", Some("band")) => {
            let label = |b: Option<&str>| band_label(b).to_lowercase();
            match from {
                Some(before) if Some(before) == to => format!("Band stays {}", label(to)),
                Some(_) => format!("Band changed from {} to {}", label(from), label(to)),
                None => format!("Band set to {}", label(to)),
            }
        }
        (other, _) => other.replace('_', " "),
    }
}

fn case_work_section(
    app: &AppState,
    reference: &str,
    staff: &SignedInAs,
    work: CaseWork,
    leads: Vec<(i64, String)>,
    errors: Vec<FieldError>,
    note: String,
) -> impl IntoView {
    let lists = &app.config.case_work.closure;
    let status = CaseStatus::parse(&work.state.status).unwrap_or(CaseStatus::New);
    let may = |action: CaseAction| case_work::act(&staff.roles, status, action).is_ok();
    let action_path = |action: &str| format!("/staff/reports/{reference}/{action}");
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let tag_class = match status {
        CaseStatus::New => "govuk-tag govuk-tag--blue",
        CaseStatus::Open => "govuk-tag govuk-tag--green",
        CaseStatus::Closed => "govuk-tag govuk-tag--grey",
    };
    let lead = work
        .state
        .lead_name
        .clone()
        .unwrap_or_else(|| "Not assigned yet".into());
    let closed_because = work
        .state
        .closure_reason
        .as_deref()
        .map(|reason| closure_label(lists, reason));
    // In the council's order, as the closing form lists them.
    let outcomes = lists
        .outcomes
        .iter()
        .filter(|c| work.outcomes.contains(&c.id))
        .map(|c| c.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let csrf = staff.csrf.clone();
    let button_form = |action: &str, label: &'static str, secondary: bool| {
        let class = if secondary {
            "govuk-button govuk-button--secondary"
        } else {
            "govuk-button"
        };
        view! {
            <form method="post" action=action_path(action) class="app-inline-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit" class=class data-module="govuk-button">{label}</button>
            </form>
        }
    };
    let accept = may(CaseAction::Accept).then(|| button_form("accept", "Accept case", false));
    let reopen = may(CaseAction::Reopen).then(|| button_form("reopen", "Reopen case", true));
    let page_button = |action: CaseAction, label: &'static str, class: &'static str| {
        may(action).then(|| {
            view! {
                <a class=class role="button" draggable="false" href=action_path(action.path()) data-module="govuk-button">{label}</a>
            }
        })
    };
    let close = page_button(
        CaseAction::Close,
        "Close case",
        "govuk-button govuk-button--warning",
    );
    let refer = page_button(
        CaseAction::Reroute,
        "Refer to a partner",
        "govuk-button govuk-button--secondary",
    );
    let link = page_button(
        CaseAction::Link,
        "Link a report",
        "govuk-button govuk-button--secondary",
    );
    let record_safeguarding = page_button(
        CaseAction::RecordSafeguarding,
        "Record a safeguarding referral",
        "govuk-button govuk-button--secondary",
    );
    let safeguarding = work
        .safeguarding
        .iter()
        .map(|sg| {
            let kind = SafeguardingKind::parse(&sg.kind)
                .map(SafeguardingKind::label)
                .unwrap_or_default();
            view! {
                <li>{format!("{kind}: {}, made on {} (recorded by {})", sg.agency, sg.made_on.format("%-d %B %Y"), sg.recorded_by)}</li>
            }
        })
        .collect_view();
    let safeguarding_empty = work.safeguarding.is_empty();
    let assess = page_button(
        CaseAction::Assess,
        "Assess the risk",
        "govuk-button govuk-button--secondary",
    );
    // What a linked report is, never who is in it: each party's details stay on their own page.
    // Partners see only the cases sent to them, so the links (to cases that may not be) are
    // for the ASB team and those who oversee it.
    let sees_links = staff.roles.iter().any(|r| !matches!(r, Role::Partner(_)));
    let linked = (sees_links && !work.linked.is_empty()).then(|| {
        let rows = work
            .linked
            .iter()
            .map(|l| {
                let kind = LinkKind::parse(&l.kind).map(LinkKind::label).unwrap_or_default();
                let status = CaseStatus::parse(&l.status).unwrap_or(CaseStatus::New).label();
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/reports/{}", l.reference)>{l.reference.clone()}</a></td>
                        <td class="govuk-table__cell">{category_label(app, &l.category)}", "{status}</td>
                        <td class="govuk-table__cell">{kind}". "{l.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h2 class="govuk-heading-m">"Linked reports"</h2>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"Reports linked to this case"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Report"</th>
                        <th scope="col" class="govuk-table__header">"Category and status"</th>
                        <th scope="col" class="govuk-table__header">"How it is related"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
        }
    });
    let assign = may(CaseAction::AssignLead).then(|| {
        let options: Vec<Choice> = leads
            .iter()
            .map(|(id, name)| Choice::new(id.to_string(), name.clone()))
            .collect();
        let selected = work
            .state
            .lead_account_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        view! {
            <form method="post" action=action_path("assign") novalidate>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <Select
                    name="lead"
                    label="Lead officer (single point of contact)"
                    hint="The one officer accountable for this case, who keeps the resident informed."
                    options=options
                    selected=selected
                    error=error_for("lead")
                    empty="Choose an officer"
                />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Assign"</button>
            </form>
        }
    });
    let add_note = may(CaseAction::AddNote).then(|| {
        view! {
            <form method="post" action=action_path("notes") novalidate>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <TextArea
                    name="note"
                    label="Add a note"
                    hint="Staff only: the resident never sees notes."
                    value=note.clone()
                    error=error_for("note")
                    max=case_work::NOTE_MAX_CHARS
                    rows=4
                />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add note"</button>
            </form>
        }
    });
    let notes = work
        .notes
        .iter()
        .map(|n| {
            view! {
                <div class="app-note">
                    <p class="govuk-body-s app-note__meta">{format!("{}, {}", n.author, when(n.written_at))}</p>
                    <p class="govuk-body app-note__body">{n.body.clone()}</p>
                </div>
            }
        })
        .collect_view();
    let timeline = work
        .timeline
        .iter()
        .map(|t| {
            let what = timeline_entry(app, lists, t, &leads);
            let who = t.who.clone().unwrap_or_else(|| "The portal".into());
            view! {
                <li>{format!("{} – {who}: {what}", when(t.at))}</li>
            }
        })
        .collect_view();
    view! {
        <h2 class="govuk-heading-m" id="case-work">"Case work"</h2>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Status"</dt>
                <dd class="govuk-summary-list__value"><strong class=tag_class>{status.label()}</strong></dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Lead officer"</dt>
                <dd class="govuk-summary-list__value">{lead}</dd>
            </div>
            {closed_because.map(|reason| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Closed because"</dt>
                    <dd class="govuk-summary-list__value">{reason}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Actions taken"</dt>
                    <dd class="govuk-summary-list__value">{if outcomes.is_empty() { "None".to_string() } else { outcomes.clone() }}</dd>
                </div>
            })}
        </dl>
        <div class="govuk-button-group">{accept}{assess}{refer}{link}{close}{reopen}</div>
        {assign}
        {linked}
        <h2 class="govuk-heading-m">"Safeguarding referrals"</h2>
        {if safeguarding_empty {
            view! { <p class="govuk-body">"None recorded."</p> }.into_any()
        } else {
            view! { <ul class="govuk-list govuk-list--bullet">{safeguarding}</ul> }.into_any()
        }}
        {record_safeguarding}
        <h2 class="govuk-heading-m">"Notes"</h2>
        {notes}
        {add_note}
        <h2 class="govuk-heading-m">"Timeline"</h2>
        <ul class="govuk-list app-timeline">{timeline}</ul>
    }
}

/// What an action's own page was posted with, shown again beside its errors.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub reason: String,
    pub outcomes: Vec<String>,
    pub route: String,
    pub agreed: bool,
    pub other: String,
    pub kind: String,
    pub stage: String,
    /// Every field as posted, by name: a risk assessment's answers (by question id), a
    /// safeguarding referral's agency and date.
    pub fields: std::collections::BTreeMap<String, String>,
}

/// A partner a case can be referred to, as the referral page offers it.
#[derive(Debug, Clone)]
pub struct Target {
    pub route: String,
    pub name: String,
    /// The resident gave the consent this referral needs when they reported.
    pub consented: bool,
}

/// The page of an action that asks several questions: closing (why, and what was done),
/// referring to a partner, or linking another report.
pub struct ActionPage {
    pub reference: String,
    pub action: CaseAction,
    pub csrf: String,
    pub posted: Posted,
    pub errors: Vec<FieldError>,
    pub closure: ClosureLists,
    pub targets: Vec<Target>,
    /// For a risk assessment: the questionnaire, and the stages open now.
    pub questionnaire: Questionnaire,
    pub stages: Vec<Stage>,
}

impl ActionPage {
    pub fn title(action: CaseAction, reference: &str) -> String {
        match action {
            CaseAction::Reroute => format!("Refer case {reference}"),
            CaseAction::Link => format!("Link a report to case {reference}"),
            CaseAction::Assess => format!("Assess the risk: case {reference}"),
            CaseAction::RecordSafeguarding => {
                format!("Record a safeguarding referral: case {reference}")
            }
            _ => format!("Close case {reference}"),
        }
    }

    pub fn render(self) -> impl IntoView {
        let error_for = |field: &str| {
            self.errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        };
        let choices = |list: &[case_work::Choice]| -> Vec<Choice> {
            list.iter()
                .map(|c| Choice::new(c.id.clone(), c.label.clone()))
                .collect()
        };
        let posted = self.posted;
        let fields = match self.action {
            CaseAction::Reroute => {
                let targets: Vec<Choice> = self
                    .targets
                    .iter()
                    .map(|t| {
                        let hint = if t.consented {
                            "The resident agreed to this when they reported"
                        } else {
                            "The resident has not agreed to this yet"
                        };
                        Choice::new(t.route.clone(), t.name.clone())
                            .with_hint(Some(hint.to_string()))
                    })
                    .collect();
                let agreed = if posted.agreed { "yes" } else { "" };
                view! {
                    <Radios
                        name="route"
                        legend="Who are you referring the case to?"
                        options=targets
                        selected=posted.route.clone()
                        error=error_for("route")
                        small=true
                    />
                    <TextArea
                        name="reason"
                        label="Why are you referring it?"
                        hint="Staff only. The partner sees it on the case page, not in the email."
                        value=posted.reason.clone()
                        error=error_for("reason")
                        max=case_work::REASON_MAX_CHARS
                        rows=4
                    />
                    <Checkboxes
                        name="agreed"
                        legend="The resident's consent"
                        hint="Tick only if the resident told you they agree. It is recorded as their consent, given to you."
                        options=vec![Choice::new("yes", "The resident has agreed to this referral, by phone or in person")]
                        selected=agreed
                        error=error_for("agreed")
                    />
                }
                .into_any()
            }
            CaseAction::Assess => {
                let stages: Vec<Choice> = self
                    .stages
                    .iter()
                    .map(|s| Choice::new(s.as_str(), format!("{} assessment", s.label())))
                    .collect();
                let q = &self.questionnaire;
                let groups = q
                    .groups
                    .iter()
                    .map(|group| {
                        let questions = q
                            .questions_in(&group.id)
                            .map(|question| {
                                let options: Vec<Choice> = question
                                    .choices()
                                    .map(|o| Choice::new(o.value.clone(), o.label.clone()))
                                    .collect();
                                view! {
                                    <Radios
                                        name=question.id.clone()
                                        legend=question.text.clone()
                                        hint=question.hint.clone().unwrap_or_default()
                                        options=options
                                        selected=posted.fields.get(&question.id).cloned().unwrap_or_default()
                                        error=error_for(&question.id)
                                        small=true
                                    />
                                }
                            })
                            .collect_view();
                        view! {
                            <h2 class="govuk-heading-m">{group.title.clone()}</h2>
                            {questions}
                        }
                    })
                    .collect_view();
                view! {
                    <p class="govuk-body">"Ask the resident the questions they answered when they reported. Your assessment replaces theirs for the band and for routing."</p>
                    <Radios
                        name="stage"
                        legend="Which assessment is this?"
                        options=stages
                        selected=posted.stage.clone()
                        error=error_for("stage")
                        small=true
                    />
                    {groups}
                }
                .into_any()
            }
            CaseAction::RecordSafeguarding => {
                let kinds: Vec<Choice> = SafeguardingKind::ALL
                    .iter()
                    .map(|k| Choice::new(k.as_str(), k.label()))
                    .collect();
                let field = |name: &str| posted.fields.get(name).cloned().unwrap_or_default();
                let date_error = error_for("made-on-day");
                view! {
                    <p class="govuk-body">"Record a referral you or a colleague made to protect someone. The referral itself is made to the agency, as your safeguarding procedure says."</p>
                    <Radios
                        name="kind"
                        legend="Who was the referral made to?"
                        options=kinds
                        selected=posted.kind.clone()
                        error=error_for("kind")
                        small=true
                    />
                    <TextInput
                        name="agency"
                        label="Agency"
                        hint="For example, Adult Social Care, Children's Services or the IDVA service."
                        value=field("agency")
                        error=error_for("agency")
                    />
                    <DateInput
                        id="made-on"
                        legend="When was it made?"
                        hint="For example, 27 11 2026"
                        day=field("made-on-day")
                        month=field("made-on-month")
                        year=field("made-on-year")
                        error=date_error.clone()
                        error_part=date_error.map(|_| "all".to_string())
                    />
                }
                .into_any()
            }
            CaseAction::Link => {
                let kinds: Vec<Choice> = LinkKind::ALL
                    .iter()
                    .map(|k| Choice::new(k.as_str(), k.label()))
                    .collect();
                view! {
                    <TextInput
                        name="other"
                        label="Reference of the other report"
                        hint="For example, ASB-7KQ2-M9XD. Each report's people stay on their own case page."
                        value=posted.other.clone()
                        error=error_for("other")
                        width="govuk-input--width-10"
                        spellcheck_off=true
                    />
                    <Radios
                        name="kind"
                        legend="How are the reports related?"
                        options=kinds
                        selected=posted.kind.clone()
                        error=error_for("kind")
                        small=true
                    />
                    <TextArea
                        name="reason"
                        label="Why do they belong together?"
                        hint="Staff only."
                        value=posted.reason.clone()
                        error=error_for("reason")
                        max=case_work::REASON_MAX_CHARS
                        rows=4
                    />
                }
                .into_any()
            }
            _ => {
                let selected = posted
                    .outcomes
                    .join(&crate::domain::flow::LIST_SEPARATOR.to_string());
                view! {
                    <Radios
                        name="reason"
                        legend="Why is the case being closed?"
                        options=choices(&self.closure.reasons)
                        selected=posted.reason.clone()
                        error=error_for("reason")
                        small=true
                    />
                    <Checkboxes
                        name="outcomes"
                        legend="What action was taken?"
                        hint="Select all that apply. Leave them all unticked if none was."
                        options=choices(&self.closure.outcomes)
                        selected=selected
                        error=error_for("outcomes")
                    />
                }
                .into_any()
            }
        };
        let (button, class) = match self.action {
            CaseAction::Reroute => ("Refer case", "govuk-button"),
            CaseAction::Link => ("Link reports", "govuk-button"),
            CaseAction::Assess => ("Record assessment", "govuk-button"),
            CaseAction::RecordSafeguarding => ("Record referral", "govuk-button"),
            _ => ("Close case", "govuk-button govuk-button--warning"),
        };
        let title = ActionPage::title(self.action, &self.reference);
        let path = format!("/staff/reports/{}/{}", self.reference, self.action.path());
        view! {
            <Title text=title.clone() />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <ErrorSummary errors=self.errors.clone() />
                    <h1 class="govuk-heading-l">{title}</h1>
                    <form method="post" action=path novalidate>
                        <input type="hidden" name="csrf" value=self.csrf />
                        {fields}
                        <button type="submit" class=class data-module="govuk-button">{button}</button>
                    </form>
                </div>
            </div>
        }
    }
}
