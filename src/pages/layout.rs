//! The document around every page, as a Leptos component: head, skip link, header, "Exit this
//! page", back link, main and footer. Each page sets its own `<title>` (and, where it is public,
//! its description) with leptos_meta beside its heading; `Shell::page` renders the page inside
//! the document and lets leptos_meta put those into the head.

use std::sync::Arc;

use futures::StreamExt;
use hydration_context::SsrSharedContext;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_meta::{MetaTags, ServerMetaContext, Title};

use crate::components::CouncilContactDetails;
use crate::domain::council_contact::CouncilContact;
use crate::server::config::SiteConfig;

pub const SERVICE_NAME: &str = "Report anti-social behaviour";

/// A service of the portal, as its pages name it: in every title and the service navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub name: &'static str,
    /// Its start page.
    pub href: &'static str,
}

/// Journey 1, and the pages that are not part of a journey.
pub const REPORT_SERVICE: Service = Service {
    name: SERVICE_NAME,
    href: "/report",
};

/// Journey 2.
pub const CASE_REVIEW_SERVICE: Service = Service {
    name: "Apply for an ASB Case Review",
    href: "/case-review/apply",
};

/// The staff area.
pub const STAFF_SERVICE: Service = Service {
    name: "ASB staff area",
    href: "/staff",
};

/// What the document needs to know of the deployment: fixed at start-up.
#[derive(Debug, Clone)]
pub struct Shell {
    site_name: String,
    contact: CouncilContact,
    phase: Option<&'static str>,
    feedback_url: String,
    stylesheet: String,
    script: String,
}

/// What varies per page around its content. The title is the page's own (leptos_meta's
/// `<Title>` beside its heading).
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// The service the page belongs to.
    pub service: Service,
    /// The page shows errors: its title starts "Error: ".
    pub error: bool,
    pub back: Option<String>,
    /// A public page search engines may list (the start and information pages); every other
    /// page, which can hold a person's answers, is `noindex`.
    pub indexable: bool,
}

impl Default for PageMeta {
    fn default() -> Self {
        PageMeta {
            service: REPORT_SERVICE,
            error: false,
            back: None,
            indexable: false,
        }
    }
}

impl PageMeta {
    pub fn new() -> Self {
        PageMeta::default()
    }

    pub fn service(mut self, service: Service) -> Self {
        self.service = service;
        self
    }

    pub fn back(mut self, href: impl Into<String>) -> Self {
        self.back = Some(href.into());
        self
    }

    pub fn error(mut self, error: bool) -> Self {
        self.error = error;
        self
    }

    pub fn indexable(mut self) -> Self {
        self.indexable = true;
        self
    }
}

/// Renders a view to HTML inside its own reactive owner (the components' own tests use it).
pub fn render_view<V: IntoView + 'static>(build: impl FnOnce() -> V) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    owner.with(|| build().into_view().to_html())
}

impl Shell {
    pub fn new(options: &LeptosOptions, site: &SiteConfig) -> Shell {
        let pkg = options.site_pkg_dir.to_string();
        let root = options.site_root.to_string();
        // Linked with a hash of their contents, so browsers keep them for a year
        // (`server::assets`).
        let fingerprinted = |path: String| crate::server::assets::fingerprinted(&root, &path);
        Shell {
            site_name: site.name.clone(),
            contact: site.contact.clone(),
            phase: site.phase.banner_tag(),
            feedback_url: site.feedback_url.clone(),
            stylesheet: fingerprinted(format!("/{pkg}/{}.css", options.output_name)),
            // GOV.UK Frontend's own JavaScript gives every component its behaviour. No page
            // has an island today, so the islands' loader (`HydrationScripts`) and its wasm
            // are not sent; add them to the head with the first island.
            script: fingerprinted(format!("/{pkg}/govuk-init.mjs")),
        }
    }

    /// The whole document for a page whose main content `build` makes.
    pub async fn page<V: IntoView + 'static>(
        &self,
        meta: &PageMeta,
        build: impl FnOnce() -> V,
    ) -> String {
        let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
        let (head, head_output) = ServerMetaContext::new();
        let shell = self.clone();
        let meta = meta.clone();
        let html = owner.with(move || {
            provide_context(head);
            leptos_meta::provide_meta_context();
            let content = build();
            view! { <Document shell=shell meta=meta>{content}</Document> }.to_html()
        });
        let with_head = head_output
            .inject_meta_context(futures::stream::iter([html]))
            .await;
        with_head.collect::<String>().await
    }
}

