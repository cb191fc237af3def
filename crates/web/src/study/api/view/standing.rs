//! Standings as the API answers them: the compliance table and the summaries.

use super::mine::QuotaView;
use crate::study::standing::{Cell, OrgLine, PersonRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A running period's progress in the compliance table.
#[derive(Serialize, ToSchema)]
pub struct RunningCellView {
    pub done: u64,
    pub target: u32,
}

/// One person against one quota.
#[derive(Serialize, ToSchema)]
pub struct CellView {
    pub quota_key: String,
    pub due: u32,
    pub met: u32,
    pub running: Option<RunningCellView>,
    pub lagging: bool,
}

impl From<&Cell> for CellView {
    fn from(c: &Cell) -> CellView {
        CellView {
            quota_key: c.quota_key.clone(),
            due: c.due,
            met: c.met,
            running: c
                .running
                .map(|(done, target)| RunningCellView { done, target }),
            lagging: c.lagging,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonRowView {
    pub person_id: i64,
    pub name: String,
    pub org_name: String,
    /// One per quota; none where the quota does not cover the person.
    pub cells: Vec<Option<CellView>>,
}

impl From<&PersonRow> for PersonRowView {
    fn from(r: &PersonRow) -> PersonRowView {
        PersonRowView {
            person_id: r.person_id,
            name: r.name.clone(),
            org_name: r.org_name.clone(),
            cells: r
                .cells
                .iter()
                .map(|c| c.as_ref().map(CellView::from))
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceTableView {
    pub today: String,
    pub quotas: Vec<QuotaView>,
    pub rows: Vec<PersonRowView>,
}

/// A page of the compliance table, with every laggard's id over all pages.
#[derive(Serialize, ToSchema)]
pub struct ComplianceView {
    pub table: ComplianceTableView,
    pub lagging: Vec<i64>,
    /// People over all pages.
    pub count: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Due and met periods of one quota, summed over people.
#[derive(Serialize, ToSchema)]
pub struct SumView {
    pub due: u64,
    pub met: u64,
}

#[derive(Serialize, ToSchema)]
pub struct OrgLineView {
    pub org_id: i64,
    pub org_name: String,
    pub people: i64,
    pub cells: Vec<SumView>,
    /// It sums organisations below it, so its own summary breaks it down.
    pub breaks_down: bool,
}

impl From<&OrgLine> for OrgLineView {
    fn from(l: &OrgLine) -> OrgLineView {
        OrgLineView {
            org_id: l.org_id,
            org_name: l.org_name.clone(),
            people: l.people,
            cells: l
                .cells
                .iter()
                .map(|(due, met)| SumView {
                    due: *due,
                    met: *met,
                })
                .collect(),
            breaks_down: l.breaks_down,
        }
    }
}

/// A page of the summary lines, weakest first, with the total over all.
#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    pub today: String,
    pub quotas: Vec<QuotaView>,
    pub lines: Vec<OrgLineView>,
    pub total: OrgLineView,
    pub count: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RemindedView {
    pub reminded: usize,
}
