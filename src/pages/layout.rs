//! The document around every page: head, skip link, header, "Exit this page", back link,
//! main and footer. The parts that never change are rendered once at start-up.

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::config::LeptosOptions;
use leptos::prelude::*;

pub const SERVICE_NAME: &str = "Report anti-social behaviour";

/// The fixed parts of the document, rendered once.
#[derive(Debug, Clone)]
pub struct Shell {
    head_end: String,
    header: String,
    footer: String,
}

/// What varies per page around its content.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: String,
    pub error: bool,
    pub back: Option<String>,
}

impl PageMeta {
    pub fn new(title: impl Into<String>) -> Self {
        PageMeta {
            title: title.into(),
            ..PageMeta::default()
        }
    }

    pub fn back(mut self, href: impl Into<String>) -> Self {
        self.back = Some(href.into());
        self
    }

    pub fn error(mut self, error: bool) -> Self {
        self.error = error;
        self
    }
}

pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders a view to HTML inside its own reactive owner.
pub fn render_view<V: IntoView + 'static>(build: impl FnOnce() -> V) -> String {
    // Islands register themselves with the render's shared context, as in a streamed response.
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    owner.with(|| build().into_view().to_html())
}

impl Shell {
    pub fn new(options: &LeptosOptions, site_name: &str) -> Shell {
        let pkg = options.site_pkg_dir.to_string();
        let output = options.output_name.to_string();
        // GOV.UK Frontend's own JavaScript gives every component its behaviour. No page has an
        // island today, so the islands' loader (`HydrationScripts`) and its wasm are not sent;
        // put them back here with the first island.
        let scripts = format!("<script type=\"module\" src=\"/{pkg}/govuk-init.mjs\"></script>");
        let head_end = format!(
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
             <meta name=\"robots\" content=\"noindex\">\
             <meta name=\"referrer\" content=\"no-referrer\">\
             <link rel=\"icon\" href=\"data:,\">\
             <link rel=\"stylesheet\" href=\"/{pkg}/{output}.css\">\
             {scripts}</head>"
        );
        let site = html_escape(site_name);
        let header = format!(
            "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>\
             <header class=\"app-header\" role=\"banner\"><div class=\"govuk-width-container\">\
             <span class=\"app-header__organisation\">{site}</span></div></header>\
             <section aria-label=\"Service information\" class=\"govuk-service-navigation\">\
             <div class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\">\
             <span class=\"govuk-service-navigation__service-name\">\
             <a href=\"/report\" class=\"govuk-service-navigation__link\">{SERVICE_NAME}</a></span>\
             </div></div></section>\
             <div class=\"govuk-width-container\">\
             <div class=\"govuk-exit-this-page\" data-module=\"govuk-exit-this-page\">\
             <a href=\"/exit\" role=\"button\" draggable=\"false\" \
             class=\"govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button\" \
             data-module=\"govuk-button\" rel=\"nofollow noreferrer\">\
             <span class=\"govuk-visually-hidden\">Emergency</span> Exit this page</a></div>"
        );
        let footer = format!(
            "</div><footer class=\"govuk-footer\" role=\"contentinfo\"><div class=\"govuk-width-container\">\
             <div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\
             <h2 class=\"govuk-visually-hidden\">Support links</h2>\
             <ul class=\"govuk-footer__inline-list\">\
             <li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"/privacy\">Privacy notice</a></li>\
             <li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"/case-review\">ASB Case Review</a></li>\
             </ul><p class=\"govuk-body-s\">In an emergency, or if you are in danger now, call 999.</p>\
             <p class=\"govuk-body-s\">Run by {site}.</p></div></div></div></footer>"
        );
        Shell {
            head_end,
            header,
            footer,
        }
    }

    /// The whole document for a page whose main content is `content` (already HTML).
    pub fn document(&self, meta: &PageMeta, content: &str) -> String {
        let prefix = if meta.error { "Error: " } else { "" };
        let title = html_escape(&meta.title);
        let back = meta
            .back
            .as_ref()
            .map(|href| {
                format!(
                    "<a href=\"{}\" class=\"govuk-back-link\">Back</a>",
                    html_escape(href)
                )
            })
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html><html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">\
             <title>{prefix}{title} - {SERVICE_NAME}</title>{head}\
             <body class=\"govuk-template__body\">{header}{back}\
             <main class=\"govuk-main-wrapper\" id=\"main-content\">{content}</main>{footer}</body></html>",
            head = self.head_end,
            header = self.header,
            footer = self.footer,
        )
    }

    pub fn page<V: IntoView + 'static>(
        &self,
        meta: &PageMeta,
        build: impl FnOnce() -> V,
    ) -> String {
        self.document(meta, &render_view(build))
    }
}
