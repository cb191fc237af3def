//! Spot checks over JSON: list, announce, show (with the record once
//! drawn), draw.

use super::view::{DrawRecordView, SpotCheckView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::supervision::rules::supervised;
use crate::supervision::spot_check::{AnnounceInput, announce, draw_check};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::supervision::SpotCheckStatus;
use utoipa::ToSchema;

/// The organisation's spot checks, newest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/spot-checks", tag = "supervision",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<SpotCheckView>), (status = 403)))]
pub async fn list_spot_checks(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<SpotCheckView>>, AppError> {
    let org = supervised(&ctx, org)?;
    let list = state.store.spot_checks(org.id).await?;
    Ok(Json(list.iter().map(SpotCheckView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AnnounceBody {
    pub title: String,
    /// `commitments`, `study_ledgers`, `meetings` or `tasks`.
    pub kind: String,
    /// The organisation whose subtree it covers; the organisation itself when left out.
    pub scope_org_id: Option<i64>,
    pub sample_size: i64,
    /// `public` or `commit`.
    pub seed_kind: String,
    /// For a public seed: which published figure, of which day.
    #[serde(default)]
    pub seed_source: String,
    /// For a committed seed: the SHA-256 of the secret, in hex.
    #[serde(default)]
    pub seed_hash: String,
    /// YYYY-MM-DD: the draw takes place on or after it.
    pub draw_on: String,
}

/// Announces a spot check, its population fixed now.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/spot-checks", tag = "supervision",
    request_body = AnnounceBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn announce_spot_check(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<AnnounceBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let input = AnnounceInput {
        title: b.title,
        kind: b.kind,
        scope: b.scope_org_id.map(|i| i.to_string()).unwrap_or_default(),
        sample_size: b.sample_size.to_string(),
        seed_kind: b.seed_kind,
        seed_source: b.seed_source,
        seed_hash: b.seed_hash,
        draw_on: b.draw_on,
    };
    let id = announce(&state, &ctx, &org, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct SpotCheckDetail {
    pub check: SpotCheckView,
    /// Once drawn: the record that redoes the draw.
    pub record: Option<DrawRecordView>,
}

/// One spot check; its record once drawn.
#[utoipa::path(get, path = "/api/v1/spot-checks/{id}", tag = "supervision",
    params(("id" = i64, Path)),
    responses((status = 200, body = SpotCheckDetail), (status = 404)))]
pub async fn show_spot_check(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<SpotCheckDetail>, AppError> {
    let c = state.store.spot_check(id).await?;
    let record = if c.status == SpotCheckStatus::Drawn {
        Some(DrawRecordView::from(&state.store.draw_record(&c).await?))
    } else {
        None
    };
    Ok(Json(SpotCheckDetail {
        check: SpotCheckView::from(&c),
        record,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct DrawBody {
    /// The public figure, or the committed secret.
    pub seed: String,
}

/// Draws the sample with the revealed seed.
#[utoipa::path(post, path = "/api/v1/spot-checks/{id}/draw", tag = "supervision",
    request_body = DrawBody, params(("id" = i64, Path)),
    responses((status = 200, body = SpotCheckDetail), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn draw_spot_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<DrawBody>,
) -> Result<Json<SpotCheckDetail>, AppError> {
    let c = state.store.spot_check(id).await?;
    draw_check(&state, &ctx, &c, &b.seed).await?;
    let c = state.store.spot_check(id).await?;
    Ok(Json(SpotCheckDetail {
        record: Some(DrawRecordView::from(&state.store.draw_record(&c).await?)),
        check: SpotCheckView::from(&c),
    }))
}
