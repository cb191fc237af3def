//! An organisation's publications as its writers and reviewers see them: every
//! status, a page at a time, with the links that write news or a bulletin;
//! and the same list as a workbook.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::publicity::rules::{may_review, may_write};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::publicity::PublicationKind;
use serde::Deserialize;
use store::Page;
use store::organisation::Organisation;
use store::publicity::{Publication, PublicationFilter};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub kind: String,
    pub page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self, published_only: bool) -> PublicationFilter {
        PublicationFilter {
            kind: PublicationKind::parse(&self.kind),
            published_only,
        }
    }
}

#[derive(Template)]
#[template(path = "publicity/list.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    list: Page<Publication>,
    kind: String,
    can_write: bool,
    can_review: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let can_write = may_write(&ctx, &org);
    let list = state
        .store
        .publications_of(org.id, q.filter(!can_write), q.page.unwrap_or(1), 20)
        .await?;
    let t = ctx.tr(&state.i18n);
    html(&ListPage {
        base: base(
            &state,
            &ctx,
            t.a1("publications-title", "org", &org.name),
            &format!("/organisations/{}/publications", org.id),
        )
        .await,
        t,
        can_review: may_review(&ctx, &org),
        list,
        kind: q.kind,
        can_write,
        org,
    })
}

/// Every publication the person may see, as a workbook: kind, number, title,
/// status, writer, and the times as real dates.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let filter = PublicationFilter {
        kind: None,
        published_only: !may_write(&ctx, &org),
    };
    let list = state
        .store
        .publications_of(org.id, filter, 1, 10_000)
        .await?;
    let t = ctx.tr(&state.i18n);
    let offset = state.config.utc_offset;
    let time = |s: Option<&str>| Value::local_time(s, offset);
    let rows = list
        .items
        .iter()
        .map(|p| {
            vec![
                t.e("publication-kind", &p.kind).into(),
                p.number.map_or(Value::Empty, |n| Value::Number(n as f64)),
                p.title.clone().into(),
                t.e("publication-status", &p.status).into(),
                p.created_by.clone().into(),
                time(Some(&p.created_at)),
                time(p.published_at.as_deref()),
            ]
        })
        .collect();
    let bytes = workbook(&[Sheet {
        name: t.t("publications-label"),
        headers: [
            "publication-kind-label",
            "publication-number",
            "publication-title",
            "publication-status-label",
            "publication-writer",
            "publication-written",
            "publication-published",
        ]
        .iter()
        .map(|h| t.t(h))
        .collect(),
        rows,
    }])?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", org.name, t.t("publications-label")),
        bytes,
    ))
}
