//! When it happened: the latest incident's date, whether it is ongoing and how often.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, DateInput, FormState, Radios};
use crate::domain::report::Frequency;

pub fn page(form: FormState, progress: Progress) -> impl IntoView {
    let f = form.clone();
    let date_error = [
        "incident-date-day",
        "incident-date-month",
        "incident-date-year",
    ]
    .into_iter()
    .find_map(|id| f.error(id).map(|e| (id, e)));
    let error_part = date_error.as_ref().and_then(|(id, message)| {
        // Outline one box only when the message is about that part.
        (message.contains("must include"))
            .then(|| id.trim_start_matches("incident-date-").to_string())
    });
    let frequencies = Frequency::ALL
        .into_iter()
        .map(|fr| Choice::new(fr.value(), fr.label()))
        .collect();
    view! {
        <QuestionPage form=form progress=progress action="/report/when">
            <h1 class="govuk-heading-l">"When did it happen?"</h1>
            <DateInput
                id="incident-date"
                legend="When did it last happen?"
                hint="For example, 27 3 2026"
                day=f.value("incident-date-day")
                month=f.value("incident-date-month")
                year=f.value("incident-date-year")
                error=date_error.map(|(_, e)| e)
                error_part=error_part
            />
            <Radios
                name="ongoing"
                legend="Is it still going on?"
                options=Choice::yes_no()
                selected=f.value("ongoing")
                error=f.error("ongoing")
                inline=true
            />
            <Radios
                name="frequency"
                legend="How often does it happen?"
                options=frequencies
                selected=f.value("frequency")
                error=f.error("frequency")
            />
        </QuestionPage>
    }
}
