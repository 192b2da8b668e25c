//! Which area a report is in: the one the person chose, or else the one its postcode district
//! is in (`[postcode_areas]`), so partner mail and staff see an area whenever a postcode was
//! given.

use std::collections::BTreeMap;

use crate::domain::fields::Postcode;

/// Postcode district (the outward code, "EX1") → area id.
pub type PostcodeAreas = BTreeMap<String, String>;

/// The area id: the person's choice first, then their postcode's district.
pub fn report_area(
    chosen: Option<&str>,
    postcode: Option<&Postcode>,
    postcode_areas: &PostcodeAreas,
) -> Option<String> {
    chosen.map(str::to_owned).or_else(|| {
        let district = postcode?.outward();
        postcode_areas.get(district).cloned()
    })
}

/// Problems with the table, each naming its key: a district that is not an outward code, or an
/// area that is not one of `areas`.
pub fn problems(postcode_areas: &PostcodeAreas, area_ids: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for (district, area) in postcode_areas {
        let valid_district = Postcode::parse(&format!("{district} 1AA"))
            .is_ok_and(|p| p.outward() == district.as_str());
        if !valid_district {
            problems.push(format!(
                "postcode_areas.{district}: not a postcode district in capitals, like \"EX1\""
            ));
        }
        if !area_ids.contains(&area.as_str()) {
            problems.push(format!(
                "postcode_areas.{district}: `{area}` is not the id of one of the areas"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_area_wins_then_the_postcode_district() {
        let table: PostcodeAreas = [("EX1", "central"), ("EX2", "north"), ("SW1A", "west")]
            .into_iter()
            .map(|(d, a)| (d.to_owned(), a.to_owned()))
            .collect();
        let postcode = |p: &str| Postcode::parse(p).unwrap();
        // (chosen, postcode, area)
        let cases = [
            (Some("east"), Some("EX2 4QT"), Some("east")),
            (None, Some("EX2 4QT"), Some("north")),
            (None, Some("ex1 1aa"), Some("central")),
            (None, Some("SW1A 1AA"), Some("west")),
            // EX10 is not EX1.
            (None, Some("EX10 9ZZ"), None),
            (None, None, None),
            (Some("south"), None, Some("south")),
        ];
        for (chosen, code, expected) in cases {
            let code = code.map(postcode);
            assert_eq!(
                report_area(chosen, code.as_ref(), &table).as_deref(),
                expected,
                "{chosen:?} {code:?}"
            );
        }
    }

    #[test]
    fn the_table_must_name_districts_and_known_areas() {
        let table: PostcodeAreas = [("EX1", "central"), ("ex2", "north"), ("EX3", "docks")]
            .into_iter()
            .map(|(d, a)| (d.to_owned(), a.to_owned()))
            .collect();
        let problems = problems(&table, &["central", "north"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("postcode_areas.EX3: `docks`"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("postcode_areas.ex2: not a postcode district"),
            "{problems:?}"
        );
    }
}
