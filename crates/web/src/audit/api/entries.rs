//! The audit log, for the campaign office.

use crate::audit::rules::{self, PER_PAGE};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub summary: String,
    pub hash: String,
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    actor: Option<String>,
    entity: Option<String>,
    /// Entries before this sequence number (page backwards).
    before: Option<i64>,
    /// At most 500.
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntryView>), (status = 403)))]
pub async fn list_entries(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntryView>>, AppError> {
    let limit = q.limit.unwrap_or(PER_PAGE).clamp(1, 500);
    let entries = rules::entries(&state, &ctx, q.actor, q.entity, q.before, limit).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditEntryView {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                summary: e.summary,
                hash: e.hash,
            })
            .collect(),
    ))
}
