//! The honeypot: a field on the "What happened?" page that people cannot see or reach (hidden
//! from sight and from assistive technology, skipped by the keyboard, never autofilled), which
//! form-filling robots fill in. A report with it filled is stored like any other, but nothing
//! is sent: every route is held for a triage officer and no email goes to the address given
//! (which would make the portal a relay for spam). A real report that a browser tool filled in
//! by mistake is so never lost.

use crate::domain::routing::{RouteDecision, RoutingRules};

/// The field's name: no autofill vocabulary ("email", "url", "name"…), so no browser fills it.
pub const HONEYPOT_FIELD: &str = "organisation_reference_confirm";

/// The rule that holds every route of a report whose honeypot was filled in.
pub const RULE_HONEYPOT_HELD: &str = "honeypot_held";

/// Whether a posted value fills the honeypot.
pub fn filled(value: &str) -> bool {
    !value.trim().is_empty()
}

/// Every route held for a triage officer, the triage team's too, each reason saying what
/// would otherwise have been sent.
pub fn hold_every_route(rules: &RoutingRules, decisions: Vec<RouteDecision>) -> Vec<RouteDecision> {
    decisions
        .into_iter()
        .map(|d| {
            RouteDecision::new(
                rules,
                d.route,
                RULE_HONEYPOT_HELD,
                true,
                format!(
                    "A field that people cannot see was filled in, as robots do: held for a \
                     triage officer to check it is a real report. Otherwise the rule {} would \
                     have applied: {}",
                    d.rule, d.reason
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's field and the form's are the same field.
    #[test]
    fn the_details_form_reads_the_honeypot_field() {
        let form: crate::domain::report::DetailsForm = crate::domain::flow::PostedForm::new(vec![
            ("description".into(), "Loud".into()),
            (HONEYPOT_FIELD.into(), "spam".into()),
        ])
        .typed();
        assert_eq!(form.honeypot, "spam");
        let shown = crate::domain::flow::form_values(&form);
        assert!(!shown.contains_key(HONEYPOT_FIELD), "never shown again");
    }

    #[test]
    fn only_a_value_fills_the_honeypot() {
        for (value, expected) in [("", false), ("   ", false), ("http://spam.example", true)] {
            assert_eq!(filled(value), expected, "{value:?}");
        }
    }
}
