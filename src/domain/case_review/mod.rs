//! The ASB Case Review (Community Trigger): the threshold engine and the deadlines, as pure
//! functions; Journey 2 and the statutory figures call them.

pub mod threshold;
pub mod timescales;
