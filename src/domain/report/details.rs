//! The report's "What happened?": the description and the people involved. The page's typed
//! form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "What happened?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetailsForm {
    pub description: String,
    pub people_involved: String,
    /// The honeypot (`domain::honeypot::HONEYPOT_FIELD`): never shown again, never an answer.
    #[serde(rename = "organisation_reference_confirm", skip_serializing)]
    pub honeypot: String,
}

impl From<&Details> for DetailsForm {
    fn from(d: &Details) -> Self {
        DetailsForm {
            description: d.description.clone(),
            people_involved: d.people_involved.clone().unwrap_or_default(),
            honeypot: String::new(),
        }
    }
}

pub fn parse_details(form: &DetailsForm) -> Result<Details, Vec<FieldError>> {
    let mut errors = Vec::new();
    let description = text(
        &form.description,
        "description",
        DESCRIPTION_MAX,
        "What happened",
        &mut errors,
    );
    if description.is_none() && errors.is_empty() {
        errors.push(FieldError::new("description", "Enter what happened"));
    }
    let people_involved = text(
        &form.people_involved,
        "people_involved",
        PEOPLE_INVOLVED_MAX,
        "The description of the people involved",
        &mut errors,
    );
    finish(
        description.map(|description| Details {
            description,
            people_involved,
        }),
        errors,
    )
}
