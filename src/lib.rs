//! ASB Portal: residents report anti-social behaviour online; the portal assesses need, records
//! consent and routes referrals by email to the people who act on them.
//!
//! - `domain`: the product's rules as pure functions (compiled for server and browser).
//! - `islands`: the few interactive parts that hydrate in the browser.
//! - `components`, `pages`: server-rendered GOV.UK-style HTML.
//! - `server`: configuration, storage, the outbox and the HTTP handlers.

pub mod domain;
pub mod islands;

#[cfg(feature = "ssr")]
pub mod components;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// The journey engine: steps, flow and the generic handlers every journey shares.
#[cfg(feature = "ssr")]
pub mod journey;

/// The browser entry point: hydrates the islands on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
