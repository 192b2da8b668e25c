//! The report's "Where is it happening?": a postcode, an address or a description, and an area.
//! The page's typed form and its parser: posted fields to the answer, or GOV.UK field errors.

use super::*;

/// The id of the postcode, address and description group, where its one error points.
pub const PLACE_GROUP: &str = "place";

/// "Where is it happening?"
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationForm {
    pub postcode: String,
    pub address: String,
    pub place_description: String,
    pub area: String,
}

impl From<&Location> for LocationForm {
    fn from(l: &Location) -> Self {
        LocationForm {
            postcode: l
                .postcode
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            address: l.address.clone().unwrap_or_default(),
            place_description: l.place_description.clone().unwrap_or_default(),
            area: l.area.clone().unwrap_or_default(),
        }
    }
}

pub fn parse_location(
    form: &LocationForm,
    rules: &JourneyRules,
) -> Result<Location, Vec<FieldError>> {
    let mut errors = Vec::new();
    let raw_postcode = form.postcode.trim();
    let postcode = if raw_postcode.is_empty() {
        None
    } else {
        match Postcode::parse(raw_postcode) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.push(FieldError::new(
                    "postcode",
                    "Enter a real postcode, like SW1A 1AA",
                ));
                None
            }
        }
    };
    let address = line(
        &form.address,
        "address",
        ADDRESS_MAX,
        "Address",
        &mut errors,
    );
    let place_description = text(
        &form.place_description,
        "place_description",
        PLACE_DESCRIPTION_MAX,
        "Description of the place",
        &mut errors,
    );
    let area = match form.area.trim() {
        "" => None,
        id => match rules.areas.iter().find(|a| a.id == id) {
            Some(a) => Some(a.id.clone()),
            None => {
                errors.push(FieldError::new("area", "Select an area from the list"));
                None
            }
        },
    };
    // One error for the group: any one of the three will do.
    if errors.is_empty() && postcode.is_none() && address.is_none() && place_description.is_none() {
        errors.push(FieldError::new(
            PLACE_GROUP,
            "Enter a postcode, an address or a description of the place",
        ));
    }
    finish(
        Some(Location {
            postcode,
            address,
            place_description,
            area,
        }),
        errors,
    )
}
