//! Reports made on this website that the applicant says are theirs: each reference with the
//! email or phone given on it. Whether they match is checked only when the application is
//! sent, and the page says the same whatever is typed, so it reveals nothing about anyone's
//! report. The same add-and-remove pattern as the reports made elsewhere.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorSummary, SummaryRow, TextInput};
use crate::domain::case_review::application::{
    parse_claimed_report, Application, ClaimedReport, GroupAction, PortalReportsForm,
};
use crate::domain::flow::{Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::StepFrame;
use crate::server::config::Config;

fn described(claim: &ClaimedReport) -> String {
    let contact = claim
        .email
        .as_ref()
        .map(|e| e.as_str().to_string())
        .or_else(|| claim.phone.as_ref().map(|p| p.as_str().to_string()))
        .unwrap_or_default();
    format!("{}, made with {contact}", claim.reference)
}

pub fn page(claims: Vec<ClaimedReport>, max: usize, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let action = frame.action.clone();
    let csrf = frame.csrf.clone();
    let added = (!claims.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Reports you have added"</h2>
            <ul class="govuk-list" id="claimed-reports">
                {claims
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let n = i + 1;
                        view! {
                            <li>
                                {described(c)} " "
                                <button
                                    type="submit"
                                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2"
                                    form=format!("remove-{n}")
                                    data-module="govuk-button"
                                >
                                    {format!("Remove {}", c.reference)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    });
    let removals = (1..=claims.len())
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
    let room = claims.len() < max;
    let entry = room.then(|| {
        view! {
            <TextInput
                name="reference"
                label="Reference number"
                hint="For example, ASB-7KQ4-M2XD"
                value=f.value("reference")
                error=f.error("reference")
                width="govuk-input--width-10"
                spellcheck_off=true
            />
            <TextInput
                name="contact"
                label="The email address or phone number you gave on that report"
                value=f.value("contact")
                error=f.error("contact")
                spellcheck_off=true
            />
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
                <Title text="Reports you made on this website" />
                <h1 class="govuk-heading-l">"Reports you made on this website"</h1>
                <p class="govuk-body">
                    "Give the reference number of each report you made here, with the email address \
                     or phone number you gave on it. We check both when you send your application: \
                     a report counts when they match."
                </p>
                <p class="govuk-body">"If you have none to add, continue."</p>
                {added}
                <form method="post" action=frame.action.clone() novalidate>
                    <input type="hidden" name="csrf" value=frame.csrf.clone() />
                    {entry}
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" name="action" value="continue" data-module="govuk-button">"Continue"</button>
                    </div>
                </form>
                {removals}
            </div>
        </div>
    }
}

pub struct PortalReportsStep;

impl QuestionStep<Application> for PortalReportsStep {
    fn slug(&self) -> &str {
        "portal-reports"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.claimed_reports.is_some()
    }
    fn form_values(&self, _: &Config, _: &Application) -> Form {
        Form::new()
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        let posted: PortalReportsForm = form.typed();
        let mut claims = draft.claimed_reports.clone().unwrap_or_default();
        match posted.action() {
            GroupAction::Remove(i) => {
                if i < claims.len() {
                    claims.remove(i);
                }
            }
            GroupAction::Add | GroupAction::Continue => {
                let max = config.case_review.max_other_reports as usize;
                if let Some(claim) = parse_claimed_report(&posted, max, claims.len())? {
                    if !claims.iter().any(|c| c.reference == claim.reference) {
                        claims.push(claim);
                    }
                }
            }
        }
        draft.claimed_reports = Some(claims);
        Ok(())
    }
    fn stays(&self, form: &PostedForm) -> bool {
        form.typed::<PortalReportsForm>().action() != GroupAction::Continue
    }
    fn view(&self, config: &Config, draft: &Application, frame: StepFrame) -> AnyView {
        let claims = draft.claimed_reports.clone().unwrap_or_default();
        page(claims, config.case_review.max_other_reports as usize, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your reports"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        let Some(claims) = &draft.claimed_reports else {
            return Vec::new();
        };
        let value = if claims.is_empty() {
            vec!["None".to_string()]
        } else {
            claims.iter().map(described).collect()
        };
        vec![SummaryRow {
            key: "Reports made on this website".into(),
            value,
            change: Some(change.into()),
        }]
    }
}
