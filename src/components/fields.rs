//! Form fields in GOV.UK markup.

use leptos::prelude::*;

use crate::domain::fields::FieldError;
use crate::islands::character_limit_text;

/// One option of a radios field.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Choice {
        self.hint = hint;
        self
    }

    pub fn yes_no() -> Vec<Choice> {
        vec![Choice::new("yes", "Yes"), Choice::new("no", "No")]
    }
}

#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="govuk-error-summary" data-module="govuk-error-summary">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {errors
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <a href=format!("#{}", e.field)>{e.message}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        }
    })
}

#[component]
fn ErrorMessage(id: String, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p id=format!("{id}-error") class="govuk-error-message">
                <span class="govuk-visually-hidden">"Error: "</span>
                {m}
            </p>
        }
    })
}

fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

fn described_by(id: &str, hint: bool, error: bool, extra: Option<String>) -> Option<String> {
    let parts: Vec<String> = [
        hint.then(|| format!("{id}-hint")),
        error.then(|| format!("{id}-error")),
        extra,
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A radios question. With `heading`, the legend is the page's h1 (one question per page).
#[component]
pub fn Radios(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<Choice>,
    #[prop(into)] selected: String,
    error: Option<String>,
    #[prop(optional)] heading: bool,
    #[prop(optional)] inline: bool,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let legend_view = if heading {
        view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                <h1 class="govuk-fieldset__heading">{legend}</h1>
            </legend>
        }
        .into_any()
    } else {
        view! { <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend> }
            .into_any()
    };
    let radios_class = match (inline, small) {
        (true, _) => "govuk-radios govuk-radios--inline",
        (false, true) => "govuk-radios govuk-radios--small",
        _ => "govuk-radios",
    };
    let hint = hint.filter(|h| !h.is_empty());
    let describedby = described_by(&name, hint.is_some(), error.is_some(), None);
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let id = if i == 0 {
                name.clone()
            } else {
                format!("{name}-{}", i + 1)
            };
            let hint_id = format!("{id}-item-hint");
            let checked = choice.value == selected;
            view! {
                <div class="govuk-radios__item">
                    <input
                        class="govuk-radios__input"
                        id=id.clone()
                        name=name.clone()
                        type="radio"
                        value=choice.value
                        checked=checked
                        aria-describedby=choice.hint.as_ref().map(|_| hint_id.clone())
                    />
                    <label class="govuk-label govuk-radios__label" for=id>
                        {choice.label}
                    </label>
                    {choice
                        .hint
                        .map(|h| {
                            view! {
                                <div id=hint_id class="govuk-hint govuk-radios__hint">
                                    {h}
                                </div>
                            }
                        })}
                </div>
            }
        })
        .collect_view();
    let group = group_class(&error);
    view! {
        <div class=group>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                {legend_view}
                {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
                <ErrorMessage id=name.clone() message=error />
                <div class=radios_class data-module="govuk-radios">
                    {items}
                </div>
            </fieldset>
        </div>
    }
}

/// A checkboxes question: `selected` holds the checked values joined with
/// [`LIST_SEPARATOR`](crate::domain::flow::LIST_SEPARATOR), as a posted form keeps them.
#[component]
pub fn Checkboxes(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<Choice>,
    #[prop(into)] selected: String,
    error: Option<String>,
) -> impl IntoView {
    let checked: Vec<&str> = selected
        .split(crate::domain::flow::LIST_SEPARATOR)
        .collect();
    let hint = hint.filter(|h| !h.is_empty());
    let describedby = described_by(&name, hint.is_some(), error.is_some(), None);
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let id = if i == 0 {
                name.clone()
            } else {
                format!("{name}-{}", i + 1)
            };
            let is_checked = checked.contains(&choice.value.as_str());
            view! {
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=id.clone()
                        name=name.clone()
                        type="checkbox"
                        value=choice.value
                        checked=is_checked
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=id>
                        {choice.label}
                    </label>
                </div>
            }
        })
        .collect_view();
    let group = group_class(&error);
    view! {
        <div class=group>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
                {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
                <ErrorMessage id=name.clone() message=error />
                <div class="govuk-checkboxes" data-module="govuk-checkboxes">{items}</div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: String,
    error: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] spellcheck_off: bool,
) -> impl IntoView {
    let class = format!(
        "govuk-input{}{}",
        width.map(|w| format!(" {w}")).unwrap_or_default(),
        if error.is_some() {
            " govuk-input--error"
        } else {
            ""
        }
    );
    let describedby = described_by(&name, hint.is_some(), error.is_some(), None);
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="govuk-label govuk-label--s" for=name.clone()>{label}</label>
            {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessage id=name.clone() message=error />
            <input
                class=class
                id=name.clone()
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=describedby
            />
        </div>
    }
}

