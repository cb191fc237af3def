//! The three documents of a commendation, each one A4 page: the 公示 notice
//! (public), the commendation's decision, and an honour's certificate (荣誉证书).

use crate::commendation::rules::{inside, selection_and_decider};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::commendation::{Honour, Nomination, NominationStatus, Selection, SelectionStatus};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/notice.html")]
struct NoticePage<'a> {
    t: Tr<'a>,
    base: Base,
    s: Selection,
    decider: Organisation,
    candidates: Vec<Nomination>,
}

/// The candidates on a selection's 公示 list.
pub(super) async fn shortlist(
    state: &AppState,
    s: &Selection,
) -> Result<Vec<Nomination>, AppError> {
    Ok(state
        .store
        .nominations(s.id)
        .await?
        .into_iter()
        .filter(|n| n.status == NominationStatus::Approved)
        .collect())
}

/// The 公示 notice as it is posted: public once the 公示 has opened.
pub async fn notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    if s.status == SelectionStatus::Nominating {
        return Err(AppError::NotFound);
    }
    let t = ctx.tr(&state.i18n);
    html(&NoticePage {
        base: base(
            &state,
            &ctx,
            t.a1("notice-title", "title", &s.rule.title.name),
            &format!("/p/selections/{id}/notice"),
        )
        .await,
        t,
        candidates: shortlist(&state, &s).await?,
        s,
        decider,
    })
}

#[derive(Template)]
#[template(path = "commendation/decision.html")]
struct DecisionPage<'a> {
    t: Tr<'a>,
    base: Base,
    s: Selection,
    decider: Organisation,
    honours: Vec<Honour>,
}

/// The commendation's decision, for those inside the deciding organisation.
pub async fn decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    if !inside(&ctx, &decider) {
        return Err(ctx.refused());
    }
    if s.status != SelectionStatus::Commended {
        return Err(AppError::NotFound);
    }
    let t = ctx.tr(&state.i18n);
    let title = s.decision_title.clone().unwrap_or_default();
    html(&DecisionPage {
        base: base(&state, &ctx, title, &format!("/selections/{id}/decision")).await,
        t,
        honours: state.store.honours_of_selection(id).await?,
        s,
        decider,
    })
}

#[derive(Template)]
#[template(path = "commendation/certificate.html")]
struct CertificatePage<'a> {
    t: Tr<'a>,
    base: Base,
    h: Honour,
    conferrer: Organisation,
}

/// An honour's certificate; honours are public, as the honour roll is.
pub async fn certificate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let h = state.store.honour(id).await?;
    let conferrer = state.store.organisation(h.org_id).await?;
    let t = ctx.tr(&state.i18n);
    html(&CertificatePage {
        base: base(
            &state,
            &ctx,
            t.a1("certificate-title", "name", &h.name),
            &format!("/honours/{id}/certificate"),
        )
        .await,
        t,
        h,
        conferrer,
    })
}
