//! Signing in: the password, the code from an authenticator app, setting the app up the first
//! time, and the recovery codes shown once.

use leptos::prelude::*;

use crate::components::{ErrorSummary, TextInput};
use crate::domain::fields::FieldError;
use leptos_meta::Title;

/// Why the sign-in page is shown, when it is not the first visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Signed out after this many minutes without activity.
    Idle(u32),
    /// Signed out this many hours after signing in.
    Expired(u32),
    SignedOut,
    /// An invitation was accepted: sign in for the first time.
    PasswordSet,
}

/// One message for every wrong email, password or disabled account: the page never says which
/// accounts exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    Missing,
    NotRight,
    /// Too many failures: wait this many minutes.
    TooMany(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    Missing,
    NotRight,
    TooMany(u32),
}

pub enum View {
    SignIn {
        email: String,
        error: Option<SignInError>,
        notice: Option<Notice>,
        csrf: String,
        next: String,
    },
    Code {
        error: Option<CodeError>,
        csrf: String,
        next: String,
    },
    SetUp {
        qr_svg: String,
        key: String,
        error: Option<CodeError>,
        csrf: String,
        next: String,
    },
    RecoveryCodes {
        codes: Vec<String>,
        next: String,
    },
}

fn code_error_message(error: CodeError) -> String {
    match error {
        CodeError::Missing => "Enter the 6-digit code from your authenticator app".into(),
        CodeError::NotRight => {
            "The code is not right, or has been used already. Enter the code your app shows now"
                .into()
        }
        CodeError::TooMany(minutes) => {
            format!("There have been too many attempts. Wait {minutes} minutes, then try again")
        }
    }
}

impl View {
    pub fn render(self) -> AnyView {
        match self {
            View::SignIn {
                email,
                error,
                notice,
                csrf,
                next,
            } => sign_in(email, error, notice, csrf, next).into_any(),
            View::Code { error, csrf, next } => code(error, csrf, next).into_any(),
            View::SetUp {
                qr_svg,
                key,
                error,
                csrf,
                next,
            } => set_up(qr_svg, key, error, csrf, next).into_any(),
            View::RecoveryCodes { codes, next } => recovery_codes(codes, next).into_any(),
        }
    }
}

fn sign_in(
    email: String,
    error: Option<SignInError>,
    notice: Option<Notice>,
    csrf: String,
    next: String,
) -> impl IntoView {
    let message = error.map(|e| match e {
        SignInError::Missing => "Enter your email address and password".to_string(),
        SignInError::NotRight => {
            "The email address or password is not right. Check them and try again".to_string()
        }
        SignInError::TooMany(minutes) => format!(
            "There have been too many attempts to sign in. Wait {minutes} minutes, then try again"
        ),
    });
    let errors: Vec<FieldError> = message
        .iter()
        .map(|m| FieldError {
            field: "email".into(),
            message: m.clone(),
        })
        .collect();
    let notice = notice.map(|n| {
        let text = match n {
            Notice::Idle(minutes) => format!(
                "You have been signed out because you did nothing for {minutes} minutes. Sign in again to carry on."
            ),
            Notice::Expired(hours) => format!(
                "You have been signed out because you signed in more than {hours} hours ago. Sign in again to carry on."
            ),
            Notice::SignedOut => "You have signed out.".to_string(),
            Notice::PasswordSet => {
                "Your password is set. Sign in, then set up an authenticator app on your phone."
                    .to_string()
            }
        };
        view! {
            <div class="govuk-notification-banner" role="region" aria-labelledby="signed-out-title" data-module="govuk-notification-banner">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="signed-out-title">"Important"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{text}</p>
                </div>
            </div>
        }
    });
    view! {
        <Title text="Sign in" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {notice}
                <ErrorSummary errors=errors />
                <h1 class="govuk-heading-l">"Sign in to the staff area"</h1>
                <p class="govuk-body">
                    "For council officers and partner services. If you want to report anti-social behaviour, "
                    <a class="govuk-link" href="/report">"report it here"</a> "."
                </p>
                <form method="post" action="/staff/sign-in" novalidate>
                    <input type="hidden" name="csrf" value=csrf />
                    <input type="hidden" name="next" value=next />
                    <TextInput
                        name="email"
                        label="Email address"
                        value=email
                        error=message.clone()
                        kind="email"
                        autocomplete="username"
                        spellcheck_off=true
                    />
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="password">"Password"</label>
                        <input
                            class="govuk-input govuk-!-width-two-thirds"
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            spellcheck="false"
                        />
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                </form>
                <p class="govuk-body">
                    "If you have forgotten your password or lost your phone, ask your administrator."
                </p>
            </div>
        </div>
    }
}