#[component]
fn Document(shell: Shell, meta: PageMeta, children: Children) -> impl IntoView {
    let error = meta.error;
    let site = shell.site_name;
    let title_site = site.clone();
    // "Page – Service – Council" (the GOV.UK pattern); the start page is the service itself.
    let service = meta.service;
    let for_residents = service != STAFF_SERVICE;
    let formatter = move |title: String| {
        let prefix = if error { "Error: " } else { "" };
        if title == service.name {
            format!("{prefix}{title} – {title_site}")
        } else {
            format!("{prefix}{title} – {} – {title_site}", service.name)
        }
    };
    let phase_banner = shell.phase.map(|tag| {
        view! {
            <div class="govuk-phase-banner">
                <p class="govuk-phase-banner__content">
                    <strong class="govuk-tag govuk-phase-banner__content__tag">{tag}</strong>
                    <span class="govuk-phase-banner__text">
                        "This is a new service. Help us improve it and "
                        <a class="govuk-link" href=shell.feedback_url.clone()>"give your feedback"</a>
                        "."
                    </span>
                </p>
            </div>
        }
    });
    view! {
            <!DOCTYPE html>
            <html lang="en" class="govuk-template">
                <head>
                    <meta charset="utf-8" />
                    <Title formatter=formatter />
                    <meta
                        name="viewport"
                        content="width=device-width, initial-scale=1, viewport-fit=cover"
                    />
                    {(!meta.indexable).then(|| view! { <meta name="robots" content="noindex" /> })}
                    <meta name="referrer" content="no-referrer" />
                    <link rel="icon" href="data:," />
                    <link rel="stylesheet" href=shell.stylesheet />
                    // The response's CSP nonce (`server::security`): none on a page rendered once
                    // and kept, which 'self' allows as it allows every script the portal serves.
                    <script type="module" src=shell.script nonce=crate::server::security::csp_nonce()></script>
                    <MetaTags />
                </head>
                <body class="govuk-template__body">
                    <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
                        "Skip to main content"
                    </a>
                    <header class="app-header" role="banner">
                        <div class="govuk-width-container">
                            <span class="app-header__organisation">{site.clone()}</span>
                        </div>
                    </header>
                    <section aria-label="Service information" class="govuk-service-navigation">
                        <div class="govuk-width-container">
                            <div class="govuk-service-navigation__container">
                                <span class="govuk-service-navigation__service-name">
                                    <a href=service.href class="govuk-service-navigation__link">
                                        {service.name}
                                    </a>
                                </span>
                            </div>
                        </div>
                    </section>
                    <div class="govuk-width-container">
                        {phase_banner}
    // Staff do not need to leave in a hurry; residents may.
                        {for_residents.then(|| view! {
                                            <div class="govuk-exit-this-page" data-module="govuk-exit-this-page">
                            <a
                                href="/exit"
                                role="button"
                                draggable="false"
                                class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
                                data-module="govuk-button"
                                rel="nofollow noreferrer"
                            >
                                <span class="govuk-visually-hidden">"Emergency"</span>
                                " Exit this page"
                            </a>
                        </div>
                        })}
                        {meta.back.map(|href| view! { <a href=href class="govuk-back-link">"Back"</a> })}
                        <main class="govuk-main-wrapper" id="main-content">{children()}</main>
                    </div>
                    <footer class="govuk-footer" role="contentinfo">
                        <div class="govuk-width-container">
                            <div class="govuk-footer__meta">
                                <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                                    <h2 class="govuk-visually-hidden">"Support links"</h2>
                                    <ul class="govuk-footer__inline-list">
                                        <li class="govuk-footer__inline-list-item">
                                            <a class="govuk-footer__link" href="/privacy">"Privacy notice"</a>
                                        </li>
                                        <li class="govuk-footer__inline-list-item">
                                            <a class="govuk-footer__link" href="/accessibility">"Accessibility statement"</a>
                                        </li>
                                        <li class="govuk-footer__inline-list-item">
                                            <a class="govuk-footer__link" href="/cookies">"Cookies"</a>
                                        </li>
                                        {for_residents.then(|| view! {
                                            <li class="govuk-footer__inline-list-item">
                                                <a class="govuk-footer__link" href="/case-review">"ASB Case Review"</a>
                                            </li>
                                        })}
                                    </ul>
                                    // Residents' ways to reach the team: staff have their own.
                                    {for_residents.then(|| view! {
                                        <h2 class="govuk-heading-s app-footer__heading">"Contact the anti-social behaviour team"</h2>
                                        <CouncilContactDetails contact=shell.contact.clone() small=true />
                                        <p class="govuk-body-s">
                                            "In an emergency, or if you are in danger now, call 999."
                                        </p>
                                    })}
                                    <p class="govuk-body-s">{format!("Run by {site}.")}</p>
                                </div>
                            </div>
                        </div>
                    </footer>
                </body>
            </html>
        }
}
