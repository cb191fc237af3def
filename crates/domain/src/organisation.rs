//! The organisation tree: 市委 → 工委 → 党组 → 支部 → 党小组, of any depth.

use serde::{Deserialize, Serialize};

/// What kind of node an organisation is. Only `Branch` runs a campaign itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 党委 (市委, 县委 …).
    Committee,
    /// 工委 (working committee).
    WorkingCommittee,
    /// 党组 (leading party group of an organ).
    LeadingGroup,
    /// 总支 or 支部.
    Branch,
    /// 党小组.
    PartyGroup,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Committee,
        OrgKind::WorkingCommittee,
        OrgKind::LeadingGroup,
        OrgKind::Branch,
        OrgKind::PartyGroup,
    ];

    /// The stable name stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Committee => "committee",
            OrgKind::WorkingCommittee => "working_committee",
            OrgKind::LeadingGroup => "leading_group",
            OrgKind::Branch => "branch",
            OrgKind::PartyGroup => "party_group",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The materialised path of a node: the ids from the root down, as `/1/4/9/`.
/// A subtree is every path that starts with its root's path, which one index serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgPath(String);

impl OrgPath {
    pub fn root(id: i64) -> OrgPath {
        OrgPath(format!("/{id}/"))
    }

    pub fn child(&self, id: i64) -> OrgPath {
        OrgPath(format!("{}{id}/", self.0))
    }

    pub fn from_stored(s: String) -> OrgPath {
        OrgPath(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &OrgPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The ids from the root down to this node.
    pub fn ids(&self) -> Vec<i64> {
        self.0.split('/').filter_map(|s| s.parse().ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtree_holds_its_descendants_but_not_a_sibling_with_a_longer_id() {
        let root = OrgPath::root(1);
        let branch = root.child(4);
        let group = branch.child(9);
        assert!(group.is_within(&branch));
        assert!(group.is_within(&root));
        assert!(!branch.is_within(&group));
        // /1/40/ must not count as inside /1/4/.
        assert!(!root.child(40).is_within(&branch));
        assert_eq!(group.ids(), vec![1, 4, 9]);
    }
}