/// A textarea with a character limit, as GOV.UK Frontend's character count: without
/// JavaScript it states the limit; with it, govuk-frontend counts down as the person types.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: String,
    error: Option<String>,
    max: usize,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] heading: bool,
) -> impl IntoView {
    let class = if error.is_some() {
        "govuk-textarea govuk-js-character-count govuk-textarea--error"
    } else {
        "govuk-textarea govuk-js-character-count"
    };
    let describedby = described_by(
        &name,
        hint.is_some(),
        error.is_some(),
        Some(format!("{name}-info")),
    );
    let label_view = if heading {
        view! {
            <h1 class="govuk-label-wrapper">
                <label class="govuk-label govuk-label--l" for=name.clone()>{label}</label>
            </h1>
        }
        .into_any()
    } else {
        view! { <label class="govuk-label govuk-label--s" for=name.clone()>{label}</label> }
            .into_any()
    };
    let group = format!("{} govuk-character-count", group_class(&error));
    view! {
        <div class=group data-module="govuk-character-count" data-maxlength=max.to_string()>
            {label_view}
            {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessage id=name.clone() message=error />
            <textarea class=class id=name.clone() name=name.clone() rows=rows aria-describedby=describedby>
                {value}
            </textarea>
            <div id=format!("{name}-info") class="govuk-hint govuk-character-count__message">
                {character_limit_text(max)}
            </div>
        </div>
    }
}

#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    day: String,
    month: String,
    year: String,
    error: Option<String>,
    /// Which part the error is about, to outline only that box ("day", "month", "year" or all).
    error_part: Option<String>,
) -> impl IntoView {
    let describedby = described_by(&id, hint.is_some(), error.is_some(), None);
    let part = |suffix: &'static str, label: &'static str, value: String, width: &'static str| {
        let field = format!("{id}-{suffix}");
        let errored = error.is_some() && error_part.as_deref().is_none_or(|p| p == suffix);
        let class = format!(
            "govuk-input govuk-date-input__input {width}{}",
            if errored { " govuk-input--error" } else { "" }
        );
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=field.clone()>
                        {label}
                    </label>
                    <input
                        class=class
                        id=field.clone()
                        name=field
                        type="text"
                        inputmode="numeric"
                        value=value
                    />
                </div>
            </div>
        }
    };
    let group = group_class(&error);
    view! {
        <div class=group>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=describedby>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
                {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint">{h}</div> })}
                <ErrorMessage id=id.clone() message=error.clone() />
                <div class="govuk-date-input" id=id.clone()>
                    {part("day", "Day", day, "govuk-input--width-2")}
                    {part("month", "Month", month, "govuk-input--width-2")}
                    {part("year", "Year", year, "govuk-input--width-4")}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn Select(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<Choice>,
    #[prop(into)] selected: String,
    error: Option<String>,
    /// The words of the first, empty option ("Any" in a filter).
    #[prop(default = "Not sure or does not apply")]
    empty: &'static str,
) -> impl IntoView {
    let describedby = described_by(&name, hint.is_some(), error.is_some(), None);
    let class = if error.is_some() {
        "govuk-select govuk-select--error"
    } else {
        "govuk-select"
    };
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="govuk-label govuk-label--s" for=name.clone()>{label}</label>
            {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessage id=name.clone() message=error />
            <select class=class id=name.clone() name=name aria-describedby=describedby>
                <option value="" selected=selected.is_empty()>{empty}</option>
                {options
                    .into_iter()
                    .map(|o| {
                        let is_selected = o.value == selected;
                        view! {
                            <option value=o.value selected=is_selected>{o.label}</option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The form every question page posts: its fields, then "Continue".
#[component]
pub fn QuestionForm(
    #[prop(into)] action: String,
    /// The draft's CSRF token (`server::security`), posted back with the answers.
    #[prop(into, optional)]
    csrf: String,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=action novalidate>
            {(!csrf.is_empty()).then(|| view! { <input type="hidden" name="csrf" value=csrf /> })}
            {children()}
            <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
        </form>
    }
}
