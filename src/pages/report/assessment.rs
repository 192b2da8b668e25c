//! The needs assessment, one group of questions per page. Only reached through the gate.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::domain::assessment::{Question, PREFER_NOT_TO_SAY};
use crate::pages::journey::{QuestionPage, StepFrame};

pub struct GroupPage {
    pub title: String,
    pub intro: Option<String>,
    pub questions: Vec<Question>,
    /// The report is made for someone else: each question is asked about them.
    pub about_them: bool,
}

pub fn page(group: GroupPage, frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    let about_them = group.about_them;
    let questions = group
        .questions
        .into_iter()
        .map(|q| {
            let mut options: Vec<Choice> = q
                .options
                .iter()
                .map(|o| Choice::new(o.value.clone(), o.label.clone()))
                .collect();
            options.push(Choice::new(PREFER_NOT_TO_SAY, "Prefer not to say"));
            let inline = options.len() <= 3;
            view! {
                <Radios
                    name=q.id.clone()
                    legend=q.text_for(about_them).to_string()
                    hint=q.hint_for(about_them).unwrap_or_default().to_string()
                    options=options
                    selected=f.value(&q.id)
                    error=f.error(&q.id)
                    inline=inline
                />
            }
        })
        .collect_view();
    view! {
        <QuestionPage frame=frame>
            <Title text=group.title.clone() />
            <h1 class="govuk-heading-l">{group.title}</h1>
            <p class="govuk-body">
                {group
                    .intro
                    .unwrap_or_else(|| {
                        if about_them {
                            "These questions help us understand how the problem affects them, so \
                             we can offer the right support."
                        } else {
                            "These questions help us understand how the problem affects you, so \
                             we can offer the right support."
                        }
                            .to_string()
                    })}
            </p>
            <p class="govuk-body">"You can choose \u{2018}Prefer not to say\u{2019} for any question."</p>
            {questions}
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{Form, PostedForm};
use crate::domain::report::Draft;
use crate::journey::QuestionStep;
use crate::server::config::Config;

use crate::domain::assessment::QuestionGroup;

/// One page of the needs assessment: a group of its questions, from the configuration.
pub struct AssessmentStep {
    group: QuestionGroup,
    slug: String,
}

impl AssessmentStep {
    pub fn new(group: &QuestionGroup) -> AssessmentStep {
        AssessmentStep {
            slug: format!("assessment/{}", group.id),
            group: group.clone(),
        }
    }
}

impl QuestionStep<Draft> for AssessmentStep {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn is_complete(&self, config: &Config, draft: &Draft) -> bool {
        draft.group_complete(&config.journey_rules(), &self.group.id)
    }
    fn form_values(&self, config: &Config, draft: &Draft) -> Form {
        config
            .assessment
            .questions
            .iter()
            .filter(|q| q.group == self.group.id)
            .filter_map(|q| Some((q.id.clone(), draft.assessment.get(&q.id)?.clone())))
            .collect()
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        let rules = config.journey_rules();
        let questions = draft.questions_to_ask(&rules, &self.group.id);
        let answers = crate::domain::report::parse_assessment_group(
            &form.typed(),
            &questions,
            draft.about_them(),
        )?;
        draft.assessment.extend(answers);
        Ok(())
    }
    fn view(&self, config: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        let questions = draft
            .questions_to_ask(&config.journey_rules(), &self.group.id)
            .into_iter()
            .cloned()
            .collect();
        let about_them = draft.about_them();
        let group = GroupPage {
            title: self.group.title_for(about_them).to_string(),
            intro: self.group.intro_for(about_them).map(str::to_string),
            questions,
            about_them,
        };
        page(group, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "How it affects you"
    }
    fn check_rows(&self, config: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        config
            .assessment
            .questions
            .iter()
            .filter(|q| q.group == self.group.id)
            .filter_map(|q| {
                let value = draft.assessment.get(&q.id)?;
                let label = if value == PREFER_NOT_TO_SAY {
                    "Prefer not to say".to_string()
                } else {
                    q.option(value).map(|o| o.label.clone()).unwrap_or_default()
                };
                Some(SummaryRow::new(
                    q.text_for(draft.about_them()).to_string(),
                    label,
                    Some(change.into()),
                ))
            })
            .collect()
    }
}
