//! The rules of the product, as pure functions over domain types.
//!
//! Nothing here does I/O or knows about HTTP, HTML or SQL, so every rule can be tested with a
//! table and the same code compiles for the server and the browser. Pages and storage call these
//! functions; they never re-implement a rule.

pub mod areas;
pub mod assessment;
pub mod audit;
pub mod bank_holidays;
pub mod case_review;
pub mod case_work;
pub mod category;
pub mod council_contact;
pub mod dashboard;
pub mod defaults;
pub mod fields;
pub mod flow;
pub mod honeypot;
pub mod next_steps;
pub mod notices;
pub mod officer_assessment;
pub mod on_behalf;
pub mod reference;
pub mod relationship;
pub mod repeat;
pub mod report;
pub mod retention;
pub mod routing;
pub mod signposting;
pub mod staff;
pub mod submission;
pub mod triage_hours;
pub mod uk_time;
pub mod urgency;
pub mod working_days;
