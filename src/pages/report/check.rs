//! Check your answers, with a Change link for each, then submit.

use leptos::prelude::*;

use crate::components::{SummaryList, SummaryRow, UrgentHelp};
use crate::domain::assessment::PREFER_NOT_TO_SAY;
use crate::domain::report::{AboutYou, Draft, Step};
use crate::server::config::Config;

pub struct CheckSection {
    pub title: String,
    pub rows: Vec<SummaryRow>,
}

/// `version` is the draft's version as shown: submit commits only that version.
pub fn page(sections: Vec<CheckSection>, urgent: bool, version: i64) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Check your answers before sending your report"</h1>
                {urgent.then(|| view! { <UrgentHelp /> })}
                {sections
                    .into_iter()
                    .map(|s| {
                        view! {
                            <h2 class="govuk-heading-m">{s.title}</h2>
                            <SummaryList rows=s.rows />
                        }
                    })
                    .collect_view()}
                <h2 class="govuk-heading-m">"Now send your report"</h2>
                <p class="govuk-body">
                    "By sending this report you confirm that, to the best of your knowledge, \
                     the details you are providing are correct."
                </p>
                <form method="post" action="/report/submit" novalidate>
                    <input type="hidden" name="version" value=version.to_string() />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                        "Submit report"
                    </button>
                </form>
            </div>
        </div>
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

/// The rows of "Check your answers", section by section, each with its Change link.
pub fn sections(config: &Config, draft: &Draft) -> Vec<CheckSection> {
    let rules = config.journey_rules();
    let change = |step: Step| Some(format!("{}?change=1", step.path()));
    let mut report_rows = Vec::new();
    if let Some(category) = draft.category_def(&rules) {
        report_rows.push(SummaryRow::new(
            "What is happening",
            category.label.clone(),
            change(Step::Category),
        ));
    }
    if let Some(location) = &draft.location {
        let area = location.area.as_ref().and_then(|id| {
            config
                .areas
                .iter()
                .find(|a| &a.id == id)
                .map(|a| format!("Area: {}", a.label))
        });
        report_rows.push(SummaryRow {
            key: "Where".into(),
            value: [
                location.address.clone(),
                location.postcode.as_ref().map(|p| p.as_str().to_string()),
                location.place_description.clone(),
                area,
            ]
            .into_iter()
            .flatten()
            .collect(),
            change: change(Step::Location),
        });
    }
    if let Some(when) = &draft.when {
        report_rows.push(SummaryRow {
            key: "When".into(),
            value: vec![
                format!("Last happened {}", when.incident_date.format("%-d %B %Y")),
                if when.ongoing {
                    "Still going on"
                } else {
                    "Not going on now"
                }
                .into(),
                when.frequency.label().into(),
            ],
            change: change(Step::When),
        });
    }
    if let Some(details) = &draft.details {
        report_rows.push(SummaryRow::new(
            "What happened",
            details.description.clone(),
            change(Step::Details),
        ));
        report_rows.push(SummaryRow::new(
            "People involved",
            details
                .people_involved
                .clone()
                .unwrap_or_else(|| "Not given".into()),
            change(Step::Details),
        ));
    }
    let mut you_rows = Vec::new();
    match &draft.about_you {
        Some(AboutYou::Anonymous) => you_rows.push(SummaryRow::new(
            "Your details",
            "You are reporting anonymously",
            change(Step::AboutYou),
        )),
        Some(AboutYou::Named(c)) => {
            you_rows.push(SummaryRow::new(
                "Name",
                c.full_name.clone(),
                change(Step::AboutYou),
            ));
            let mut contact = Vec::new();
            if let Some(email) = &c.email {
                contact.push(format!(
                    "{} (safe to email: {})",
                    email.as_str(),
                    yes_no(c.safe_to_email == Some(true))
                ));
            }
            if let Some(phone) = &c.phone {
                contact.push(format!(
                    "{} (safe to leave a voicemail: {})",
                    phone.as_str(),
                    yes_no(c.safe_to_voicemail == Some(true))
                ));
            }
            if let Some(times) = &c.contact_times {
                contact.push(format!("Best times: {times}"));
            }
            you_rows.push(SummaryRow {
                key: "Contact details".into(),
                value: contact,
                change: change(Step::AboutYou),
            });
        }
        None => {}
    }
    if let Some(impact) = &draft.impact {
        you_rows.push(SummaryRow::new(
            "Affecting your health, wellbeing or safety",
            yes_no(impact.affecting),
            change(Step::Impact),
        ));
        you_rows.push(SummaryRow::new(
            "Reported before",
            yes_no(impact.reported_before),
            change(Step::Impact),
        ));
    }
    let mut sections = vec![
        CheckSection {
            title: "Your report".into(),
            rows: report_rows,
        },
        CheckSection {
            title: "About you".into(),
            rows: you_rows,
        },
    ];
    if draft.needs_assessment(&rules) {
        let rows = config
            .assessment
            .questions
            .iter()
            .filter_map(|q| {
                let value = draft.assessment.get(&q.id)?;
                let label = if value == PREFER_NOT_TO_SAY {
                    "Prefer not to say".to_string()
                } else {
                    q.option(value).map(|o| o.label.clone()).unwrap_or_default()
                };
                Some(SummaryRow::new(
                    q.text.clone(),
                    label,
                    change(Step::Assessment(q.group.clone())),
                ))
            })
            .collect();
        sections.push(CheckSection {
            title: "How it affects you".into(),
            rows,
        });
    }
    let consent_rows = draft
        .consent_items(&rules)
        .into_iter()
        .map(|item| {
            SummaryRow::new(
                config.consent.get(item).question.clone(),
                yes_no(draft.consent.get(&item) == Some(&true)),
                change(Step::Consent),
            )
        })
        .collect();
    sections.push(CheckSection {
        title: "What you agree to".into(),
        rows: consent_rows,
    });
    sections
}
