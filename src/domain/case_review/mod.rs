//! The ASB Case Review (Community Trigger): the application's answers and parsers, the
//! threshold engine, the deadlines and what a submit writes, as pure functions. Journey 2 and
//! the statutory figures call them.

pub mod application;
pub mod figures;
pub mod submission;
pub mod threshold;
pub mod timescales;
