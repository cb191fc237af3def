//! A campaign plan (实施方案) as data. The file format is documented in
//! `docs/plan-format.md`; the source plan lives in `plans/`. Behaviour hangs on the
//! few enums here (periods, coverage, meeting kinds, step kinds); every name and text
//! is the plan's own, so another organisation's plan needs no code change.

mod assessment;
mod check;
mod commendation;
mod leadership;
mod programme;
mod rules;
mod rules_steps;
mod shift;
mod step_rules;

pub use assessment::{Assessment, GradeRule, Indicator, Source, Veto};
pub use check::{PlanError, PlanProblem, parse_plan};
pub use commendation::{Commendation, Decider, Nominator, Rounding, Title};
pub use leadership::{
    Channel, ChannelKind, CommitteeRole, Duty, Leadership, Responsibility, ResponsibleRole,
    SupervisionMethod,
};
pub use programme::{
    Activity, MeetingKind, MeetingRule, Period, Programme, Quota, QuotaUnit, Task,
};
pub use step_rules::{EvaluationRules, ReviewRules, ScalePoint, SupervisionRules};

use crate::date::Day;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub header: Header,
    #[serde(default)]
    pub references: Vec<Reference>,
    pub theme: Theme,
    pub guiding_thought: Section,
    pub goals: Goals,
    pub scope: Scope,
    pub phases: Vec<Phase>,
    pub content: Section,
    pub standards: Vec<Standard>,
    pub steps: Steps,
    pub arrangements: Section,
    #[serde(default)]
    pub programmes: Vec<Programme>,
    #[serde(default)]
    pub quotas: Vec<Quota>,
    #[serde(default)]
    pub meetings: Vec<MeetingRule>,
    pub leadership: Leadership,
    #[serde(default)]
    pub review: Option<ReviewRules>,
    #[serde(default)]
    pub evaluation: Option<EvaluationRules>,
    #[serde(default)]
    pub assessment: Option<Assessment>,
    #[serde(default)]
    pub commendation: Option<Commendation>,
    #[serde(default)]
    pub supervision: Option<SupervisionRules>,
}

/// 文号、发文机关、日期 and the preamble.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Document number, e.g. 泉妇支〔2010〕2号.
    pub code: String,
    pub title: String,
    pub issuer: String,
    #[serde(default)]
    pub issued_on: Option<Day>,
    pub preamble: String,
    /// Signature block at the end of the document.
    #[serde(default)]
    pub signature: Option<String>,
    /// Anything the transcriber had to explain (e.g. a date the text leaves open).
    #[serde(default)]
    pub note: Option<String>,
}

/// A higher document this plan implements.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub code: String,
    pub title: String,
    pub issuer: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The campaign theme, e.g. 创学习型组织、建高素质队伍、促科学发展.
    pub main: String,
    /// The practice activity, e.g. 素质·宣传·惠民·强基.
    pub practice: String,
    /// Themes of superior organisations the plan refers to.
    #[serde(default)]
    pub related: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    pub text: String,
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub text: String,
    pub covers: Coverage,
}

/// Who a scope, quota or task applies to.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Party members (正式 and 预备).
    Members,
    /// Everyone in the unit, members or not (干部职工).
    AllStaff,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub key: String,
    pub name: String,
    pub starts_on: Day,
    pub ends_on: Day,
    pub focus: String,
    /// Key time nodes (重要时间节点) that drive reminders and publicity.
    #[serde(default)]
    pub time_nodes: Vec<TimeNode>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeNode {
    pub on: Day,
    pub name: String,
}

/// A section that is text only: 指导思想, the preface of 主要内容 and of 近期安排.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub key: String,
    /// e.g. 五个好.
    pub name: String,
    /// e.g. 先进基层党组织.
    pub title: String,
    pub applies_to: StandardTarget,
    pub summary: String,
    pub criteria: Vec<Criterion>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StandardTarget {
    Organisation,
    Member,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub key: String,
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    pub text: String,
    pub items: Vec<Step>,
}

/// One of the method steps (方法步骤); `kind` says which workflow runs it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub key: String,
    pub name: String,
    pub kind: StepKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Commitment,
    Review,
    Evaluation,
    Commendation,
}

impl Plan {
    /// The phase containing `day`, if any.
    pub fn phase_on(&self, day: Day) -> Option<&Phase> {
        self.phases
            .iter()
            .find(|p| p.starts_on <= day && day <= p.ends_on)
    }

    /// The first day of the campaign and its last.
    pub fn span(&self) -> Option<(Day, Day)> {
        let start = self.phases.iter().map(|p| p.starts_on).min()?;
        let end = self.phases.iter().map(|p| p.ends_on).max()?;
        Some((start, end))
    }
}
