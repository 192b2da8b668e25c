//! Form fuzzing through the real server: every page of the report journey and of the ASB Case
//! Review application, their submits, and every action of the staff area are posted bodies built at random from the page's
//! own field names and from hostile values (empty, very long, other scripts, control
//! characters, malformed percent-encoding, invalid UTF-8, duplicated and unknown fields). Each
//! must be answered as a person would expect: a page (with errors, or the next one), never a
//! server error, and the journey goes on.
//!
//! In `scripts/test.sh` a few cases a page run as a regression guard. For a longer run, a
//! command: `ASB_FUZZ_CASES=500 cargo test --test integration fuzz -- --nocapture` (add
//! `ASB_FUZZ_SEED=n` to repeat a run). A body that fails becomes a case in `ALWAYS`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::support::*;

/// Bodies posted to every page on every run: invalid UTF-8, a field twice, and a body that is
/// only separators. A body that ever fails a run is added here, so it is tried for good.
const ALWAYS: &[&[u8]] = &[b"category=%FF", b"description=&description=", b"=&&==&%"];

/// Values no person types, but a browser, a tool or an attacker may send.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "yes",
    "no",
    "0",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "31",
    "%00",
    "%FF%FE",
    "%",
    "%E2%82",
    "<script>alert(1)</script>",
    "'; DROP TABLE reports; --",
    "\u{202e}gnp.exe",
    "😀😀😀",
    "ÅÄÖ ŁÓDŹ 東京",
    "\r\n\r\n",
    "{{name}}",
    "${jndi:ldap://x}",
];

