//! Meetings of a branch: 三会一课, the weekly study meeting and reading exchanges.
//! The schedule with expected attendees, and whether each kind was held as often
//! as the plan asks. One meeting is in `meeting`, checking in by QR in
//! `checkin`, the records for an inspection in `records`.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html_status};
use crate::http::state::AppState;
use crate::study::meeting::{self, MeetingForm, RuleCheck, compliance, meeting_form, when};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::plan::MeetingKind;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::study::meeting::Meeting;

#[derive(Template)]
#[template(path = "study/meetings.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    meetings: Vec<(Meeting, String)>,
    checks: Vec<RuleCheck>,
    can_manage: bool,
    /// The kinds of meeting this organisation holds.
    kinds: Vec<MeetingKind>,
    people: Vec<Person>,
    form: MeetingForm,
    fresh: bool,
    errors: HashMap<String, String>,
}

impl ListPage<'_> {
    /// Whether a person's box is ticked: as sent, or on a fresh form every
    /// Party member (三会一课 is theirs; others are added by hand).
    fn expected(&self, p: &Person) -> bool {
        if self.fresh {
            p.status != domain::person::PoliticalStatus::Masses
        } else {
            self.form.expected.contains(&p.id)
        }
    }
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    org: Organisation,
    form: Option<MeetingForm>,
    errors: HashMap<String, String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let meetings = state
        .store
        .meetings(org.id)
        .await?
        .into_iter()
        .map(|m| {
            let w = when(state, &m);
            (m, w)
        })
        .collect();
    let checks = compliance(state, &org).await?;
    let t = ctx.tr(&state.i18n);
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let people = if can_manage {
        state.store.all_people(&org.path).await?
    } else {
        Vec::new()
    };
    html_status(
        status,
        &ListPage {
            base: base(
                state,
                ctx,
                t.a1("meetings-title", "org", &org.name),
                &format!("/organisations/{}/meetings", org.id),
            )
            .await,
            t,
            meetings,
            checks,
            can_manage,
            kinds: MeetingKind::ALL
                .into_iter()
                .filter(|k| k.held_by(org.kind))
                .collect(),
            people,
            fresh: form.is_none(),
            form: form.unwrap_or_default(),
            errors,
            org,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    render_list(&state, &ctx, org, None, HashMap::new(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = meeting_form(fields);
    match meeting::create(&state, &ctx, &org, &form).await {
        Ok(mid) => Ok(Redirect::to(&format!("/meetings/{mid}")).into_response()),
        Err(AppError::Refused(r)) => {
            let t = ctx.tr(&state.i18n);
            let errors = r
                .errors
                .iter()
                .map(|e| (e.field.clone(), t.refusal_field(e)))
                .collect();
            render_list(&state, &ctx, org, Some(form), errors, r.status).await
        }
        Err(e) => Err(e),
    }
}
