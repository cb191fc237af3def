//! An organisation's rules, writing one, one rule, its versions, adoption,
//! repeal and two versions compared.

use super::view::{DiffLineView, LibraryRuleView, RuleDiffView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::rule::rules::{CompareQuery, compare, may_read_all, readable};
use crate::rule::writing::{self, RuleInput, VersionInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The organisation's rules: the public ones in force for anyone, all of them
/// for its people and those above.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/rules", tag = "rule",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<LibraryRuleView>), (status = 404)))]
pub async fn list_rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<LibraryRuleView>>, AppError> {
    let org = state.store.organisation(id).await?;
    let list = state.store.rules_of(id, !may_read_all(&ctx, &org)).await?;
    Ok(Json(list.iter().map(LibraryRuleView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct VersionBody {
    pub text: String,
    /// YYYY-MM-DD.
    pub effective_on: String,
    /// What changed.
    #[serde(default)]
    pub note: String,
}

impl VersionBody {
    fn input(&self) -> VersionInput {
        VersionInput {
            text: self.text.clone(),
            effective_on: self.effective_on.clone(),
            note: self.note.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RuleBody {
    pub title: String,
    /// `public` or `internal`.
    pub visibility: String,
    /// `circular:ID`, `honour:ID` or `case:ID`: the practice it came from.
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub origin_note: String,
    /// The first version.
    pub version: VersionBody,
}

/// Writes a rule and its first version as drafts.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/rules", tag = "rule",
    request_body = RuleBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn write_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RuleBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let org = state.store.organisation(id).await?;
    let input = RuleInput {
        title: b.title,
        visibility: b.visibility,
        origin: b.origin,
        origin_note: b.origin_note,
        version: b.version.input(),
    };
    let id = writing::write(&state, &ctx, &org, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One rule with every version.
#[utoipa::path(get, path = "/api/v1/rules/{id}", tag = "rule", params(("id" = i64, Path)),
    responses((status = 200, body = LibraryRuleView), (status = 401), (status = 403), (status = 404)))]
pub async fn show_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<LibraryRuleView>, AppError> {
    let (r, _) = readable(&state, &ctx, id).await?;
    Ok(Json(LibraryRuleView::from(&r)))
}

/// Starts the next version as a draft.
#[utoipa::path(post, path = "/api/v1/rules/{id}/versions", tag = "rule",
    request_body = VersionBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn add_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (r, org) = readable(&state, &ctx, id).await?;
    let id = writing::new_version(&state, &ctx, &r, &org, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Puts a draft version in force; the one before is superseded.
#[utoipa::path(post, path = "/api/v1/rule-versions/{id}/adoption", tag = "rule",
    params(("id" = i64, Path)),
    responses((status = 200, body = LibraryRuleView), (status = 403), (status = 409)))]
pub async fn adopt_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<LibraryRuleView>, AppError> {
    let v = state.store.rule_version(id).await?;
    let (_, org) = readable(&state, &ctx, v.rule_id).await?;
    writing::adopt(&state, &ctx, &org, id).await?;
    Ok(Json(LibraryRuleView::from(
        &state.store.rule(v.rule_id).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct RepealBody {
    /// YYYY-MM-DD.
    pub repealed_on: String,
    pub reason: String,
}

/// Repeals the rule.
#[utoipa::path(post, path = "/api/v1/rules/{id}/repeal", tag = "rule",
    request_body = RepealBody, params(("id" = i64, Path)),
    responses((status = 200, body = LibraryRuleView), (status = 403), (status = 409), (status = 422)))]
pub async fn repeal_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RepealBody>,
) -> Result<Json<LibraryRuleView>, AppError> {
    let (r, org) = readable(&state, &ctx, id).await?;
    writing::repeal(&state, &ctx, &r, &org, &b.repealed_on, &b.reason).await?;
    Ok(Json(LibraryRuleView::from(&state.store.rule(id).await?)))
}

#[derive(Deserialize, IntoParams)]
pub struct DiffQuery {
    /// A version number; the one before `to` by default.
    pub from: Option<i64>,
    /// A version number; the latest by default.
    pub to: Option<i64>,
}

/// Two versions compared line by line.
#[utoipa::path(get, path = "/api/v1/rules/{id}/diff", tag = "rule",
    params(("id" = i64, Path), DiffQuery),
    responses((status = 200, body = RuleDiffView), (status = 403), (status = 404)))]
pub async fn diff_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<DiffQuery>,
) -> Result<Json<RuleDiffView>, AppError> {
    let (r, _) = readable(&state, &ctx, id).await?;
    let c = compare(
        &r,
        &CompareQuery {
            from: q.from,
            to: q.to,
        },
    )
    .ok_or(AppError::NotFound)?;
    Ok(Json(RuleDiffView {
        from: c.from,
        to: c.to,
        lines: c.lines.iter().map(DiffLineView::from).collect(),
    }))
}
