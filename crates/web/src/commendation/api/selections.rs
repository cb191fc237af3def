//! Selections over JSON: an organisation's, opening one, reading one with the
//! nominations the caller may see, nominating, the 公示, its extension and the
//! commendation. Photos go with the page's form; the API carries text.

use super::view::{NominationView, SelectionView, SelectionWithNominationsView};
use crate::commendation::nominating::{self, NominationInput};
use crate::commendation::rules::{inside, selection_and_decider};
use crate::commendation::selection::{self, DecisionInput};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// The selections decided by the organisation or above it, newest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/selections", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<SelectionView>), (status = 403)))]
pub async fn list_selections(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<SelectionView>>, AppError> {
    if !inside(&ctx, &org) {
        return Err(ctx.refused());
    }
    let list = state.store.selections_of(&org.path.ids()).await?;
    Ok(Json(list.iter().map(SelectionView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct OpenSelectionBody {
    /// The key of one of the plan's `[[commendation.titles]]`.
    pub title: String,
    pub phase: String,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/selections", tag = "commendation",
    request_body = OpenSelectionBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn open_selection(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<OpenSelectionBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = selection::open(&state, &ctx, &org, &b.title, &b.phase).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(get, path = "/api/v1/selections/{id}", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = SelectionWithNominationsView), (status = 403)))]
pub async fn show_selection(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<SelectionWithNominationsView>, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    if !inside(&ctx, &decider) {
        return Err(ctx.refused());
    }
    let nominations = nominating::visible(&state, &ctx, &s, &decider).await?;
    Ok(Json(SelectionWithNominationsView {
        selection: SelectionView::from(&s),
        nominations: nominations
            .iter()
            .map(|(n, _)| NominationView::from(n))
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NominateBody {
    /// The organisation nominating: a branch, or the deciding organisation's office.
    pub nominator_org_id: i64,
    /// A person's id for a member title, a branch's for an organisation title.
    pub candidate: i64,
    /// 主要事迹.
    pub deeds: String,
    /// A member putting themself forward.
    #[serde(default)]
    pub own: bool,
}

#[utoipa::path(post, path = "/api/v1/selections/{id}/nominations", tag = "commendation",
    request_body = NominateBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 409, description = "over the quota, or already nominated"), (status = 422)))]
pub async fn nominate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<NominateBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    let nominator = state.store.organisation(b.nominator_org_id).await?;
    let input = NominationInput {
        candidate: b.candidate.to_string(),
        deeds: b.deeds,
        own: b.own,
    };
    let id =
        nominating::nominate(&state, &ctx, &s, &decider, &nominator, &input, Vec::new()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Opens the 公示 today for the plan's working days; answers the selection.
#[utoipa::path(post, path = "/api/v1/selections/{id}/publicity", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = SelectionView), (status = 403), (status = 409)))]
pub async fn open_publicity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<SelectionView>, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    selection::publicise(&state, &ctx, &s, &decider).await?;
    Ok(Json(SelectionView::from(&state.store.selection(id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct ExtendBody {
    /// Working days added after the current last day, 1–30.
    pub days: u32,
}

#[utoipa::path(post, path = "/api/v1/selections/{id}/extension", tag = "commendation",
    request_body = ExtendBody, params(("id" = i64, Path)),
    responses((status = 200, body = SelectionView), (status = 403), (status = 409), (status = 422)))]
pub async fn extend_publicity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ExtendBody>,
) -> Result<Json<SelectionView>, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    selection::extend(&state, &ctx, &s, &decider, &b.days.to_string()).await?;
    Ok(Json(SelectionView::from(&state.store.selection(id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct CommendBody {
    pub decision_title: String,
    /// 文号.
    pub decision_code: String,
    /// `YYYY-MM-DD`, not in the future.
    pub decided_on: String,
}

/// Records the decision after a 公示 with no objection open or upheld; the
/// candidates on the list gain the honour.
#[utoipa::path(post, path = "/api/v1/selections/{id}/commendation", tag = "commendation",
    request_body = CommendBody, params(("id" = i64, Path)),
    responses((status = 200, body = SelectionView), (status = 403), (status = 409), (status = 422)))]
pub async fn commend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<CommendBody>,
) -> Result<Json<SelectionView>, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    let input = DecisionInput {
        title: b.decision_title,
        code: b.decision_code,
        decided_on: b.decided_on,
    };
    selection::commend(&state, &ctx, &s, &decider, &input).await?;
    Ok(Json(SelectionView::from(&state.store.selection(id).await?)))
}
