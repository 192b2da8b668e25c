//! Journey 1, report ASB: one module per page, each with its view and its step (what the
//! journey engine needs: slug, title, stored answer back to the form, save, check rows).
//! The journey's step list is `crate::journey::report`.

pub mod assessment;
pub mod category;
pub mod confirmation;
pub mod consent;
pub mod contact;
pub mod details;
pub mod earlier_reports;
pub mod how_often;
pub mod impact;
pub mod location;
pub mod relationship;
pub mod reporting_for;
pub mod someone_else;
pub mod start;
pub mod when;
