//! The portal's GOV.UK components against govuk-frontend's own fixtures
//! (`node_modules/govuk-frontend/dist/govuk/components/*/fixtures.json`): each component the
//! portal uses, given a fixture's options, renders the same elements, classes, ids, ARIA and
//! `data-module` hooks that govuk-frontend's CSS and JavaScript rely on.
//!
//! Compared after normalising what does not change meaning: whitespace between tags,
//! attribute and class order, Leptos's `<!>` markers, an empty `value=""`, and the size
//! modifiers of labels and legends (the portal sizes them by design; a fixture's options
//! name one size or none).

use leptos::prelude::*;

use super::*;
use crate::domain::fields::FieldError;
use crate::pages::layout::{render_view, PageMeta, Shell};

fn fixture(component: &str, name: &str) -> String {
    let path = format!(
        "{}/node_modules/govuk-frontend/dist/govuk/components/{component}/fixtures.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (scripts/setup.sh installs govuk-frontend)"));
    let fixtures: serde_json::Value = serde_json::from_str(&text).unwrap();
    fixtures["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["html"].as_str())
        .unwrap_or_else(|| panic!("no fixture {component}/{name}"))
        .to_string()
}

/// One start tag with its attributes sorted, classes sorted, and the portal's size modifiers
/// and empty values dropped.
fn normalise_tag(tag: &str) -> String {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let (name, mut rest) = inner.split_once(' ').unwrap_or((inner, ""));
    let mut attrs = Vec::new();
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let end = rest.find(['=', ' ']).unwrap_or(rest.len());
        let key = &rest[..end];
        rest = &rest[end..];
        let value = if let Some(after) = rest.strip_prefix("=\"") {
            let close = after.find('"').unwrap();
            let value = &after[..close];
            rest = &after[close + 1..];
            value.to_string()
        } else {
            String::new()
        };
        let value = if key == "class" {
            let mut classes: Vec<&str> = value
                .split_whitespace()
                .filter(|c| {
                    !(c.starts_with("govuk-label--") || c.starts_with("govuk-fieldset__legend--"))
                })
                .collect();
            classes.sort();
            classes.join(" ")
        } else {
            value
        };
        if key == "value" && value.is_empty() {
            continue;
        }
        attrs.push(if value.is_empty() && key != "value" {
            key.to_string()
        } else {
            format!("{key}=\"{value}\"")
        });
    }
    attrs.sort();
    if attrs.is_empty() {
        format!("<{name}>")
    } else {
        format!("<{name} {}>", attrs.join(" "))
    }
}

fn normalise(html: &str) -> String {
    let html = html.replace("<!>", "");
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('>').unwrap() + start + 1;
        let tag = &rest[start..end];
        if tag.starts_with("</") {
            out.push_str(tag);
        } else {
            out.push_str(&normalise_tag(tag));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("> ", ">").replace(" <", "<")
}

fn assert_conforms(component: &str, name: &str, ours: &str) {
    let expected = normalise(&fixture(component, name));
    let got = normalise(ours);
    assert_eq!(
        got, expected,
        "{component}/{name}\nours:    {got}\nfixture: {expected}"
    );
}

/// The part of a rendered document that starts with `start` and ends with `end`.
fn cut<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {html}"));
    let to = html[from..].find(end).unwrap() + from + end.len();
    &html[from..to]
}

#[test]
fn radios_inline() {
    let ours = render_view(|| {
        view! {
            <Radios
                name="example"
                legend="Have you changed your name?"
                hint="This includes changing your last name or spelling your name differently."
                options=Choice::yes_no()
                selected="no"
                error=None
                inline=true
            />
        }
    });
    assert_conforms("radios", "inline", &ours);
}

#[test]
fn character_count() {
    let ours = render_view(|| {
        view! {
            <TextArea
                name="more-detail"
                label="Can you provide more detail?"
                value=""
                error=None
                max=10
            />
        }
    });
    assert_conforms("character-count", "default", &ours);
}

#[test]
fn text_input() {
    let ours = render_view(|| {
        view! { <TextInput name="test-name" label="National Insurance number" value="" error=None /> }
    });
    assert_conforms("input", "default", &ours);
}

