//! The report's "When did it happen?": the latest date and, unless it has happened once,
//! whether it is still going on. The page's typed form and its parser: posted fields to the
//! answer, or GOV.UK field errors.

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
}

impl From<&When> for WhenForm {
    fn from(w: &When) -> Self {
        use chrono::Datelike;
        WhenForm {
            day: w.incident_date.day().to_string(),
            month: w.incident_date.month().to_string(),
            year: w.incident_date.year().to_string(),
            ongoing: w.ongoing.map(yes_no_field).unwrap_or_default(),
        }
    }
}

/// `frequency` is the answer to "How often does it happen?": once, and "Is it still going on?"
/// is not asked (an answer posted anyway is ignored).
pub fn parse_when(
    form: &WhenForm,
    today: NaiveDate,
    frequency: Option<Frequency>,
) -> Result<When, Vec<FieldError>> {
    let once = frequency == Some(Frequency::Once);
    let (last, the_date) = if once {
        ("it happened", "The date it happened")
    } else {
        ("it last happened", "The date it last happened")
    };
    let mut errors = Vec::new();
    let date =
        IncidentDate::from_parts(form.day.trim(), form.month.trim(), form.year.trim(), today);
    let incident_date = match date {
        Ok(d) => Some(d.date()),
        Err(e) => {
            let (anchor, message) = match e {
                DateError::Missing => ("incident-date-day", format!("Enter the date {last}")),
                DateError::MissingPart(part) => (
                    // The summary links to the first missing box.
                    if part.starts_with("day") {
                        "incident-date-day"
                    } else if part.starts_with("month") {
                        "incident-date-month"
                    } else {
                        "incident-date-year"
                    },
                    format!("{the_date} must include a {part}"),
                ),
                DateError::NotReal => (
                    "incident-date-day",
                    format!("{the_date} must be a real date"),
                ),
                DateError::InFuture => (
                    "incident-date-day",
                    format!("{the_date} must be today or in the past"),
                ),
                DateError::TooOld => (
                    "incident-date-year",
                    format!("{the_date} must be within the last 10 years"),
                ),
            };
            errors.push(FieldError::new(anchor, message));
            None
        }
    };
    let ongoing = if once { None } else { yes_no(&form.ongoing) };
    if !once && ongoing.is_none() {
        errors.push(FieldError::new(
            "ongoing",
            "Select yes if it is still going on",
        ));
    }
    match incident_date {
        Some(incident_date) if errors.is_empty() => Ok(When {
            incident_date,
            ongoing,
        }),
        _ => Err(errors),
    }
}
