//! The only parts of the portal that run in the browser. Every page works without them; with
//! JavaScript they add a live character count and the "Exit this page" keyboard shortcut
//! (press Shift three times), as GOV.UK's components do.

use leptos::prelude::*;

use crate::domain::report::thousands;

/// The message a character count shows before (or without) JavaScript.
pub fn character_limit_text(max: usize) -> String {
    format!("You can enter up to {} characters", thousands(max))
}

/// The message a live character count shows for `used` characters out of `max`.
pub fn characters_remaining_text(used: usize, max: usize) -> String {
    if used <= max {
        let left = max - used;
        let s = if left == 1 { "" } else { "s" };
        format!("You have {} character{s} remaining", thousands(left))
    } else {
        let over = used - max;
        let s = if over == 1 { "" } else { "s" };
        format!("You have {} character{s} too many", thousands(over))
    }
}

/// Wraps a server-rendered textarea and counts its characters as the person types.
#[island]
pub fn CharacterCount(
    field: String,
    max: usize,
    initial: usize,
    children: Children,
) -> impl IntoView {
    let used = RwSignal::new(initial);
    // Effects only run in the browser, so the server and the first client render agree.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let message = move || {
        if live.get() {
            characters_remaining_text(used.get(), max)
        } else {
            character_limit_text(max)
        }
    };
    let over = move || live.get() && used.get() > max;
    view! {
        <div
            class="govuk-character-count"
            on:input=move |ev| used.set(event_target_value(&ev).chars().count())
        >
            {children()}
            <div
                id=format!("{field}-info")
                class="govuk-hint govuk-character-count__message"
                class:govuk-error-message=over
                aria-live="polite"
            >
                {message}
            </div>
        </div>
    }
}

/// "Exit this page" from the keyboard: three presses of Shift within five seconds leave at once.
#[island]
pub fn ExitShortcut() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let presses = StoredValue::new(Vec::<f64>::new());
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() != "Shift" {
                return;
            }
            let now = ev.time_stamp();
            let count = presses
                .try_update_value(|p| {
                    p.retain(|t| now - t < 5_000.0);
                    p.push(now);
                    p.len()
                })
                .unwrap_or(0);
            if count >= 3 {
                let _ = window().location().set_href("/exit");
            }
        });
        on_cleanup(move || handle.remove());
    }
    // Only say the shortcut exists once it works.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <span class="govuk-visually-hidden" id="exit-shortcut-hint">
            {move || live.get().then_some("Press Shift three times to exit this page quickly.")}
        </span>
    }
}
