//! The personal study log and the books as the API answers them.

use crate::study::progress::StudyView;
use domain::plan::Quota;
use domain::study::Span;
use serde::Serialize;
use store::study::{Recommendation, Record};
use utoipa::ToSchema;

/// The word serde gives an enumeration (`month`, `reading_exchange` …).
pub fn word(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// First and last day, YYYY-MM-DD.
#[derive(Serialize, ToSchema)]
pub struct SpanView {
    pub first: String,
    pub last: String,
}

impl From<Span> for SpanView {
    fn from(s: Span) -> SpanView {
        SpanView {
            first: s.first.to_string(),
            last: s.last.to_string(),
        }
    }
}

/// A quota of the plan.
#[derive(Serialize, ToSchema)]
pub struct QuotaView {
    pub key: String,
    pub name: String,
    /// day, week, month, quarter or year.
    pub period: String,
    pub target: u32,
    /// minutes, books, reflections, research_topics or articles.
    pub unit: String,
}

impl From<&Quota> for QuotaView {
    fn from(q: &Quota) -> QuotaView {
        QuotaView {
            key: q.key.clone(),
            name: q.name.clone(),
            period: word(q.period),
            target: q.target,
            unit: word(q.unit),
        }
    }
}

/// The running period of a quota: its days, what is done and its target.
#[derive(Serialize, ToSchema)]
pub struct RunningView {
    pub first: String,
    pub last: String,
    pub done: u64,
    pub target: u32,
}

#[derive(Serialize, ToSchema)]
pub struct QuotaProgressView {
    pub key: String,
    pub name: String,
    pub unit: String,
    pub period: String,
    pub target: u32,
    /// Ended periods that were due, and how many were met.
    pub due: u32,
    pub met: u32,
    /// met of due, 0–100; none before any period ended.
    pub percent: Option<u32>,
    pub running: Option<RunningView>,
}

#[derive(Serialize, ToSchema)]
pub struct StudyTaskView {
    pub name: String,
    pub due_on: String,
    pub count: u32,
    pub done: u32,
    pub late: u32,
}

/// A record of the study log.
#[derive(Serialize, ToSchema)]
pub struct RecordView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub org_id: i64,
    /// book, reflection, research_topic or article.
    pub kind: String,
    pub title: String,
    pub author: String,
    pub body: String,
    pub day: String,
    pub file_id: Option<i64>,
    pub filename: Option<String>,
    /// On the 晒书 wall.
    pub shared: bool,
    pub likes: i64,
}

impl From<&Record> for RecordView {
    fn from(r: &Record) -> RecordView {
        RecordView {
            id: r.id,
            person_id: r.person_id,
            person_name: r.person_name.clone(),
            org_id: r.org_id,
            kind: word(r.kind),
            title: r.title.clone(),
            author: r.author.clone(),
            body: r.body.clone(),
            day: r.day.to_string(),
            file_id: r.file_id,
            filename: r.filename.clone(),
            shared: r.shared,
            likes: r.likes,
        }
    }
}

/// One person's study: each quota against its target, the plan's tasks with
/// deadlines, their records.
#[derive(Serialize, ToSchema)]
pub struct MyStudyView {
    pub person_id: i64,
    pub name: String,
    pub today: String,
    pub campaign: SpanView,
    pub total_minutes: u64,
    pub quotas: Vec<QuotaProgressView>,
    pub tasks: Vec<StudyTaskView>,
    pub records: Vec<RecordView>,
}

impl From<&StudyView> for MyStudyView {
    fn from(v: &StudyView) -> MyStudyView {
        MyStudyView {
            person_id: v.person.id,
            name: v.person.name.clone(),
            today: v.today.to_string(),
            campaign: v.campaign.into(),
            total_minutes: v.total_minutes,
            quotas: v
                .progress
                .iter()
                .map(|q| QuotaProgressView {
                    key: q.key.clone(),
                    name: q.name.clone(),
                    unit: word(q.unit),
                    period: word(q.period),
                    target: q.target,
                    due: q.due,
                    met: q.met,
                    percent: q.percent(),
                    running: q.running.map(|(span, done, target)| RunningView {
                        first: span.first.to_string(),
                        last: span.last.to_string(),
                        done,
                        target,
                    }),
                })
                .collect(),
            tasks: v
                .tasks
                .iter()
                .map(|t| StudyTaskView {
                    name: t.name.clone(),
                    due_on: t.due_on.to_string(),
                    count: t.count,
                    done: t.done,
                    late: t.late,
                })
                .collect(),
            records: v.records.iter().map(RecordView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReadingDayView {
    pub day: String,
    pub minutes: u32,
}

/// How many rows were saved.
#[derive(Serialize, ToSchema)]
pub struct SavedView {
    pub saved: usize,
}

/// The id of a file just stored.
#[derive(Serialize, ToSchema)]
pub struct FileCreated {
    pub file_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RecommendationView {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub reason: String,
    pub by: Option<String>,
    pub created_at: String,
}

impl From<&Recommendation> for RecommendationView {
    fn from(r: &Recommendation) -> RecommendationView {
        RecommendationView {
            id: r.id,
            title: r.title.clone(),
            author: r.author.clone(),
            reason: r.reason.clone(),
            by: r.by.clone(),
            created_at: r.created_at.clone(),
        }
    }
}

/// The recommended books and the 晒书 wall, with the books the caller likes.
#[derive(Serialize, ToSchema)]
pub struct BooksView {
    pub recommendations: Vec<RecommendationView>,
    pub wall: Vec<RecordView>,
    pub liked: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct LikedView {
    pub liked: bool,
}
