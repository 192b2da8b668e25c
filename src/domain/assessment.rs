//! The needs assessment: the questionnaire, its scoring, and the risk band.
//!
//! Questions, weights and cut-offs are configuration (each deployment may replace them); this
//! module holds the default questionnaire and the pure function that turns answers into a score,
//! a band and a profile (the factors the person told us, in their own terms). The result is a
//! recommendation: officers confirm or override it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Every question also accepts this answer, which scores 0. It is not listed in config so
/// that no deployment can forget it or give it a score.
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";

/// The question whose answer says how often the person has already reported the problem.
pub const REPORTED_QUESTION: &str = "reported";

static PREFER_NOT_TO_SAY_OPTION: LazyLock<AnswerOption> =
    LazyLock::new(|| AnswerOption::new(PREFER_NOT_TO_SAY, "Prefer not to say", 0));

/// One radio option of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub value: String,
    pub label: String,
    #[serde(default)]
    pub score: u32,
    /// A critical answer (e.g. thoughts of self-harm) makes the band High whatever the score,
    /// shows urgent help at once and marks the referral urgent.
    #[serde(default)]
    pub critical: bool,
    /// A flag this answer raises for routing and signposting, e.g. "hate", "violence".
    #[serde(default)]
    pub flag: Option<String>,
    /// The factor in the person's terms for their profile, e.g. "It is affecting your health".
    #[serde(default)]
    pub profile: Option<String>,
}

impl AnswerOption {
    fn new(value: &str, label: &str, score: u32) -> Self {
        Self {
            value: value.to_owned(),
            label: label.to_owned(),
            score,
            critical: false,
            flag: None,
            profile: None,
        }
    }

    /// Whether this answer counts towards a `high_if_all` combination.
    fn is_positive(&self) -> bool {
        self.score > 0 || self.critical
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The id of the group (page) it is asked on: "history", "vulnerability" or "support".
    pub group: String,
    pub text: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// The error when it is not answered, naming the question ("Select whether …").
    pub error: String,
    /// The same question asked about someone else, for a report made for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about_them: Option<AboutThem>,
    pub options: Vec<AnswerOption>,
}

/// A question's words for a report made for someone else ("Do they feel unsafe…").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AboutThem {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub error: String,
}

/// A group's words for a report made for someone else ("Their safety").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupAboutThem {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
}

impl Question {
    /// The question as asked: of the person affected, or about them (`about_them`).
    pub fn text_for(&self, about_them: bool) -> &str {
        match (&self.about_them, about_them) {
            (Some(them), true) => &them.text,
            _ => &self.text,
        }
    }

    pub fn hint_for(&self, about_them: bool) -> Option<&str> {
        match (&self.about_them, about_them) {
            (Some(them), true) => them.hint.as_deref(),
            _ => self.hint.as_deref(),
        }
    }

    pub fn error_for(&self, about_them: bool) -> &str {
        match (&self.about_them, about_them) {
            (Some(them), true) => &them.error,
            _ => &self.error,
        }
    }

    /// Whether `value` is an answer this question takes (its options or prefer-not-to-say).
    pub fn accepts(&self, value: &str) -> bool {
        self.option(value).is_some()
    }

    /// The option for `value`; prefer-not-to-say is a 0-scoring option of every question.
    pub fn option(&self, value: &str) -> Option<&AnswerOption> {
        if value == PREFER_NOT_TO_SAY {
            return Some(&PREFER_NOT_TO_SAY_OPTION);
        }
        self.options.iter().find(|o| o.value == value)
    }

    /// The radios to show, in order: the configured options, then prefer-not-to-say.
    pub fn choices(&self) -> impl Iterator<Item = &AnswerOption> {
        self.options
            .iter()
            .chain(std::iter::once(&*PREFER_NOT_TO_SAY_OPTION))
    }
}

/// A page of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionGroup {
    pub id: String,
    pub title: String,
    /// Said before the page's questions, instead of the general introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// The page's words for a report made for someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about_them: Option<GroupAboutThem>,
}

impl QuestionGroup {
    pub fn title_for(&self, about_them: bool) -> &str {
        match (&self.about_them, about_them) {
            (Some(them), true) => &them.title,
            _ => &self.title,
        }
    }

    pub fn intro_for(&self, about_them: bool) -> Option<&str> {
        match (&self.about_them, about_them) {
            (Some(them), true) => them.intro.as_deref(),
            _ => self.intro.as_deref(),
        }
    }
}

