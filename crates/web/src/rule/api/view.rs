//! Rules, their versions and a comparison as the API answers them.

use domain::rule::DiffLine;
use serde::Serialize;
use store::rule::{Rule, RuleVersion};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RuleVersionView {
    pub id: i64,
    pub number: i64,
    pub text: String,
    /// YYYY-MM-DD.
    pub effective_on: String,
    /// What changed.
    pub note: String,
    /// `draft`, `adopted` (in force) or `superseded`.
    pub status: String,
    pub created_by: String,
    pub created_at: String,
    pub adopted_by: Option<String>,
    pub adopted_at: Option<String>,
}

impl From<&RuleVersion> for RuleVersionView {
    fn from(v: &RuleVersion) -> RuleVersionView {
        RuleVersionView {
            id: v.id,
            number: v.number,
            text: v.text.clone(),
            effective_on: v.effective_on.to_string(),
            note: v.note.clone(),
            status: v.status.as_str().into(),
            created_by: v.created_by.clone(),
            created_at: v.created_at.clone(),
            adopted_by: v.adopted_by.clone(),
            adopted_at: v.adopted_at.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibraryRuleView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// `public` or `internal`.
    pub visibility: String,
    /// The page of the practice it came from: a circular, an honour or a case.
    pub origin: Option<String>,
    pub origin_note: String,
    /// `draft`, `in_force` or `repealed`.
    pub status: String,
    pub repealed_on: Option<String>,
    pub repeal_reason: Option<String>,
    /// The number of the version in force.
    pub in_force_version: Option<i64>,
    /// The day it took effect.
    pub in_force_on: Option<String>,
    pub updated_at: String,
    /// Every version, newest first; left empty in a list.
    pub versions: Vec<RuleVersionView>,
}

impl From<&Rule> for LibraryRuleView {
    fn from(r: &Rule) -> LibraryRuleView {
        LibraryRuleView {
            id: r.id,
            org_id: r.org_id,
            org_name: r.org_name.clone(),
            title: r.title.clone(),
            visibility: r.visibility.as_str().into(),
            origin: r.origin.map(|(k, id)| k.path(id)),
            origin_note: r.origin_note.clone(),
            status: r.status.as_str().into(),
            repealed_on: r.repealed_on.map(|d| d.to_string()),
            repeal_reason: r.repeal_reason.clone(),
            in_force_version: r.in_force.map(|(n, _)| n),
            in_force_on: r.in_force.map(|(_, on)| on.to_string()),
            updated_at: r.updated_at.clone(),
            versions: r.versions.iter().map(RuleVersionView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DiffLineView {
    /// `same`, `removed` or `added`.
    pub change: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct RuleDiffView {
    pub from: i64,
    pub to: i64,
    pub lines: Vec<DiffLineView>,
}

impl From<&DiffLine> for DiffLineView {
    fn from(l: &DiffLine) -> DiffLineView {
        DiffLineView {
            change: l.change.as_str().into(),
            text: l.text.clone(),
        }
    }
}
