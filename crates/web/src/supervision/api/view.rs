//! The dashboard, overdue items and spot checks as the API answers them.

use crate::supervision::dashboard::{INDICATORS, Line};
use domain::supervision::DrawRecord;
use serde::Serialize;
use store::supervision::{OverdueItem, SpotCheck};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DashboardView {
    pub phase_key: String,
    pub phase_name: String,
    /// The day the figures stand on.
    pub today: String,
    /// The indicators' keys, in the order of each line's `figures`.
    pub indicators: Vec<String>,
    pub lines: Vec<DashboardLineView>,
    /// Lines given with their figures from before a recent write; they are
    /// recounted within a minute.
    pub pending: usize,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardLineView {
    pub org_id: i64,
    pub org_name: String,
    pub members: i64,
    /// Percent per indicator; null where nothing was due.
    pub figures: Vec<Option<f64>>,
    pub tasks_overdue: i64,
    pub rectifications_open: i64,
    pub rectifications_overdue: i64,
    pub meetings_missed: i64,
    pub reviews_missed: i64,
}

impl DashboardView {
    pub fn new(b: &crate::supervision::dashboard::Dashboard) -> DashboardView {
        DashboardView {
            phase_key: b.phase_key.clone(),
            phase_name: b.phase_name.clone(),
            today: b.today.to_string(),
            indicators: INDICATORS.iter().map(|s| s.to_string()).collect(),
            lines: b.lines.iter().map(DashboardLineView::from).collect(),
            pending: b.pending,
        }
    }
}

impl From<&Line> for DashboardLineView {
    fn from(l: &Line) -> DashboardLineView {
        DashboardLineView {
            org_id: l.org_id,
            org_name: l.org_name.clone(),
            members: l.members,
            figures: l.figures.clone(),
            tasks_overdue: l.tasks_overdue,
            rectifications_open: l.rectifications_open,
            rectifications_overdue: l.rectifications_overdue,
            meetings_missed: l.meetings_missed,
            reviews_missed: l.reviews_missed,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OverdueView {
    /// `task`, `rectification`, `commitment`, `meeting` or `review`.
    pub kind: String,
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub days: i64,
    pub link: String,
}

impl From<&OverdueItem> for OverdueView {
    fn from(i: &OverdueItem) -> OverdueView {
        OverdueView {
            kind: i.kind.as_str().into(),
            id: i.id,
            org_id: i.org_id,
            org_name: i.org_name.clone(),
            title: i.title.clone(),
            owner: i.owner.clone(),
            due_on: i.due_on.to_string(),
            days: i.days,
            link: i.link.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SpotCheckView {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    /// `commitments`, `study_ledgers`, `meetings` or `tasks`.
    pub kind: String,
    pub scope_org_id: i64,
    pub sample_size: i64,
    pub population_count: i64,
    pub population_hash: String,
    pub algorithm: u32,
    /// `public` or `commit`.
    pub seed_kind: String,
    pub seed_source: String,
    pub seed_hash: Option<String>,
    pub seed: Option<String>,
    pub draw_on: String,
    /// `announced` or `drawn`.
    pub status: String,
}

impl From<&SpotCheck> for SpotCheckView {
    fn from(c: &SpotCheck) -> SpotCheckView {
        SpotCheckView {
            id: c.id,
            org_id: c.org_id,
            title: c.title.clone(),
            kind: c.kind.as_str().into(),
            scope_org_id: c.scope_org_id,
            sample_size: c.sample_size,
            population_count: c.population_count,
            population_hash: c.population_hash.clone(),
            algorithm: c.algorithm,
            seed_kind: c.seed_kind.as_str().into(),
            seed_source: c.seed_source.clone(),
            seed_hash: c.seed_hash.clone(),
            seed: c.seed.clone(),
            draw_on: c.draw_on.to_string(),
            status: c.status.as_str().into(),
        }
    }
}

/// A drawn check's record, as `chuangxian spot-check verify` reads it.
#[derive(Serialize, ToSchema)]
pub struct DrawRecordView {
    pub id: i64,
    pub title: String,
    pub organisation: String,
    pub algorithm: u32,
    pub population: Vec<PopulationItemView>,
    pub population_hash: String,
    pub seed_kind: String,
    pub seed_source: String,
    pub seed_hash: Option<String>,
    pub seed: String,
    pub sample_size: usize,
    pub sample: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PopulationItemView {
    pub id: String,
    pub name: String,
}

impl From<&DrawRecord> for DrawRecordView {
    fn from(r: &DrawRecord) -> DrawRecordView {
        DrawRecordView {
            id: r.id,
            title: r.title.clone(),
            organisation: r.organisation.clone(),
            algorithm: r.algorithm,
            population: r
                .population
                .iter()
                .map(|p| PopulationItemView {
                    id: p.id.clone(),
                    name: p.name.clone(),
                })
                .collect(),
            population_hash: r.population_hash.clone(),
            seed_kind: r.seed_kind.as_str().into(),
            seed_source: r.seed_source.clone(),
            seed_hash: r.seed_hash.clone(),
            seed: r.seed.clone(),
            sample_size: r.sample_size,
            sample: r.sample.clone(),
        }
    }
}
