//! GOV.UK Design System building blocks, rendered on the server: error summary, radios, text
//! inputs, textareas, date input, select, summary list and the page furniture.
//!
//! Each field shows its error inline with the same words the error summary links to, and keeps
//! what the person typed. The first radio's id is the field name, so the summary's `#field`
//! link focuses it (the GOV.UK convention).

#[cfg(test)]
mod conformance;
pub mod contact;
pub mod fields;
pub mod summary;

pub use contact::*;
pub use fields::*;
pub use summary::*;

use std::collections::BTreeMap;

use crate::domain::fields::FieldError;

/// What a form page shows: the values to fill in and any errors from the last attempt.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn error(&self, name: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}
