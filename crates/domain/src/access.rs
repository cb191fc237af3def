//! Roles and what each may do. A role is held over an organisation subtree; the
//! subtree test itself lives with the path (`OrgPath::is_within`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 创先办 of a superior: everything in its subtree, and the system's admin pages.
    CampaignOffice,
    /// 领导: reads the subtree, writes reviews.
    Leader,
    /// 支部书记: runs the branch.
    Secretary,
    /// 支部副书记: runs the branch day to day.
    Deputy,
    /// 党员: own records.
    Member,
}

/// Something a person may ask to do within an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the organisation's internal pages: plan, people list.
    Read,
    /// Add, import or change people and their roles.
    ManagePeople,
    /// Load or replace the organisation's plan.
    ManagePlan,
    /// Read the audit log.
    ReadAudit,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::CampaignOffice,
        Role::Leader,
        Role::Secretary,
        Role::Deputy,
        Role::Member,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CampaignOffice => "campaign_office",
            Role::Leader => "leader",
            Role::Secretary => "secretary",
            Role::Deputy => "deputy",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether someone holding this role over a subtree may grant `other` inside
    /// it. The branch's leadership appoints within the branch; only a campaign
    /// office appoints leaders and other campaign offices.
    pub fn may_grant(self, other: Role) -> bool {
        match self {
            Role::CampaignOffice => true,
            Role::Secretary | Role::Deputy => {
                matches!(other, Role::Secretary | Role::Deputy | Role::Member)
            }
            Role::Leader | Role::Member => false,
        }
    }

    /// Whether this role, held over a subtree, allows `action` inside it.
    pub fn allows(self, action: Action) -> bool {
        match action {
            Action::Read => true,
            Action::ManagePeople | Action::ManagePlan => {
                matches!(self, Role::CampaignOffice | Role::Secretary | Role::Deputy)
            }
            Action::ReadAudit => self == Role::CampaignOffice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_can_read_but_not_manage_people() {
        assert!(Role::Member.allows(Action::Read));
        assert!(!Role::Member.allows(Action::ManagePeople));
        assert!(!Role::Leader.allows(Action::ManagePeople));
        assert!(Role::Deputy.allows(Action::ManagePeople));
    }

    #[test]
    fn a_secretary_appoints_in_the_branch_but_not_leaders() {
        assert!(Role::Secretary.may_grant(Role::Deputy));
        assert!(Role::Deputy.may_grant(Role::Member));
        assert!(!Role::Secretary.may_grant(Role::Leader));
        assert!(!Role::Secretary.may_grant(Role::CampaignOffice));
        assert!(!Role::Member.may_grant(Role::Member));
        assert!(Role::CampaignOffice.may_grant(Role::Leader));
    }

    #[test]
    fn only_the_campaign_office_reads_the_audit_log() {
        for r in Role::ALL {
            assert_eq!(r.allows(Action::ReadAudit), r == Role::CampaignOffice);
        }
    }
}
