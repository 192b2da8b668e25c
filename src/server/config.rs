//! The deployment's local policy, read from one TOML file and validated at start-up.
//!
//! The complete built-in default is one file, `src/defaults.toml`, compiled in and documented
//! as the administrators' example, so the portal starts with no file at all. A deployment's
//! file is laid over it key by key (a list replaces the list), and the result is read with
//! every key required. Unknown keys are refused, and each error names the key that is wrong,
//! so an administrator can fix it without reading code.
//! Secrets (the SMTP password) come from the environment, never the file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::domain::areas::{self, PostcodeAreas};
use crate::domain::assessment::{Band, Questionnaire};
use crate::domain::bank_holidays::BankHolidays;
use crate::domain::case_review::threshold::{ComplaintChannel, ThresholdRules};
use crate::domain::case_review::timescales::Timescales;
use crate::domain::category::CategoryDef;
use crate::domain::council_contact::CouncilContact;
use crate::domain::defaults::DEFAULTS_TOML;
use crate::domain::fields::{tel_uri, ContactEmail};
use crate::domain::report::{Area, ConsentItem, JourneyRules};
use crate::domain::routing::{RouteId, RoutingRules};
use crate::domain::signposting::Signpost;
pub use crate::domain::submission::{ConsentWording, RouteConfig, Routes, Wording};
use crate::domain::triage_hours::TriageHours;
use crate::domain::urgency::ResponseTimes;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub site: SiteConfig,
    pub categories: Vec<CategoryDef>,
    pub areas: Vec<Area>,
    /// Postcode district → area id, for a report whose area was not chosen.
    pub postcode_areas: PostcodeAreas,
    pub assessment: Questionnaire,
    pub routing: RoutingRules,
    pub routes: Routes,
    pub consent: ConsentWording,
    pub signposting: Vec<Signpost>,
    pub case_review: CaseReviewConfig,
    pub smtp: SmtpConfig,
    pub outbox: OutboxConfig,
    pub drafts: DraftConfig,
    pub limits: LimitsConfig,
    pub staff: StaffConfig,
    pub case_work: CaseWorkConfig,
    pub retention: crate::domain::retention::RetentionPolicy,
    pub bank_holidays: BankHolidays,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Who runs the service, as residents know them.
    pub name: String,
    /// The public address, used for links in emails.
    pub base_url: String,
    /// Where "Exit this page" goes: a neutral site that gives nothing away.
    pub exit_url: String,
    /// How many working days the ASB team takes to respond to a new report.
    pub triage_response_working_days: u32,
    /// How many working days it takes to respond to an urgent report.
    pub urgent_response_working_days: u32,
    /// The needs assessment bands that make a report urgent (a critical answer always does).
    pub urgent_bands: Vec<Band>,
    /// The number of qualifying complaints that triggers an ASB Case Review.
    pub case_review_threshold: u32,
    /// Mark the draft cookie `Secure`. Unset: on when `base_url` is https.
    pub secure_cookies: Option<bool>,
    /// A request still unanswered after this many seconds is abandoned (408, "Sorry, that
    /// took too long"): a slow or stuck client cannot hold a connection for ever.
    pub request_timeout_seconds: u64,
    /// Guidance on clearing a visit from the browser (a "cover your tracks" page).
    pub cover_tracks_url: String,
    /// The service's phase: alpha and beta show a phase banner.
    pub phase: Phase,
    /// Where the phase banner's feedback link goes.
    pub feedback_url: String,
    /// How residents contact the council.
    pub contact: CouncilContact,
    /// When the triage team reads reports.
    pub triage_hours: TriageHoursConfig,
}

/// What is wrong with `[site.triage_hours]`, each with its key.
fn triage_hours_problems(hours: &TriageHoursConfig) -> Vec<String> {
    let mut problems = Vec::new();
    for day in &hours.days {
        if day.parse::<chrono::Weekday>().is_err() {
            problems.push(format!(
                "site.triage_hours.days: `{day}` is not a day of the week (monday … sunday)"
            ));
        }
    }
    if hours.days.is_empty() {
        problems.push("site.triage_hours.days: at least one day is needed".into());
    }
    let parsed = |key: &str, text: &str, problems: &mut Vec<String>| {
        let time = chrono::NaiveTime::parse_from_str(text, "%H:%M").ok();
        if time.is_none() {
            problems.push(format!(
                "site.triage_hours.{key}: `{text}` is not a time like 09:00"
            ));
        }
        time
    };
    let opens = parsed("opens", &hours.opens, &mut problems);
    let closes = parsed("closes", &hours.closes, &mut problems);
    if let (Some(opens), Some(closes)) = (opens, closes) {
        if opens >= closes {
            problems.push("site.triage_hours: `opens` must be before `closes`".into());
        }
    }
    if let Some(phone) = &hours.out_of_hours_phone {
        if tel_uri(phone).is_none() {
            problems.push(format!(
                "site.triage_hours.out_of_hours_phone: `{phone}` is not a UK number or short code"
            ));
        }
    }
    problems
}

