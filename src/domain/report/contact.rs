//! The report's contact pages: "Can we contact you about your report?" (yes, or stay
//! anonymous), then, only after a yes, the person's name and the safe ways to reach them. The
//! pages' typed forms and parsers: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "Can we contact you about your report?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactChoiceForm {
    pub contact: String,
}

impl From<&bool> for ContactChoiceForm {
    fn from(wants_contact: &bool) -> Self {
        ContactChoiceForm {
            contact: yes_no_field(*wants_contact),
        }
    }
}

pub fn parse_contact_choice(form: &ContactChoiceForm) -> Result<bool, Vec<FieldError>> {
    yes_no(&form.contact).ok_or_else(|| {
        vec![FieldError::new(
            "contact",
            "Select whether we can contact you, or if you want to stay anonymous",
        )]
    })
}

/// "Your contact details"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDetailsForm {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub safe_to_email: String,
    pub safe_to_voicemail: String,
    pub contact_times: String,
}

impl From<&ContactDetails> for ContactDetailsForm {
    fn from(c: &ContactDetails) -> Self {
        ContactDetailsForm {
            full_name: c.full_name.clone(),
            email: c
                .email
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
            phone: c
                .phone
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            safe_to_email: c.safe_to_email.map(yes_no_field).unwrap_or_default(),
            safe_to_voicemail: c.safe_to_voicemail.map(yes_no_field).unwrap_or_default(),
            contact_times: c.contact_times.clone().unwrap_or_default(),
        }
    }
}

/// "Your contact details": the reporter's name and the safe ways to reach them.
pub fn parse_contact_details(form: &ContactDetailsForm) -> Result<ContactDetails, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = line(
        &form.full_name,
        "full_name",
        NAME_MAX,
        "Full name",
        &mut errors,
    );
    if full_name.is_none() && errors.is_empty() {
        errors.push(FieldError::new("full_name", "Enter your full name"));
    }
    parse_ways_to_contact(form, full_name, None, errors)
}

/// "How can we contact Sam?": the safe ways to reach the person a report is made for, whose
/// name the reporter gave already (the form's `full_name` is not asked).
pub fn parse_their_contact_details(
    form: &ContactDetailsForm,
    name: &str,
) -> Result<ContactDetails, Vec<FieldError>> {
    parse_ways_to_contact(form, Some(name.to_string()), Some(name), Vec::new())
}

/// The email, phone, whether each is safe, and the best times, worded to the reporter about
/// themselves (`them`: None) or about the person affected.
fn parse_ways_to_contact(
    form: &ContactDetailsForm,
    full_name: Option<String>,
    them: Option<&str>,
    mut errors: Vec<FieldError>,
) -> Result<ContactDetails, Vec<FieldError>> {
    let whom = them.unwrap_or("you");
    let email = match form.email.trim() {
        "" => None,
        raw => match ContactEmail::parse(raw) {
            Ok(e) => Some(e),
            Err(_) => {
                errors.push(FieldError::new(
                    "email",
                    "Enter an email address in the correct format, like name@example.com",
                ));
                None
            }
        },
    };
    let phone = match form.phone.trim() {
        "" => None,
        raw => match PhoneNumber::parse(raw) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.push(FieldError::new(
                    "phone",
                    "Enter a telephone number, like 01632 960 001 or 07700 900 982",
                ));
                None
            }
        },
    };
    let email_given = !form.email.trim().is_empty();
    let phone_given = !form.phone.trim().is_empty();
    if !email_given && !phone_given {
        errors.push(FieldError::new(
            "email",
            "Enter an email address or a phone number",
        ));
    }
    let safe_to_email = yes_no(&form.safe_to_email);
    if email_given && safe_to_email.is_none() {
        errors.push(FieldError::new(
            "safe_to_email",
            format!("Select yes if it is safe to email {whom}"),
        ));
    }
    let safe_to_voicemail = yes_no(&form.safe_to_voicemail);
    if phone_given && safe_to_voicemail.is_none() {
        errors.push(FieldError::new(
            "safe_to_voicemail",
            format!("Select yes if it is safe to leave {whom} a voicemail"),
        ));
    }
    let contact_times = line(
        &form.contact_times,
        "contact_times",
        CONTACT_TIMES_MAX,
        &format!("Best times to contact {whom}"),
        &mut errors,
    );
    finish(
        full_name.map(|full_name| ContactDetails {
            full_name,
            safe_to_email: email.as_ref().and(safe_to_email),
            safe_to_voicemail: phone.as_ref().and(safe_to_voicemail),
            email,
            phone,
            contact_times,
        }),
        errors,
    )
}
