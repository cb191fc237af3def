//! The public side of spot checks, with no account: an organisation's checks
//! and one check's published record (what was announced, the seed, the
//! sample and whether each item passed), with the algorithm in words.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::organisation::Organisation;
use store::supervision::{Sample, SpotCheck};

#[derive(Template)]
#[template(path = "supervision/public_list.html")]
struct PublicListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    checks: Vec<SpotCheck>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&PublicListPage {
        base: base(
            &state,
            &ctx,
            t.a1("spot-checks-title", "org", &org.name),
            &format!("/p/{id}/spot-checks"),
        )
        .await,
        t,
        checks: state.store.spot_checks(org.id).await?,
        org,
    })
}

#[derive(Template)]
#[template(path = "supervision/public_spot_check.html")]
struct PublicCheckPage<'a> {
    t: Tr<'a>,
    base: Base,
    c: SpotCheck,
    samples: Vec<Sample>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let c = state.store.spot_check(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&PublicCheckPage {
        base: base(
            &state,
            &ctx,
            c.title.clone(),
            &format!("/p/spot-checks/{id}"),
        )
        .await,
        t,
        samples: state.store.spot_check_samples(id).await?,
        c,
    })
}
