//! Consent: separate questions, none answered in advance, each recorded with its wording's
//! version. Only the items that apply to this person are asked.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Radios};

pub struct ConsentQuestion {
    pub field: String,
    pub question: String,
    pub hint: String,
}

pub fn page(
    questions: Vec<ConsentQuestion>,
    partners: String,
    urgent: bool,
    form: FormState,
    progress: Progress,
) -> impl IntoView {
    let f = form.clone();
    let items = questions
        .into_iter()
        .map(|q| {
            view! {
                <Radios
                    name=q.field.clone()
                    legend=q.question
                    hint=q.hint
                    options=Choice::yes_no()
                    selected=f.value(&q.field)
                    error=f.error(&q.field)
                    inline=true
                />
            }
        })
        .collect_view();
    view! {
        <QuestionPage form=form progress=progress action="/report/consent" urgent=urgent>
            <h1 class="govuk-heading-l">"What you agree to"</h1>
            <p class="govuk-body">
                "We will look into your report whatever you answer here: dealing with anti-social \
                 behaviour is part of our public task. These questions are about what else you \
                 want us to do. You can change your mind later."
            </p>
            <p class="govuk-body">{format!("Our partners are: {partners}.")}</p>
            {items}
        </QuestionPage>
    }
}
