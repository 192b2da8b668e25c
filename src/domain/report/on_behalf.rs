//! The report's pages for reporting for someone else: "Who are you reporting for?", then, for
//! someone else, who they are, whether they know and agree, and whether we may contact them.
//! The pages' typed forms and parsers. The rule is `domain::on_behalf`.

use super::*;
pub use crate::domain::on_behalf::{Agreement, ReporterRole, ReportingFor};

pub const THEIR_NAME_MAX: usize = NAME_MAX;

/// The person a report is made for, as the reporter tells us.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonAffected {
    /// Used in the questions that follow ("Does Sam agree…").
    pub name: String,
    pub reporter_role: ReporterRole,
}

/// "Who are you reporting for?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportingForForm {
    pub reporting_for: String,
}

impl From<&ReportingFor> for ReportingForForm {
    fn from(r: &ReportingFor) -> Self {
        ReportingForForm {
            reporting_for: r.value().to_string(),
        }
    }
}

pub fn parse_reporting_for(form: &ReportingForForm) -> Result<ReportingFor, Vec<FieldError>> {
    ReportingFor::parse(form.reporting_for.trim()).ok_or_else(|| {
        vec![FieldError::new(
            "reporting_for",
            "Select whether you are reporting for yourself or for someone else",
        )]
    })
}

/// "About the person you are reporting for"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonAffectedForm {
    pub their_name: String,
    pub reporter_role: String,
}

impl From<&PersonAffected> for PersonAffectedForm {
    fn from(p: &PersonAffected) -> Self {
        PersonAffectedForm {
            their_name: p.name.clone(),
            reporter_role: p.reporter_role.value().to_string(),
        }
    }
}

pub fn parse_person_affected(form: &PersonAffectedForm) -> Result<PersonAffected, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = line(
        &form.their_name,
        "their_name",
        THEIR_NAME_MAX,
        "Their name",
        &mut errors,
    );
    if name.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "their_name",
            "Enter the name of the person you are reporting for",
        ));
    }
    let role = ReporterRole::parse(form.reporter_role.trim());
    if role.is_none() {
        errors.push(FieldError::new(
            "reporter_role",
            "Select how you know the person you are reporting for",
        ));
    }
    let answer = name.zip(role).map(|(name, reporter_role)| PersonAffected {
        name,
        reporter_role,
    });
    finish(answer, errors)
}

/// "Does Sam know about this report, and agree to it?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementForm {
    pub agreement: String,
}

impl From<&Agreement> for AgreementForm {
    fn from(a: &Agreement) -> Self {
        AgreementForm {
            agreement: a.value().to_string(),
        }
    }
}

pub fn parse_agreement(form: &AgreementForm, name: &str) -> Result<Agreement, Vec<FieldError>> {
    Agreement::parse(form.agreement.trim()).ok_or_else(|| {
        vec![FieldError::new(
            "agreement",
            format!("Select whether {name} knows about this report and agrees to it"),
        )]
    })
}

/// "Can we contact Sam directly?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactThemForm {
    pub contact_them: String,
}

impl From<&bool> for ContactThemForm {
    fn from(yes: &bool) -> Self {
        ContactThemForm {
            contact_them: yes_no_field(*yes),
        }
    }
}

pub fn parse_contact_them(form: &ContactThemForm, name: &str) -> Result<bool, Vec<FieldError>> {
    yes_no(&form.contact_them).ok_or_else(|| {
        vec![FieldError::new(
            "contact_them",
            format!("Select yes if we can contact {name} directly"),
        )]
    })
}
