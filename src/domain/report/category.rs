//! The report's "What is happening?": the category. The page's typed form and its parser:
//! posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "What is happening?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    pub category: String,
}

pub fn parse_category(
    form: &CategoryForm,
    rules: &JourneyRules,
) -> Result<String, Vec<FieldError>> {
    categories::find(rules.categories, form.category.trim())
        .map(|c| c.id.clone())
        .ok_or_else(|| vec![FieldError::new("category", "Select what is happening")])
}
