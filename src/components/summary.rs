//! Read-only building blocks: summary list, confirmation panel and the urgent-help box.

use leptos::prelude::*;

/// One row of "Check your answers".
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub key: String,
    /// Lines of the answer, shown one per line.
    pub value: Vec<String>,
    /// Where "Change" goes; the visually hidden text names the row for screen readers.
    pub change: Option<String>,
}

impl SummaryRow {
    pub fn new(key: impl Into<String>, value: impl Into<String>, change: Option<String>) -> Self {
        SummaryRow {
            key: key.into(),
            value: vec![value.into()],
            change,
        }
    }
}

/// A yes/no answer as "Check your answers" shows it.
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

/// An answer of one line is plain text in its cell; several lines are paragraphs, as
/// govuk-frontend's summary list shows them.
fn value_lines(mut lines: Vec<String>) -> AnyView {
    if lines.len() == 1 {
        lines.remove(0).into_any()
    } else {
        lines
            .into_iter()
            .map(|line| view! { <p class="govuk-body">{line}</p> })
            .collect_view()
            .into_any()
    }
}

#[component]
pub fn SummaryList(rows: Vec<SummaryRow>) -> impl IntoView {
    view! {
        <dl class="govuk-summary-list govuk-!-margin-bottom-9">
            {rows
                .into_iter()
                .map(|row| {
                    // The hidden text keeps the question's own case ("GP", names).
                    let hidden = format!(" {}", row.key);
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{row.key}</dt>
                            <dd class="govuk-summary-list__value">
                                {value_lines(row.value)}
                            </dd>
                            {row
                                .change
                                .map(|href| {
                                    view! {
                                        <dd class="govuk-summary-list__actions">
                                            <a class="govuk-link" href=href>
                                                "Change"
                                                <span class="govuk-visually-hidden">
                                                    {hidden}
                                                </span>
                                            </a>
                                        </dd>
                                    }
                                })}
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// An urgent report while the triage team is not working: when they will read it, and where
/// to get help before then. `sent`: on the confirmation; otherwise on the page of the critical
/// answer and every page after it.
#[component]
pub fn OutOfHoursHelp(out: crate::domain::submission::OutOfHours, sent: bool) -> impl IntoView {
    use crate::domain::submission::OutOfHours;
    let numbers = out
        .numbers()
        .into_iter()
        .map(|n| view! { <li>{n.before} <crate::components::PhoneLink number=n.phone /> {n.after}</li> })
        .collect_view();
    view! {
        <div
            class="app-out-of-hours"
            id="out-of-hours"
            role="region"
            aria-labelledby="out-of-hours-title"
        >
            <h2 class="govuk-heading-m" id="out-of-hours-title">{OutOfHours::HEADING}</h2>
            <p class="govuk-body">{out.when_read(sent)}</p>
            <p class="govuk-body">{OutOfHours::BEFORE_THEN}</p>
            <ul class="govuk-list govuk-list--bullet">{numbers}</ul>
        </div>
    }
}

/// Where to get help now: shown as soon as someone says they have thought of harming
/// themselves, and again on the confirmation page. `about`: in a report made for someone
/// else, who the thoughts are theirs (by name, or "the person you are reporting for").
#[component]
pub fn UrgentHelp(about: Option<String>) -> impl IntoView {
    let (danger, samaritans, not_only) = match &about {
        None => (
            "If you are in danger or might act on thoughts of harming yourself, call ".to_string(),
            "You can talk to Samaritans at any time, day or night, free on ",
            ". You do not have to be suicidal to call.",
        ),
        Some(name) => (
            format!("If {name} is in danger or might act on thoughts of harming themselves, call "),
            "They, and you, can talk to Samaritans at any time, day or night, free on ",
            ". Nobody has to be suicidal to call.",
        ),
    };
    view! {
        <div class="app-urgent-help" role="region" aria-labelledby="urgent-help-title">
            <h2 class="govuk-heading-m" id="urgent-help-title">"Get help now"</h2>
            <p class="govuk-body govuk-!-font-weight-bold">
                {danger}
                <span class="app-urgent-help__number">"999"</span>
                " now."
            </p>
            <p class="govuk-body">
                {samaritans}
                <a class="govuk-link app-urgent-help__number" href="tel:116123">"116 123"</a>
                {not_only}
            </p>
            <p class="govuk-body">"We will treat your report as urgent."</p>
        </div>
    }
}
