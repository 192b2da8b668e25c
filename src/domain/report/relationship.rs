//! The report's "Who is causing the problem?". The page's typed form and its parser.

use super::*;
pub use crate::domain::relationship::Relationship;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelationshipForm {
    pub relationship: String,
}

impl From<&Relationship> for RelationshipForm {
    fn from(r: &Relationship) -> Self {
        RelationshipForm {
            relationship: r.value().to_string(),
        }
    }
}

pub fn parse_relationship(form: &RelationshipForm) -> Result<Relationship, Vec<FieldError>> {
    Relationship::parse(form.relationship.trim()).ok_or_else(|| {
        vec![FieldError::new(
            "relationship",
            "Select who is causing the problem, or that you prefer not to say",
        )]
    })
}
