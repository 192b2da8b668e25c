//! Information pages (privacy notice, ASB Case Review) and the error pages.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::CouncilContactDetails;
use crate::domain::routing::RouteId;
use crate::server::config::Config;
use crate::server::session::DRAFT_COOKIE;

/// Draws a public page from the configuration.
pub type PublicView = fn(&Config) -> AnyView;

/// The public information pages, each the same for everyone (it depends only on the
/// configuration), so `server` renders each once. Adding one is a function here and a line in
/// this list.
pub const PUBLIC_PAGES: &[(&str, PublicView)] = &[
    ("/privacy", privacy),
    ("/case-review", case_review),
    ("/accessibility", accessibility),
    ("/cookies", cookies),
    ("/noise-diary", noise_diary),
];

fn contact_section(config: &Config, heading: &'static str) -> impl IntoView {
    let contact = config.site.contact.clone();
    view! {
        <h2 class="govuk-heading-m">{heading}</h2>
        <CouncilContactDetails contact=contact />
    }
}

pub fn privacy(config: &Config) -> AnyView {
    let site_name = config.site.name.clone();
    let partners = partner_list(
        config,
        &[RouteId::Panel, RouteId::Support, RouteId::Mediation],
    );
    let lifetime = config.drafts.lifetime_hours;
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="Privacy notice" />
                <Meta
                    name="description"
                    content="How the council uses what you tell it when you report anti-social \
                             behaviour, who it shares it with, and your rights."
                />
                <h1 class="govuk-heading-l">"Privacy notice"</h1>
                <p class="govuk-body">
                    {format!("{site_name} is the data controller for the information you give in this service.")}
                </p>
                <h2 class="govuk-heading-m">"Why we use your information"</h2>
                <p class="govuk-body">
                    "We use it to deal with anti-social behaviour under the Anti-social Behaviour, \
                     Crime and Policing Act 2014. Our lawful basis is public task. Where you tell us \
                     about your health, we process it for reasons of substantial public interest, \
                     to protect you and others."
                </p>
                <p class="govuk-body">
                    "Consent is not our lawful basis for dealing with your report. We ask for your \
                     agreement separately before we refer you to mediation or a support service, or \
                     share your report with our partners, and you can withdraw it at any time."
                </p>
                <h2 class="govuk-heading-m">"Who we share it with"</h2>
                <p class="govuk-body">
                    "Our anti-social behaviour team reads every report. When you agree, or someone \
                     is at risk of serious harm, we may also share it with:"
                </p>
                {partners}
                <p class="govuk-body">
                    "We never tell the people you report who made the report."
                </p>
                <h2 class="govuk-heading-m">"How long we keep it"</h2>
                <p class="govuk-body">
                    {format!(
                        "Answers you have not sent are deleted after {lifetime} hours. Reports are \
                         kept for as long as our retention schedule says, then deleted."
                    )}
                </p>
                <h2 class="govuk-heading-m">"Your rights"</h2>
                <p class="govuk-body">
                    "You can ask to see the information we hold about you, to correct it, or to \
                     restrict how we use it. You can complain to the Information Commissioner's Office."
                </p>
                {contact_section(config, "Contact us about your information")}
            </div>
        </div>
    }
    .into_any()
}

