//! How to contact the council, from `[site.contact]`: the same block on the confirmation page,
//! the case review and privacy pages and in the footer.

use leptos::prelude::*;

use crate::domain::council_contact::CouncilContact;
use crate::domain::fields::tel_uri;

/// The council's phone (a `tel:` link, with its opening hours), email and postal address.
#[component]
pub fn CouncilContactDetails(
    contact: CouncilContact,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let class = if small {
        "govuk-list govuk-body-s app-contact"
    } else {
        "govuk-list app-contact"
    };
    let phone = contact.phone.map(|phone| {
        let href = tel_uri(&phone).unwrap_or_default();
        view! {
            <li>
                "Phone: " <a class="govuk-link" href=href>{phone}</a>
                {contact.opening_hours.map(|hours| view! { <br /> {hours} })}
            </li>
        }
    });
    let email = contact.email.map(|email| {
        view! {
            <li>
                "Email: " <a class="govuk-link" href=format!("mailto:{email}")>{email.clone()}</a>
            </li>
        }
    });
    let post = contact
        .postal_address
        .map(|address| view! { <li>"Post: " {address}</li> });
    view! { <ul class=class>{phone} {email} {post}</ul> }
}

/// A published phone number as a `tel:` link (plain text if it is not a UK number, which the
/// start-up check already refuses).
#[component]
pub fn PhoneLink(number: String) -> impl IntoView {
    match tel_uri(&number) {
        Some(href) => view! { <a class="govuk-link" href=href>{number}</a> }.into_any(),
        None => view! { <span>{number}</span> }.into_any(),
    }
}
