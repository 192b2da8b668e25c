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
    pub portal_references: String,
}

/// At most this many portal references on one report.
pub const PORTAL_REFERENCES_MAX: usize = 10;

impl From<&EarlierReports> for EarlierReportsForm {
    fn from(e: &EarlierReports) -> Self {
        EarlierReportsForm {
            times: e.times.value().to_string(),
            reported_to: e
                .reported_to
                .iter()
                .map(|t| t.value().to_string())
                .collect(),
            portal_references: e.portal_references.join(", "),
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
    let portal_references = parse_portal_references(&form.portal_references, &mut errors);
    finish(
        times.map(|times| EarlierReports {
            times,
            reported_to: chosen.into_iter().flatten().collect(),
            portal_references,
        }),
        errors,
    )
}

/// Reference numbers of reports made on this website, separated by commas, semicolons or
/// lines (a reference may itself contain spaces: "ASB 7KQ4 M2XD"); each once.
fn parse_portal_references(typed: &str, errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut references: Vec<String> = Vec::new();
    let mut bad = false;
    for piece in typed.split([',', ';', '\n']).map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        match crate::domain::reference::Reference::parse(piece).filter(|r| r.prefix() == "ASB") {
            Some(r) if !references.iter().any(|known| known == r.as_str()) => {
                references.push(r.as_str().to_string())
            }
            Some(_) => {}
            None => bad = true,
        }
    }
    if bad {
        errors.push(FieldError::new(
            "portal_references",
            "Enter reference numbers like ASB-7KQ4-M2XD, with a comma between them",
        ));
    } else if references.len() > PORTAL_REFERENCES_MAX {
        errors.push(FieldError::new(
            "portal_references",
            format!("Enter up to {PORTAL_REFERENCES_MAX} reference numbers"),
        ));
    }
    references
}
