//! Commitments as the API answers them.

use crate::commitment::rules::{ProgressMap, overall};
use domain::commitment::Item;
use serde::Serialize;
use std::collections::BTreeMap;
use store::commitment::opinion::Opinion;
use store::commitment::{Commitment, Progress};
use utoipa::ToSchema;

/// One promise of a commitment.
#[derive(Serialize, ToSchema)]
pub struct ItemView {
    /// Stable across revisions: progress stays with the item.
    pub key: String,
    /// The key of the plan's criterion it answers.
    pub criterion: String,
    pub what: String,
    pub target: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// 1–10, its weight in the roll-up.
    pub weight: u32,
}

impl From<&Item> for ItemView {
    fn from(i: &Item) -> ItemView {
        ItemView {
            key: i.key.clone(),
            criterion: i.criterion.clone(),
            what: i.what.clone(),
            target: i.target.clone(),
            due_on: i.due_on.to_string(),
            weight: i.weight,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
}

/// An item's newest progress report.
#[derive(Serialize, ToSchema)]
pub struct ItemProgressView {
    pub percent: u8,
    /// not_started, in_progress, done or not_done.
    pub status: String,
    pub note: String,
    pub at: String,
    pub by: String,
    pub evidence: Vec<EvidenceView>,
}

impl From<&Progress> for ItemProgressView {
    fn from(p: &Progress) -> ItemProgressView {
        ItemProgressView {
            percent: p.percent,
            status: p.status.as_str().to_string(),
            note: p.note.clone(),
            at: p.at.clone(),
            by: p.by.clone(),
            evidence: p
                .evidence
                .iter()
                .map(|e| EvidenceView {
                    id: e.id,
                    filename: e.filename.clone(),
                    content_type: e.content_type.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    /// The weighted progress of the approved items, 0–100.
    pub overall: u8,
    /// The newest report of each reported item, by its key.
    pub items: BTreeMap<String, ItemProgressView>,
}

impl ProgressView {
    fn of(c: &Commitment, progress: &ProgressMap) -> ProgressView {
        ProgressView {
            overall: overall(c, progress),
            items: progress
                .iter()
                .filter(|((id, _), _)| *id == c.id)
                .map(|((_, key), p)| (key.clone(), p.into()))
                .collect(),
        }
    }
}

/// A commitment with its progress.
#[derive(Serialize, ToSchema)]
pub struct CommitmentView {
    pub id: i64,
    pub org_id: i64,
    /// None for the branch's own commitment.
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub phase_key: String,
    /// draft, submitted, approved or returned.
    pub status: String,
    /// The items as last written.
    pub draft: Vec<ItemView>,
    /// The items as last approved: what is public and counts.
    pub approved: Option<Vec<ItemView>>,
    pub return_reason: Option<String>,
    pub revision: i64,
    pub approved_at: Option<String>,
    pub progress: ProgressView,
}

impl CommitmentView {
    pub fn of(c: &Commitment, progress: &ProgressMap) -> CommitmentView {
        CommitmentView {
            id: c.id,
            org_id: c.org_id,
            person_id: c.person_id,
            person_name: c.person_name.clone(),
            phase_key: c.phase_key.clone(),
            status: c.status.as_str().to_string(),
            draft: c.draft.iter().map(ItemView::from).collect(),
            approved: c
                .approved
                .as_ref()
                .map(|items| items.iter().map(ItemView::from).collect()),
            return_reason: c.return_reason.clone(),
            revision: c.revision,
            approved_at: c.approved_at.clone(),
            progress: ProgressView::of(c, progress),
        }
    }
}

/// A branch's commitments for its current phase.
#[derive(Serialize, ToSchema)]
pub struct BranchCommitmentsView {
    pub phase: String,
    /// The branch's progress over every approved item, 0–100.
    pub overall: u8,
    pub commitments: Vec<CommitmentView>,
}

/// A shown opinion, as the public reads it.
#[derive(Serialize, ToSchema)]
pub struct PublicOpinionView {
    pub name: Option<String>,
    pub text: String,
    pub reply: Option<String>,
    pub created_at: String,
}

/// An approved commitment on the public board: what was approved, never drafts.
#[derive(Serialize, ToSchema)]
pub struct BoardCommitmentView {
    pub id: i64,
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub phase_key: String,
    pub status: String,
    pub approved: Vec<ItemView>,
    pub revision: i64,
    pub approved_at: Option<String>,
    pub progress: ProgressView,
    pub opinions: Vec<PublicOpinionView>,
}

impl BoardCommitmentView {
    pub fn of(c: &Commitment, progress: &ProgressMap, opinions: &[Opinion]) -> BoardCommitmentView {
        BoardCommitmentView {
            id: c.id,
            org_id: c.org_id,
            person_id: c.person_id,
            person_name: c.person_name.clone(),
            phase_key: c.phase_key.clone(),
            status: c.status.as_str().to_string(),
            approved: c.approved.iter().flatten().map(ItemView::from).collect(),
            revision: c.revision,
            approved_at: c.approved_at.clone(),
            progress: ProgressView::of(c, progress),
            opinions: opinions
                .iter()
                .map(|o| PublicOpinionView {
                    name: o.name.clone(),
                    text: o.text.clone(),
                    reply: o.reply.clone(),
                    created_at: o.created_at.clone(),
                })
                .collect(),
        }
    }
}

/// The public board of a branch.
#[derive(Serialize, ToSchema)]
pub struct BoardView {
    pub organisation: String,
    pub phase: String,
    pub commitments: Vec<BoardCommitmentView>,
}

/// An opinion as the branch's leadership moderates it.
#[derive(Serialize, ToSchema)]
pub struct OpinionView {
    pub id: i64,
    pub commitment_id: i64,
    pub org_id: i64,
    /// The member whose commitment it is; none for the branch's own.
    pub owner_name: Option<String>,
    pub owner_person_id: Option<i64>,
    pub name: Option<String>,
    pub text: String,
    /// pending, approved or rejected.
    pub status: String,
    pub reply: Option<String>,
    pub created_at: String,
}

impl From<&Opinion> for OpinionView {
    fn from(o: &Opinion) -> OpinionView {
        OpinionView {
            id: o.id,
            commitment_id: o.commitment_id,
            org_id: o.org_id,
            owner_name: o.owner_name.clone(),
            owner_person_id: o.owner_person_id,
            name: o.name.clone(),
            text: o.text.clone(),
            status: o.status.as_str().to_string(),
            reply: o.reply.clone(),
            created_at: o.created_at.clone(),
        }
    }
}
