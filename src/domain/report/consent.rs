//! The report's "What you agree to": one answer for each consent item that applies. The page's
//! typed form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "What you agree to"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub consent_share: String,
    pub consent_contact: String,
    pub consent_support: String,
    pub consent_mediation: String,
}

impl ConsentForm {
    pub fn answer(&self, item: ConsentItem) -> &str {
        match item {
            ConsentItem::Share => &self.consent_share,
            ConsentItem::Contact => &self.consent_contact,
            ConsentItem::Support => &self.consent_support,
            ConsentItem::Mediation => &self.consent_mediation,
        }
    }

    pub fn from_answers(answers: &BTreeMap<ConsentItem, bool>) -> Self {
        let get = |item| {
            answers
                .get(&item)
                .copied()
                .map(yes_no_field)
                .unwrap_or_default()
        };
        ConsentForm {
            consent_share: get(ConsentItem::Share),
            consent_contact: get(ConsentItem::Contact),
            consent_support: get(ConsentItem::Support),
            consent_mediation: get(ConsentItem::Mediation),
        }
    }
}

pub fn parse_consent(
    form: &ConsentForm,
    items: &[ConsentItem],
) -> Result<BTreeMap<ConsentItem, bool>, Vec<FieldError>> {
    let mut answers = BTreeMap::new();
    let mut errors = Vec::new();
    for item in items {
        match yes_no(form.answer(*item)) {
            Some(given) => {
                answers.insert(*item, given);
            }
            None => errors.push(FieldError::new(
                item.field(),
                match item {
                    ConsentItem::Share => {
                        "Select yes if we can share your report with our partners"
                    }
                    ConsentItem::Contact => "Select yes if we can contact you about your report",
                    ConsentItem::Support => "Select yes if you want to be referred for support",
                    ConsentItem::Mediation => "Select yes if you want to be referred to mediation",
                },
            )),
        }
    }
    finish(Some(answers), errors)
}
