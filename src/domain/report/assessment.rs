//! The report's needs assessment: one group of questions a page. The page's typed form and its
//! parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// A page of the needs assessment: question id → option value. Its questions come from the
/// configuration, so it is a map rather than a struct.
pub type AssessmentForm = BTreeMap<String, String>;

/// Parses one group of the needs assessment. Every question needs an answer, and "Prefer not
/// to say" is always one of them.
/// `about_them`: the report is made for someone else, so each error is worded about them.
pub fn parse_assessment_group(
    form: &AssessmentForm,
    questions: &[&Question],
    about_them: bool,
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut answers = BTreeMap::new();
    let mut errors = Vec::new();
    for question in questions {
        let value = form.get(&question.id).map(|v| v.trim()).unwrap_or("");
        if question.accepts(value) {
            answers.insert(question.id.clone(), value.to_string());
        } else {
            errors.push(FieldError::new(
                &question.id,
                question.error_for(about_them).to_string(),
            ));
        }
    }
    finish(Some(answers), errors)
}
