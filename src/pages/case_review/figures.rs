//! The statutory figures page: per reporting year, the four figures the Act requires, as a
//! server-rendered chart (SVG, no JavaScript) and a table of the same figures for screen
//! readers, with links to the same data as CSV and JSON. The figures themselves are
//! `domain::case_review::figures`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::domain::case_review::figures::YearFigures;

pub const TITLE: &str = "ASB Case Review figures";

/// The chart shows this many of the latest years; the table shows them all.
const CHART_YEARS: usize = 5;

/// The four statutory figures, in the Act's order, as the page names them.
fn statutory(y: &YearFigures) -> [(&'static str, u64); 4] {
    [
        ("Applications received", y.applications_received),
        ("Threshold not met", y.threshold_not_met),
        ("Reviews carried out", y.reviews_carried_out),
        (
            "Reviews that led to recommendations",
            y.reviews_with_recommendations,
        ),
    ]
}

fn month_name(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

pub fn page(years: Vec<YearFigures>, start_month: u32) -> impl IntoView {
    let start = month_name(start_month);
    let end = month_name((start_month + 10) % 12 + 1);
    let period = if start_month == 1 {
        "Reporting years are calendar years.".to_string()
    } else {
        format!("Reporting years run from 1 {start} to the end of {end}.")
    };
    let awaiting: u64 = years.iter().map(|y| y.awaiting_decision).sum();
    let awaiting_note = (awaiting > 0).then(|| {
        let applications = if awaiting == 1 {
            "1 application is".to_string()
        } else {
            format!("{awaiting} applications are")
        };
        view! {
            <div class="govuk-inset-text" id="awaiting-decision">
                {format!(
                    "{applications} waiting for a decision on whether the threshold for a review \
                     is met. Until a person decides, an application is counted as received only: \
                     the check the website makes when you apply is never counted as a decision."
                )}
            </div>
        }
    });
    let chart_note = (years.len() > CHART_YEARS).then(|| {
        format!("The chart shows the last {CHART_YEARS} reporting years; the table shows them all.")
    });
    let chart = chart(&years[..years.len().min(CHART_YEARS)]);
    let rows = years
        .iter()
        .map(|y| {
            let [received, not_met, carried_out, recommendations] = statutory(y).map(|(_, n)| n);
            view! {
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">{y.label.clone()}</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{received}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{not_met}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{carried_out}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{recommendations}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{y.awaiting_decision}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text=TITLE />
                <Meta
                    name="description"
                    content="How many applications for an ASB Case Review we received each year, and \
                             what happened to them."
                />
                <h1 class="govuk-heading-xl">{TITLE}</h1>
                <p class="govuk-body">
                    "Each year we publish how many applications for an ASB Case Review we received, \
                     how many times we decided the threshold for a review was not met, how many \
                     reviews we carried out, and how many of those led to recommendations."
                </p>
                <p class="govuk-body">
                    "The figures are worked out from our records when you open this page. " {period}
                </p>
                {awaiting_note}
            </div>
        </div>
        <h2 class="govuk-heading-m">"Figures by reporting year"</h2>
        <p class="govuk-body">"The table below the chart gives the same figures."</p>
        {chart_note.map(|note| view! { <p class="govuk-body">{note}</p> })}
        {chart}
        // On a phone the table scrolls sideways: the region can take keyboard focus to scroll.
        <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Table of the figures">
            <table class="govuk-table govuk-table--small-text-until-tablet" id="figures">
                // The heading above names the table on screen.
                <caption class="govuk-visually-hidden">"ASB Case Review figures by reporting year"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Reporting year"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Applications received"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Threshold not met"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Reviews carried out"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Reviews that led to recommendations"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Awaiting a decision"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
        </div>
        <h2 class="govuk-heading-m">"Download the figures"</h2>
        <ul class="govuk-list">
            <li>
                <a class="govuk-link" href="/case-review/figures.csv" download="asb-case-review-figures.csv">
                    "ASB Case Review figures (CSV)"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/case-review/figures.json">"ASB Case Review figures (JSON)"</a>
            </li>
        </ul>
        <p class="govuk-body">
            <a class="govuk-link" href="/case-review">"Find out about the ASB Case Review"</a>
        </p>
    }
}

/// Horizontal bars, one per figure, grouped by year, each labelled in words and number so
/// that nothing depends on colour. Hidden from screen readers: the table says the same.
fn chart(years: &[YearFigures]) -> impl IntoView {
    const WIDTH: u32 = 320;
    const LABEL: u32 = 18;
    const BAR: u32 = 16;
    const GAP: u32 = 10;
    const YEAR: u32 = 28;
    const NUMBER_SPACE: u32 = 48;
    let biggest = years
        .iter()
        .flat_map(|y| statutory(y).map(|(_, n)| n))
        .max()
        .unwrap_or(0)
        .max(1);
    let row = LABEL + BAR + GAP;
    let height = years.len() as u32 * (YEAR + 4 * row) + GAP;
    let mut marks = Vec::new();
    let mut top = 0;
    for y in years {
        top += YEAR;
        marks.push(
            view! { <text class="app-chart__year" x="0" y=top - 8>{y.label.clone()}</text> }
                .into_any(),
        );
        for (name, n) in statutory(y) {
            let length = ((WIDTH - NUMBER_SPACE) as u64 * n / biggest) as u32;
            marks.push(
                view! {
                    <text class="app-chart__label" x="0" y=top + LABEL - 4>{name}</text>
                    <rect class="app-chart__bar" x="0" y=top + LABEL width=length height=BAR></rect>
                    <text class="app-chart__number" x=length + 6 y=top + LABEL + BAR - 3>{n}</text>
                }
                .into_any(),
            );
            top += row;
        }
    }
    view! {
        <svg
            class="app-chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
            aria-hidden="true"
            focusable="false"
            xmlns="http://www.w3.org/2000/svg"
        >
            {marks}
        </svg>
    }
}

/// The same figures as CSV: one line per reporting year, newest first, with a header line.
pub fn csv(years: &[YearFigures]) -> String {
    let mut out = String::from(
        "reporting_year,first_day,last_day,applications_received,threshold_not_met,\
         reviews_carried_out,reviews_with_recommendations,awaiting_decision\n",
    );
    for y in years {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            y.label,
            y.first_day,
            y.last_day,
            y.applications_received,
            y.threshold_not_met,
            y.reviews_carried_out,
            y.reviews_with_recommendations,
            y.awaiting_decision
        ));
    }
    out
}
