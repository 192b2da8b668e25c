//! Who is causing the problem, to the person it affects, and the domestic abuse rule: when it
//! is a partner, an ex-partner or a family member, it is domestic abuse, which councils handle
//! through their domestic abuse pathway (the DASH risk checklist, the domestic abuse MARAC,
//! independent domestic violence advisers), and mediation is unsafe (domain brief §2.5).
//!
//! Asked of every report, the short path included: an ex-partner's loud music is still domestic
//! abuse. Nothing about the answer goes to the resident's own address, which a perpetrator
//! may read.

use serde::{Deserialize, Serialize};

/// The rule that sends a report to the domestic abuse route, stored with the decision.
pub const RULE_DOMESTIC_ABUSE_RELATIONSHIP: &str = "domestic_abuse_relationship";
/// The same rule, when the resident did not agree to share: held for a triage officer.
pub const RULE_DOMESTIC_ABUSE_HELD_NO_SHARE_CONSENT: &str = "domestic_abuse_held_no_share_consent";
/// The flag a domestic abuse report carries, for signposting (`when.flags`).
pub const DOMESTIC_ABUSE_FLAG: &str = "domestic_abuse";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Neighbour,
    SomeoneKnown,
    StrangerOrGroup,
    PartnerOrExPartner,
    FamilyMember,
    NotKnown,
    PreferNotToSay,
}

impl Relationship {
    pub const ALL: [Relationship; 7] = [
        Relationship::Neighbour,
        Relationship::SomeoneKnown,
        Relationship::StrangerOrGroup,
        Relationship::PartnerOrExPartner,
        Relationship::FamilyMember,
        Relationship::NotKnown,
        Relationship::PreferNotToSay,
    ];

    /// The form value and stored form (`reports.relationship`).
    pub fn value(self) -> &'static str {
        match self {
            Relationship::Neighbour => "neighbour",
            Relationship::SomeoneKnown => "someone_known",
            Relationship::StrangerOrGroup => "stranger_or_group",
            Relationship::PartnerOrExPartner => "partner_or_ex_partner",
            Relationship::FamilyMember => "family_member",
            Relationship::NotKnown => "not_known",
            Relationship::PreferNotToSay => "prefer_not_to_say",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Relationship::Neighbour => "A neighbour",
            Relationship::SomeoneKnown => "Someone else I know",
            Relationship::StrangerOrGroup => "A stranger or a group of people",
            Relationship::PartnerOrExPartner => "My partner or ex-partner",
            Relationship::FamilyMember => "A member of my family",
            Relationship::NotKnown => "I do not know",
            Relationship::PreferNotToSay => "I prefer not to say",
        }
    }

    /// The label, or (`about_them`) its words for a report made for someone else.
    pub fn label_for(self, about_them: bool) -> &'static str {
        if !about_them {
            return self.label();
        }
        match self {
            Relationship::SomeoneKnown => "Someone else they know",
            Relationship::PartnerOrExPartner => "Their partner or ex-partner",
            Relationship::FamilyMember => "A member of their family",
            other => other.label(),
        }
    }

    pub fn parse(value: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.value() == value)
    }

    /// Partner, ex-partner or family member: domestic abuse.
    pub fn is_domestic_abuse(self) -> bool {
        matches!(
            self,
            Relationship::PartnerOrExPartner | Relationship::FamilyMember
        )
    }

    /// For officers, in the rule's reason.
    pub fn for_officers(self) -> &'static str {
        match self {
            Relationship::PartnerOrExPartner => "their partner or ex-partner",
            Relationship::FamilyMember => "a member of their family",
            Relationship::Neighbour => "a neighbour",
            Relationship::SomeoneKnown => "someone they know",
            Relationship::StrangerOrGroup => "a stranger or a group",
            Relationship::NotKnown => "not known to them",
            Relationship::PreferNotToSay => "not given (they preferred not to say)",
        }
    }
}

/// Whether a report with this answer is domestic abuse. No answer is not.
pub fn is_domestic_abuse(relationship: Option<Relationship>) -> bool {
    relationship.is_some_and(Relationship::is_domestic_abuse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_partner_ex_partner_or_family_member_is_domestic_abuse() {
        let cases = [
            (Relationship::Neighbour, false),
            (Relationship::SomeoneKnown, false),
            (Relationship::StrangerOrGroup, false),
            (Relationship::PartnerOrExPartner, true),
            (Relationship::FamilyMember, true),
            (Relationship::NotKnown, false),
            (Relationship::PreferNotToSay, false),
        ];
        for (relationship, expected) in cases {
            assert_eq!(
                relationship.is_domestic_abuse(),
                expected,
                "{relationship:?}"
            );
            assert_eq!(
                Relationship::parse(relationship.value()),
                Some(relationship)
            );
        }
        assert!(!is_domestic_abuse(None));
        assert_eq!(Relationship::parse("landlord"), None);
    }
}
