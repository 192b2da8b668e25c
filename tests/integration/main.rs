//! The integration tests, in one binary: the real portal on a loopback port with a fresh
//! SQLite file, a real SMTP server, and a browser without JavaScript. One binary compiles and
//! links once, where four binaries each compiled the helpers again.

#[macro_use]
mod support;

mod bad_input;
mod case_review;
mod changing_answers;
mod fuzz;
mod hardening;
mod outbox_delivery;
mod page_types;
mod report_journey;
mod robustness;
mod safeguarding;
mod staff;
mod upgrade;
mod what_residents_are_told;
