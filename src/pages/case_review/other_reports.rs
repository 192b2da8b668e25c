//! Reports made elsewhere: a repeatable group that works without JavaScript. The reports
//! added so far are listed, each with its own Remove button; below them, one blank report to
//! fill in, then "Add another report" (save it and show the page again) and Continue.
//!
//! The Remove buttons belong to small forms of their own (the `form` attribute), so pressing
//! Enter in a field submits the main form, never a removal.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorSummary, SummaryRow};
use crate::domain::case_review::application::{
    channel_label, channel_value, entry_field, parse_other_reports, Application, DeclaredReport,
    GroupAction, HowReported, OtherReportsForm, DETAILS_MAX, ELSEWHERE,
};
use crate::domain::flow::{Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::StepFrame;
use crate::server::config::Config;

fn summary(r: &DeclaredReport) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Happened {}, reported {}",
            r.incident_date.format("%-d %B %Y"),
            r.reported_on.format("%-d %B %Y")
        ),
        format!(
            "{}, {}",
            channel_label(r.reported_to),
            r.how.label().to_lowercase()
        ),
    ];
    if let Some(reference) = &r.their_reference {
        lines.push(format!("Their reference: {reference}"));
    }
    if let Some(details) = &r.details {
        lines.push(details.clone());
    }
    lines
}

#[component]
fn DateParts(
    n: usize,
    #[prop(into)] legend: String,
    /// `incident` or `reported`.
    prefix: &'static str,
    f: crate::components::FormState,
) -> impl IntoView {
    let anchor = entry_field(n, &format!("{prefix}-day"));
    let error = f.error(&anchor);
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let input_class = if error.is_some() {
        "govuk-input govuk-date-input__input govuk-input--error"
    } else {
        "govuk-input govuk-date-input__input"
    };
    let parts = [("day", "Day", "govuk-input--width-2"), ("month", "Month", "govuk-input--width-2"), ("year", "Year", "govuk-input--width-4")]
        .into_iter()
        .map(|(part, label, width)| {
            let id = entry_field(n, &format!("{prefix}-{part}"));
            let name = format!("{prefix}_{part}");
            let value = f.value(&name);
            view! {
                <div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-date-input__label" for=id.clone()>{label}</label>
                        <input class=format!("{input_class} {width}") id=id name=name type="text" inputmode="numeric" value=value />
                    </div>
                </div>
            }
        })
        .collect_view();
    let error_id = format!("{anchor}-error");
    let described = error.as_ref().map(|_| error_id.clone());
    view! {
        <div class=group>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=described>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {error.map(|m| view! {
                    <p class="govuk-error-message" id=error_id.clone()>
                        <span class="govuk-visually-hidden">"Error: "</span>{m}
                    </p>
                })}
                <div class="govuk-date-input">{parts}</div>
            </fieldset>
        </div>
    }
}

