//! The queue, the case page and the actions on a case. A partner opening a case not routed to them, or a reference
//! that does not exist, gets the same "Page not found": the answer never tells them a case is
//! there. Every case view is written to the audit trail before the page is sent.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{audit, Staff};
use crate::domain::assessment::Band;
use crate::domain::case_work::{self, CaseAction, CaseStatus, Milestone, Refusal};
use crate::domain::fields::FieldError;
use crate::domain::officer_assessment::{self, Stage};
use crate::domain::on_behalf::AnsweredBy;
use crate::domain::report::ConsentItem;
use crate::domain::routing::{RouteDecision, RouteId};
use crate::domain::staff::{self, Access, Role};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::cases as pages;
use crate::server::error::AppError;
use crate::server::storage::{self, CaseChange, Changed};
use crate::server::AppState;

type Page = Result<Response, AppError>;

/// How many cases a queue shows at once.
const QUEUE_LENGTH: i64 = 200;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    status: Option<String>,
    band: Option<String>,
    category: Option<String>,
    area: Option<String>,
}

/// Each row with whether it is overdue (new, and past the response date the resident was
/// given), overdue first; the storage order (urgent, band, oldest) kept within each rank.
fn overdue_first(state: &AppState, rows: Vec<storage::QueueRow>) -> Vec<(storage::QueueRow, bool)> {
    use crate::domain::dashboard::{is_overdue, queue_rank};
    use crate::domain::uk_time::uk_date;
    use crate::domain::urgency::{respond_by, Urgency};
    let times = state.config.response_times();
    let today = uk_date((state.clock)());
    let mut rows: Vec<(storage::QueueRow, bool)> = rows
        .into_iter()
        .map(|row| {
            let urgency = if row.urgent {
                Urgency::UrgentBand
            } else {
                Urgency::Standard
            };
            let due = respond_by(
                &times,
                urgency,
                uk_date(row.submitted_at),
                &state.config.bank_holidays,
            );
            let status = CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New);
            let overdue = is_overdue(status, due, today);
            (row, overdue)
        })
        .collect();
    rows.sort_by_key(|(row, overdue)| {
        queue_rank(
            CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New),
            *overdue,
        )
    });
    rows
}

pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Page {
    // A query string the form could not have made is read as no filter at all.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let categories: Vec<&str> = state
        .config
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let areas: Vec<&str> = state.config.areas.iter().map(|a| a.id.as_str()).collect();
    let (filter, errors) = staff::queue_filter(
        query.status.as_deref(),
        query.band.as_deref(),
        query.category.as_deref(),
        query.area.as_deref(),
        &categories,
        &areas,
    );
    let routes: Option<Vec<String>> = staff::queue_routes(&staff.roles)
        .map(|routes| routes.iter().map(|r| r.as_str().to_string()).collect());
    let rows = storage::queue(&state.db, routes.as_deref(), &filter, QUEUE_LENGTH).await?;
    let rows = overdue_first(&state, rows);
    let error = !errors.is_empty();
    let view = pages::Queue {
        staff: pages::SignedInAs::of(&staff, &state.config.routes),
        rows,
        filter,
        errors,
        app: state.clone(),
    };
    let meta = PageMeta::new().service(STAFF_SERVICE).error(error);
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}

/// A case a member of staff may open: its report's id, or the same "Page not found" as for a
/// reference that does not exist.
async fn openable(state: &AppState, staff: &Staff, reference: &str) -> Result<i64, AppError> {
    let Some(report_id) = storage::report_id_by_reference(&state.db, reference).await? else {
        return Err(AppError::NotFound);
    };
    let routed_to: Vec<RouteId> = storage::routing_of(&state.db, report_id)
        .await?
        .iter()
        .filter(|decision| !decision.held)
        .filter_map(|decision| state.config.routes.route(&decision.route))
        .collect();
    match staff::may_open_report(&staff.roles, &routed_to) {
        Access::Refused => Err(AppError::NotFound),
        Access::Open { .. } => Ok(report_id),
    }
}