fn code_field(error: Option<CodeError>, label: &'static str, hint: &'static str) -> impl IntoView {
    let message = error.map(code_error_message);
    let errors: Vec<FieldError> = message
        .iter()
        .map(|m| FieldError {
            field: "code".into(),
            message: m.clone(),
        })
        .collect();
    view! {
        <ErrorSummary errors=errors />
        <TextInput
            name="code"
            label=label
            hint=hint
            value=String::new()
            error=message
            autocomplete="one-time-code"
            width="govuk-input--width-10"
            spellcheck_off=true
        />
    }
}

fn code(error: Option<CodeError>, csrf: String, next: String) -> impl IntoView {
    view! {
        <Title text="Enter the code from your authenticator app" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <form method="post" action="/staff/sign-in/code" novalidate>
                    <h1 class="govuk-heading-l">"Enter the code from your authenticator app"</h1>
                    <input type="hidden" name="csrf" value=csrf />
                    <input type="hidden" name="next" value=next />
                    {code_field(
                        error,
                        "Code",
                        "The 6-digit code your app shows for this service. If you do not have your phone, enter one of your recovery codes instead.",
                    )}
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                </form>
            </div>
        </div>
    }
}

fn set_up(
    qr_svg: String,
    key: String,
    error: Option<CodeError>,
    csrf: String,
    next: String,
) -> impl IntoView {
    view! {
        <Title text="Set up an authenticator app" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Set up an authenticator app"</h1>
                <p class="govuk-body">
                    "Every time you sign in you will need a code from an app on your phone as well as your password, so that nobody who learns your password can open cases."
                </p>
                <ol class="govuk-list govuk-list--number">
                    <li>"Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator)."</li>
                    <li>"Add an account, and scan this QR code."</li>
                    <li>"Enter the 6-digit code the app shows."</li>
                </ol>
                <div class="app-qr-code" role="img" aria-label="QR code to add this service to an authenticator app" inner_html=qr_svg></div>
                <p class="govuk-body">"If you cannot scan the code, enter this key in the app instead:"</p>
                <p class="govuk-body app-secret-key"><code>{key}</code></p>
                <form method="post" action="/staff/sign-in/set-up-code" novalidate>
                    <input type="hidden" name="csrf" value=csrf />
                    <input type="hidden" name="next" value=next />
                    {code_field(error, "Code from the app", "The 6-digit code the app shows now.")}
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                </form>
            </div>
        </div>
    }
}

fn recovery_codes(codes: Vec<String>, next: String) -> impl IntoView {
    view! {
        <Title text="Save your recovery codes" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <h1 class="govuk-panel__title">"Your authenticator app is set up"</h1>
                </div>
                <h2 class="govuk-heading-m">"Save your recovery codes"</h2>
                <p class="govuk-body">
                    "If you lose your phone, you can sign in with one of these codes instead of a code from the app. Each code works once. Keep them somewhere safe, away from your phone: this is the only time they are shown."
                </p>
                <ul class="govuk-list app-recovery-codes">
                    {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ul>
                <a class="govuk-button" role="button" draggable="false" href=next data-module="govuk-button">"I have saved my codes, continue"</a>
            </div>
        </div>
    }
}
