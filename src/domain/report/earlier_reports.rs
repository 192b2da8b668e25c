//! The report's "Your earlier reports": how many times in the last six months, and to whom.
//! Asked only of someone who said they reported it before, so it has no "not reported"
//! option to contradict them. The page's typed form and its parser.

use super::*;

/// "Your earlier reports"; `reported_to` is a list of checkboxes (a repeated key).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EarlierReportsForm {
    pub times: String,
    pub reported_to: Vec<String>,
}

impl From<&EarlierReports> for EarlierReportsForm {
    fn from(e: &EarlierReports) -> Self {
        EarlierReportsForm {
            times: e.times.value().to_string(),
            reported_to: e
                .reported_to
                .iter()
                .map(|t| t.value().to_string())
                .collect(),
        }
    }
}

pub fn parse_earlier_reports(form: &EarlierReportsForm) -> Result<EarlierReports, Vec<FieldError>> {
    let mut errors = Vec::new();
    let times = ReportedTimes::parse(form.times.trim());
    if times.is_none() {
        errors.push(FieldError::new(
            "times",
            "Select how many times you have reported it in the last 6 months",
        ));
    }
    let chosen: Vec<Option<ReportedTo>> = form
        .reported_to
        .iter()
        .map(|v| ReportedTo::parse(v.trim()))
        .collect();
    if chosen.is_empty() || chosen.iter().any(Option::is_none) {
        errors.push(FieldError::new(
            "reported_to",
            "Select who you reported it to",
        ));
    }
    finish(
        times.map(|times| EarlierReports {
            times,
            reported_to: chosen.into_iter().flatten().collect(),
        }),
        errors,
    )
}