/// `[site.triage_hours]`: when the triage team reads reports, in UK time, and the council's
/// out-of-hours number for urgent reports sent outside them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageHoursConfig {
    /// Day names in English ("monday"); never on a bank holiday.
    pub days: Vec<String>,
    /// "09:00"
    pub opens: String,
    /// "17:00"; the team has gone at this minute.
    pub closes: String,
    pub out_of_hours_phone: Option<String>,
}

/// The GOV.UK service phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Alpha,
    Beta,
    Live,
}

impl Phase {
    /// The phase banner's tag, or `None` when live.
    pub fn banner_tag(self) -> Option<&'static str> {
        match self {
            Phase::Alpha => Some("Alpha"),
            Phase::Beta => Some("Beta"),
            Phase::Live => None,
        }
    }
}

/// `[case_review]`: Journey 2's local rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReviewConfig {
    pub window_months: u32,
    pub report_within_months: u32,
    pub counted_channels: Vec<ComplaintChannel>,
    /// 0: off.
    pub hate_incidents_needed: u32,
    /// 0: off.
    pub community_reporters_needed: u32,
    pub decision_working_days: u32,
    pub meeting_working_days: u32,
    pub outcome_working_days: u32,
    pub max_other_reports: u32,
    pub decision_review_body: String,
    /// The month (1-12) whose first day starts a reporting year of the statutory figures.
    pub reporting_year_start_month: u32,
    pub consent: Wording,
    pub coordinator: RouteConfig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain SMTP: only for a relay on the same machine or in tests.
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// No host: messages are written as files into `mail_dir` instead of being sent.
    pub host: Option<String>,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub from: String,
    /// The domain used in Message-IDs.
    pub message_id_domain: String,
    pub mail_dir: PathBuf,
    pub timeout_seconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxConfig {
    pub max_attempts: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
    pub poll_interval_ms: u64,
}

/// `[limits]`: how often one client may post the public forms (`server::limits`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Forms a client may post a minute, in a burst of as many; 0 turns the limit off.
    pub posts_per_minute: u32,
}

/// Working a case: the council's lists for closing one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseWorkConfig {
    pub closure: crate::domain::case_work::ClosureLists,
}

/// The staff area: sign-in and sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    /// Whether every account needs a one-time code from an authenticator app as well as its
    /// password (on by default; turn off only where the council's own sign-in gives one).
    pub second_factor_required: bool,
    /// How long an invitation's link works.
    pub invitation_hours: u32,
    pub session: crate::domain::staff::SessionLifetime,
    pub sign_in_throttle: crate::domain::staff::Throttle,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftConfig {
    /// How long unfinished answers are kept before they are deleted.
    pub lifetime_hours: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read the configuration file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the configuration file is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("the configuration is not valid:\n  {}", .0.join("\n  "))]
    Invalid(Vec<String>),
}