/// The case page, with what an action just refused (its errors, and the note as typed).
async fn render_case(
    state: &AppState,
    staff: &Staff,
    report_id: i64,
    errors: Vec<FieldError>,
    note: String,
    status: StatusCode,
) -> Page {
    let Some(case) = storage::case_of(&state.db, report_id).await? else {
        return Err(AppError::NotFound);
    };
    let work = storage::case_work(&state.db, report_id).await?;
    let leads = storage::staff_with_role(&state.db, Role::Triage.as_str()).await?;
    let view = pages::CasePage {
        staff: pages::SignedInAs::of(staff, &state.config.routes),
        case,
        work,
        leads,
        errors: errors.clone(),
        note,
        app: state.clone(),
    };
    let meta = PageMeta::new()
        .service(STAFF_SERVICE)
        .back("/staff")
        .error(!errors.is_empty());
    let html = state.shell.page(&meta, move || view.render()).await;
    Ok((status, Html(html)).into_response())
}

pub async fn case_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Page {
    let report_id = openable(&state, &staff, &reference).await?;
    audit(
        &state,
        Some(staff.account_id),
        "viewed_case",
        Some(report_id),
        (state.clock)(),
    )
    .await?;
    render_case(
        &state,
        &staff,
        report_id,
        Vec::new(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

/// Every action's form: its CSRF token and its own fields.
#[derive(Deserialize, Default)]
struct ActionForm {
    csrf: Option<String>,
    lead: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    outcomes: Vec<String>,
    route: Option<String>,
    agreed: Option<String>,
    other: Option<String>,
    kind: Option<String>,
    stage: Option<String>,
    agency: Option<String>,
    #[serde(rename = "made-on-day")]
    made_on_day: Option<String>,
    #[serde(rename = "made-on-month")]
    made_on_month: Option<String>,
    #[serde(rename = "made-on-year")]
    made_on_year: Option<String>,
}

impl ActionForm {
    /// What was posted, to show again; `body` holds a risk assessment's answers.
    fn posted(&self, body: &Bytes) -> pages::Posted {
        let fields: Vec<(String, String)> = serde_html_form::from_bytes(body).unwrap_or_default();
        pages::Posted {
            stage: self.stage.clone().unwrap_or_default(),
            fields: fields.into_iter().collect(),
            reason: self.reason.clone().unwrap_or_default(),
            outcomes: self.outcomes.clone(),
            route: self.route.clone().unwrap_or_default(),
            agreed: self.agreed.is_some(),
            other: self.other.clone().unwrap_or_default(),
            kind: self.kind.clone().unwrap_or_default(),
        }
    }
}

/// The action an address names, or "Page not found".
fn action_named(segment: &str) -> Result<CaseAction, AppError> {
    CaseAction::from_path(segment).ok_or(AppError::NotFound)
}

/// Checks, applies and audits one action, then shows the case again (303, so a reload does
/// not post twice). A refusal shows the case, or the action's own page, with the reason.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path((reference, action)): Path<(String, String)>,
    body: Bytes,
) -> Page {
    let action = action_named(&action)?;
    let form: ActionForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let report_id = openable(&state, &staff, &reference).await?;
    let case_path = format!("/staff/reports/{reference}");
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere { back: case_path });
    }
    let work = storage::case_work(&state.db, report_id).await?;
    let status = CaseStatus::parse(&work.state.status).unwrap_or(CaseStatus::New);
    let refuse = |errors: Vec<FieldError>, note: String, code: StatusCode| {
        let (state, staff) = (state.clone(), &staff);
        async move { render_case(&state, staff, report_id, errors, note, code).await }
    };
    let to_status = match case_work::act(&staff.roles, status, action) {
        Ok(to) => to,
        Err(Refusal::NotYourRole) => return Err(AppError::NotPermitted),
        Err(Refusal::NotNow(message)) => {
            return refuse(
                vec![FieldError::new("case-work", message)],
                String::new(),
                StatusCode::CONFLICT,
            )
            .await
        }
    };
    let mut change = CaseChange::new(
        report_id,
        staff.account_id,
        action.as_str(),
        status.as_str(),
        to_status.as_str(),
    );
    let on_own_page = |errors: Vec<FieldError>| {
        let (state, staff, reference) = (state.clone(), &staff, reference.clone());
        let posted = form.posted(&body);
        async move { action_page_with(&state, staff, &reference, action, errors, posted).await }
    };
    match action {
        CaseAction::AssignLead => {
            let leads = storage::staff_with_role(&state.db, Role::Triage.as_str()).await?;
            let chosen = form
                .lead
                .as_deref()
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| leads.iter().any(|(lead, _)| lead == id));
            match chosen {
                Some(id) => change.lead = Some(id),
                None => {
                    let error =
                        FieldError::new("lead", "Select the officer who will lead this case");
                    return refuse(vec![error], String::new(), StatusCode::OK).await;
                }
            }
        }
        CaseAction::AddNote => match case_work::note(form.note.as_deref().unwrap_or_default()) {
            Ok(note) => change.note = Some(note),
            Err(error) => {
                let typed = form.note.clone().unwrap_or_default();
                return refuse(vec![error], typed, StatusCode::OK).await;
            }
        },
        CaseAction::Close => {
            match case_work::closure(
                &state.config.case_work.closure,
                form.reason.as_deref(),
                &form.outcomes,
            ) {
                Ok(closure) => change.closure = Some((closure.reason, closure.outcomes)),
                Err(errors) => return on_own_page(errors).await,
            }
        }
        CaseAction::Reroute => {
            let case = storage::case_of(&state.db, report_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let consented = case.consents_now();
            let checked = case_work::referral(
                &case_work::referral_targets(
                    &state.config.routes.partners(),
                    &case.sent_to(&state.config.routes),
                ),
                |item| consented.contains(&item),
                case_work::ReferralForm {
                    route: form.route.as_deref(),
                    reason: form.reason.as_deref(),
                    resident_agreed: form.agreed.is_some(),
                },
            );
            match checked {
                Ok(referral) => {
                    let decision = referral.decision(&state.config.routing);
                    change.referrals.push(new_referral(
                        &state,
                        &case,
                        &decision,
                        referral.reason,
                        referral.records_consent,
                    ))
                }
                Err(errors) => return on_own_page(errors).await,
            }
        }
        CaseAction::Assess => {
            let case = storage::case_of(&state.db, report_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The answers are named by question id: read them beside the form's own fields.
            let posted: Vec<(String, String)> =
                serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
            let answers: BTreeMap<String, String> = posted.into_iter().collect();
            let done: Vec<Stage> = work
                .assessments
                .iter()
                .filter_map(|a| Stage::parse(&a.stage))
                .collect();
            let checked = officer_assessment::check(
                &state.config.assessment,
                &done,
                form.stage.as_deref(),
                &answers,
            );
            let checked = match checked {
                Ok(checked) => checked,
                Err(errors) => return on_own_page(errors).await,
            };
            let officers: Vec<Band> = work
                .assessments
                .iter()
                .filter_map(|a| Band::parse(&a.band))
                .collect();
            let self_assessed = case.report.band.as_deref().and_then(Band::parse);
            let band = checked.assessment.band;
            change.assessment = Some(storage::NewOfficerAssessment {
                stage: checked.stage.as_str(),
                answers: serde_json::to_string(&checked.answers).map_err(anyhow::Error::from)?,
                score: i64::from(checked.assessment.score),
                band: band.as_str(),
                band_before: officer_assessment::band_now(self_assessed, &officers)
                    .map(Band::as_str),
            });
            // The new band supersedes the resident's for routing: what it calls for, with
            // the consent it needs, is sent in the same transaction.
            let consented = case.consents_now();
            let calls_for = officer_assessment::recommended(
                &state.config.routing,
                band,
                case.report.anonymous,
                |item| consented.contains(&item),
                &case.sent_to(&state.config.routes),
            );
            for sent in calls_for.iter().filter(|r| r.consented) {
                let decision = sent.decision(&state.config.routing, checked.stage, band);
                let reason = decision.reason.clone();
                change
                    .referrals
                    .push(new_referral(&state, &case, &decision, reason, None));
            }
        }
        CaseAction::Link => {
            let checked = case_work::link(
                &reference,
                form.other.as_deref(),
                form.kind.as_deref(),
                form.reason.as_deref(),
            );
            let link = match checked {
                Ok(link) => link,
                Err(errors) => return on_own_page(errors).await,
            };
            // Only triage links reports, and triage may open every one: saying that a
            // reference does not exist tells them nothing they could not see.
            let Some(other) =
                storage::report_id_by_reference(&state.db, &link.other_reference).await?
            else {
                let error = FieldError::new("other", "There is no report with that reference");
                return on_own_page(vec![error]).await;
            };
            change.link = Some(storage::NewLink {
                other_report_id: other,
                kind: link.kind.as_str(),
                reason: link.reason,
            });
        }
        CaseAction::RecordSafeguarding => {
            let checked = case_work::safeguarding(
                case_work::SafeguardingForm {
                    kind: form.kind.as_deref(),
                    agency: form.agency.as_deref(),
                    day: form.made_on_day.as_deref().unwrap_or_default(),
                    month: form.made_on_month.as_deref().unwrap_or_default(),
                    year: form.made_on_year.as_deref().unwrap_or_default(),
                },
                crate::domain::uk_time::uk_date((state.clock)()),
            );
            match checked {
                Ok(safeguarding) => change.safeguarding = Some(safeguarding),
                Err(errors) => return on_own_page(errors).await,
            }
        }
        CaseAction::Accept | CaseAction::Reopen => {}
    }
    if let Some(milestone) = Milestone::of(action) {
        let case = storage::case_of(&state.db, report_id)
            .await?
            .ok_or(AppError::NotFound)?;
        change.resident_update = resident_update(&state, &case, milestone);
    }
    match storage::change_case(&state.db, &change, (state.clock)()).await? {
        Changed::Applied => Ok(Redirect::to(&case_path).into_response()),
        Changed::LinkedAlready => {
            let error = FieldError::new("other", "These reports are linked already");
            on_own_page(vec![error]).await
        }
        Changed::Stale => {
            let error = FieldError::new(
                "case-work",
                "Someone else changed this case just now. Check it, then try again",
            );
            refuse(
                vec![error],
                form.note.unwrap_or_default(),
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

/// The email telling the resident of a milestone, when they agreed to be contacted and said
/// email is safe (`case_work::tell_resident`).
fn resident_update(
    state: &AppState,
    case: &storage::CaseFile,
    milestone: Milestone,
) -> Option<crate::domain::submission::NewEmail> {
    let r = &case.report;
    let contact = case_work::ResidentContact {
        anonymous: r.anonymous,
        contact_consent: case.consents_now().contains(&ConsentItem::Contact),
        has_email: r.email.is_some(),
        safe_to_email: r.safe_to_email,
        robot: case
            .routing
            .iter()
            .any(|d| d.rule == crate::domain::honeypot::RULE_HONEYPOT_HELD),
    };
    let to = r
        .email
        .as_deref()
        .filter(|_| case_work::tell_resident(contact))?;
    let config = &state.config;
    let update = crate::domain::notices::CaseUpdate {
        service_name: &config.site.name,
        reference: &r.reference,
        milestone,
        contact: &config.site.contact,
        base_url: &config.site.base_url,
    };
    Some(crate::domain::submission::case_update_email(
        &update,
        to,
        // Unique per update: a case can be closed and reopened more than once.
        (state.clock)().timestamp_micros(),
        &config.smtp.message_id_domain,
    ))
}

/// A referral staff send: its routing row (with `reason`, for staff), the consent the officer
/// records, and the partner's email, as the portal's own referrals carry it.
fn new_referral(
    state: &AppState,
    case: &storage::CaseFile,
    decision: &RouteDecision,
    reason: String,
    records_consent: Option<ConsentItem>,
) -> storage::NewReferral {
    use crate::domain::notices::{PersonalDetails, ReportFacts};
    use crate::domain::submission::{referral_email, Channel, NewConsent};
    use crate::domain::uk_time::uk_date;
    use crate::domain::urgency::{respond_by, Urgency};
    let r = &case.report;
    let config = &state.config;
    let urgency = if r.urgent {
        Urgency::UrgentBand
    } else {
        Urgency::Standard
    };
    let facts = ReportFacts {
        reference: r.reference.clone(),
        category: config
            .categories
            .iter()
            .find(|c| c.id == r.category)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| r.category.clone()),
        band: r
            .band
            .as_deref()
            .and_then(crate::domain::assessment::Band::parse)
            .map(|b| b.label().to_string()),
        area: r.area.as_ref().map(|id| {
            config
                .areas
                .iter()
                .find(|a| &a.id == id)
                .map(|a| a.label.clone())
                .unwrap_or_else(|| id.clone())
        }),
        incident_date: r.incident_date,
        submitted_on: uk_date(r.submitted_at),
        urgent: r.urgent,
        respond_by: respond_by(
            &config.response_times(),
            urgency,
            uk_date(r.submitted_at),
            &config.bank_holidays,
        ),
        reported_for: None,
    };
    let personal = PersonalDetails {
        name: r.full_name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        safe_contact: String::new(),
        location: [&r.address, &r.postcode, &r.place_description]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        description: r.description.clone(),
        people_involved: r.people_involved.clone(),
        person_affected: None,
    };
    let email = referral_email(
        &config.routes,
        &facts,
        &personal,
        decision,
        &config.site.base_url,
        &config.smtp.message_id_domain,
    );
    let consent = records_consent.map(|item| NewConsent {
        item: item.as_str().to_string(),
        given: true,
        wording_version: config.consent.asked(item, None).version,
        channel: Channel::OfficerAssisted,
        recorded_by: AnsweredBy::ResidentToOfficer.as_str().to_string(),
    });
    storage::NewReferral {
        route: decision.route.as_str().to_string(),
        rule: decision.rule.clone(),
        reason,
        consent,
        email,
    }
}

/// An action's own page (closing, referring, linking), as first shown or with what was
/// refused.
async fn action_page_with(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    action: CaseAction,
    errors: Vec<FieldError>,
    posted: pages::Posted,
) -> Page {
    let report_id = openable(state, staff, reference).await?;
    let case = storage::case_of(&state.db, report_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let work = storage::case_work(&state.db, report_id).await?;
    let done: Vec<Stage> = work
        .assessments
        .iter()
        .filter_map(|a| Stage::parse(&a.stage))
        .collect();
    let consented = case.consents_now();
    let targets = case_work::referral_targets(
        &state.config.routes.partners(),
        &case.sent_to(&state.config.routes),
    )
    .into_iter()
    .map(|route| pages::Target {
        route: route.as_str().to_string(),
        name: state.config.routes.get(&route).name.clone(),
        consented: case_work::consent_needed(&route).is_none_or(|c| consented.contains(&c)),
    })
    .collect();
    let view = pages::ActionPage {
        reference: reference.to_string(),
        action,
        csrf: staff.csrf(),
        posted,
        errors: errors.clone(),
        closure: state.config.case_work.closure.clone(),
        targets,
        questionnaire: state.config.assessment.clone(),
        stages: officer_assessment::stages_open(&done),
    };
    let meta = PageMeta::new()
        .service(STAFF_SERVICE)
        .back(format!("/staff/reports/{reference}"))
        .error(!errors.is_empty());
    let html = state.shell.page(&meta, move || view.render()).await;
    Ok(Html(html).into_response())
}

/// The page of an action that asks several questions. An action that has none, or that the
/// case or the role does not allow now, leads back to the case.
pub async fn action_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((reference, action)): Path<(String, String)>,
) -> Page {
    let action = action_named(&action)?;
    let report_id = openable(&state, &staff, &reference).await?;
    let work = storage::case_work(&state.db, report_id).await?;
    let status = CaseStatus::parse(&work.state.status).unwrap_or(CaseStatus::New);
    if !action.has_own_page() || case_work::act(&staff.roles, status, action).is_err() {
        return Ok(Redirect::to(&format!("/staff/reports/{reference}")).into_response());
    }
    // A review starts from the last officer's answers.
    let answers = work
        .assessments
        .first()
        .and_then(|a| serde_json::from_str(&a.answers).ok())
        .unwrap_or_default();
    let posted = pages::Posted {
        fields: answers,
        ..pages::Posted::default()
    };
    action_page_with(&state, &staff, &reference, action, Vec::new(), posted).await
}