/// The partners named, in residents' words, with what each is.
pub fn partner_list(config: &Config, routes: &[RouteId]) -> impl IntoView {
    let items = routes
        .iter()
        .map(|route| {
            let partner = config.routes.get(route);
            view! {
                <li>
                    <strong>{partner.resident_name.clone()}</strong>
                    {format!(": {}", partner.description)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="govuk-list govuk-list--bullet" id="partners">{items}</ul> }
}

pub fn case_review(config: &Config) -> AnyView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="ASB Case Review" />
                <Meta
                    name="description"
                    content="If you have reported anti-social behaviour and nothing has changed, you \
                             can ask the council and its partners to review your case together."
                />
                <h1 class="govuk-heading-l">"ASB Case Review"</h1>
                <p class="govuk-body">
                    "An ASB Case Review (once called the Community Trigger) lets you ask the council, \
                     police, health services and housing providers to review together how they have \
                     responded to your reports of anti-social behaviour."
                </p>
                <h2 class="govuk-heading-m">"When you can ask for one"</h2>
                <p class="govuk-body">
                    {crate::pages::case_review::start::when_a_review_must_be_held(config)}
                    " You can ask for one if you feel nothing has been done."
                </p>
                <p class="govuk-body">
                    "If you have reported it fewer times, you can still ask: the agencies decide whether \
                     to hold a review by looking at how persistent the behaviour is, the harm it causes, \
                     and how well they have responded."
                </p>
                <p class="govuk-body">
                    "Anyone can ask: the victim, someone on their behalf with their agreement, a business \
                     or a community group. It is not a complaints procedure."
                </p>
                <h2 class="govuk-heading-m">"How to ask"</h2>
                <p class="govuk-body">
                    <a class="govuk-link" href="/case-review/apply" id="apply">"Apply for an ASB Case Review online"</a>
                    ", or contact the anti-social behaviour team and ask for one. Give your report \
                     reference numbers if you have them."
                </p>
                <CouncilContactDetails contact=config.site.contact.clone() />
                <h2 class="govuk-heading-m">"How many reviews we hold"</h2>
                <p class="govuk-body">
                    "We publish how many applications we receive each year and what happened to them: "
                    <a class="govuk-link" href="/case-review/figures">"ASB Case Review figures"</a> "."
                </p>
            </div>
        </div>
    }
    .into_any()
}

/// When this accessibility statement was prepared and last reviewed.
const ACCESSIBILITY_PREPARED: &str = "1 December 2026";

/// The accessibility statement, in the structure of the government's model statement.
pub fn accessibility(config: &Config) -> AnyView {
    let site_name = config.site.name.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="Accessibility statement" />
                <Meta
                    name="description"
                    content="How accessible the online service for reporting anti-social behaviour \
                             is, its known problems, and how to ask for another format."
                />
                <h1 class="govuk-heading-l">"Accessibility statement"</h1>
                <p class="govuk-body">
                    {format!(
                        "This statement applies to the {site_name} service for reporting anti-social \
                         behaviour. It is run by {site_name}."
                    )}
                </p>
                <p class="govuk-body">
                    "We want as many people as possible to be able to use it. You should be able to:"
                </p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"change colours, contrast levels and fonts using your browser or device settings"</li>
                    <li>"zoom in up to 400% without the text spilling off the screen"</li>
                    <li>"get through every page using just a keyboard"</li>
                    <li>"use every page with a screen reader or speech recognition software"</li>
                    <li>"send a report with JavaScript switched off"</li>
                </ul>
                <h2 class="govuk-heading-m">"How accessible this service is"</h2>
                <p class="govuk-body">"We know some parts are not fully accessible:"</p>
                <ul class="govuk-list govuk-list--bullet" id="known-issues">
                    <li>
                        "the service has not yet been audited by accessibility specialists, or \
                         tested with disabled residents"
                    </li>
                    <li>
                        "the links to other organisations, such as Victim Support and Samaritans, go \
                         to websites we do not run, whose accessibility we cannot vouch for"
                    </li>
                </ul>
                <h2 class="govuk-heading-m">"Feedback and contact information"</h2>
                <p class="govuk-body">
                    "If you need to report anti-social behaviour another way, or need this \
                     information in a different format such as large print, easy read or audio, \
                     contact us:"
                </p>
                <CouncilContactDetails contact=config.site.contact.clone() />
                <h2 class="govuk-heading-m">"Reporting accessibility problems with this service"</h2>
                <p class="govuk-body">
                    "We are always looking to improve the accessibility of this service. If you find \
                     a problem not listed on this page, or think we are not meeting accessibility \
                     requirements, contact us using the details above."
                </p>
                <h2 class="govuk-heading-m">"Enforcement procedure"</h2>
                <p class="govuk-body">
                    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the \
                     Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility \
                     Regulations 2018 (the accessibility regulations). If you are not happy with how \
                     we respond to your complaint, contact the "
                    <a class="govuk-link" href="https://www.equalityadvisoryservice.com/">
                        "Equality Advisory and Support Service (EASS)"
                    </a> "."
                </p>
                <h2 class="govuk-heading-m">"Technical information about this service's accessibility"</h2>
                <p class="govuk-body">
                    {format!(
                        "{site_name} is committed to making its website accessible, in accordance with \
                         the Public Sector Bodies (Websites and Mobile Applications) (No. 2) \
                         Accessibility Regulations 2018."
                    )}
                </p>
                <h3 class="govuk-heading-s">"Compliance status"</h3>
                <p class="govuk-body" id="compliance-status">
                    "This service is partially compliant with the Web Content Accessibility Guidelines \
                     version 2.2 AA standard, because it has not yet been audited (see above). It is \
                     built with the GOV.UK Design System, and each type of page is checked with the \
                     axe accessibility checker before every release."
                </p>
                <h2 class="govuk-heading-m">"Preparation of this accessibility statement"</h2>
                <p class="govuk-body" id="prepared">
                    {format!(
                        "This statement was prepared on {ACCESSIBILITY_PREPARED}. It was last reviewed \
                         on {ACCESSIBILITY_PREPARED}. The service was last tested on \
                         {ACCESSIBILITY_PREPARED}, by its developers, with automated checks of every \
                         type of page and by completing a report with JavaScript on and off."
                    )}
                </p>
            </div>
        </div>
    }
    .into_any()
}

