//! The public side, with no account: an organisation's public rules in force.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::organisation::Organisation;
use store::rule::Rule;

#[derive(Template)]
#[template(path = "rule/public_list.html")]
struct PublicPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    rules: Vec<Rule>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&PublicPage {
        base: base(
            &state,
            &ctx,
            t.a1("public-rules-title", "org", &org.name),
            &format!("/p/{id}/rules"),
        )
        .await,
        rules: state.store.rules_of(id, true).await?,
        t,
        org,
    })
}
