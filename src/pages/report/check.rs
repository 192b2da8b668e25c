//! Check your answers, with a Change link for each, then submit.

use leptos::prelude::*;

use crate::components::{SummaryList, SummaryRow, UrgentHelp};

pub struct CheckSection {
    pub title: String,
    pub rows: Vec<SummaryRow>,
}

pub fn page(sections: Vec<CheckSection>, urgent: bool) -> impl IntoView {
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
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                        "Submit report"
                    </button>
                </form>
            </div>
        </div>
    }
}
