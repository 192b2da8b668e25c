//! The report's "When did it happen?": the latest date, whether it goes on, how often. The
//! page's typed form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "When did it happen?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WhenForm {
    #[serde(rename = "incident-date-day")]
    pub day: String,
    #[serde(rename = "incident-date-month")]
    pub month: String,
    #[serde(rename = "incident-date-year")]
    pub year: String,
    pub ongoing: String,
    pub frequency: String,
}

impl From<&When> for WhenForm {
    fn from(w: &When) -> Self {
        use chrono::Datelike;
        WhenForm {
            day: w.incident_date.day().to_string(),
            month: w.incident_date.month().to_string(),
            year: w.incident_date.year().to_string(),
            ongoing: yes_no_field(w.ongoing),
            frequency: w.frequency.value().to_string(),
        }
    }
}

pub fn parse_when(form: &WhenForm, today: NaiveDate) -> Result<When, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date =
        IncidentDate::from_parts(form.day.trim(), form.month.trim(), form.year.trim(), today);
    let incident_date = match date {
        Ok(d) => Some(d.date()),
        Err(e) => {
            let (anchor, message) = match e {
                DateError::Missing => (
                    "incident-date-day",
                    "Enter the date it last happened".to_string(),
                ),
                DateError::MissingPart(part) => (
                    // The summary links to the first missing box.
                    if part.starts_with("day") {
                        "incident-date-day"
                    } else if part.starts_with("month") {
                        "incident-date-month"
                    } else {
                        "incident-date-year"
                    },
                    format!("The date it last happened must include a {part}"),
                ),
                DateError::NotReal => (
                    "incident-date-day",
                    "The date it last happened must be a real date".to_string(),
                ),
                DateError::InFuture => (
                    "incident-date-day",
                    "The date it last happened must be today or in the past".to_string(),
                ),
                DateError::TooOld => (
                    "incident-date-year",
                    "The date it last happened must be within the last 10 years".to_string(),
                ),
            };
            errors.push(FieldError::new(anchor, message));
            None
        }
    };
    let ongoing = yes_no(&form.ongoing);
    if ongoing.is_none() {
        errors.push(FieldError::new(
            "ongoing",
            "Select yes if it is still going on",
        ));
    }
    let frequency = Frequency::parse(form.frequency.trim());
    if frequency.is_none() {
        errors.push(FieldError::new("frequency", "Select how often it happens"));
    }
    match (incident_date, ongoing, frequency) {
        (Some(incident_date), Some(ongoing), Some(frequency)) if errors.is_empty() => Ok(When {
            incident_date,
            ongoing,
            frequency,
        }),
        _ => Err(errors),
    }
}