impl Config {
    /// Reads the file at `path` (from `ASB_CONFIG`), or uses the built-in default.
    pub fn load(path: Option<&std::path::Path>) -> Result<Config, ConfigError> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                Config::from_toml_str(&text)
            }
            None => {
                let config = Config::default();
                config.validate()?;
                Ok(config)
            }
        }
    }

    /// Whether cookies carry `Secure`: as configured, or whenever the site is served over
    /// HTTPS, so a deployment cannot forget it.
    pub fn secure_cookies(&self) -> bool {
        self.site
            .secure_cookies
            .unwrap_or_else(|| self.site.base_url.starts_with("https://"))
    }

    /// Checks the configuration against the secrets the environment gave: a username needs
    /// its password, so a deployment does not discover the missing secret at the first email.
    pub fn check_secrets(&self, smtp_password_given: bool) -> Result<(), ConfigError> {
        if self.smtp.host.is_some() && self.smtp.username.is_some() && !smtp_password_given {
            return Err(ConfigError::Invalid(vec![
                "smtp.username: is set, but ASB_SMTP_PASSWORD is not".into(),
            ]));
        }
        Ok(())
    }

    /// The built-in configuration with `text` (a deployment's file) laid over it.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        let mut merged: toml::Table = DEFAULTS_TOML
            .parse()
            .expect("src/defaults.toml is valid TOML (its tests check it)");
        let file: toml::Table = text.parse()?;
        overlay(&mut merged, file);
        let config: Config = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| ConfigError::Invalid(vec![format!("{}: {}", e.path(), e.inner())]))?;
        config.validate()?;
        Ok(config)
    }

    /// The case review threshold's rules.
    pub fn threshold_rules(&self) -> ThresholdRules {
        let c = &self.case_review;
        ThresholdRules {
            complaints_needed: self.site.case_review_threshold,
            window_months: c.window_months,
            report_within_months: c.report_within_months,
            counted_channels: c.counted_channels.clone(),
            hate_incidents_needed: (c.hate_incidents_needed > 0).then_some(c.hate_incidents_needed),
            community_reporters_needed: (c.community_reporters_needed > 0)
                .then_some(c.community_reporters_needed),
        }
    }

    /// The case review's deadlines.
    pub fn case_review_timescales(&self) -> Timescales {
        let c = &self.case_review;
        Timescales {
            decision_working_days: c.decision_working_days,
            meeting_working_days: c.meeting_working_days,
            outcome_working_days: c.outcome_working_days,
        }
    }

    /// The triage team's hours (validated at start-up, so a bad value cannot reach here; the
    /// fallbacks only keep this total).
    pub fn triage_hours(&self) -> TriageHours {
        let h = &self.site.triage_hours;
        let time = |text: &str, fallback| {
            chrono::NaiveTime::parse_from_str(text, "%H:%M").unwrap_or(fallback)
        };
        TriageHours {
            days: h.days.iter().filter_map(|d| d.parse().ok()).collect(),
            opens: time(&h.opens, chrono::NaiveTime::MIN),
            closes: time(&h.closes, chrono::NaiveTime::MIN),
        }
    }

    /// How soon the council responds, standard and urgent.
    pub fn response_times(&self) -> ResponseTimes<'_> {
        ResponseTimes {
            standard_working_days: self.site.triage_response_working_days,
            urgent_working_days: self.site.urgent_response_working_days,
            urgent_bands: &self.site.urgent_bands,
        }
    }

    pub fn journey_rules(&self) -> JourneyRules<'_> {
        JourneyRules {
            categories: &self.categories,
            areas: &self.areas,
            questionnaire: &self.assessment,
            routing: &self.routing,
        }
    }

    /// A warning for the start-up log when links in emails would not reach this portal:
    /// `site.base_url` is not https and does not name the address the server listens on
    /// (typically the built-in `http://127.0.0.1:3000` left in place on a real server).
    pub fn base_url_warning(&self, listening_on: std::net::SocketAddr) -> Option<String> {
        let base = self.site.base_url.trim_end_matches('/');
        if base.starts_with("https://") {
            return None;
        }
        let authority = base.trim_start_matches("http://");
        let authority = authority.split('/').next().unwrap_or(authority);
        let same = authority == listening_on.to_string()
            || (listening_on.ip().is_loopback()
                && authority == format!("localhost:{}", listening_on.port()));
        (!same).then(|| {
            format!(
                "site.base_url is {base}, which is not https and is not the address this server \
                 listens on ({listening_on}): links in partner emails will not reach the portal"
            )
        })
    }

    /// Checks what serde cannot: references between keys, addresses and ranges.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        if self.categories.is_empty() {
            problems.push("categories: at least one category is needed".to_string());
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, category) in self.categories.iter().enumerate() {
            if !seen.insert(category.id.as_str()) {
                problems.push(format!(
                    "categories[{i}].id: `{}` is used twice",
                    category.id
                ));
            }
        }
        if let Err(problem) = self.case_work.closure.validate() {
            problems.push(format!("case_work.closure.{problem}"));
        }
        if let Err(problem) = self.assessment.validate() {
            problems.push(format!("assessment: {problem}"));
        }
        for id in self.routes.others.keys() {
            if let Some(problem) = crate::domain::submission::other_partner_id_problem(id) {
                problems.push(format!("routes.others.{id}: {problem}"));
            }
        }
        let others = self.routes.others.keys().cloned().map(RouteId::Other);
        for route in [
            RouteId::Triage,
            RouteId::Panel,
            RouteId::Support,
            RouteId::Mediation,
        ]
        .into_iter()
        .chain(others)
        {
            let key = match &route {
                RouteId::Other(id) => format!("others.{id}"),
                built_in => built_in.as_str().to_string(),
            };
            let config = self.routes.get(&route);
            if config.recipients.is_empty() {
                problems.push(format!(
                    "routes.{key}.recipients: at least one email address is needed"
                ));
            }
            for recipient in &config.recipients {
                if ContactEmail::parse(recipient).is_err() {
                    problems.push(format!(
                        "routes.{key}.recipients: `{recipient}` is not an email address"
                    ));
                }
            }
        }
        for item in ConsentItem::ALL {
            let wording = self.consent.get(item);
            if wording.version.trim().is_empty() || wording.question.trim().is_empty() {
                problems.push(format!(
                    "consent.{}: version and question are both needed",
                    item.as_str()
                ));
            }
        }
        if self.smtp.from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(format!(
                "smtp.from: `{}` is not a mailbox like `Name <name@example.org>`",
                self.smtp.from
            ));
        }
        if self
            .smtp
            .host
            .as_deref()
            .is_some_and(|h| h.trim().is_empty())
        {
            problems.push("smtp.host: leave it out for file delivery, or name a host".into());
        }
        if let (Some(host), Some(_)) = (&self.smtp.host, &self.smtp.username) {
            if self.smtp.security == SmtpSecurity::None && !is_loopback_host(host) {
                problems.push(format!(
                    "smtp.security: `none` would send the password unencrypted to `{host}`; \
                     use `starttls` or `tls` (plain SMTP with a username is only for a relay on \
                     this machine)"
                ));
            }
        }
        // Every number has a range: a huge delay overflowed the clock and stopped the outbox,
        // a zero poll interval spun a core.
        let mut bounded = |key: &str, value: u64, range: std::ops::RangeInclusive<u64>| {
            if !range.contains(&value) {
                problems.push(format!(
                    "{key}: {value} is out of range; use {} to {}",
                    range.start(),
                    range.end()
                ));
            }
        };
        let o = &self.outbox;
        bounded("outbox.max_attempts", o.max_attempts.into(), 1..=100);
        bounded("outbox.base_delay_ms", o.base_delay_ms, 100..=3_600_000);
        bounded("outbox.max_delay_ms", o.max_delay_ms, 100..=86_400_000);
        bounded("outbox.poll_interval_ms", o.poll_interval_ms, 50..=60_000);
        bounded("smtp.port", self.smtp.port.into(), 1..=65_535);
        bounded("smtp.timeout_seconds", self.smtp.timeout_seconds, 1..=300);
        let staff = &self.staff;
        bounded(
            "retention.erase_days_after_closing",
            self.retention.erase_days_after_closing.into(),
            1..=36_500,
        );
        bounded(
            "retention.review_unclosed_after_days",
            self.retention.review_unclosed_after_days.into(),
            1..=3_650,
        );
        bounded(
            "staff.invitation_hours",
            staff.invitation_hours.into(),
            1..=168,
        );
        bounded(
            "staff.session.idle_minutes",
            staff.session.idle_minutes.into(),
            1..=480,
        );
        bounded(
            "staff.session.absolute_hours",
            staff.session.absolute_hours.into(),
            1..=24,
        );
        let throttle = &staff.sign_in_throttle;
        bounded(
            "staff.sign_in_throttle.per_account",
            throttle.per_account.into(),
            1..=100,
        );
        bounded(
            "staff.sign_in_throttle.per_address",
            throttle.per_address.into(),
            1..=1000,
        );
        bounded(
            "staff.sign_in_throttle.window_minutes",
            throttle.window_minutes.into(),
            1..=1440,
        );
        bounded(
            "drafts.lifetime_hours",
            self.drafts.lifetime_hours.into(),
            1..=168,
        );
        let site = &self.site;
        bounded(
            "site.request_timeout_seconds",
            site.request_timeout_seconds,
            1..=300,
        );
        let days = site.triage_response_working_days.into();
        bounded("site.triage_response_working_days", days, 1..=60);
        let urgent_days = site.urgent_response_working_days.into();
        bounded("site.urgent_response_working_days", urgent_days, 1..=60);
        // The Act's threshold is three; local procedures may only set a lower number.
        bounded(
            "site.case_review_threshold",
            site.case_review_threshold.into(),
            1..=3,
        );
        let c = &self.case_review;
        bounded("case_review.window_months", c.window_months.into(), 1..=12);
        bounded(
            "case_review.report_within_months",
            c.report_within_months.into(),
            1..=12,
        );
        bounded(
            "case_review.hate_incidents_needed",
            c.hate_incidents_needed.into(),
            0..=3,
        );
        bounded(
            "case_review.community_reporters_needed",
            c.community_reporters_needed.into(),
            0..=20,
        );
        bounded(
            "case_review.decision_working_days",
            c.decision_working_days.into(),
            1..=60,
        );
        bounded(
            "case_review.meeting_working_days",
            c.meeting_working_days.into(),
            1..=60,
        );
        bounded(
            "case_review.outcome_working_days",
            c.outcome_working_days.into(),
            1..=60,
        );
        bounded(
            "case_review.max_other_reports",
            c.max_other_reports.into(),
            1..=20,
        );
        bounded(
            "case_review.reporting_year_start_month",
            c.reporting_year_start_month.into(),
            1..=12,
        );
        if c.counted_channels.is_empty() {
            problems.push("case_review.counted_channels: at least one channel must count".into());
        }
        if c.consent.version.trim().is_empty() || c.consent.question.trim().is_empty() {
            problems.push("case_review.consent: version and question are both needed".into());
        }
        if c.coordinator.recipients.is_empty() {
            problems.push(
                "case_review.coordinator.recipients: at least one email address is needed".into(),
            );
        }
        for recipient in &c.coordinator.recipients {
            if ContactEmail::parse(recipient).is_err() {
                problems.push(format!(
                    "case_review.coordinator.recipients: `{recipient}` is not an email address"
                ));
            }
        }
        if site.urgent_response_working_days > site.triage_response_working_days {
            problems.push(
                "site.urgent_response_working_days: must be at most \
                 site.triage_response_working_days"
                    .into(),
            );
        }
        if o.max_delay_ms < o.base_delay_ms {
            problems.push("outbox.max_delay_ms: must be at least outbox.base_delay_ms".into());
        }
        if !(self.site.base_url.starts_with("http://")
            || self.site.base_url.starts_with("https://"))
        {
            problems.push(format!(
                "site.base_url: `{}` must start with http:// or https://",
                self.site.base_url
            ));
        }
        let web_address = |url: &str| url.starts_with("https://") || url.starts_with("http://");
        if !web_address(&self.site.exit_url) {
            problems.push("site.exit_url: must be a full web address".into());
        }
        if !web_address(&self.site.cover_tracks_url) {
            problems.push("site.cover_tracks_url: must be a full web address".into());
        }
        if !web_address(&self.site.feedback_url) && !self.site.feedback_url.starts_with("mailto:") {
            problems
                .push("site.feedback_url: must be a full web address or a mailto: address".into());
        }
        problems.extend(self.site.contact.problems());
        let area_ids: Vec<&str> = self.areas.iter().map(|a| a.id.as_str()).collect();
        problems.extend(areas::problems(&self.postcode_areas, &area_ids));
        for (i, signpost) in self.signposting.iter().enumerate() {
            if let Some(url) = &signpost.url {
                let portal_page = url.starts_with('/') && !url.starts_with("//");
                if !portal_page && !url.starts_with("https://") && !url.starts_with("http://") {
                    problems.push(format!(
                        "signposting[{i}].url: `{url}` must be a full web address or a page of \
                         the portal such as /noise-diary"
                    ));
                }
            }
            if let Some(phone) = &signpost.phone {
                if tel_uri(phone).is_none() {
                    problems.push(format!(
                        "signposting[{i}].phone: `{phone}` is not a UK phone number or short code"
                    ));
                }
            }
        }
        problems.extend(triage_hours_problems(&self.site.triage_hours));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::Invalid(problems))
        }
    }
}

