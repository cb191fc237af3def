//! Books in the branch: the recommended list (荐书) and the 晒书 wall, where people
//! show the books they read and others like them.

use super::{Base, base, html_status};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::study::StudyProblem;
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
    errors: HashMap<&'static str, String>,
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
    errors: HashMap<&'static str, String>,
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
                &format!("/orgs/{}/books", org.id),
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
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
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

/// A recommendation's fields, trimmed: a title of at most 100 characters, an
/// author of at most 50, a reason of at most 500. Every problem, by field.
pub(crate) fn check_recommendation(
    title: &str,
    author: &str,
    reason: &str,
) -> HashMap<&'static str, StudyProblem> {
    let mut errors = HashMap::new();
    let title = title.trim();
    if title.is_empty() {
        errors.insert("title", StudyProblem::Missing);
    }
    for (field, value, max) in [
        ("title", title, 100),
        ("author", author.trim(), 50),
        ("reason", reason.trim(), 500),
    ] {
        if value.chars().count() > max {
            errors.insert(field, StudyProblem::TooLong);
        }
    }
    errors
}

/// Anyone of the organisation may recommend a book.
pub async fn recommend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<RecommendForm>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::Read)?;
    let t = ctx.tr(&state.i18n);
    let errors: HashMap<&'static str, String> =
        check_recommendation(&form.title, &form.author, &form.reason)
            .into_iter()
            .map(|(field, p)| (field, t.t(p.message_id())))
            .collect();
    if !errors.is_empty() {
        return render(
            &state,
            &ctx,
            org,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    state
        .store
        .recommend_book(
            &account.username,
            org.id,
            account.person_id,
            form.title.trim(),
            form.author.trim(),
            form.reason.trim(),
        )
        .await?;
    Ok(Redirect::to(&format!("/orgs/{id}/books")).into_response())
}

/// Likes a book on the wall, or takes the like back.
pub async fn like(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(record_id): Path<i64>,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    let record = state.store.record(record_id).await?;
    let org = state.store.organisation(record.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    state
        .store
        .toggle_like(account.person_id, record_id)
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}/books#book-{record_id}", org.id)).into_response())
}
