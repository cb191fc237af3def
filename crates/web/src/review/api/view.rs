//! Reviews and rectification items as the API answers them.

use serde::Serialize;
use store::review::{Rectification, Reply, Review};
use utoipa::ToSchema;

/// A leader review.
#[derive(Serialize, ToSchema)]
pub struct ReviewView {
    pub id: i64,
    pub reviewer_account_id: i64,
    pub reviewer_name: String,
    pub org_id: i64,
    /// The member reviewed; none when the branch itself is.
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub parts: ReviewPartsView,
    pub published: bool,
    pub created_at: String,
}

/// What a review says.
#[derive(Serialize, ToSchema)]
pub struct ReviewPartsView {
    /// Achievements affirmed.
    pub affirmed: String,
    /// Problems found, each of which may become a rectification item.
    pub problems: Vec<String>,
    pub direction: String,
    /// Keys of the plan's criteria it speaks to.
    pub criteria: Vec<String>,
    /// The overall grade on the plan's review scale, where one was given.
    pub grade: Option<String>,
    /// That grade's score out of 100.
    pub grade_score: Option<u32>,
}

impl From<&Review> for ReviewView {
    fn from(r: &Review) -> ReviewView {
        ReviewView {
            id: r.id,
            reviewer_account_id: r.reviewer_account_id,
            reviewer_name: r.reviewer_name.clone(),
            org_id: r.org_id,
            person_id: r.person_id,
            person_name: r.person_name.clone(),
            parts: ReviewPartsView {
                affirmed: r.parts.affirmed.clone(),
                problems: r.parts.problems.clone(),
                direction: r.parts.direction.clone(),
                criteria: r.parts.criteria.clone(),
                grade: r.parts.grade.as_ref().map(|g| g.name.clone()),
                grade_score: r.parts.grade.as_ref().map(|g| g.score),
            },
            published: r.published,
            created_at: r.created_at.clone(),
        }
    }
}

/// A review with the reviewed side's answers.
#[derive(Serialize, ToSchema)]
pub struct ReviewWithRepliesView {
    #[serde(flatten)]
    pub review: ReviewView,
    pub replies: Vec<ReplyView>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplyView {
    pub author: String,
    pub text: String,
    pub created_at: String,
}

impl From<&Reply> for ReplyView {
    fn from(r: &Reply) -> ReplyView {
        ReplyView {
            author: r.author.clone(),
            text: r.text.clone(),
            created_at: r.created_at.clone(),
        }
    }
}

/// A file attached to a rectification report.
#[derive(Serialize, ToSchema)]
pub struct RectificationFileView {
    pub id: i64,
    pub filename: String,
}

/// A rectification item.
#[derive(Serialize, ToSchema)]
pub struct RectificationView {
    pub id: i64,
    /// The review whose problem raised it, if one did.
    pub review_id: Option<i64>,
    /// The evaluation round whose result raised it, if one did.
    pub round_id: Option<i64>,
    pub org_id: i64,
    pub problem: String,
    pub owner_person_id: i64,
    pub owner_name: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// open, in_progress or closed.
    pub status: String,
    /// The owner's report.
    pub note: String,
    pub created_by: String,
    pub closed_by: Option<String>,
    pub files: Vec<RectificationFileView>,
}

impl From<&Rectification> for RectificationView {
    fn from(x: &Rectification) -> RectificationView {
        RectificationView {
            id: x.id,
            review_id: x.review_id,
            round_id: x.round_id,
            org_id: x.org_id,
            problem: x.problem.clone(),
            owner_person_id: x.owner_person_id,
            owner_name: x.owner_name.clone(),
            due_on: x.due_on.to_string(),
            status: x.status.as_str().to_string(),
            note: x.note.clone(),
            created_by: x.created_by.clone(),
            closed_by: x.closed_by.clone(),
            files: x
                .files
                .iter()
                .map(|(id, filename)| RectificationFileView {
                    id: *id,
                    filename: filename.clone(),
                })
                .collect(),
        }
    }
}
