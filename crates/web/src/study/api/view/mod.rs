//! The study programme as the API answers it: the personal log and books, the
//! standings, the meetings.

mod meeting;
mod mine;
mod standing;

pub use meeting::{
    AttendeeView, CheckedInView, MarkedView, MeetingDetailView, MeetingFileView, MeetingView,
    MeetingsView, MinutesSavedView, MissedView, RuleView,
};
pub use mine::{
    BooksView, FileCreated, LikedView, MyStudyView, QuotaView, ReadingDayView, RecommendationView,
    RecordView, SavedView, word,
};
pub use standing::{
    ComplianceTableView, ComplianceView, OrgLineView, PersonRowView, RemindedView, SummaryView,
};
