//! The report's "How it is affecting you": the gate to the needs assessment. The page's typed
//! form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "How it is affecting you" (the gate).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImpactForm {
    pub affecting: String,
    pub reported_before: String,
}

impl From<&Impact> for ImpactForm {
    fn from(i: &Impact) -> Self {
        ImpactForm {
            affecting: yes_no_field(i.affecting),
            reported_before: yes_no_field(i.reported_before),
        }
    }
}

pub fn parse_impact(form: &ImpactForm) -> Result<Impact, Vec<FieldError>> {
    parse_impact_for(form, false)
}

/// The gate, asked of the person affected or (`about_them`) of someone reporting for them.
pub fn parse_impact_for(form: &ImpactForm, about_them: bool) -> Result<Impact, Vec<FieldError>> {
    let affecting = yes_no(&form.affecting);
    let reported_before = yes_no(&form.reported_before);
    let mut errors = Vec::new();
    if affecting.is_none() {
        errors.push(FieldError::new(
            "affecting",
            if about_them {
                "Select yes if this is affecting their health or wellbeing, or making them feel \
                 unsafe"
            } else {
                "Select yes if this is affecting your health or wellbeing, or making you feel unsafe"
            },
        ));
    }
    if reported_before.is_none() {
        errors.push(FieldError::new(
            "reported_before",
            if about_them {
                "Select yes if this problem has been reported before"
            } else {
                "Select yes if you have reported this problem before"
            },
        ));
    }
    match (affecting, reported_before) {
        (Some(affecting), Some(reported_before)) => Ok(Impact {
            affecting,
            reported_before,
        }),
        _ => Err(errors),
    }
}