/// The cookies page: one essential cookie, so no consent banner is needed (PECR's "strictly
/// necessary" exemption) while the service sets no optional cookies.
pub fn cookies(config: &Config) -> AnyView {
    let lifetime = config.drafts.lifetime_hours;
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="Cookies" />
                <Meta
                    name="description"
                    content="The one cookie the online service for reporting anti-social behaviour \
                             uses, and why."
                />
                <h1 class="govuk-heading-l">"Cookies"</h1>
                <p class="govuk-body">
                    "Cookies are small files saved on your phone, tablet or computer when you visit a \
                     website. This service uses one cookie, which it needs to work. We do not use \
                     cookies to measure how you use the service, or for advertising, so we do not ask \
                     you to accept cookies."
                </p>
                <h2 class="govuk-heading-m">"Essential cookies"</h2>
                <table class="govuk-table" id="cookies-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                        "Cookies this service needs"
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Name"</th>
                            <th scope="col" class="govuk-table__header">"Purpose"</th>
                            <th scope="col" class="govuk-table__header">"Expires"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{DRAFT_COOKIE}</td>
                            <td class="govuk-table__cell">
                                "Remembers which report is yours while you fill it in, so you can go \
                                 back and change your answers. It holds a random number, not your answers."
                            </td>
                            <td class="govuk-table__cell">
                                {format!(
                                    "When you close your browser. Your unsent answers are deleted \
                                     after {lifetime} hours, or at once when you use Exit this page."
                                )}
                            </td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

/// A noise diary to print and fill in: offered on the confirmation page where noise is the
/// problem, because officers need dates, times and effects to act.
pub fn noise_diary(config: &Config) -> AnyView {
    let rows = (0..12)
        .map(|_| {
            view! {
                <tr class="govuk-table__row app-diary__row">
                    <td class="govuk-table__cell"></td>
                    <td class="govuk-table__cell"></td>
                    <td class="govuk-table__cell"></td>
                    <td class="govuk-table__cell"></td>
                    <td class="govuk-table__cell"></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-full">
                <Title text="Noise diary" />
                <Meta
                    name="description"
                    content="A diary to print and fill in, so officers can see when noise happens \
                             and how it affects you."
                />
                <h1 class="govuk-heading-l">"Noise diary"</h1>
                <p class="govuk-body">
                    "Write down each time the noise happens. It helps officers see how often it \
                     happens and how it affects you, and decide what action to take."
                </p>
                <p class="govuk-body app-no-print">
                    "Use your browser's print option to print this page, or copy the columns into a \
                     notebook. Keep the diary somewhere safe."
                </p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"write it at the time, or as soon as you can"</li>
                    <li>"say what you heard, for example music, shouting or banging, and where it came from"</li>
                    <li>"say how it affected you, for example it woke you or stopped you working"</li>
                </ul>
                <table class="govuk-table app-diary">
                    <caption class="govuk-table__caption govuk-table__caption--m">"Noise diary"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Date"</th>
                            <th scope="col" class="govuk-table__header">"Time it started"</th>
                            <th scope="col" class="govuk-table__header">"Time it stopped"</th>
                            <th scope="col" class="govuk-table__header">"What you heard and where from"</th>
                            <th scope="col" class="govuk-table__header">"How it affected you"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
                <p class="govuk-body">
                    "When you report it again, quote your reference number and give us the diary. To \
                     send it, contact us:"
                </p>
                <CouncilContactDetails contact=config.site.contact.clone() />
            </div>
        </div>
    }
    .into_any()
}

/// A plain error page: what went wrong in the person's terms and what to do next.
/// An error page: its heading, what to do, and a way on (`try_again`: the page to go back to,
/// else, with `start_again`, a new report).
/// Where a problem page sends the person on to: its address and the link's words.
pub type Onward = Option<(&'static str, &'static str)>;

pub fn problem(
    heading: &'static str,
    lines: Vec<String>,
    onward: Onward,
    try_again: Option<String>,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text=heading />
                <h1 class="govuk-heading-l">{heading}</h1>
                {lines.into_iter().map(|l| view! { <p class="govuk-body">{l}</p> }).collect_view()}
                {try_again
                    .map(|href| {
                        view! {
                            <p class="govuk-body">
                                <a class="govuk-link" href=href>"Go back to the page and try again"</a>
                            </p>
                        }
                    })}
                {onward
                    .map(|(href, words)| {
                        view! {
                            <p class="govuk-body">
                                <a class="govuk-link" href=href>{words}</a>
                            </p>
                        }
                    })}
            </div>
        </div>
    }
}
