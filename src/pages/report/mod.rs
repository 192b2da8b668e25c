//! Journey 1, report ASB: one module per page. Each page is a function from what it needs to a
//! view; the handlers in `server::journey` load the draft and choose the page.

pub mod about_you;
pub mod assessment;
pub mod category;
pub mod check;
pub mod confirmation;
pub mod consent;
pub mod details;
pub mod impact;
pub mod location;
pub mod start;
pub mod when;

use leptos::prelude::*;

use crate::components::{ErrorSummary, FormState, QuestionForm, UrgentHelp};

/// Where the person is in the journey: "Step N of M".
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress(pub Option<(usize, usize)>);

/// The frame of every question page: error summary, progress, the form and its button.
#[component]
pub fn QuestionPage(
    form: FormState,
    progress: Progress,
    #[prop(into)] action: String,
    /// Show urgent help (after a critical answer) above the question.
    #[prop(optional)]
    urgent: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {urgent.then(|| view! { <UrgentHelp /> })}
                {progress
                    .0
                    .map(|(n, m)| {
                        view! {
                            <p class="govuk-caption-l" id="progress">
                                {format!("Step {n} of {m}")}
                            </p>
                        }
                    })}
                <QuestionForm action=action>{children()}</QuestionForm>
            </div>
        </div>
    }
}
