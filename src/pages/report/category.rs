//! What is happening: the category, which sets the ASB type and the flags routing uses.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Radios};
use crate::domain::category::CategoryDef;

pub fn page(categories: &[CategoryDef], form: FormState, progress: Progress) -> impl IntoView {
    let options = categories
        .iter()
        .map(|c| Choice::new(c.id.clone(), c.label.clone()).with_hint(c.hint.clone()))
        .collect();
    let error = form.error("category");
    let selected = form.value("category");
    view! {
        <QuestionPage form=form progress=progress action="/report/category">
            <Radios
                name="category"
                legend="What is happening?"
                hint="Choose the one that fits best. You can tell us more later."
                options=options
                selected=selected
                error=error
                heading=true
            />
        </QuestionPage>
    }
}
