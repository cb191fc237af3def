//! Meetings as the API answers them: the list with the rules they keep, one
//! meeting with its attendees and files, and what marking and check-in did.

use super::mine::{RecordView, word};
use serde::Serialize;
use store::study::meeting::{Attendee, Meeting};
use utoipa::ToSchema;

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
