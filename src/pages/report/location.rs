//! Where it is happening: a postcode, an address or a description of the place, and an area.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Select, TextArea, TextInput};
use crate::domain::report::{Area, PLACE_DESCRIPTION_MAX};

pub fn page(areas: &[Area], form: FormState, progress: Progress) -> impl IntoView {
    let areas: Vec<Choice> = areas
        .iter()
        .map(|a| Choice::new(a.id.clone(), a.label.clone()))
        .collect();
    let has_areas = !areas.is_empty();
    let f = form.clone();
    view! {
        <QuestionPage form=form progress=progress action="/report/location">
            <h1 class="govuk-heading-l">"Where is it happening?"</h1>
            <p class="govuk-body">
                "Give a postcode, an address, or describe the place if it has no address, \
                 like a park or a street corner."
            </p>
            <TextInput
                name="postcode"
                label="Postcode"
                value=f.value("postcode")
                error=f.error("postcode")
                autocomplete="postal-code"
                width="govuk-input--width-10"
                spellcheck_off=true
            />
            <TextInput
                name="address"
                label="Address or street name (optional)"
                value=f.value("address")
                error=f.error("address")
                autocomplete="street-address"
            />
            <TextArea
                name="place_description"
                label="Describe the place (optional)"
                hint="For example, the alley behind the shops on Station Road"
                value=f.value("place_description")
                error=f.error("place_description")
                max=PLACE_DESCRIPTION_MAX
                rows=3
            />
            {has_areas
                .then(|| {
                    view! {
                        <Select
                            name="area"
                            label="Area (optional)"
                            options=areas
                            selected=f.value("area")
                            error=f.error("area")
                        />
                    }
                })}
        </QuestionPage>
    }
}
