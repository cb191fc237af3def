//! Selections, nominations, objections, honours and cases as the API answers them.

use serde::Serialize;
use store::commendation::{ExemplaryCase, Honour, Nomination, Objection, Selection};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SelectionView {
    pub id: i64,
    /// The organisation that decides it.
    pub org_id: i64,
    pub phase_key: String,
    pub phase_name: String,
    pub title_key: String,
    pub title: String,
    /// `member` or `organisation`.
    pub applies_to: String,
    pub quota_percent: Option<u32>,
    pub quota_number: Option<u32>,
    /// `down`, `nearest` or `up`.
    pub rounding: String,
    /// `nominating`, `publicity` or `commended`.
    pub status: String,
    pub publicity_days: u32,
    pub publicity_opens_on: Option<String>,
    pub publicity_ends_on: Option<String>,
    pub decision_title: Option<String>,
    pub decision_code: Option<String>,
    pub decided_on: Option<String>,
}

fn text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl From<&Selection> for SelectionView {
    fn from(s: &Selection) -> SelectionView {
        let t = &s.rule.title;
        SelectionView {
            id: s.id,
            org_id: s.org_id,
            phase_key: s.phase_key.clone(),
            phase_name: s.rule.phase_name.clone(),
            title_key: t.key.clone(),
            title: t.name.clone(),
            applies_to: text(&t.applies_to),
            quota_percent: t.quota_percent,
            quota_number: t.quota_number,
            rounding: text(&t.rounding),
            status: s.status.as_str().to_string(),
            publicity_days: s.rule.publicity_days,
            publicity_opens_on: s.publicity_opens_on.map(|d| d.to_string()),
            publicity_ends_on: s.publicity_ends_on.map(|d| d.to_string()),
            decision_title: s.decision_title.clone(),
            decision_code: s.decision_code.clone(),
            decided_on: s.decided_on.map(|d| d.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NominationView {
    pub id: i64,
    pub selection_id: i64,
    pub nominator_org_id: i64,
    pub person_id: Option<i64>,
    pub subject_org_id: Option<i64>,
    pub name: String,
    pub org_name: String,
    pub position: String,
    /// 主要事迹.
    pub deeds: String,
    /// The newest final assessment score of the phase, as shown.
    pub score: Option<String>,
    pub self_nominated: bool,
    /// `self`, `proposed`, `reviewed`, `approved`, `returned` or `withdrawn`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: String,
    /// The ids of its photos and files (`/nomination-files/{id}`).
    pub files: Vec<i64>,
}

impl From<&Nomination> for NominationView {
    fn from(n: &Nomination) -> NominationView {
        NominationView {
            id: n.id,
            selection_id: n.selection_id,
            nominator_org_id: n.nominator_org_id,
            person_id: n.person_id,
            subject_org_id: n.subject_org_id,
            name: n.name.clone(),
            org_name: n.org_name.clone(),
            position: n.position.clone(),
            deeds: n.deeds.clone(),
            score: n.score.clone(),
            self_nominated: n.self_nominated,
            status: n.status.as_str().to_string(),
            reason: n.reason.clone(),
            created_at: n.created_at.clone(),
            files: n.files.iter().map(|(id, _)| *id).collect(),
        }
    }
}

/// A selection with the nominations the caller may see.
#[derive(Serialize, ToSchema)]
pub struct SelectionWithNominationsView {
    #[serde(flatten)]
    pub selection: SelectionView,
    pub nominations: Vec<NominationView>,
}

#[derive(Serialize, ToSchema)]
pub struct ObjectionView {
    pub id: i64,
    pub nomination_id: i64,
    pub candidate: String,
    pub text: String,
    pub name: Option<String>,
    pub contact: Option<String>,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub outcome: Option<String>,
    pub handled_by: Option<String>,
    pub created_at: String,
}

impl From<&Objection> for ObjectionView {
    fn from(o: &Objection) -> ObjectionView {
        ObjectionView {
            id: o.id,
            nomination_id: o.nomination_id,
            candidate: o.candidate.clone(),
            text: o.text.clone(),
            name: o.name.clone(),
            contact: o.contact.clone(),
            status: o.status.as_str().to_string(),
            outcome: o.outcome.clone(),
            handled_by: o.handled_by.clone(),
            created_at: o.created_at.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HonourView {
    pub id: i64,
    /// The organisation that conferred it.
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub subject_org_id: Option<i64>,
    pub name: String,
    pub org_name: String,
    pub title: String,
    pub decision_title: String,
    pub decision_code: String,
    /// `YYYY-MM-DD`.
    pub decided_on: String,
}

impl From<&Honour> for HonourView {
    fn from(h: &Honour) -> HonourView {
        HonourView {
            id: h.id,
            org_id: h.org_id,
            person_id: h.person_id,
            subject_org_id: h.subject_org_id,
            name: h.name.clone(),
            org_name: h.org_name.clone(),
            title: h.title.clone(),
            decision_title: h.decision_title.clone(),
            decision_code: h.decision_code.clone(),
            decided_on: h.decided_on.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub honour_id: Option<i64>,
    pub subject: String,
    pub title: String,
    pub story: String,
    /// `submitted`, `published` or `returned`.
    pub status: String,
    pub reason: Option<String>,
    pub published_at: Option<String>,
    /// The ids of its photos (`/case-files/{id}`).
    pub photos: Vec<i64>,
}

impl From<&ExemplaryCase> for CaseView {
    fn from(c: &ExemplaryCase) -> CaseView {
        CaseView {
            id: c.id,
            org_id: c.org_id,
            person_id: c.person_id,
            honour_id: c.honour_id,
            subject: c.subject.clone(),
            title: c.title.clone(),
            story: c.story.clone(),
            status: c.status.as_str().to_string(),
            reason: c.reason.clone(),
            published_at: c.published_at.clone(),
            photos: c.files.iter().map(|(id, _)| *id).collect(),
        }
    }
}
