//! Journey 2, apply for an ASB Case Review: one module per page, each with its view and its
//! step. The journey's step list is `crate::journey::case_review`.

pub mod confirmation;
pub mod consent;
pub mod contact;
pub mod figures;
pub mod impact;
pub mod organisation;
pub mod other_reports;
pub mod portal_reports;
pub mod start;
pub mod taking_part;
pub mod victim;
pub mod who;
