//! Writing a review: a leader or office reviews the branch or one of its
//! members; the form comes back with each problem beside its field.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::form::FormPairs;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::review::rules::{criteria, may_review, review_grades};
use crate::review::writing::{self, NewReview};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::plan::ScalePoint;
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;

#[derive(Template)]
#[template(path = "review/new.html")]
struct NewReviewPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    members: Vec<Person>,
    criteria: Vec<(String, String)>,
    grades: Vec<ScalePoint>,
    form: ReviewForm,
    errors: HashMap<String, String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct ReviewForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    affirmed: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    grade: String,
}

async fn new_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    form: ReviewForm,
) -> Result<NewReviewPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    if !may_review(ctx, &org) {
        return Err(ctx.refused());
    }
    let criteria = criteria(state, &org).await?;
    let grades = review_grades(state, &org).await?;
    let members = state
        .store
        .all_people(&org.path)
        .await?
        .into_iter()
        .filter(|p| p.org_id == org.id)
        .collect();
    let t = ctx.tr(&state.i18n);
    Ok(NewReviewPage {
        base: base(
            state,
            ctx,
            t.t("review-new"),
            &format!("/organisations/{id}/reviews/new"),
        )
        .await,
        t,
        org,
        members,
        criteria,
        grades,
        form,
        errors: HashMap::new(),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&new_page(&state, &ctx, id, ReviewForm::default()).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let posted = FormPairs::parse(&body)?;
    let form = ReviewForm {
        target: posted.get("target"),
        affirmed: posted.get("affirmed"),
        problems: posted.get("problems"),
        direction: posted.get("direction"),
        grade: posted.get("grade"),
    };
    let criteria = posted.all("criteria");
    let person_id = match form.target.as_str() {
        "" | "branch" => None,
        p => Some(
            p.parse::<i64>()
                .map_err(|_| AppError::bad_request("error-bad-request"))?,
        ),
    };
    let org = state.store.organisation(id).await?;
    let new = NewReview {
        person_id,
        affirmed: &form.affirmed,
        problems: &form.problems,
        direction: &form.direction,
        criteria,
        grade: &form.grade,
    };
    match writing::create(&state, &ctx, &org, new).await {
        Ok(rid) => Ok(Redirect::to(&format!("/reviews/{rid}")).into_response()),
        Err(AppError::Refused(r)) if !r.errors.is_empty() => {
            let mut page = new_page(&state, &ctx, id, form).await?;
            for e in &r.errors {
                let message = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), message);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
