//! The report's "How often does it happen?". The page's typed form and its parser: posted
//! fields to the answer, or a GOV.UK field error.

use super::*;

/// "How often does it happen?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HowOftenForm {
    pub frequency: String,
}

impl From<&Frequency> for HowOftenForm {
    fn from(f: &Frequency) -> Self {
        HowOftenForm {
            frequency: f.value().to_string(),
        }
    }
}

pub fn parse_how_often(form: &HowOftenForm) -> Result<Frequency, Vec<FieldError>> {
    Frequency::parse(form.frequency.trim())
        .ok_or_else(|| vec![FieldError::new("frequency", "Select how often it happens")])
}