#[component]
fn Choose(
    n: usize,
    #[prop(into)] label: String,
    field: &'static str,
    name: &'static str,
    options: Vec<(&'static str, &'static str)>,
    f: crate::components::FormState,
) -> impl IntoView {
    let id = entry_field(n, field);
    let error = f.error(&id);
    let selected = f.value(name);
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let class = if error.is_some() {
        "govuk-select govuk-select--error"
    } else {
        "govuk-select"
    };
    let error_id = format!("{id}-error");
    view! {
        <div class=group>
            <label class="govuk-label" for=id.clone()>{label}</label>
            {error.as_ref().map(|m| view! {
                <p class="govuk-error-message" id=error_id.clone()>
                    <span class="govuk-visually-hidden">"Error: "</span>{m.clone()}
                </p>
            })}
            <select class=class id=id name=name aria-describedby=error.as_ref().map(|_| error_id.clone())>
                <option value="">"Choose"</option>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=selected == value>{text}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

pub fn page(reports: Vec<DeclaredReport>, max: usize, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let next = reports.len() + 1;
    let action = frame.action.clone();
    let csrf = frame.csrf.clone();
    let added = (!reports.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Reports you have added"</h2>
            {reports
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let n = i + 1;
                    view! {
                        <div class="govuk-summary-card" id=format!("other-report-{n}")>
                            <div class="govuk-summary-card__title-wrapper">
                                <h3 class="govuk-summary-card__title">{format!("Report {n}")}</h3>
                                <button
                                    type="submit"
                                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                    form=format!("remove-{n}")
                                    data-module="govuk-button"
                                >
                                    {format!("Remove report {n}")}
                                </button>
                            </div>
                            <div class="govuk-summary-card__content">
                                {summary(r).into_iter().map(|l| view! { <p class="govuk-body">{l}</p> }).collect_view()}
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        }
        .into_any()
    });
    let removals = (1..=reports.len())
        .map(|n| {
            view! {
                <form method="post" action=action.clone() id=format!("remove-{n}") novalidate>
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <input type="hidden" name="action" value=format!("remove-{n}") />
                </form>
            }
        })
        .collect_view()
        .into_any();
    let room = reports.len() < max;
    let to: Vec<(&'static str, &'static str)> = ELSEWHERE
        .iter()
        .map(|c| (channel_value(*c), channel_label(*c)))
        .collect();
    let how: Vec<(&'static str, &'static str)> = HowReported::ALL
        .iter()
        .map(|h| (h.value(), h.label()))
        .collect();
    let details_id = entry_field(next, "details");
    let reference_id = entry_field(next, "their-reference");
    let details_error = f.error(&details_id);
    let reference_error = f.error(&reference_id);
    let group_of = |error: &Option<String>| {
        if error.is_some() {
            "govuk-form-group govuk-form-group--error"
        } else {
            "govuk-form-group"
        }
    };
    let reference_group = group_of(&reference_error);
    let details_group = group_of(&details_error);
    let entry = room.then(|| {
        view! {
            <h2 class="govuk-heading-m">{if next == 1 { "Add a report".to_string() } else { format!("Add report {next}") }}</h2>
            <DateParts n=next legend="When did it happen?" prefix="incident" f=f.clone() />
            <DateParts n=next legend="When did you report it?" prefix="reported" f=f.clone() />
            <Choose n=next label="Who did you report it to?" field="reported-to" name="reported_to" options=to f=f.clone() />
            <Choose n=next label="How did you report it?" field="how" name="how" options=how f=f.clone() />
            <div class=reference_group>
                <label class="govuk-label" for=reference_id.clone()>"Their reference number (optional)"</label>
                {reference_error.map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <input class="govuk-input govuk-input--width-20" id=reference_id name="their_reference" type="text" value=f.value("their_reference") />
            </div>
            <div class=details_group>
                <label class="govuk-label" for=details_id.clone()>"What did you report? (optional)"</label>
                <div class="govuk-hint" id=format!("{details_id}-hint")>{format!("A few words, up to {DETAILS_MAX} characters")}</div>
                {details_error.map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <textarea class="govuk-textarea" id=details_id.clone() name="details" rows="3" aria-describedby=format!("{details_id}-hint")>{f.value("details")}</textarea>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" name="action" value="add" data-module="govuk-button">
                "Save and add another report"
            </button>
        }
        .into_any()
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=frame.form.errors.clone() />
                <span class="govuk-caption-l" id="section-caption">{frame.section}</span>
                <Title text="Reports you made elsewhere" />
                <h1 class="govuk-heading-l">"Reports you made elsewhere"</h1>
                <p class="govuk-body">
                    "Tell us about complaints you made about this problem to the council, the police, \
                     a housing provider or anyone else. We will check them with the organisation you \
                     made them to."
                </p>
                <p class="govuk-body">
                    "Reports you made on this website go on the page before. If you have none to \
                     add here, continue."
                </p>
                {added}
                <form method="post" action=frame.action.clone() novalidate>
                    <input type="hidden" name="csrf" value=frame.csrf.clone() />
                    {entry}
                    {(!room).then(|| view! { <p class="govuk-body">{format!("You have added the most reports you can add here ({max}).")}</p> })}
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" name="action" value="continue" data-module="govuk-button">"Continue"</button>
                    </div>
                </form>
                {removals}
            </div>
        </div>
    }
}

pub struct OtherReportsStep;

impl QuestionStep<Application> for OtherReportsStep {
    fn slug(&self) -> &str {
        "other-reports"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.other_reports.is_some()
    }
    /// The page shows the reports already added from the draft; its fields are the new one.
    fn form_values(&self, _: &Config, _: &Application) -> Form {
        Form::new()
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Application,
        today: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        let posted: OtherReportsForm = form.typed();
        let mut reports = draft.other_reports.clone().unwrap_or_default();
        match posted.action() {
            GroupAction::Remove(i) => {
                if i < reports.len() {
                    reports.remove(i);
                }
            }
            GroupAction::Add | GroupAction::Continue => {
                let max = config.case_review.max_other_reports as usize;
                reports.extend(parse_other_reports(&posted, today, max, reports.len())?);
            }
        }
        draft.other_reports = Some(reports);
        Ok(())
    }
    fn stays(&self, form: &PostedForm) -> bool {
        form.typed::<OtherReportsForm>().action() != GroupAction::Continue
    }
    fn view(&self, config: &Config, draft: &Application, frame: StepFrame) -> AnyView {
        let reports = draft.other_reports.clone().unwrap_or_default();
        page(
            reports,
            config.case_review.max_other_reports as usize,
            frame,
        )
        .into_any()
    }
    fn section(&self) -> &'static str {
        "Your reports"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        let Some(reports) = &draft.other_reports else {
            return Vec::new();
        };
        if reports.is_empty() {
            return vec![SummaryRow::new(
                "Reports made elsewhere",
                "None",
                Some(change.into()),
            )];
        }
        reports
            .iter()
            .enumerate()
            .map(|(i, r)| SummaryRow {
                key: format!("Report {} made elsewhere", i + 1),
                value: summary(r),
                change: Some(change.into()),
            })
            .collect()
    }
}
