//! The work programmes (工程) and the standing rules a plan sets beside them:
//! activities, tasks, personal quotas and meetings.

use super::Coverage;
use crate::date::Day;
use serde::{Deserialize, Serialize};

/// One of the work programmes (工程).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub key: String,
    pub name: String,
    /// The programme's paragraph in full.
    pub text: String,
    /// Its weight in the overall completion; programmes without one weigh
    /// equally.
    #[serde(default)]
    pub weight: Option<u32>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub tasks: Vec<Task>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub text: Option<String>,
    /// The phase the activity belongs to; its dates must lie inside it.
    pub phase: String,
    #[serde(default)]
    pub starts_on: Option<Day>,
    #[serde(default)]
    pub ends_on: Option<Day>,
    /// How the plan words the timing (e.g. 7月中旬), where it gives one.
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub participants: Option<String>,
    /// How many times it is held, for a recurring activity (全年不少于6次: 6).
    #[serde(default)]
    pub times: Option<u32>,
}

/// A task every covered person must do by a deadline.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub key: String,
    pub name: String,
    pub covers: Coverage,
    pub count: u32,
    pub due_on: Day,
    pub text: String,
    /// What a person records to complete it (e.g. `articles`); a task without
    /// one is followed by hand.
    #[serde(default)]
    pub unit: Option<QuotaUnit>,
}

/// A recurring personal quota, e.g. 每天读书一小时.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub key: String,
    pub name: String,
    pub period: Period,
    pub target: u32,
    pub unit: QuotaUnit,
    pub covers: Coverage,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    /// January–June and July–December (每半年).
    HalfYear,
    Year,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum QuotaUnit {
    Minutes,
    Books,
    Reflections,
    ResearchTopics,
    Articles,
}

/// A standing meeting and how often it must be held.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeetingRule {
    pub key: String,
    pub name: String,
    pub kind: MeetingKind,
    pub period: Period,
    /// Meetings required per period.
    pub times: u32,
    #[serde(default)]
    pub basis: Option<String>,
    /// The weekday it is held on, 1 (Monday) to 7 (每周四: 4).
    #[serde(default)]
    pub weekday: Option<u8>,
    /// Its usual starting time, `HH:MM` (下午: 14:30).
    #[serde(default)]
    pub time: Option<String>,
    /// The key of the meeting it is held together with (党课 at the 党员大会).
    #[serde(default)]
    pub held_with: Option<String>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    MembersAssembly,
    Committee,
    GroupMeeting,
    PartyLecture,
    Study,
    /// 读书心得交流会: reflections are presented.
    ReadingExchange,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 6] = [
        MeetingKind::MembersAssembly,
        MeetingKind::Committee,
        MeetingKind::GroupMeeting,
        MeetingKind::PartyLecture,
        MeetingKind::Study,
        MeetingKind::ReadingExchange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::MembersAssembly => "members_assembly",
            MeetingKind::Committee => "committee",
            MeetingKind::GroupMeeting => "group_meeting",
            MeetingKind::PartyLecture => "party_lecture",
            MeetingKind::Study => "study",
            MeetingKind::ReadingExchange => "reading_exchange",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether an organisation of `kind` holds meetings of this kind: the
    /// 党小组会 is a party group's, every other kind of 三会一课 and the study
    /// meetings are a branch's. The organisations above run the campaign over
    /// branches and hold none of them.
    pub fn held_by(self, kind: crate::organisation::OrgKind) -> bool {
        use crate::organisation::OrgKind;
        match self {
            MeetingKind::GroupMeeting => kind == OrgKind::PartyGroup,
            _ => kind == OrgKind::Branch,
        }
    }
}
