//! The product's defaults (PRODUCT.md): categories, areas, the needs assessment, routing,
//! routes, consent wording, signposting and bank holiday changes. They live in one file,
//! `src/defaults.toml`, compiled in, which is also the administrators' example configuration;
//! the domain reads its sections of it here, and `server::config` reads the whole file.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::assessment::Questionnaire;
use crate::domain::bank_holidays::BankHolidays;
use crate::domain::category::CategoryDef;
use crate::domain::council_contact::CouncilContact;
use crate::domain::report::Area;
use crate::domain::routing::RoutingRules;
use crate::domain::signposting::Signpost;
use crate::domain::submission::{ConsentWording, Routes};

/// The built-in configuration file.
pub const DEFAULTS_TOML: &str = include_str!("../defaults.toml");

/// The domain's sections of the built-in configuration (the server's sections, such as
/// `[site]` and `[smtp]`, are read by `server::config`).
#[derive(Debug, Clone, Deserialize)]
pub struct ProductDefaults {
    pub site: SiteDefaults,
    pub categories: Vec<CategoryDef>,
    pub areas: Vec<Area>,
    pub assessment: Questionnaire,
    pub routing: RoutingRules,
    pub routes: Routes,
    pub consent: ConsentWording,
    pub signposting: Vec<Signpost>,
    pub bank_holidays: BankHolidays,
}

/// The domain's part of `[site]`.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteDefaults {
    pub contact: CouncilContact,
}

static DEFAULTS: LazyLock<ProductDefaults> = LazyLock::new(|| {
    toml::from_str(DEFAULTS_TOML).expect("src/defaults.toml is valid (its tests check it)")
});

/// The product's defaults, parsed once.
pub fn product() -> &'static ProductDefaults {
    &DEFAULTS
}