/// Lays `file` over `base`: a table key by key, anything else (a value, a list) replaced.
fn overlay(base: &mut toml::Table, file: toml::Table) {
    for (key, value) in file {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => overlay(below, above),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The built-in configuration.
impl Default for Config {
    fn default() -> Self {
        Config::from_toml_str("").expect("src/defaults.toml is a valid configuration")
    }
}

/// Whether an SMTP host is this machine, where plain SMTP never crosses a network.
fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_built_in_default_is_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn a_file_overlays_only_the_sections_it_names() {
        let config = Config::from_toml_str(
            "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\n",
        )
        .unwrap();
        assert_eq!(config.smtp.port, 2525);
        assert_eq!(
            config.routes.triage.recipients,
            ["asb-triage@council.example"]
        );
        assert_eq!(config.categories.len(), 11);
    }

    #[test]
    fn a_file_overrides_only_the_keys_it_names_within_a_section() {
        let config = Config::from_toml_str(
            "[assessment]\nhigh_score = 30\n\n[routing]\npanel_bands = [\"medium\", \"high\"]\n",
        )
        .unwrap();
        let built_in = Config::default();
        assert_eq!(config.assessment.high_score, 30);
        assert_eq!(
            config.assessment.medium_score,
            built_in.assessment.medium_score
        );
        assert_eq!(config.assessment.questions, built_in.assessment.questions);
        assert_eq!(config.routing.panel_bands, [Band::Medium, Band::High]);
        assert_eq!(
            config.routing.mediation_bands,
            built_in.routing.mediation_bands
        );
        // A list replaces the list.
        let config =
            Config::from_toml_str("[[areas]]\nid = \"docks\"\nlabel = \"Docks\"\n").unwrap();
        assert_eq!(config.areas.len(), 1);
    }

    #[test]
    fn the_built_in_file_is_complete_and_is_what_the_portal_uses() {
        // Every key the portal reads is in the file: read with nothing laid over it and no
        // defaults filled in, it is the whole configuration.
        let file: Config = toml::from_str(DEFAULTS_TOML).unwrap();
        let built_in = Config::default();
        assert_eq!(
            toml::to_string(&file).unwrap(),
            toml::to_string(&built_in).unwrap()
        );
        assert_eq!(built_in.categories.len(), 11);
        assert_eq!(built_in.assessment.groups.len(), 5);
    }

    #[test]
    fn an_error_reads_as_an_administrator_needs_it() {
        let error = Config::from_toml_str("[site]\nbase_urll = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("site.base_urll: unknown field `base_urll`"),
            "{error}"
        );
        let error = Config::from_toml_str("[smtp]\nport = 70000\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("smtp.port"), "{error}");
        let error = Config::from_toml_str("[site\nname = 1")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 1"),
            "a syntax error says where: {error}"
        );
    }

    #[test]
    fn errors_name_the_bad_key() {
        let cases = [
            ("[site]\nbase_urll = \"x\"\n", "base_urll"),
            (
                "[routes.panel]\nname = \"Panel\"\nrecipients = [\"not-an-email\"]\n",
                "routes.panel.recipients",
            ),
            ("[outbox]\nmax_attempts = 0\n", "outbox.max_attempts"),
            ("[smtp]\nsecurity = \"ssl\"\n", "security"),
            (
                "[assessment]\nhigh_score = 5\nmedium_score = 10\n",
                "assessment",
            ),
        ];
        for (text, key) in cases {
            let error = Config::from_toml_str(text).unwrap_err().to_string();
            assert!(error.contains(key), "{text:?} gave {error}");
        }
    }

    #[test]
    fn an_unknown_key_in_any_section_is_refused_with_its_name() {
        let category = "id = \"x\"\nlabel = \"X\"\nasb_type = \"nuisance\"\n";
        let question = "id = \"q\"\ngroup = \"history\"\ntext = \"Q?\"\noptions = []\n";
        let cases = [
            "colour = 1\n".to_string(),
            "[site]\ncolour = 1\n".into(),
            format!("[[categories]]\n{category}colour = 1\n"),
            format!("[[categories]]\n{category}[categories.flags]\ncolour = true\n"),
            "[[areas]]\nid = \"n\"\nlabel = \"North\"\ncolour = 1\n".into(),
            "[assessment]\ncolour = 1\n".into(),
            "[[assessment.groups]]\nid = \"g\"\ntitle = \"G\"\ncolour = 1\n".into(),
            format!("[[assessment.questions]]\n{question}colour = 1\n"),
            format!(
                "[[assessment.questions]]\n{}[[assessment.questions.options]]\n\
                 value = \"v\"\nlabel = \"V\"\ncolour = 1\n",
                question.replace("options = []\n", "")
            ),
            "[routing]\ncolour = [\"medium\"]\n".into(),
            "[routes.panel]\nname = \"P\"\nrecipients = [\"p@example.org\"]\ncolour = 1\n".into(),
            "[consent.share]\nversion = \"1\"\nquestion = \"Q?\"\ncolour = 1\n".into(),
            "[[signposting]]\nid = \"s\"\ntitle = \"S\"\ntext = \"T\"\ncolour = 1\n".into(),
            "[[signposting]]\nid = \"s\"\ntitle = \"S\"\ntext = \"T\"\n[signposting.when]\ncolour = 1\n"
                .into(),
            "[smtp]\ncolour = 1\n".into(),
            "[outbox]\ncolour = 1\n".into(),
            "[drafts]\ncolour = 1\n".into(),
            "[bank_holidays]\ncolour = 1\n".into(),
        ];
        for text in cases {
            let error = Config::from_toml_str(&text).unwrap_err().to_string();
            assert!(error.contains("colour"), "{text:?} gave {error}");
        }
        // The typo the issue found: it used to keep the default without a word.
        let error = Config::from_toml_str("[routing]\npanel_band = [\"medium\"]\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("panel_band"), "{error}");
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_their_key() {
        let cases = [
            (
                "[outbox]\nbase_delay_ms = 10000000000000000\n",
                "outbox.base_delay_ms",
            ),
            (
                "[outbox]\npoll_interval_ms = 0\n",
                "outbox.poll_interval_ms",
            ),
            ("[outbox]\nmax_attempts = 1000\n", "outbox.max_attempts"),
            (
                "[outbox]\nmax_delay_ms = 100000000000\n",
                "outbox.max_delay_ms",
            ),
            ("[smtp]\ntimeout_seconds = 0\n", "smtp.timeout_seconds"),
            ("[smtp]\nport = 0\n", "smtp.port"),
            (
                "[drafts]\nlifetime_hours = 100000\n",
                "drafts.lifetime_hours",
            ),
            (
                "[site]\ncase_review_threshold = 4\n",
                "site.case_review_threshold",
            ),
            (
                "[site]\ntriage_response_working_days = 0\n",
                "site.triage_response_working_days",
            ),
            (
                "[site]\nurgent_response_working_days = 6\n",
                "site.urgent_response_working_days",
            ),
            ("[site]\nurgent_bands = [\"severe\"]\n", "site.urgent_bands"),
            ("[site]\nphase = \"gamma\"\n", "site.phase"),
            ("[site]\nfeedback_url = \"feedback\"\n", "site.feedback_url"),
            (
                "[site]\ncover_tracks_url = \"/clear\"\n",
                "site.cover_tracks_url",
            ),
            (
                "[site.contact]\nphone = \"0800 12\"\n",
                "site.contact.phone",
            ),
            (
                "[site.contact]\nemail = \"asb at council\"\n",
                "site.contact.email",
            ),
            (
                "[site.contact]\nfax = \"01632 960001\"\n",
                "site.contact.fax",
            ),
        ];
        for (text, key) in cases {
            let error = Config::from_toml_str(text).unwrap_err().to_string();
            assert!(error.contains(key), "{text:?} gave {error}");
        }
        // The edges of each range are accepted.
        Config::from_toml_str("[outbox]\nbase_delay_ms = 100\nmax_delay_ms = 86400000\n").unwrap();
        Config::from_toml_str("[site]\ncase_review_threshold = 1\n").unwrap();
    }

    #[test]
    fn every_phone_number_in_the_built_in_configuration_is_a_uk_number() {
        let config = Config::default();
        let mut numbers: Vec<&str> = config
            .signposting
            .iter()
            .filter_map(|s| s.phone.as_deref())
            .collect();
        numbers.extend(config.site.contact.phone.as_deref());
        assert!(numbers.len() >= 4, "{numbers:?}");
        for number in numbers {
            assert!(
                tel_uri(number).is_some(),
                "{number} is not a UK number or short code"
            );
        }
        let victim_support = config
            .signposting
            .iter()
            .find(|s| s.id == "victim_support")
            .and_then(|s| s.phone.as_deref());
        assert_eq!(victim_support, Some("0808 16 89 111"));
        let helpline = config
            .signposting
            .iter()
            .find(|s| s.id == "domestic_abuse_helpline")
            .and_then(|s| s.phone.as_deref());
        assert_eq!(helpline, Some("0808 2000 247"));
        // A number that is not UK numbering stops the portal, with the key named.
        let error = Config::from_toml_str(
            "[[signposting]]\nid = \"x\"\ntitle = \"X\"\ntext = \"X\"\nphone = \"08 08 16 89 111 1\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("signposting[0].phone"), "{error}");
    }

    #[test]
    fn start_up_warns_when_links_in_emails_would_not_reach_the_portal() {
        let addr = |a: &str| a.parse::<std::net::SocketAddr>().unwrap();
        let with_base =
            |url: &str| Config::from_toml_str(&format!("[site]\nbase_url = \"{url}\"\n")).unwrap();
        // (base_url, listening on, warned)
        let cases = [
            ("http://127.0.0.1:3000", "127.0.0.1:3000", false),
            ("http://localhost:3000/", "127.0.0.1:3000", false),
            ("http://127.0.0.1:3000", "0.0.0.0:8080", true),
            ("http://asb.example.gov.uk", "10.0.0.5:3000", true),
            ("https://asb.example.gov.uk", "10.0.0.5:3000", false),
        ];
        for (base, listening, warned) in cases {
            let warning = with_base(base).base_url_warning(addr(listening));
            assert_eq!(
                warning.is_some(),
                warned,
                "{base} on {listening}: {warning:?}"
            );
            if let Some(warning) = warning {
                assert!(warning.contains("site.base_url"), "{warning}");
            }
        }
    }

    #[test]
    fn a_configuration_without_a_phone_or_an_email_is_refused() {
        // A deployment's file cannot remove a key, so the built-in contact is replaced by an
        // empty one this way.
        let mut config = Config::default();
        config.site.contact.phone = None;
        config.site.contact.email = None;
        let error = config.validate().unwrap_err().to_string();
        assert!(
            error.contains("site.contact: give a phone or an email"),
            "{error}"
        );
        config.site.contact.email = Some("asb@council.example".into());
        config.validate().unwrap();
    }

    #[test]
    fn smtp_credentials_need_tls_unless_the_relay_is_on_this_machine() {
        let smtp = |host: &str, security: &str| {
            format!("[smtp]\nhost = \"{host}\"\nsecurity = \"{security}\"\nusername = \"portal\"\n")
        };
        let error = Config::from_toml_str(&smtp("smtp.example.org", "none"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("smtp.security"), "{error}");
        assert!(error.contains("smtp.example.org"), "{error}");
        for (host, security) in [
            ("smtp.example.org", "starttls"),
            ("smtp.example.org", "tls"),
            ("127.0.0.1", "none"),
            ("localhost", "none"),
            ("[::1]", "none"),
        ] {
            Config::from_toml_str(&smtp(host, security))
                .unwrap_or_else(|e| panic!("{host} {security}: {e}"));
        }
    }

    #[test]
    fn a_username_without_its_password_is_refused_at_start_up() {
        let config =
            Config::from_toml_str("[smtp]\nhost = \"smtp.example.org\"\nusername = \"portal\"\n")
                .unwrap();
        let error = config.check_secrets(false).unwrap_err().to_string();
        assert!(error.contains("smtp.username") && error.contains("ASB_SMTP_PASSWORD"));
        config.check_secrets(true).unwrap();
        Config::default().check_secrets(false).unwrap();
    }

    #[test]
    fn cookies_are_secure_whenever_the_site_is_https() {
        let cases = [
            ("[site]\nbase_url = \"https://asb.example.gov.uk\"\n", true),
            ("[site]\nbase_url = \"http://127.0.0.1:3000\"\n", false),
            (
                "[site]\nbase_url = \"https://asb.example.gov.uk\"\nsecure_cookies = false\n",
                false,
            ),
            ("[site]\nsecure_cookies = true\n", true),
        ];
        for (text, secure) in cases {
            assert_eq!(
                Config::from_toml_str(text).unwrap().secure_cookies(),
                secure,
                "{text}"
            );
        }
    }

    #[test]
    fn configured_bank_holiday_changes_count_in_deadlines() {
        let config = Config::from_toml_str(
            "[bank_holidays]\nadded = [\"2030-06-03\"]\nremoved = [\"2030-05-06\"]\n",
        )
        .unwrap();
        assert!(config
            .bank_holidays
            .is_holiday(NaiveDate::from_ymd_opt(2030, 6, 3).unwrap()));
        assert!(!config
            .bank_holidays
            .is_holiday(NaiveDate::from_ymd_opt(2030, 5, 6).unwrap()));
    }
}
