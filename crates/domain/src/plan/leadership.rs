//! 组织领导: who answers for what, the committee's roles, the channels of
//! publicity and the methods of supervision.

use serde::{Deserialize, Serialize};

/// 组织领导: the duties in full, and their structured parts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Leadership {
    pub duties: Vec<Duty>,
    #[serde(default)]
    pub responsibilities: Vec<Responsibility>,
    #[serde(default)]
    pub publicity_channels: Vec<Channel>,
    #[serde(default)]
    pub supervision_methods: Vec<SupervisionMethod>,
    /// The committee's roles beside secretary and deputy (组织委员, 宣传委员 …).
    #[serde(default)]
    pub committee: Vec<CommitteeRole>,
}

/// A committee member's role and its duties.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CommitteeRole {
    pub key: String,
    pub name: String,
    pub duties: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub key: String,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    /// Who: a role of the branch or a body of the superior.
    pub holder: String,
    pub role: ResponsibleRole,
    pub duty: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ResponsibleRole {
    LeadingGroup,
    CampaignOffice,
    Secretary,
    Deputy,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub key: String,
    pub name: String,
    pub kind: ChannelKind,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Website,
    Magazine,
    Bulletin,
    Sms,
    Board,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupervisionMethod {
    pub key: String,
    pub name: String,
}
