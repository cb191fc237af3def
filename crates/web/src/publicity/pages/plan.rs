//! The publicity plan's page: the items by due day with their state, the
//! form that plans one, the link that marks one done; the same as a
//! workbook. It prints on A4 as it stands.

use crate::http::clock::today;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::publicity::plan::{self, ItemInput, Line, lines, may_plan};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::plan::Plan;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::publicity::{Publication, PublicationFilter, plan_link};

#[derive(Template)]
#[template(path = "publicity/plan.html")]
struct PlanPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    plan: Option<Plan>,
    lines: Vec<Line>,
    can_plan: bool,
    people: Vec<Person>,
    /// The organisation's published pieces an item may be linked to.
    published: Vec<Publication>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl PlanPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<PlanPage<'a>, AppError> {
    let t = ctx.tr(&state.i18n);
    let plan = state.store.current_plan(&org).await?.map(|v| v.plan);
    let items = state.store.publicity_items(org.id).await?;
    let can_plan = may_plan(ctx, &org);
    let published = PublicationFilter {
        kind: None,
        published_only: true,
    };
    Ok(PlanPage {
        base: base(
            state,
            ctx,
            t.a1("publicity-plan-title", "org", &org.name),
            &plan_link(org.id),
        )
        .await,
        lines: lines(
            ctx,
            &org,
            plan.as_ref(),
            items,
            today(state.config.utc_offset),
        ),
        people: if can_plan {
            state.store.all_people(&org.path).await?
        } else {
            Vec::new()
        },
        published: state
            .store
            .publications_of(org.id, published, 1, 200)
            .await?
            .items,
        form: HashMap::new(),
        errors: HashMap::new(),
        t,
        can_plan,
        plan,
        org,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org).await?)
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let text = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = ItemInput {
        phase: text("phase"),
        occasion: text("occasion"),
        title: text("title"),
        channel: text("channel"),
        owner: text("owner"),
        due_on: text("due_on"),
    };
    match plan::add(&state, &ctx, &org, &input).await {
        Ok(_) => Ok(flash(
            &plan_link(org.id),
            "flash-publicity-item-saved",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() || !r.errors.is_empty() => {
            let mut page = page(&state, &ctx, org).await?;
            page.form = f;
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn link(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let item = state.store.publicity_item(id).await?;
    let org = state.store.organisation(item.org_id).await?;
    let publication = f.get("publication").cloned().unwrap_or_default();
    plan::link(&state, &ctx, &org, &item, &publication).await?;
    Ok(flash(
        &plan_link(org.id),
        "flash-publicity-item-saved",
        state.config.secure_cookies,
    ))
}

/// The plan as a workbook: the due days as dates, the state as words.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    let plan = state.store.current_plan(&org).await?.map(|v| v.plan);
    let items = state.store.publicity_items(org.id).await?;
    let rows = lines(
        &ctx,
        &org,
        plan.as_ref(),
        items,
        today(state.config.utc_offset),
    )
    .into_iter()
    .map(|l| {
        vec![
            l.phase.into(),
            l.item.occasion.into(),
            l.item.title.into(),
            l.channel.into(),
            l.item.owner_name.into(),
            Value::Date(l.item.due_on),
            t.t(&format!("publicity-item-state-{}", l.state.as_str()))
                .into(),
            l.item
                .publication
                .map_or(Value::Empty, |(_, title)| title.into()),
        ]
    })
    .collect();
    let headers = [
        "plan-phase",
        "publicity-item-occasion",
        "publicity-item-title",
        "publicity-item-channel",
        "publicity-item-owner",
        "publicity-item-due",
        "publicity-item-state",
        "publicity-item-publication",
    ];
    let bytes = workbook(&[Sheet {
        name: t.t("publicity-plan-label"),
        headers: headers.iter().map(|h| t.t(h)).collect(),
        rows,
    }])?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", org.name, t.t("publicity-plan-label")),
        bytes,
    ))
}
