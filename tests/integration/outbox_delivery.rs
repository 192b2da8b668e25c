//! Nothing is lost: emails wait in the outbox while the SMTP server is down and are delivered
//! when it returns; without an SMTP host they are written as files.

use crate::support::*;
use asb_portal::server::config::Config;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_while_smtp_is_down_and_is_delivered_when_it_returns() {
    // The portal is configured for an SMTP server that is not running.
    let mut portal = Portal::with_sink(SmtpSink::new()).await;
    let browser = portal.browser();

    let confirmation = browser
        .report(&Answers::straightforward(RESIDENT.email))
        .await;
    let reference = confirmation.reference();

    let p = &portal;
    let failing = eventually("failed attempts to be recorded", || async move {
        let rows = p.outbox().await;
        let all_failed = rows.len() == 3
            && rows
                .iter()
                .all(|r| r.status == "pending" && r.attempts > 0 && r.last_error.is_some());
        all_failed.then_some(rows)
    })
    .await;
    for row in &failing {
        assert_no_personal_data(
            "an outbox error",
            row.last_error.as_deref().unwrap(),
            RESIDENT.email,
        );
    }
    assert!(portal.sink().messages().is_empty());

    // The SMTP server comes back on the same port.
    portal.sink_mut().start();
    let mail = portal.sink().wait_for_messages(3).await;
    let sent = portal.wait_all_sent().await;
    for row in &sent {
        assert!(row.attempts >= 2, "{row:?}");
        assert_eq!(row.last_error, None);
        assert!(
            mail.iter()
                .any(|m| m.message_id.as_deref().map(str::trim) == Some(row.message_id.as_str())),
            "no mail with Message-ID {}",
            row.message_id
        );
    }
    assert!(mail.iter().all(|m| m.body.contains(&reference)));
    // Delivered once each, not once per attempt.
    assert_eq!(portal.sink().messages().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_smtp_host_mail_is_written_as_files_into_the_mail_dir() {
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("outgoing-mail");
    let mut config = Config::default();
    assert_eq!(
        config.smtp.host, None,
        "the default configuration has no SMTP host"
    );
    config.smtp.mail_dir = mail_dir.clone();
    let portal = Portal::start(config, None).await;

    let reference = portal
        .browser()
        .report(&Answers::straightforward(RESIDENT.email))
        .await
        .reference();

    let sent = portal.wait_all_sent().await;
    assert_eq!(sent.len(), 3);
    let files = eventually("three .eml files", || {
        let mail_dir = mail_dir.clone();
        async move {
            let files: Vec<_> = std::fs::read_dir(&mail_dir)
                .ok()?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect();
            (files.len() >= 3).then_some(files)
        }
    })
    .await;
    assert_eq!(files.len(), 3);
    let mail: Vec<Mail> = files
        .iter()
        .map(|f| Mail::parse(&std::fs::read(f).unwrap()))
        .collect();
    for address in [TRIAGE, MEDIATION, RESIDENT.email] {
        assert_eq!(
            mail_to(&mail, address).len(),
            1,
            "mail to {address}: {:#?}",
            subjects(&mail)
        );
    }
    assert!(mail.iter().all(|m| m.body.contains(&reference)));
}