#[test]
fn error_summary() {
    let errors = vec![
        FieldError::new(
            "example-error-1",
            "The date your passport was issued must be in the past",
        ),
        FieldError::new("example-error-2", "Enter a postcode, like AA1 1AA"),
    ];
    let ours = render_view(|| view! { <ErrorSummary errors=errors /> });
    assert_conforms("error-summary", "default", &ours);
}

#[tokio::test]
async fn skip_link_and_exit_this_page_in_the_page_shell() {
    let _ = any_spawner::Executor::init_tokio();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("asb-portal")
        .build();
    let document = Shell::new(&options, &crate::server::config::Config::default().site)
        .page(&PageMeta::new(), || view! { <p>"Content"</p> })
        .await;
    let skip = cut(&document, "<a href=\"#main-content\"", "</a>");
    assert_conforms(
        "skip-link",
        "default",
        &skip.replace("#main-content", "#test-target-element"),
    );
    // From the `<div` whose class is the component's (attributes come in any order).
    let class_at = document
        .find("class=\"govuk-exit-this-page\"")
        .expect("Exit this page in the shell");
    let div_at = document[..class_at].rfind("<div").unwrap();
    let exit = cut(&document[div_at..], "<div", "</a></div>");
    assert_conforms(
        "exit-this-page",
        "default",
        &exit.replace("/exit", "/full-page-examples/announcements"),
    );
}

#[test]
fn summary_list_row_with_a_change_link() {
    let rows = vec![SummaryRow::new(
        "Date of birth",
        "13/08/1980",
        Some("#".to_string()),
    )];
    let ours = render_view(|| view! { <SummaryList rows=rows /> });
    // The fixture's second row: one answer with one Change link, as every row of ours is.
    let fixture = fixture("summary-list", "with actions");
    let row_start = fixture[..fixture.find("Date of birth").unwrap()]
        .rfind("<div class=\"govuk-summary-list__row\">")
        .unwrap();
    let row = "<div class=\"govuk-summary-list__row\">";
    // One deliberate difference: the fixture lowercases the row's name in the Change link's
    // hidden text; ours keeps the question's own case, so "GP" is not read as "gp".
    let expected = cut(&fixture[row_start..], row, "</div>").replace(
        "<span class=\"govuk-visually-hidden\"> date of birth</span>",
        "<span class=\"govuk-visually-hidden\"> Date of birth</span>",
    );
    assert_eq!(normalise(cut(&ours, row, "</div>")), normalise(&expected));
}

#[test]
fn continue_button() {
    let ours = render_view(|| view! { <QuestionForm action="/x">""</QuestionForm> });
    let button = cut(&ours, "<button", "</button>");
    assert_conforms(
        "button",
        "default",
        &button.replace("Continue", "Save and continue"),
    );
}

#[tokio::test]
async fn back_link_in_the_page_shell() {
    let _ = any_spawner::Executor::init_tokio();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("asb-portal")
        .build();
    let document = Shell::new(&options, &crate::server::config::Config::default().site)
        .page(&PageMeta::new().back("#"), || view! { <p>"Content"</p> })
        .await;
    assert_conforms(
        "back-link",
        "default",
        cut(&document, "<a href=\"#\" class=\"govuk-back-link\"", "</a>"),
    );
}

#[test]
fn date_input_with_errors_and_hint() {
    let ours = render_view(|| {
        view! {
            <DateInput
                id="dob-errors"
                legend="What is your date of birth?"
                hint="For example, 31 3 1980"
                day=String::new()
                month=String::new()
                year=String::new()
                error=Some("Error message goes here".to_string())
                error_part=None
            />
        }
    });
    // The portal names each box after the date's id (govuk-frontend's `namePrefix` option),
    // so one form can hold more than one date.
    let fixture = fixture("date-input", "with errors and hint");
    let expected = ["day", "month", "year"].iter().fold(fixture, |html, part| {
        html.replace(
            &format!("name=\"{part}\""),
            &format!("name=\"dob-errors-{part}\""),
        )
    });
    assert_eq!(normalise(&ours), normalise(&expected));
}
