//! The study programme as the API answers it.

use crate::study::progress::StudyView;
use crate::study::standing::{Cell, OrgLine, PersonRow};
use domain::plan::Quota;
use domain::study::Span;
use serde::Serialize;
use store::study::meeting::{Attendee, Meeting};
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
pub struct TaskView {
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
    pub tasks: Vec<TaskView>,
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
                .map(|t| TaskView {
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

/// A meeting.
#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub org_id: i64,
    /// members_assembly, committee, group_meeting, party_lecture, study or
    /// reading_exchange.
    pub kind: String,
    pub topic: String,
    pub starts_at: String,
    pub place: String,
    pub host: String,
    pub recorder: String,
    pub lecturer: String,
    pub minutes: String,
    pub checkin_window: u32,
    /// Attendees by state: expected (unmarked), present, on leave, absent.
    pub counts: Vec<i64>,
}

impl From<&Meeting> for MeetingView {
    fn from(m: &Meeting) -> MeetingView {
        MeetingView {
            id: m.id,
            org_id: m.org_id,
            kind: word(m.kind),
            topic: m.topic.clone(),
            starts_at: m.starts_at.clone(),
            place: m.place.clone(),
            host: m.host.clone(),
            recorder: m.recorder.clone(),
            lecturer: m.lecturer.clone(),
            minutes: m.minutes.clone(),
            checkin_window: m.checkin_window,
            counts: m.counts.to_vec(),
        }
    }
}

/// A period in which a meeting rule was missed.
#[derive(Serialize, ToSchema)]
pub struct MissedView {
    pub first: String,
    pub last: String,
    pub held: u32,
    pub required: u32,
}

/// A plan's meeting rule and how it was kept.
#[derive(Serialize, ToSchema)]
pub struct RuleView {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub period: String,
    pub times: u32,
    /// Periods checked so far.
    pub periods: usize,
    pub missed: Vec<MissedView>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingsView {
    pub meetings: Vec<MeetingView>,
    pub rules: Vec<RuleView>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    pub person_id: i64,
    pub name: String,
    /// expected, present, leave or absent.
    pub state: String,
    pub reason: String,
    pub marked_at: Option<String>,
}

impl From<&Attendee> for AttendeeView {
    fn from(a: &Attendee) -> AttendeeView {
        AttendeeView {
            person_id: a.person_id,
            name: a.name.clone(),
            state: word(a.state),
            reason: a.reason.clone(),
            marked_at: a.marked_at.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingFileView {
    pub id: i64,
    pub filename: String,
}

/// A meeting with its attendees, files and the reflections presented; the
/// check-in code for the branch leadership only.
#[derive(Serialize, ToSchema)]
pub struct MeetingDetailView {
    pub meeting: MeetingView,
    pub checkin_code: Option<String>,
    pub attendees: Vec<AttendeeView>,
    pub files: Vec<MeetingFileView>,
    pub reflections: Vec<RecordView>,
}

#[derive(Serialize, ToSchema)]
pub struct MarkedView {
    pub marked: usize,
}

#[derive(Serialize, ToSchema)]
pub struct CheckedInView {
    /// present.
    pub state: String,
}

#[derive(Serialize, ToSchema)]
pub struct MinutesSavedView {
    pub saved: bool,
}
