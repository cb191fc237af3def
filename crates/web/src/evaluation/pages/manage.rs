//! The organisers' forms on a round's page: closing it early, recording a
//! forum and a solicited opinion, and once closed what the public sees and the
//! feedback summary.

use super::show::{answer, managed_page};
use crate::evaluation::manage::{self, ForumInput};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::evaluation::Publication;
use serde::Deserialize;

/// Closes the round now.
pub async fn close_now(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let done = manage::close_now(&state, &ctx, &page.round).await;
    answer(&state, page, "close", done.map(|_| "flash-round-closed"))
}

#[derive(Deserialize)]
pub struct ForumForm {
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    minutes: String,
}

/// Records a forum (座谈会) held for the round.
pub async fn add_forum(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ForumForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let forum = ForumInput {
        held_on: &f.held_on,
        place: &f.place,
        present: &f.present,
        minutes: &f.minutes,
    };
    let done = manage::add_forum(&state, &ctx, &page.round, forum).await;
    answer(&state, page, "forum", done.map(|_| "flash-forum-recorded"))
}

#[derive(Deserialize)]
pub struct OpinionForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    text: String,
}

/// Records an opinion solicited (征求意见) about one target.
pub async fn add_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<OpinionForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let target = f.target.parse().ok();
    let done = manage::add_opinion(&state, &ctx, &page.round, target, &f.source, &f.text).await;
    answer(
        &state,
        page,
        "opinion",
        done.map(|_| "flash-opinion-recorded"),
    )
}

#[derive(Deserialize)]
pub struct PublicationForm {
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    good_share: Option<String>,
    #[serde(default)]
    mean: Option<String>,
    #[serde(default)]
    distribution: Option<String>,
    #[serde(default)]
    comments: Option<String>,
    #[serde(default)]
    feedback: Option<String>,
}

/// Chooses what the public portal shows of the results.
pub async fn set_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<PublicationForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let on = |v: &Option<String>| v.as_deref() == Some("1");
    let publication = Publication {
        published: on(&f.published),
        good_share: on(&f.good_share),
        mean: on(&f.mean),
        distribution: on(&f.distribution),
        comments: on(&f.comments),
        feedback: on(&f.feedback),
    };
    let done = manage::set_publication(&state, &ctx, &page.round, &publication).await;
    answer(
        &state,
        page,
        "publication",
        done.map(|_| "flash-publication-saved"),
    )
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    text: String,
}

/// Records the feedback summary (反馈与应用) after the close.
pub async fn set_feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<FeedbackForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let done = manage::set_feedback(&state, &ctx, &page.round, &f.text).await;
    answer(
        &state,
        page,
        "feedback",
        done.map(|_| "flash-feedback-saved"),
    )
}
