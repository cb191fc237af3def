//! Books in the branch: the recommended list (荐书) and the 晒书 wall, where people
//! show the books they read and others like them.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html_status};
use crate::http::state::AppState;
use crate::study::books;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use store::organisation::Organisation;
use store::study::{Recommendation, Record};

#[derive(Template)]
#[template(path = "study/books.html")]
struct BooksPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    recommendations: Vec<Recommendation>,
    wall: Vec<Record>,
    liked: HashSet<i64>,
    form: RecommendForm,
    errors: HashMap<String, String>,
}

#[derive(Default, Deserialize)]
pub struct RecommendForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    reason: String,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    org: Organisation,
    form: RecommendForm,
    errors: HashMap<String, String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let viewer = ctx.account.as_ref().map(|a| a.person_id);
    let (wall, liked) = state.store.wall(org.id, viewer).await?;
    let recommendations = state.store.recommendations(org.id).await?;
    let t = ctx.tr(&state.i18n);
    html_status(
        status,
        &BooksPage {
            base: base(
                state,
                ctx,
                t.a1("books-title", "org", &org.name),
                &format!("/organisations/{}/books", org.id),
            )
            .await,
            t,
            org,
            recommendations,
            wall,
            liked,
            form,
            errors,
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    render(
        &state,
        &ctx,
        org,
        RecommendForm::default(),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

/// Anyone of the organisation may recommend a book.
pub async fn recommend(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(form): Form<RecommendForm>,
) -> Result<Response, AppError> {
    let id = org.id;
    match books::recommend(&state, &ctx, &org, &form.title, &form.author, &form.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/organisations/{id}/books")).into_response()),
        Err(AppError::Refused(r)) => {
            let t = ctx.tr(&state.i18n);
            let errors = r
                .errors
                .iter()
                .map(|e| (e.field.clone(), t.refusal_field(e)))
                .collect();
            render(&state, &ctx, org, form, errors, r.status).await
        }
        Err(e) => Err(e),
    }
}

/// Likes a book on the wall, or takes the like back.
pub async fn like(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(record_id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, org) = books::like(&state, &ctx, record_id).await?;
    Ok(Redirect::to(&format!("/organisations/{org}/books#book-{record_id}")).into_response())
}
