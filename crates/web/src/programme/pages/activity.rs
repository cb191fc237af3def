//! One activity: what the plan says of it, how it ran, its photos, and the
//! form (for its branch's leadership and its owner) that records it.

use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{evidence_files, read_multipart};
use crate::programme::activity::{self, ActivityInput};
use crate::programme::rules::may_record;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use domain::access::Action;
use domain::programme::ActivityStatus;
use std::collections::HashMap;
use store::commitment::Commitment;
use store::organisation::Organisation;
use store::person::Person;
use store::programme::Activity;
use store::study::meeting::Meeting;

#[derive(Template)]
#[template(path = "programme/activity.html")]
struct ActivityPage<'a> {
    t: Tr<'a>,
    base: Base,
    a: Activity,
    org: Organisation,
    can_record: bool,
    statuses: [ActivityStatus; 4],
    people: Vec<Person>,
    meetings: Vec<Meeting>,
    /// The branch's approved commitments of the activity's phase.
    commitments: Vec<Commitment>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl ActivityPage<'_> {
    /// What the form shows: what was typed, else what is recorded.
    fn value(&self, field: &str) -> String {
        if let Some(v) = self.form.get(field) {
            return v.clone();
        }
        let a = &self.a;
        match field {
            "status" => a.status.as_str().to_string(),
            "owner" => a.owner_person_id.map(|i| i.to_string()).unwrap_or_default(),
            "place" => a.place.clone(),
            "starts_on" => a.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            "ends_on" => a.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            "participants" => a.participants.clone(),
            "participant_count" => a.participant_count.to_string(),
            "served_count" => a.served_count.to_string(),
            "times_held" => a.times_held.to_string(),
            "outcome" => a.outcome.clone(),
            "meeting" => a.meeting_id.map(|i| i.to_string()).unwrap_or_default(),
            "commitment" => a.commitment_id.map(|i| i.to_string()).unwrap_or_default(),
            _ => String::new(),
        }
    }
}

async fn page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<ActivityPage<'a>, AppError> {
    let a = state.store.activity(id).await?;
    let org = state.store.organisation(a.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let can_record = may_record(ctx, &org, &a);
    let t = ctx.tr(&state.i18n);
    let (people, meetings, commitments) = if can_record {
        (
            state.store.all_people(&org.path).await?,
            state.store.meetings(org.id).await?,
            state
                .store
                .branch_commitments(org.id, &a.phase_key)
                .await?
                .into_iter()
                .filter(|c| c.approved.is_some())
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(ActivityPage {
        base: base(state, ctx, a.name.clone(), &format!("/activities/{id}")).await,
        t,
        can_record,
        statuses: ActivityStatus::ALL,
        people,
        meetings,
        commitments,
        form: HashMap::new(),
        errors: HashMap::new(),
        a,
        org,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id).await?)
}

pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let a = state.store.activity(id).await?;
    let form = read_multipart(multipart, "photos").await?;
    let input = ActivityInput {
        status: form.text("status").to_string(),
        owner: form.text("owner").to_string(),
        place: form.text("place").to_string(),
        starts_on: form.text("starts_on").to_string(),
        ends_on: form.text("ends_on").to_string(),
        participants: form.text("participants").to_string(),
        participant_count: form.text("participant_count").to_string(),
        served_count: form.text("served_count").to_string(),
        times_held: form.text("times_held").to_string(),
        outcome: form.text("outcome").to_string(),
        meeting: form.text("meeting").to_string(),
        commitment: form.text("commitment").to_string(),
    };
    let result = match evidence_files(form.files.clone(), "photos") {
        Ok(files) => activity::record(&state, &ctx, &a, &input, files).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(flash(
            &format!("/activities/{id}"),
            "flash-activity-recorded",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, id).await?;
            page.form = form.fields.clone();
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

/// A photo or file of an activity, for whoever may read the activity.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (activity_id, f) = state.store.activity_file(id).await?;
    let a = state.store.activity(activity_id).await?;
    let org = state.store.organisation(a.org_id).await?;
    if !ctx.can(&org.path, Action::Read) {
        return Err(ctx.refused());
    }
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
