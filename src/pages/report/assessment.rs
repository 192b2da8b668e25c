//! The needs assessment, one group of questions per page. Only reached through the gate.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Radios};
use crate::domain::assessment::{Question, PREFER_NOT_TO_SAY};

pub struct GroupPage {
    pub group_id: String,
    pub title: String,
    pub questions: Vec<Question>,
    /// An earlier answer needs urgent help shown now, not only at the end.
    pub urgent: bool,
}

pub fn page(group: GroupPage, form: FormState, progress: Progress) -> impl IntoView {
    let f = form.clone();
    let questions = group
        .questions
        .into_iter()
        .map(|q| {
            let mut options: Vec<Choice> = q
                .options
                .iter()
                .map(|o| Choice::new(o.value.clone(), o.label.clone()))
                .collect();
            options.push(Choice::new(PREFER_NOT_TO_SAY, "Prefer not to say"));
            let inline = options.len() <= 3;
            view! {
                <Radios
                    name=q.id.clone()
                    legend=q.text
                    hint=q.hint.unwrap_or_default()
                    options=options
                    selected=f.value(&q.id)
                    error=f.error(&q.id)
                    inline=inline
                />
            }
        })
        .collect_view();
    let action = format!("/report/assessment/{}", group.group_id);
    view! {
        <QuestionPage form=form progress=progress action=action urgent=group.urgent>
            <h1 class="govuk-heading-l">{group.title}</h1>
            <p class="govuk-body">
                "These questions help us understand how the problem affects you, so we can offer \
                 the right support. You can choose \u{2018}Prefer not to say\u{2019} for any of them."
            </p>
            {questions}
        </QuestionPage>
    }
}