/// The whole questionnaire with its cut-offs. A deployment's file overlays the built-in one key
/// by key (`server::config`), so fields it leaves out keep their
/// default values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// A score at or above this is High.
    pub high_score: u32,
    /// A score at or above this (and below `high_score`) is Medium.
    pub medium_score: u32,
    /// Combinations of question ids that make the band High when all were answered with a
    /// scoring or critical option, whatever the total.
    pub high_if_all: Vec<Vec<String>>,
    pub groups: Vec<QuestionGroup>,
    pub questions: Vec<Question>,
}

/// Risk band, lowest first, so bands compare by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Standard,
    Medium,
    High,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard",
            Self::Medium => "Medium",
            Self::High => "High",
        }
    }

    /// The stored form (matches the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    pub const ALL: [Band; 3] = [Band::Standard, Band::Medium, Band::High];

    pub fn parse(text: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == text)
    }
}

/// Why an assessment is High, for officers. When several reasons hold, the first of critical,
/// score, combination is given: a critical answer needs acting on whatever else is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HighReason {
    Score,
    Critical,
    /// The question ids of the combination that was met.
    Combination(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub score: u32,
    pub band: Band,
    /// Any critical answer was given.
    pub critical: bool,
    /// Flags raised by the answers (e.g. "hate", "violence").
    pub flags: BTreeSet<String>,
    pub high_because: Option<HighReason>,
    /// The profile texts of the answers given, in questionnaire order.
    pub profile: Vec<String>,
}

impl Questionnaire {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions asked on one group's page, in order.
    pub fn questions_in<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.group == group)
    }

    /// The band for a score alone (ignoring critical answers and combinations).
    pub fn band_for_score(&self, score: u32) -> Band {
        if score >= self.high_score {
            Band::High
        } else if score >= self.medium_score {
            Band::Medium
        } else {
            Band::Standard
        }
    }

    /// Checks a questionnaire loaded from config, so a mistake stops start-up with a message
    /// naming the bad key instead of silently mis-scoring people.
    pub fn validate(&self) -> Result<(), String> {
        if self.high_score < self.medium_score {
            return Err(format!(
                "assessment.high_score ({}) must be at least assessment.medium_score ({})",
                self.high_score, self.medium_score
            ));
        }
        let mut group_ids = HashSet::new();
        for group in &self.groups {
            if !group_ids.insert(group.id.as_str()) {
                return Err(format!(
                    "assessment.groups: duplicate group id `{}`",
                    group.id
                ));
            }
            if group
                .about_them
                .as_ref()
                .is_none_or(|t| t.title.trim().is_empty())
            {
                return Err(format!(
                    "assessment.groups `{}`: about_them.title is missing; give the page's title \
                     for a report made for someone else, like \"Their safety\"",
                    group.id
                ));
            }
        }
        if self.questions.is_empty() {
            return Err("assessment.questions: there are no questions".to_owned());
        }
        let mut question_ids = HashSet::new();
        for q in &self.questions {
            if !question_ids.insert(q.id.as_str()) {
                return Err(format!(
                    "assessment.questions: duplicate question id `{}`",
                    q.id
                ));
            }
            if !group_ids.contains(q.group.as_str()) {
                return Err(format!(
                    "assessment.questions `{}`: unknown group `{}`",
                    q.id, q.group
                ));
            }
            if q.options.is_empty() {
                return Err(format!("assessment.questions `{}`: has no options", q.id));
            }
            if q.error.trim().is_empty() {
                return Err(format!(
                    "assessment.questions `{}`: error is empty; name the question, like \
                     \"Select whether it is getting worse\"",
                    q.id
                ));
            }
            let about_them_done = q
                .about_them
                .as_ref()
                .is_some_and(|t| !t.text.trim().is_empty() && !t.error.trim().is_empty());
            if !about_them_done {
                return Err(format!(
                    "assessment.questions `{}`: about_them.text and about_them.error are needed; \
                     word the question for a report made for someone else, like \"Do they feel \
                     unsafe in their own home?\"",
                    q.id
                ));
            }
            if q.options.iter().any(|o| o.critical)
                && self
                    .questions
                    .iter()
                    .filter(|other| other.group == q.group)
                    .count()
                    > 1
            {
                return Err(format!(
                    "assessment.questions `{}`: a question with a critical option is asked on a \
                     page of its own; give it a group of its own",
                    q.id
                ));
            }
            let mut values = HashSet::new();
            for option in &q.options {
                if option.value == PREFER_NOT_TO_SAY {
                    return Err(format!(
                        "assessment.questions `{}`: `{PREFER_NOT_TO_SAY}` is added automatically; remove it",
                        q.id
                    ));
                }
                if !values.insert(option.value.as_str()) {
                    return Err(format!(
                        "assessment.questions `{}`: duplicate option value `{}`",
                        q.id, option.value
                    ));
                }
            }
        }
        for combination in &self.high_if_all {
            if combination.is_empty() {
                return Err("assessment.high_if_all: a combination is empty".to_owned());
            }
            if let Some(unknown) = combination
                .iter()
                .find(|id| !question_ids.contains(id.as_str()))
            {
                return Err(format!(
                    "assessment.high_if_all: unknown question id `{unknown}`"
                ));
            }
        }
        Ok(())
    }
}

