//! What is happening: the report categories a resident chooses from.
//!
//! Each category maps to one of the three ASB types in the 2014 Act guidance (personal,
//! nuisance, environmental) and carries flags that routing and signposting read, so that
//! local policy can change a category's meaning in configuration rather than code.

use serde::{Deserialize, Serialize};

/// The Home Office's three broad kinds of anti-social behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsbType {
    /// Targeted at a person or household rather than the community at large.
    Personal,
    /// Causing trouble or annoyance to the community.
    Nuisance,
    /// Damage to or misuse of public spaces and buildings.
    Environmental,
}

impl AsbType {
    /// The stored form (matches the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Personal => "personal",
            Self::Nuisance => "nuisance",
            Self::Environmental => "environmental",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Personal => "Personal",
            Self::Nuisance => "Nuisance",
            Self::Environmental => "Environmental",
        }
    }
}

/// Facts about a category that change what happens next. Routing keeps mediation away from
/// anything involving hate, violence, threats or harassment; `neighbour` marks problems that
/// mediation can help with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CategoryFlags {
    pub hate: bool,
    pub violence: bool,
    pub threat: bool,
    pub harassment: bool,
    pub neighbour: bool,
}

impl CategoryFlags {
    /// The names of the flags that are set, in a fixed order. These are the same names the
    /// assessment uses for its flags, so rules can match either source with one list.
    pub fn names(&self) -> Vec<&'static str> {
        [
            ("hate", self.hate),
            ("violence", self.violence),
            ("threat", self.threat),
            ("harassment", self.harassment),
            ("neighbour", self.neighbour),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect()
    }

    /// Whether the flag with this name is set; unknown names are never set.
    pub fn has(&self, name: &str) -> bool {
        self.names().contains(&name)
    }
}

/// One choice on the "What is happening?" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// Stable id: the radio value and the stored value.
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    pub asb_type: AsbType,
    #[serde(default)]
    pub flags: CategoryFlags,
}

/// The product's categories, from the built-in configuration.
pub fn default_categories() -> Vec<CategoryDef> {
    crate::domain::defaults::product().categories.clone()
}

/// The category with this id, if configured.
pub fn find<'a>(cats: &'a [CategoryDef], id: &str) -> Option<&'a CategoryDef> {
    cats.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn default_categories_have_expected_types_and_flags() {
        let cats = default_categories();
        let cases: &[(&str, AsbType, &[&str])] = &[
            ("noise", AsbType::Nuisance, &["neighbour"]),
            ("neighbour_dispute", AsbType::Nuisance, &["neighbour"]),
            ("harassment", AsbType::Personal, &["threat", "harassment"]),
            ("hate_incident", AsbType::Personal, &["hate"]),
            ("violence", AsbType::Personal, &["violence", "threat"]),
            ("drugs", AsbType::Nuisance, &[]),
            ("drinking", AsbType::Nuisance, &[]),
            ("vandalism", AsbType::Environmental, &[]),
            ("vehicle_nuisance", AsbType::Nuisance, &["neighbour"]),
            ("animal_nuisance", AsbType::Nuisance, &["neighbour"]),
            ("other", AsbType::Nuisance, &[]),
        ];
        assert_eq!(cats.len(), cases.len());
        for ((id, asb_type, flags), cat) in cases.iter().zip(&cats) {
            assert_eq!(cat.id, *id, "page order");
            assert_eq!(cat.asb_type, *asb_type, "{id}");
            assert_eq!(cat.flags.names(), *flags, "{id}");
            assert!(!cat.label.is_empty() && cat.hint.is_some(), "{id}");
        }
    }

    #[test]
    fn default_ids_and_labels_are_unique() {
        let cats = default_categories();
        let ids: HashSet<_> = cats.iter().map(|c| &c.id).collect();
        let labels: HashSet<_> = cats.iter().map(|c| &c.label).collect();
        assert_eq!(ids.len(), cats.len());
        assert_eq!(labels.len(), cats.len());
    }

    #[test]
    fn find_by_id() {
        let cats = default_categories();
        assert_eq!(
            find(&cats, "vandalism").map(|c| c.label.as_str()),
            Some("Vandalism or graffiti")
        );
        assert!(find(&cats, "Vandalism").is_none());
        assert!(find(&cats, "").is_none());
    }

    #[test]
    fn flags_lookup_by_name() {
        let flags = CategoryFlags {
            hate: true,
            ..CategoryFlags::default()
        };
        assert!(flags.has("hate"));
        assert!(!flags.has("violence"));
        assert!(!flags.has("unknown"));
    }

    #[test]
    fn config_may_omit_hint_and_flags() {
        let cat: CategoryDef = serde_json::from_str(
            r#"{"id":"fly_tipping","label":"Fly-tipping","asb_type":"environmental"}"#,
        )
        .unwrap();
        assert_eq!(cat.hint, None);
        assert_eq!(cat.flags, CategoryFlags::default());
        let partial: CategoryFlags = serde_json::from_str(r#"{"threat":true}"#).unwrap();
        assert_eq!(partial.names(), ["threat"]);
    }

    #[test]
    fn asb_type_names_match_serde() {
        for t in [AsbType::Personal, AsbType::Nuisance, AsbType::Environmental] {
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
    }
}
