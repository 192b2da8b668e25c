//! The staff area's pages: signing in (`sign_in`), the queue and the case page (`cases`).

pub mod admin;
pub mod audit;
pub mod cases;
pub mod dashboard;
pub mod sign_in;
