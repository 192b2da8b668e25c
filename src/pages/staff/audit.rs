//! The audit trail's page: a filter form and the rows, newest first.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use super::cases::SignedInAs;
use crate::components::{Choice, ErrorSummary, Select, TextInput};
use crate::domain::audit::{action_label, actions, AuditFilter};
use crate::domain::fields::FieldError;
use crate::domain::uk_time::uk_local;
use crate::server::storage::AuditRow;

pub struct AuditPage {
    pub staff: SignedInAs,
    /// Every account, to filter by: id and name.
    pub accounts: Vec<(i64, String)>,
    pub filter: AuditFilter,
    pub errors: Vec<FieldError>,
    pub rows: Vec<AuditRow>,
    /// The most rows shown at once.
    pub limit: usize,
}

/// To the minute, in UK time: the trail is read to find out what happened when.
fn when(time: DateTime<Utc>) -> String {
    uk_local(time).format("%-d %B %Y, %H:%M").to_string()
}

/// What changed: the field and its values as stored (ids and list values, never personal).
fn change(row: &AuditRow) -> String {
    let field = row.field.as_deref().map(|f| match f {
        "resident_update" => "resident told by email".to_string(),
        other => other.replace('_', " "),
    });
    match (field, &row.from_value, &row.to_value) {
        (None, _, _) => String::new(),
        (Some(field), Some(from), Some(to)) => format!("{field}: {from} → {to}"),
        (Some(field), None, Some(to)) => format!("{field}: {to}"),
        (Some(field), _, None) => field,
    }
}

impl AuditPage {
    pub fn render(self) -> impl IntoView {
        let error_for = |field: &str| {
            self.errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        };
        let accounts: Vec<Choice> = self
            .accounts
            .iter()
            .map(|(id, name)| Choice::new(id.to_string(), name.clone()))
            .collect();
        let actions: Vec<Choice> = actions()
            .into_iter()
            .map(|(id, label)| Choice::new(id, label))
            .collect();
        let shown = self.rows.len();
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let case = row.reference.clone().map(|reference| {
                    view! { <a class="govuk-link" href=format!("/staff/reports/{reference}")>{reference.clone()}</a> }
                });
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{when(row.at)}</td>
                        <td class="govuk-table__cell">{row.who.clone().unwrap_or_else(|| "The portal".into())}</td>
                        <td class="govuk-table__cell">{action_label(&row.action)}{row.subject.clone().map(|s| format!(" ({s})"))}</td>
                        <td class="govuk-table__cell">{case}</td>
                        <td class="govuk-table__cell">{change(row)}</td>
                    </tr>
                }
            })
            .collect_view();
        let count = if shown >= self.limit {
            format!("The latest {shown} entries. Narrow the filter to see earlier ones.")
        } else if shown == 1 {
            "1 entry.".to_string()
        } else {
            format!("{shown} entries.")
        };
        view! {
            <Title text="Audit trail" />
            {self.staff.render()}
            <ErrorSummary errors=self.errors.clone() />
            <h1 class="govuk-heading-l">"Audit trail"</h1>
            <p class="govuk-body">"Every sign-in, every view of a case and every change, newest first. Nobody can change or delete it."</p>
            <form method="get" action="/staff/audit" class="app-queue-filter" novalidate>
                <Select
                    name="account"
                    label="Who"
                    options=accounts
                    selected=self.filter.account.map(|id| id.to_string()).unwrap_or_default()
                    error=error_for("account")
                    empty="Anyone"
                />
                <Select
                    name="action"
                    label="What"
                    options=actions
                    selected=self.filter.action.clone().unwrap_or_default()
                    error=error_for("action")
                    empty="Any action"
                />
                <TextInput
                    name="reference"
                    label="Report reference"
                    value=self.filter.reference.clone().unwrap_or_default()
                    error=None
                    width="govuk-input--width-10"
                    spellcheck_off=true
                />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Filter"</button>
            </form>
            <p class="govuk-body">{count}</p>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"The audit trail, newest first"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"When"</th>
                        <th scope="col" class="govuk-table__header">"Who"</th>
                        <th scope="col" class="govuk-table__header">"What"</th>
                        <th scope="col" class="govuk-table__header">"Case"</th>
                        <th scope="col" class="govuk-table__header">"Change"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
        }
    }
}