/// Scores the answers (question id → option value). Unknown questions or values score 0: the
/// pages reject them before they are saved, so this only guards against stale drafts.
pub fn assess(q: &Questionnaire, answers: &BTreeMap<String, String>) -> Assessment {
    let mut score = 0;
    let mut critical = false;
    let mut flags = BTreeSet::new();
    let mut profile = Vec::new();
    for question in &q.questions {
        let Some(option) = chosen_option(question, answers) else {
            continue;
        };
        score += option.score;
        critical |= option.critical;
        flags.extend(option.flag.clone());
        profile.extend(option.profile.clone());
    }

    let combination = q.high_if_all.iter().find(|ids| {
        ids.iter().all(|id| {
            q.question(id)
                .and_then(|question| chosen_option(question, answers))
                .is_some_and(AnswerOption::is_positive)
        })
    });
    let high_because = if critical {
        Some(HighReason::Critical)
    } else if score >= q.high_score {
        Some(HighReason::Score)
    } else {
        combination.map(|ids| HighReason::Combination(ids.clone()))
    };
    let band = if high_because.is_some() {
        Band::High
    } else {
        q.band_for_score(score)
    };

    Assessment {
        score,
        band,
        critical,
        flags,
        high_because,
        profile,
    }
}

fn chosen_option<'a>(
    question: &'a Question,
    answers: &BTreeMap<String, String>,
) -> Option<&'a AnswerOption> {
    answers
        .get(&question.id)
        .and_then(|value| question.option(value))
}

/// How many earlier reports the person says they made in the last six months, from the
/// `reported` question (feeds the ASB Case Review prompt). Anything else counts as none.
pub fn declared_reports(answers: &BTreeMap<String, String>) -> u32 {
    match answers.get(REPORTED_QUESTION).map(String::as_str) {
        Some("once") => 1,
        Some("twice") => 2,
        Some("three_or_more") => 3,
        _ => 0,
    }
}

