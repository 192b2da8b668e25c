//! The gate: is it affecting you, and have you reported it before? A yes opens the needs
//! assessment; otherwise the report stays a quick service request.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Radios};

pub fn page(form: FormState, progress: Progress) -> impl IntoView {
    let f = form.clone();
    view! {
        <QuestionPage form=form progress=progress action="/report/impact">
            <h1 class="govuk-heading-l">"How it is affecting you"</h1>
            <Radios
                name="affecting"
                legend="Is this affecting your health or wellbeing, or making you feel unsafe?"
                options=Choice::yes_no()
                selected=f.value("affecting")
                error=f.error("affecting")
                inline=true
            />
            <Radios
                name="reported_before"
                legend="Have you reported this problem before?"
                hint="To us, the police, your landlord or anyone else"
                options=Choice::yes_no()
                selected=f.value("reported_before")
                error=f.error("reported_before")
                inline=true
            />
        </QuestionPage>
    }
}
