//! The report's "About you": anonymous, or a name and safe ways to make contact. The page's
//! typed form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// "About you"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AboutYouForm {
    pub anonymous: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub safe_to_email: String,
    pub safe_to_voicemail: String,
    pub contact_times: String,
}

impl From<&AboutYou> for AboutYouForm {
    fn from(about: &AboutYou) -> Self {
        match about {
            AboutYou::Anonymous => AboutYouForm {
                anonymous: "yes".into(),
                ..AboutYouForm::default()
            },
            AboutYou::Named(c) => AboutYouForm {
                anonymous: "no".into(),
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
            },
        }
    }
}

pub fn parse_about_you(form: &AboutYouForm) -> Result<AboutYou, Vec<FieldError>> {
    match yes_no(&form.anonymous) {
        None => Err(vec![FieldError::new(
            "anonymous",
            "Select yes if you want to report anonymously",
        )]),
        Some(true) => Ok(AboutYou::Anonymous),
        Some(false) => parse_contact(form).map(AboutYou::Named),
    }
}

fn parse_contact(form: &AboutYouForm) -> Result<ContactDetails, Vec<FieldError>> {
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
            "Select yes if it is safe to email you",
        ));
    }
    let safe_to_voicemail = yes_no(&form.safe_to_voicemail);
    if phone_given && safe_to_voicemail.is_none() {
        errors.push(FieldError::new(
            "safe_to_voicemail",
            "Select yes if it is safe to leave you a voicemail",
        ));
    }
    let contact_times = line(
        &form.contact_times,
        "contact_times",
        CONTACT_TIMES_MAX,
        "Best times to contact you",
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
