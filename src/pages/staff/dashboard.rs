//! The dashboard: open cases by status and band, overdue cases, reports a week by category as a
//! chart with the same figures in a table, repeat callers and hotspots, and the CSV link.

use leptos::prelude::*;
use leptos_meta::Title;

use super::cases::SignedInAs;
use crate::domain::dashboard::{Dashboard, BANDS, REPEAT_REPORTS};
use crate::server::AppState;

pub struct DashboardPage {
    pub staff: SignedInAs,
    pub dashboard: Dashboard,
    pub app: AppState,
}

fn band_heading(band: Option<&str>) -> &'static str {
    match band {
        Some("high") => "High",
        Some("medium") => "Medium",
        Some("standard") => "Standard",
        _ => "Not assessed",
    }
}

/// One bar a week, labelled with its number, so nothing depends on colour. Hidden from screen
/// readers: the table below says the same.
fn weekly_chart(d: &Dashboard) -> impl IntoView {
    const WIDTH: u32 = 360;
    const HEIGHT: u32 = 160;
    const AXIS: u32 = 36;
    let biggest = d.weeks.iter().map(|w| w.total).max().unwrap_or(0).max(1);
    let slot = WIDTH / d.weeks.len().max(1) as u32;
    let bars = d
        .weeks
        .iter()
        .enumerate()
        .map(|(i, week)| {
            let height = (HEIGHT - AXIS) * week.total / biggest;
            let x = i as u32 * slot + 4;
            let top = HEIGHT - AXIS - height;
            // Every other week's date, so the labels do not run together on a phone.
            let date = (i % 2 == 1).then(|| week.starts.format("%-d/%-m").to_string());
            view! {
                <rect class="app-chart__bar" x=x y=top width=slot - 8 height=height></rect>
                <text class="app-chart__number" x=x + 2 y=top.saturating_sub(4).max(12)>{week.total}</text>
                <text class="app-chart__label" x=x + slot / 2 - 4 y=HEIGHT - AXIS + 16 text-anchor="middle">{date}</text>
            }
        })
        .collect_view();
    view! {
        <svg
            class="app-chart"
            // Room on the right for the last week's date.
            viewBox=format!("0 0 {} {HEIGHT}", WIDTH + 16)
            width="100%"
            aria-hidden="true"
            focusable="false"
            xmlns="http://www.w3.org/2000/svg"
        >
            {bars}
        </svg>
    }
}

impl DashboardPage {
    pub fn render(self) -> impl IntoView {
        let d = self.dashboard;
        let app = self.app;
        let label = |id: &str| {
            app.config
                .categories
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let area_label = |id: &str| {
            if id.is_empty() {
                return "Not known".to_string();
            }
            app.config
                .areas
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.label.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let open_rows = d
            .open
            .iter()
            .map(|(status, counts)| {
                view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{status.label()}</th>
                        {counts.iter().map(|n| view! { <td class="govuk-table__cell govuk-table__cell--numeric">{*n}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        // The categories reported in these weeks, as the table's columns.
        let mut categories: Vec<String> = d
            .weeks
            .iter()
            .flat_map(|w| w.by_category.keys().cloned())
            .collect();
        categories.sort();
        categories.dedup();
        let week_rows = d
            .weeks
            .iter()
            .map(|w| {
                let cells = categories
                    .iter()
                    .map(|c| {
                        let n = w.by_category.get(c).copied().unwrap_or(0);
                        view! { <td class="govuk-table__cell govuk-table__cell--numeric">{n}</td> }
                    })
                    .collect_view();
                view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{w.starts.format("%-d %B %Y").to_string()}</th>
                        {cells}
                        <td class="govuk-table__cell govuk-table__cell--numeric">{w.total}</td>
                    </tr>
                }
            })
            .collect_view();
        let category_headers = categories
            .iter()
            .map(|c| view! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{label(c)}</th> })
            .collect_view();
        let hotspot_rows = d
            .hotspots
            .iter()
            .map(|(area, category, n)| {
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{area_label(area)}</td>
                        <td class="govuk-table__cell">{label(category)}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{*n}</td>
                    </tr>
                }
            })
            .collect_view();
        let chart = weekly_chart(&d);
        view! {
            <Title text="Dashboard" />
            {self.staff.render()}
            <h1 class="govuk-heading-l">"Dashboard"</h1>
            <p class="govuk-body"><a class="govuk-link" href="/staff/dashboard.csv">"Download these figures (CSV)"</a></p>
            <h2 class="govuk-heading-m">"Open cases"</h2>
            <p class="govuk-body">
                <strong class="govuk-tag govuk-tag--red">{format!("{} overdue", d.overdue)}</strong>
                " New cases past their response date, not yet accepted."
            </p>
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Open cases by status and risk band">
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--s">"Open cases by status and risk band (self-assessed)"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Status"</th>
                        {BANDS.iter().map(|b| view! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{band_heading(*b)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{open_rows}</tbody>
            </table>
            </div>
            <h2 class="govuk-heading-m">"Reports a week, last 12 weeks"</h2>
            {chart}
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Reports a week by category">
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Reports a week by category (weeks start on Monday)"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Week"</th>
                            {category_headers}
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"All"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{week_rows}</tbody>
                </table>
            </div>
            <h2 class="govuk-heading-m">"Repeat callers"</h2>
            <p class="govuk-body">{format!(
                "{} people made {REPEAT_REPORTS} or more named reports in the last 12 months.",
                d.repeat_callers
            )}</p>
            <h2 class="govuk-heading-m">"Hotspots"</h2>
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="Hotspots">
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--s">"Areas and categories with the most reports in the last 12 months"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Area"</th>
                        <th scope="col" class="govuk-table__header">"Category"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Reports"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{hotspot_rows}</tbody>
            </table>
            </div>
        }
    }
}
