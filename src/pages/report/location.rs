//! Where it is happening: a postcode, an address or a description of the place, and an area.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Select, TextArea, TextInput};
use crate::domain::report::{Area, PLACE_DESCRIPTION_MAX, PLACE_GROUP};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(areas: &[Area], frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let areas: Vec<Choice> = areas
        .iter()
        .map(|a| Choice::new(a.id.clone(), a.label.clone()))
        .collect();
    let has_areas = !areas.is_empty();
    let f = form.clone();
    // One error for the group when none of the three is given.
    let place_error = f.error(PLACE_GROUP);
    let place_group = if place_error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let place_described = if place_error.is_some() {
        "place-hint place-error"
    } else {
        "place-hint"
    };
    view! {
        <QuestionPage frame=frame>
            <Title text="Where is it happening?" />
            <h1 class="govuk-heading-l">"Where is it happening?"</h1>
            <div class=place_group>
                <fieldset class="govuk-fieldset" id=PLACE_GROUP aria-describedby=place_described>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                        "The place"
                    </legend>
                    <div class="govuk-hint" id="place-hint">
                        "Give at least one of these: a postcode, an address, or a description of \
                         the place if it has no address, like a park or a street corner."
                    </div>
                    {place_error
                        .map(|message| {
                            view! {
                                <p class="govuk-error-message" id="place-error">
                                    <span class="govuk-visually-hidden">"Error: "</span>
                                    {message}
                                </p>
                            }
                        })}
                    <TextInput
                        name="postcode"
                        label="Postcode (optional)"
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
                        autocomplete="address-line1"
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
                </fieldset>
            </div>
            {has_areas
                .then(|| {
                    view! {
                        <Select
                            name="area"
                            label="Area (optional)"
                            hint="If you leave this out, we work it out from the postcode"
                            options=areas
                            selected=f.value("area")
                            error=f.error("area")
                        />
                    }
                })}
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{Draft, LocationForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct LocationStep;

impl QuestionStep<Draft> for LocationStep {
    fn slug(&self) -> &str {
        "location"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.location.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, LocationForm>(draft.location.as_ref())
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.location = Some(crate::domain::report::parse_location(
            &form.typed(),
            &config.journey_rules(),
        )?);
        Ok(())
    }
    fn view(&self, config: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(&config.areas, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, config: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(location) = &draft.location else {
            return Vec::new();
        };
        let area = location.area.as_ref().and_then(|id| {
            config
                .areas
                .iter()
                .find(|a| &a.id == id)
                .map(|a| format!("Area: {}", a.label))
        });
        vec![SummaryRow {
            key: "Where".into(),
            value: [
                location.address.clone(),
                location.postcode.as_ref().map(|p| p.as_str().to_string()),
                location.place_description.clone(),
                area,
            ]
            .into_iter()
            .flatten()
            .collect(),
            change: Some(change.into()),
        }]
    }
}
