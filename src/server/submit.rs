//! The final submit's I/O: finds the person's earlier reports, draws a reference, and commits
//! the rows that `domain::submission::plan_submission` decided, in one transaction.

use chrono::{DateTime, Months, Utc};
use rand::RngCore;

use crate::domain::reference::Reference;
use crate::domain::report::Draft;
use crate::domain::submission::{
    contact_keys, plan_submission, EarlierPortalReports, Incomplete, SubmissionRules,
};
use crate::domain::uk_time::uk_date;
use crate::journey::{self, report::ReportJourney};
use crate::server::config::Config;
use crate::server::storage::{self, CommitOutcome, Db};

/// What a submit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// The report is stored (now, or by an earlier press of the button).
    Report(i64),
    /// The answers changed after the person checked them: they must check again.
    DraftChanged,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the draft is not complete")]
    Incomplete,
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<Incomplete> for SubmitError {
    fn from(_: Incomplete) -> Self {
        SubmitError::Incomplete
    }
}

/// Draws a reference from the operating system's randomness, so it cannot be guessed.
pub fn new_reference() -> Reference {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Reference::from_random_bytes("ASB", bytes)
}

/// Commits the draft as a report; a second call for the same draft returns the first report.
/// `checked_version` is the draft version that "Check your answers" showed; if the draft has
/// moved on since (another tab), nothing is written.
pub async fn submit(
    db: &Db,
    config: &Config,
    draft_id: &str,
    draft: &Draft,
    checked_version: i64,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    if !journey::is_complete::<ReportJourney>(config, draft) {
        return Err(SubmitError::Incomplete);
    }
    let (email_key, phone_key) = contact_keys(draft);
    // Fetch from a little before the UK day six months ago; the domain rule then decides by
    // date exactly, so a report made earlier on that day still counts.
    let six_months_ago = uk_date(now)
        .checked_sub_months(Months::new(6))
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| midnight.and_utc() - chrono::Duration::hours(1))
        .unwrap_or(now);
    let sharing_contact = storage::earlier_report_dates(
        db,
        email_key.as_deref(),
        phone_key.as_deref(),
        six_months_ago,
    )
    .await?;
    // Proven theirs: made from this browser, or typed in with this report's email or phone.
    let mut proven = storage::named_report_dates(db, &draft.same_browser_reports).await?;
    let typed = draft
        .earlier_reports
        .iter()
        .flat_map(|e| &e.portal_references);
    for reference in typed {
        let found = storage::claimed_report(
            db,
            reference,
            email_key.as_deref(),
            phone_key.as_deref(),
            &[],
        )
        .await?;
        proven.extend(found.map(|r| (r.report_id, r.reported_on)));
    }
    let earlier = EarlierPortalReports {
        sharing_contact,
        proven,
    };
    // Three attempts at a free reference: with ~40 bits a clash is already vanishingly rare.
    for _ in 0..3 {
        let report = plan_submission(
            &rules(config),
            draft_id,
            draft,
            now,
            &earlier,
            new_reference(),
        )?;
        match storage::commit_report(db, &report, checked_version).await? {
            CommitOutcome::Committed { id: report_id } => {
                tracing::info!(reference = %report.reference, report_id, "report submitted");
                return Ok(Submitted::Report(report_id));
            }
            CommitOutcome::AlreadySubmitted { id: report_id } => {
                return Ok(Submitted::Report(report_id))
            }
            CommitOutcome::DraftChanged => return Ok(Submitted::DraftChanged),
            CommitOutcome::ReferenceTaken => continue,
        }
    }
    Err(SubmitError::Storage(anyhow::anyhow!(
        "no free reference number after three attempts"
    )))
}

/// The local rules a submit follows, from the configuration.
pub fn rules(config: &Config) -> SubmissionRules<'_> {
    SubmissionRules {
        journey: config.journey_rules(),
        routes: &config.routes,
        consent: &config.consent,
        signposting: &config.signposting,
        service_name: &config.site.name,
        base_url: &config.site.base_url,
        response: config.response_times(),
        bank_holidays: &config.bank_holidays,
        case_review_threshold: config.site.case_review_threshold,
        message_id_domain: &config.smtp.message_id_domain,
        contact: &config.site.contact,
        postcode_areas: &config.postcode_areas,
        triage_hours: config.triage_hours(),
        out_of_hours_phone: config.site.triage_hours.out_of_hours_phone.as_deref(),
    }
}