/// The product's questionnaire (PRODUCT.md), from the built-in configuration.
impl Default for Questionnaire {
    fn default() -> Self {
        crate::domain::defaults::product().assessment.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An answer as written in the tables: (question id, option value).
    type Pair = (&'static str, &'static str);

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn default_questionnaire_is_valid_and_grouped_as_designed() {
        let q = Questionnaire::default();
        assert_eq!(q.validate(), Ok(()));
        let ids = |group| {
            q.questions_in(group)
                .map(|q| q.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids("history"),
            [
                "repeat",
                "frequency",
                "duration",
                "escalating",
                "property",
                "reported"
            ]
        );
        assert_eq!(
            ids("safety"),
            ["targeted", "hate", "violence", "unsafe_home"]
        );
        assert_eq!(
            ids("health"),
            ["health", "condition", "daily_life", "dependants"]
        );
        assert_eq!(ids("feelings"), ["self_harm"]);
        assert_eq!(ids("support"), ["isolated", "services"]);
    }

    #[test]
    fn default_weights_match_product_table() {
        let q = Questionnaire::default();
        let cases: &[(&str, &str, u32)] = &[
            ("repeat", "yes", 3),
            ("repeat", "no", 0),
            ("frequency", "daily", 4),
            ("frequency", "weekly", 3),
            ("frequency", "monthly", 1),
            ("frequency", "less", 0),
            ("duration", "over_6_months", 3),
            ("duration", "1_to_6_months", 2),
            ("duration", "less_than_1_month", 0),
            ("escalating", "yes", 3),
            ("targeted", "yes", 3),
            ("hate", "yes", 4),
            ("violence", "yes", 5),
            ("property", "yes", 2),
            ("health", "yes", 3),
            ("condition", "yes", 3),
            ("dependants", "yes", 2),
            ("unsafe_home", "yes", 4),
            ("daily_life", "yes", 2),
            ("self_harm", "yes", 0),
            ("isolated", "no", 3),
            ("isolated", "yes", 0),
            ("services", "no", 1),
            ("reported", "three_or_more", 0),
        ];
        for (id, value, score) in cases {
            let a = assess(&q, &answers(&[(id, value)]));
            assert_eq!(a.score, *score, "{id}={value}");
        }
    }

    #[test]
    fn bands_at_and_around_cut_offs() {
        let q = Questionnaire::default();
        let eleven = [
            ("frequency", "daily"),
            ("repeat", "yes"),
            ("escalating", "yes"),
            ("services", "no"),
        ];
        let twelve = [
            ("repeat", "yes"),
            ("frequency", "weekly"),
            ("duration", "over_6_months"),
            ("escalating", "yes"),
        ];
        let twenty_three = [
            ("repeat", "yes"),
            ("frequency", "daily"),
            ("duration", "over_6_months"),
            ("escalating", "yes"),
            ("targeted", "yes"),
            ("health", "yes"),
            ("property", "yes"),
            ("daily_life", "yes"),
        ];
        let with = |base: &[(&'static str, &'static str)],
                    extra: &[(&'static str, &'static str)]| {
            [base, extra].concat()
        };
        let cases: Vec<(Vec<Pair>, u32, Band)> = vec![
            (vec![], 0, Band::Standard),
            (eleven.to_vec(), 11, Band::Standard),
            (twelve.to_vec(), 12, Band::Medium),
            (with(&twelve, &[("services", "no")]), 13, Band::Medium),
            (twenty_three.to_vec(), 23, Band::Medium),
            (with(&twenty_three, &[("services", "no")]), 24, Band::High),
            (
                with(&twenty_three, &[("dependants", "yes")]),
                25,
                Band::High,
            ),
        ];
        for (given, score, band) in cases {
            let a = assess(&q, &answers(&given));
            assert_eq!((a.score, a.band), (score, band), "{given:?}");
            let expected_reason = (band == Band::High).then_some(HighReason::Score);
            assert_eq!(a.high_because, expected_reason, "{given:?}");
        }
    }

    #[test]
    fn critical_answer_is_high_with_score_zero() {
        let a = assess(&Questionnaire::default(), &answers(&[("self_harm", "yes")]));
        assert_eq!(a.score, 0);
        assert!(a.critical);
        assert_eq!(a.band, Band::High);
        assert_eq!(a.high_because, Some(HighReason::Critical));
        assert_eq!(a.profile, ["It has made you feel like harming yourself"]);
    }

    #[test]
    fn combinations_make_high() {
        let q = Questionnaire::default();
        let cases: &[(&[Pair], Option<&[&str]>)] = &[
            (
                &[("violence", "yes"), ("condition", "yes")],
                Some(&["violence", "condition"]),
            ),
            (
                &[("violence", "yes"), ("unsafe_home", "yes")],
                Some(&["violence", "unsafe_home"]),
            ),
            (&[("violence", "yes")], None),
            (&[("violence", "yes"), ("condition", "no")], None),
            (
                &[
                    ("violence", "no"),
                    ("condition", "yes"),
                    ("unsafe_home", "yes"),
                ],
                None,
            ),
            (
                &[("violence", PREFER_NOT_TO_SAY), ("condition", "yes")],
                None,
            ),
        ];
        for (given, combination) in cases {
            let a = assess(&q, &answers(given));
            let expected = combination
                .map(|ids| HighReason::Combination(ids.iter().map(|s| (*s).to_owned()).collect()));
            assert_eq!(a.high_because, expected, "{given:?}");
            assert_eq!(a.band == Band::High, combination.is_some(), "{given:?}");
        }
    }

    #[test]
    fn prefer_not_to_say_is_accepted_everywhere_and_scores_zero() {
        let q = Questionnaire::default();
        let all: Vec<(&str, &str)> = q
            .questions
            .iter()
            .map(|x| (x.id.as_str(), PREFER_NOT_TO_SAY))
            .collect();
        let a = assess(&q, &answers(&all));
        assert_eq!((a.score, a.band, a.critical), (0, Band::Standard, false));
        assert!(a.flags.is_empty() && a.profile.is_empty());
        for question in &q.questions {
            assert!(question.accepts(PREFER_NOT_TO_SAY));
            assert!(!question.accepts("maybe"));
            assert_eq!(
                question.choices().last().map(|o| o.value.as_str()),
                Some(PREFER_NOT_TO_SAY)
            );
        }
    }

    #[test]
    fn unknown_answers_score_zero() {
        let a = assess(
            &Questionnaire::default(),
            &answers(&[("violence", "definitely"), ("nonexistent", "yes")]),
        );
        assert_eq!((a.score, a.band), (0, Band::Standard));
    }

    #[test]
    fn flags_and_profile_follow_questionnaire_order() {
        let a = assess(
            &Questionnaire::default(),
            &answers(&[
                ("isolated", "no"),
                ("violence", "yes"),
                ("hate", "yes"),
                ("repeat", "yes"),
            ]),
        );
        assert_eq!(
            a.flags,
            BTreeSet::from(["hate".to_owned(), "violence".to_owned()])
        );
        assert_eq!(
            a.profile,
            [
                "It has happened to you before",
                "You think it happens because of who you are",
                "Someone has used or threatened violence against you or your household",
                "You do not have someone to talk to or who helps you",
            ]
        );
    }

    #[test]
    fn declared_reports_from_answer() {
        for (value, expected) in [
            ("none", 0),
            ("once", 1),
            ("twice", 2),
            ("three_or_more", 3),
            (PREFER_NOT_TO_SAY, 0),
        ] {
            assert_eq!(
                declared_reports(&answers(&[("reported", value)])),
                expected,
                "{value}"
            );
        }
        assert_eq!(declared_reports(&BTreeMap::new()), 0);
    }

    #[test]
    fn validate_names_the_bad_key() {
        type Breaker = fn(&mut Questionnaire);
        let cases: &[(Breaker, &str)] = &[
            (|q| q.high_score = 5, "high_score"),
            (|q| q.questions[1].id = "repeat".into(), "`repeat`"),
            (|q| q.questions[0].group = "misc".into(), "`misc`"),
            (|q| q.questions[3].options.clear(), "`escalating`"),
            (
                |q| {
                    q.high_if_all
                        .push(vec!["violence".into(), "weapons".into()])
                },
                "`weapons`",
            ),
            (|q| q.high_if_all.push(vec![]), "empty"),
            (
                |q| q.questions[4].about_them = None,
                "`property`: about_them",
            ),
            (
                |q| q.groups[1].about_them = None,
                "`safety`: about_them.title",
            ),
            (|q| q.groups.push(q.groups[0].clone()), "`history`"),
            (
                |q| {
                    q.questions[0]
                        .options
                        .push(AnswerOption::new(PREFER_NOT_TO_SAY, "Skip", 0))
                },
                PREFER_NOT_TO_SAY,
            ),
            (
                |q| {
                    q.questions[0]
                        .options
                        .push(AnswerOption::new("yes", "Yes again", 1))
                },
                "`yes`",
            ),
            (|q| q.questions.clear(), "no questions"),
            (
                |q| q.questions[2].error = " ".into(),
                "`duration`: error is empty",
            ),
            (
                |q| {
                    let group = q.questions[0].group.clone();
                    q.questions
                        .iter_mut()
                        .find(|q| q.id == "self_harm")
                        .unwrap()
                        .group = group;
                },
                "`self_harm`: a question with a critical option",
            ),
        ];
        for (break_it, needle) in cases {
            let mut q = Questionnaire::default();
            break_it(&mut q);
            let err = q.validate().expect_err(needle);
            assert!(err.contains(needle), "{err:?} should mention {needle}");
        }
    }

    /// Random answers to the default questionnaire: for each question, maybe one of its choices.
    fn any_answers() -> impl Strategy<Value = BTreeMap<String, String>> {
        let q = Questionnaire::default();
        let per_question: Vec<_> = q
            .questions
            .iter()
            .map(|question| {
                let values: Vec<String> = question.choices().map(|o| o.value.clone()).collect();
                let id = question.id.clone();
                proptest::option::of(proptest::sample::select(values))
                    .prop_map(move |v| (id.clone(), v))
            })
            .collect();
        per_question.prop_map(|pairs| {
            pairs
                .into_iter()
                .filter_map(|(id, v)| v.map(|v| (id, v)))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn band_for_score_is_monotonic(a in 0u32..60, b in 0u32..60) {
            let q = Questionnaire::default();
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(q.band_for_score(low) <= q.band_for_score(high));
        }

        #[test]
        fn band_follows_score_without_critical_or_combination(given in any_answers()) {
            let q = Questionnaire::default();
            let a = assess(&q, &given);
            if !a.critical && !matches!(a.high_because, Some(HighReason::Combination(_))) {
                prop_assert_eq!(a.band, q.band_for_score(a.score));
            }
        }

        #[test]
        fn answering_more_never_lowers_the_band(given in any_answers(), more in any_answers()) {
            let q = Questionnaire::default();
            let mut superset = more;
            superset.extend(given.clone());
            let (before, after) = (assess(&q, &given), assess(&q, &superset));
            prop_assert!(after.score >= before.score);
            prop_assert!(after.band >= before.band);
        }
    }
}
