//! The order of a journey's pages, for any journey: which page comes next, which may be
//! visited and where Back goes. A journey hands over its applicable pages in
//! order, each with whether it is answered; the rules here never know what the pages ask.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::fields::FieldError;

/// Raw posted form fields, by name. A repeated key (checkboxes) keeps all its values, joined
/// with [`LIST_SEPARATOR`].
pub type Form = std::collections::BTreeMap<String, String>;

/// Joins the values of a repeated key in a [`Form`]; option values never contain it.
pub const LIST_SEPARATOR: char = ',';

fn collect_form(pairs: impl IntoIterator<Item = (String, String)>) -> Form {
    let mut form = Form::new();
    for (key, value) in pairs {
        form.entry(key)
            .and_modify(|joined: &mut String| {
                joined.push(LIST_SEPARATOR);
                joined.push_str(&value);
            })
            .or_insert(value);
    }
    form
}

/// A posted form as its fields arrived, repeated keys kept (a repeatable group posts the same
/// name several times).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostedForm {
    pairs: Vec<(String, String)>,
}

impl PostedForm {
    pub fn new(pairs: Vec<(String, String)>) -> PostedForm {
        PostedForm { pairs }
    }

    /// The page's typed form. Page forms hold only text and lists of text, so the fields of
    /// any well-formed body decode; a field the form does not know is ignored.
    pub fn typed<T: DeserializeOwned + Default>(&self) -> T {
        serde_html_form::to_string(&self.pairs)
            .ok()
            .and_then(|body| serde_html_form::from_str(&body).ok())
            .unwrap_or_default()
    }

    /// Each field's value (a repeated key's values joined), to show the page again exactly
    /// as it was posted.
    pub fn values(&self) -> Form {
        collect_form(self.pairs.iter().cloned())
    }
}

/// A typed form as the fields a page shows, to fill a page in with a stored answer.
pub fn form_values<T: Serialize>(typed: &T) -> Form {
    collect_form(
        serde_html_form::to_string(typed)
            .ok()
            .and_then(|body| serde_html_form::from_str::<Vec<(String, String)>>(&body).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, value)| !value.is_empty()),
    )
}

/// A stored answer, when there is one, as the fields its page shows (through the page's typed
/// form `F`).
pub fn answer_values<'a, A, F: From<&'a A> + Serialize>(answer: Option<&'a A>) -> Form {
    answer.map(|a| form_values(&F::from(a))).unwrap_or_default()
}

/// A page's posted values and errors, kept so an invalid page can be shown again with
/// everything the person typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PendingForm {
    pub step: String,
    pub values: Form,
    pub errors: Vec<FieldError>,
}

/// One applicable page: its slug and whether it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageState<'a> {
    pub slug: &'a str,
    pub complete: bool,
}

/// Where a person goes: a page of the journey (by slug) or "Check your answers".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Page(String),
    Check,
}

/// The first page still to answer, or "Check your answers" when every page is answered.
pub fn first_open(pages: &[PageState]) -> Place {
    pages
        .iter()
        .find(|p| !p.complete)
        .map(|p| Place::Page(p.slug.to_string()))
        .unwrap_or(Place::Check)
}

/// Whether a page may be shown: only pages up to the first unanswered one, so nobody can skip
/// questions by typing an address.
pub fn may_visit(pages: &[PageState], slug: &str) -> bool {
    let Some(target) = pages.iter().position(|p| p.slug == slug) else {
        return false;
    };
    let first_open = pages
        .iter()
        .position(|p| !p.complete)
        .unwrap_or(pages.len());
    target <= first_open
}

/// Where to go after a valid answer on `slug`. Someone changing an answer from "Check your
/// answers" goes back there, unless the change opened a page they have not answered yet.
pub fn next_after(pages: &[PageState], slug: &str, reached_check: bool) -> Place {
    if reached_check {
        return first_open(pages);
    }
    match pages.iter().position(|p| p.slug == slug) {
        Some(i) if i + 1 < pages.len() => Place::Page(pages[i + 1].slug.to_string()),
        Some(_) => Place::Check,
        None => first_open(pages),
    }
}

/// Where Back goes from `slug`: after "Check your answers" back there (unless a change opened
/// a page still to answer), otherwise the page before, or the journey's start page (`None`).
pub fn back_from(pages: &[PageState], slug: &str, reached_check: bool) -> Option<Place> {
    if reached_check && first_open(pages) == Place::Check {
        return Some(Place::Check);
    }
    match pages.iter().position(|p| p.slug == slug) {
        Some(i) if i > 0 => Some(Place::Page(pages[i - 1].slug.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(complete: &[bool]) -> Vec<PageState<'static>> {
        ["a", "b", "c"]
            .into_iter()
            .zip(complete)
            .map(|(slug, &complete)| PageState { slug, complete })
            .collect()
    }

    fn page(slug: &str) -> Place {
        Place::Page(slug.into())
    }

    #[test]
    fn the_first_open_page_and_which_pages_may_be_visited() {
        let cases = [
            (
                vec![false, false, false],
                page("a"),
                vec![true, false, false],
            ),
            (vec![true, false, false], page("b"), vec![true, true, false]),
            (vec![true, true, true], Place::Check, vec![true, true, true]),
            // A page opened by a change (b) blocks the pages after it.
            (vec![true, false, true], page("b"), vec![true, true, false]),
        ];
        for (complete, open, visitable) in cases {
            let pages = pages(&complete);
            assert_eq!(first_open(&pages), open, "{complete:?}");
            for (p, expected) in pages.iter().zip(visitable) {
                assert_eq!(
                    may_visit(&pages, p.slug),
                    expected,
                    "{complete:?} {}",
                    p.slug
                );
            }
            assert!(!may_visit(&pages, "not-a-page"));
        }
    }

    #[test]
    fn next_and_back() {
        let all = pages(&[true, true, true]);
        assert_eq!(next_after(&all, "a", false), page("b"));
        assert_eq!(next_after(&all, "c", false), Place::Check);
        assert_eq!(
            next_after(&all, "a", true),
            Place::Check,
            "a change returns to check"
        );
        let opened = pages(&[true, false, true]);
        assert_eq!(
            next_after(&opened, "a", true),
            page("b"),
            "unless it opened a page"
        );
        assert_eq!(back_from(&all, "b", false), Some(page("a")));
        assert_eq!(
            back_from(&all, "a", false),
            None,
            "the first page goes to the start"
        );
        assert_eq!(back_from(&all, "b", true), Some(Place::Check));
        assert_eq!(back_from(&opened, "b", true), Some(page("a")));
    }

    #[test]
    fn a_posted_form_keeps_repeated_keys_for_a_typed_form() {
        #[derive(Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(default)]
        struct Elsewhere {
            name: String,
            reported_to: Vec<String>,
        }
        let pairs = [
            ("name", "Sam"),
            ("reported_to", "police"),
            ("reported_to", "landlord"),
            ("x", "?"),
        ];
        let posted = PostedForm::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let typed: Elsewhere = posted.typed();
        assert_eq!(typed.name, "Sam");
        assert_eq!(
            typed.reported_to,
            ["police", "landlord"],
            "both answers kept, in order"
        );
        // Back to the page's fields: the stored answer fills the page in again.
        let values = form_values(&Elsewhere {
            name: "Sam".into(),
            reported_to: vec![],
        });
        assert_eq!(values.get("name").map(String::as_str), Some("Sam"));
        assert!(!values.contains_key("reported_to"));
    }
}