/// The names of the fields in the page's forms (not its `<meta name=…>`).
fn field_names(html: &str) -> Vec<String> {
    let forms = html.split_once("<form").map_or("", |(_, forms)| forms);
    let mut names: Vec<String> = forms
        .split("name=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| *name != "csrf")
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn percent_encode(value: &str) -> String {
    // Already-encoded hostile values (starting with %) are sent as they are.
    if value.starts_with('%') {
        return value.to_string();
    }
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One random body: some of the page's fields (some twice), maybe an unknown one, each with a
/// hostile value, a long one, or random bytes.
fn random_body(rng: &mut StdRng, names: &[String]) -> Vec<u8> {
    let mut pairs: Vec<Vec<u8>> = Vec::new();
    let fields = rng.gen_range(0..=names.len() + 2);
    for _ in 0..fields {
        let name = if names.is_empty() || rng.gen_bool(0.1) {
            "not_a_field".to_string()
        } else {
            names[rng.gen_range(0..names.len())].clone()
        };
        let value: Vec<u8> = match rng.gen_range(0..10) {
            0 => "x".repeat(rng.gen_range(1_000..20_000)).into_bytes(),
            1 => (0..rng.gen_range(1..40)).map(|_| rng.gen::<u8>()).collect(),
            _ => percent_encode(HOSTILE[rng.gen_range(0..HOSTILE.len())]).into_bytes(),
        };
        let mut pair = name.into_bytes();
        pair.push(b'=');
        pair.extend(value);
        pairs.push(pair);
    }
    pairs.join(&b'&')
}

/// The run's random source: `ASB_FUZZ_SEED`, or a new seed, printed so a run can be repeated.
fn seeded() -> StdRng {
    let seed = std::env::var("ASB_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    println!("fuzz seed {seed} (ASB_FUZZ_SEED={seed} repeats this run)");
    StdRng::seed_from_u64(seed)
}

fn cases() -> usize {
    std::env::var("ASB_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8)
}

async fn assert_answered(browser: &Browser, path: &str, body: Vec<u8>) {
    let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
    let page = browser.post_raw(path, body).await;
    assert!(
        page.status.is_success() || page.status.is_client_error(),
        "{path} answered {} to {shown:?}",
        page.status
    );
    assert!(
        page.body.contains("govuk-template") || page.body.contains("<html"),
        "{path} answered {} without a page to {shown:?}",
        page.status
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_and_hostile_form_bodies_on_every_report_page_are_answered_with_a_page() {
    let mut rng = seeded();
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::high_risk(RESIDENT.email).for_a_neighbour("knows_and_agrees");
    let mut page = browser.start().await;
    let steps = answers.pages();
    let mut posted = 0;
    for (i, (path, form)) in steps.iter().enumerate() {
        assert_eq!(page.path(), path);
        let names = field_names(&page.body);
        for body in ALWAYS {
            assert_answered(&browser, path, body.to_vec()).await;
        }
        for _ in 0..cases() {
            assert_answered(&browser, path, random_body(&mut rng, &names)).await;
            posted += 1;
        }
        // The person's own answer still goes through after all that.
        let next = steps
            .get(i + 1)
            .map(|(p, _)| p.as_str())
            .unwrap_or("/report/check");
        page = browser.answer(path, form, next).await;
    }
    for _ in 0..cases() {
        let body = random_body(&mut rng, &["version".to_string()]);
        assert_answered(&browser, "/report/submit", body).await;
    }
    // The submit still works, once, with what the person checked.
    browser.submit().await;
    assert_eq!(portal.count("reports").await, 1);
    println!("{posted} random bodies posted to {} pages", steps.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_and_hostile_form_bodies_on_every_case_review_page_are_answered_with_a_page() {
    let mut rng = seeded();
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let twenty_days_ago = chrono::Utc::now().date_naive() - chrono::Days::new(20);
    let (day, month, year) = {
        use chrono::Datelike;
        (
            twenty_days_ago.day().to_string(),
            twenty_days_ago.month().to_string(),
            twenty_days_ago.year().to_string(),
        )
    };
    let apply = "/case-review/apply";
    // Each page, the applicant's own answer, and where it leads.
    let steps: Vec<(String, Form, String)> = [
        ("who", form(&[("applicant", "victim")]), "contact-details"),
        (
            "contact-details",
            form(&[
                ("full_name", RESIDENT.name),
                ("email", RESIDENT.email),
                ("phone", ""),
                ("safe_to_email", "yes"),
                ("contact_times", ""),
            ]),
            "portal-reports",
        ),
        (
            "portal-reports",
            form(&[("action", "continue")]),
            "other-reports",
        ),
        (
            "other-reports",
            form(&[
                ("incident_day", &day),
                ("incident_month", &month),
                ("incident_year", &year),
                ("reported_day", &day),
                ("reported_month", &month),
                ("reported_year", &year),
                ("reported_to", "police"),
                ("how", "phone"),
                ("their_reference", ""),
                ("details", ""),
                ("action", "add"),
            ]),
            "other-reports",
        ),
        ("other-reports", form(&[("action", "continue")]), "impact"),
        (
            "impact",
            form(&[
                ("description", "I have not slept properly for months"),
                ("hate", "no"),
                ("outcome_hoped", "That the noise stops"),
            ]),
            "taking-part",
        ),
        ("taking-part", form(&[("taking_part", "online")]), "consent"),
        ("consent", form(&[("consent", "yes")]), "check"),
    ]
    .into_iter()
    .map(|(page, answer, next)| (format!("{apply}/{page}"), answer, format!("{apply}/{next}")))
    .collect();
    let mut page = browser.post("/case-review/apply/start", &Form::new()).await;
    let mut posted = 0;
    for (path, answer, next) in &steps {
        assert_eq!(page.path(), path);
        let names = field_names(&page.body);
        for body in ALWAYS {
            assert_answered(&browser, path, body.to_vec()).await;
        }
        for _ in 0..cases() {
            assert_answered(&browser, path, random_body(&mut rng, &names)).await;
            posted += 1;
        }
        page = browser.answer(path, answer, next).await;
    }
    let submit = format!("{apply}/submit");
    for _ in 0..cases() {
        let body = random_body(&mut rng, &["version".to_string()]);
        assert_answered(&browser, &submit, body).await;
    }
    // The application still goes, with what the applicant checked.
    let check = browser.get(&format!("{apply}/check")).await;
    let sent = browser.post(&submit, &check.submit_form()).await;
    assert_eq!(
        sent.path(),
        format!("{apply}/confirmation"),
        "{}",
        sent.body
    );
    assert_eq!(portal.count("case_reviews").await, 1);
    println!("{posted} random bodies posted to {} pages", steps.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_and_hostile_bodies_on_every_staff_action_are_answered_with_a_page() {
    use asb_portal::domain::case_work::CaseAction;
    use asb_portal::server::config::Config;
    let mut rng = seeded();
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let reference = portal
        .browser()
        .report(&Answers::straightforward(RESIDENT.email))
        .await
        .reference();
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let case_path = format!("/staff/reports/{reference}");
    let mut posted = 0;
    for action in CaseAction::ALL {
        let path = format!("{case_path}/{}", action.path());
        // The fields its own page asks for, or the case page's; with a good token, so the
        // bodies reach the action's parser rather than stopping at the CSRF check.
        let form_page = if action.has_own_page() {
            officer.get(&path).await
        } else {
            officer.get(&case_path).await
        };
        let names = field_names(&form_page.body);
        let csrf = format!("&csrf={}", hidden(&form_page.body, "csrf"));
        let bodies = ALWAYS
            .iter()
            .map(|b| b.to_vec())
            .chain((0..cases()).map(|_| random_body(&mut rng, &names)));
        for mut body in bodies.collect::<Vec<_>>() {
            body.extend_from_slice(csrf.as_bytes());
            assert_answered(&officer.browser, &path, body).await;
            posted += 1;
        }
    }
    // The case still opens, and a real note still goes in.
    let case = officer.get(&case_path).await;
    assert_eq!(case.status, reqwest::StatusCode::OK);
    let noted = officer
        .post_from(
            &case,
            &format!("{case_path}/notes"),
            &[("note", "Still working.")],
        )
        .await;
    assert!(noted.body.contains("Still working."));
    println!(
        "{posted} random bodies posted to {} actions",
        CaseAction::ALL.len()
    );
}
