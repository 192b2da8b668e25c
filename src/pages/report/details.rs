//! What happened, in the person's own words.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{FormState, TextArea};
use crate::domain::report::{DESCRIPTION_MAX, PEOPLE_INVOLVED_MAX};

pub fn page(form: FormState, progress: Progress) -> impl IntoView {
    let f = form.clone();
    view! {
        <QuestionPage form=form progress=progress action="/report/details">
            <TextArea
                name="description"
                label="What happened?"
                hint="Tell us what happened the last time, and how it affects you. Do not include \
                      anything you would not want the people involved to find out."
                value=f.value("description")
                error=f.error("description")
                max=DESCRIPTION_MAX
                rows=8
                heading=true
            />
            <TextArea
                name="people_involved"
                label="Can you describe the people involved? (optional)"
                hint="For example, how many people, what they look like, or a vehicle. \
                      Only if it is safe for you to say."
                value=f.value("people_involved")
                error=f.error("people_involved")
                max=PEOPLE_INVOLVED_MAX
                rows=4
            />
        </QuestionPage>
    }
}
