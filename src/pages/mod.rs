//! Server-rendered pages. Only the islands in `crate::islands` run in the browser.

pub mod case_review;
pub mod info;
pub mod journey;
pub mod layout;
pub mod report;
pub mod staff;
