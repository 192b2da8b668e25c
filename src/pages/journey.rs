//! The pages every journey shares: the frame around a question step and "Check your answers".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{
    ErrorSummary, FormState, OutOfHoursHelp, QuestionForm, SummaryList, SummaryRow, UrgentHelp,
};
use crate::domain::submission::OutOfHours;

/// What the engine hands a step's view: the form to fill in, where the person is, where the
/// form posts, and whether urgent help shows above the question.
#[derive(Debug, Clone, Default)]
pub struct StepFrame {
    pub form: FormState,
    /// The part of the journey, captioned above the question ("About the problem").
    pub section: &'static str,
    pub action: String,
    /// The draft's CSRF token, a hidden field of the form.
    pub csrf: String,
    pub urgent: bool,
    /// Whom urgent help is about, in a report made for someone else (`Journey::about`).
    pub about: Option<String>,
    /// Urgent while the triage team is not working: when they will read it, help for now.
    pub out_of_hours: Option<OutOfHours>,
}

/// The frame of every question page: error summary, urgent help, section caption, the form and its
/// button.
#[component]
pub fn QuestionPage(frame: StepFrame, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=frame.form.errors.clone() />
                {frame.urgent.then(|| view! { <UrgentHelp about=frame.about.clone() /> })}
                {frame.out_of_hours.map(|out| view! { <OutOfHoursHelp out=out sent=false /> })}
                <span class="govuk-caption-l" id="section-caption">{frame.section}</span>
                <QuestionForm action=frame.action csrf=frame.csrf>
                    {children()}
                </QuestionForm>
            </div>
        </div>
    }
}

pub struct CheckSection {
    pub title: String,
    pub rows: Vec<SummaryRow>,
}

/// "Check your answers", then submit. The form carries the draft version shown, so submit
/// commits exactly what the person read here.
pub struct CheckPage {
    pub title: &'static str,
    /// What is sent: "report", "application".
    pub sends: &'static str,
    pub sections: Vec<CheckSection>,
    pub urgent: bool,
    pub about: Option<String>,
    pub out_of_hours: Option<OutOfHours>,
    pub action: String,
    pub version: i64,
    pub csrf: String,
}

impl CheckPage {
    pub fn view(self) -> impl IntoView {
        view! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <Title text=self.title />
                    <h1 class="govuk-heading-l">{self.title}</h1>
                    {self.urgent.then(|| view! { <UrgentHelp about=self.about.clone() /> })}
                    {self
                        .out_of_hours
                        .map(|out| view! { <OutOfHoursHelp out=out sent=false /> })}
                    {self
                        .sections
                        .into_iter()
                        .filter(|s| !s.rows.is_empty())
                        .map(|s| {
                            view! {
                                <h2 class="govuk-heading-m">{s.title}</h2>
                                <SummaryList rows=s.rows />
                            }
                        })
                        .collect_view()}
                    <h2 class="govuk-heading-m">{format!("Now send your {}", self.sends)}</h2>
                    <p class="govuk-body">
                        {format!(
                            "By sending this {} you confirm that, to the best of your knowledge, \
                             the details you are providing are correct.",
                            self.sends
                        )}
                    </p>
                    <form method="post" action=self.action novalidate>
                        <input type="hidden" name="version" value=self.version.to_string() />
                        <input type="hidden" name="csrf" value=self.csrf />
                        <button
                            type="submit"
                            class="govuk-button"
                            data-module="govuk-button"
                            data-prevent-double-click="true"
                        >
                            "Accept and send"
                        </button>
                    </form>
                </div>
            </div>
        }
    }
}
