//! 评选表彰 as the plan sets it: the titles, who may hold them, how many, who
//! nominates and who decides, and the 公示 period with its calendar.

use super::StandardTarget;
use crate::date::Day;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Commendation {
    #[serde(default)]
    pub note: Option<String>,
    pub titles: Vec<Title>,
    /// Working days a shortlist stays in 公示.
    #[serde(default = "five")]
    pub publicity_days: u32,
    /// Public holidays, which are not working days.
    #[serde(default)]
    pub holidays: Vec<Day>,
    /// Weekend days worked in exchange for a holiday (调休上班), which are.
    #[serde(default)]
    pub workdays: Vec<Day>,
}

fn five() -> u32 {
    5
}

/// A title of honour (优秀共产党员, 先进基层党组织 …).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Title {
    pub key: String,
    pub name: String,
    /// A member or an organisation holds it.
    pub applies_to: StandardTarget,
    /// For members: whether probationary members (预备党员) may hold it.
    #[serde(default)]
    pub probationary: bool,
    /// At most this share of the members (or branches) below the nominator.
    #[serde(default)]
    pub quota_percent: Option<u32>,
    /// At most this many per nominator; with a share too, the smaller wins.
    #[serde(default)]
    pub quota_number: Option<u32>,
    /// How a share is made whole.
    #[serde(default)]
    pub rounding: Rounding,
    pub nominated_by: Nominator,
    /// Whether members may put themselves forward to their branch.
    #[serde(default)]
    pub self_nomination: bool,
    pub decided_by: Decider,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 不超过: the share rounded down (the usual reading).
    #[default]
    Down,
    /// Half up.
    Nearest,
    Up,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Nominator {
    /// The branch nominates its members.
    Branch,
    /// The superior's campaign office nominates its branches.
    CampaignOffice,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    LeadingGroup,
    CampaignOffice,
}
