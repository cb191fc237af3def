//! Leader reviews (领导点评) and rectification (整改). A leader of a superior writes
//! a review of a branch or a member: achievements, problems, direction. It is
//! private to the reviewer, the reviewed side and the branch leadership until the
//! leader publishes it. The reviewed side replies; each problem can become a
//! rectification item with an owner and a due date, which only the reviewer or the
//! branch leadership closes.

use super::{Base, base, html, html_status};
use crate::http::context::{Ctx, flash};
use crate::http::download::{table_xlsx, xlsx_download};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::http::upload::{MAX_EVIDENCE, evidence_type};
use crate::plan::rules::plan_of;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{Action, Role};
use domain::commitment::{Owner, criteria_for};
use domain::date::Day;
use domain::review::{check_due, check_review, is_overdue};
use domain::roster::parse_date_text;
use domain::text::required as required_text;
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;
use std::collections::HashMap;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::person::Person;
use store::review::{Rectification, Reply, Review};

/// A leader or campaign office over the organisation may review it.
pub(crate) fn may_review(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path)
        .iter()
        .any(|r| matches!(r, Role::Leader | Role::CampaignOffice))
}

/// Who may read a review: everyone once published; before, the reviewer, the
/// reviewed member, and the branch leadership (which includes offices above).
pub(crate) fn may_read(ctx: &Ctx, org: &Organisation, r: &Review) -> bool {
    r.published
        || ctx
            .account
            .as_ref()
            .is_some_and(|a| a.id == r.reviewer_account_id || Some(a.person_id) == r.person_id)
        || ctx.can(&org.path, Action::ManagePeople)
}

/// The reviewed side: the member, or for the branch, its leadership.
pub(crate) fn is_reviewed_side(ctx: &Ctx, org: &Organisation, r: &Review) -> bool {
    match r.person_id {
        Some(p) => ctx.account.as_ref().is_some_and(|a| a.person_id == p),
        None => ctx.can(&org.path, Action::ManagePeople),
    }
}

/// Who may see a rectification item and its files, whatever raised it: its owner,
/// the branch leadership, the leaders and offices over the branch, the reviewer
/// whose review raised it, and everyone who may read that review once it is
/// published. `review` is the item's review where the viewer may read it.
pub(crate) fn may_see_rectification(
    ctx: &Ctx,
    org: &Organisation,
    item: &Rectification,
    review: Option<&Review>,
) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| a.person_id == item.owner_person_id)
        || may_review(ctx, org)
        || may_direct(ctx, org, review.map(|r| r.reviewer_account_id))
        || review.is_some_and(|r| r.published)
}

/// The reviewer or the branch leadership raise and close rectification items.
pub(crate) fn may_direct(ctx: &Ctx, org: &Organisation, reviewer: Option<i64>) -> bool {
    ctx.account.as_ref().is_some_and(|a| Some(a.id) == reviewer)
        || ctx.can(&org.path, Action::ManagePeople)
}

#[derive(Template)]
#[template(path = "review/list.html")]
struct ReviewsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    reviews: Vec<Review>,
    rectifications: Vec<Rectification>,
    can_review: bool,
    ctx: Ctx,
    today: Day,
}

impl ReviewsPage<'_> {
    /// Only the owner reports on an item ([`may_report`]).
    fn can_report(&self, x: &Rectification) -> bool {
        may_report(&self.ctx, x)
    }

    /// The reviewer or the branch leadership close it ([`may_direct`]).
    fn can_close(&self, x: &Rectification) -> bool {
        let reviewer = x
            .review_id
            .and_then(|id| self.reviews.iter().find(|r| r.id == id))
            .map(|r| r.reviewer_account_id);
        may_direct(&self.ctx, &self.org, reviewer)
    }

    fn overdue(&self, x: &Rectification) -> bool {
        is_overdue(x.status, x.due_on, self.today)
    }
}

/// The owner of an item reports on it.
pub(crate) fn may_report(ctx: &Ctx, item: &Rectification) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| a.person_id == item.owner_person_id)
}

pub(crate) async fn readable(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
) -> Result<(Vec<Review>, Vec<Rectification>), AppError> {
    let reviews: Vec<Review> = state
        .store
        .branch_reviews(org.id)
        .await?
        .into_iter()
        .filter(|r| may_read(ctx, org, r))
        .collect();
    let rectifications = state
        .store
        .branch_rectifications(org.id)
        .await?
        .into_iter()
        .filter(|x| {
            let review = x
                .review_id
                .and_then(|id| reviews.iter().find(|r| r.id == id));
            may_see_rectification(ctx, org, x, review)
        })
        .collect();
    Ok((reviews, rectifications))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (reviews, rectifications) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    html(&ReviewsPage {
        base: base(
            &state,
            &ctx,
            t.a1("reviews-title", "org", &org.name),
            &format!("/orgs/{id}/reviews"),
        )
        .await,
        t,
        can_review: may_review(&ctx, &org),
        today: crate::http::clock::today(state.config.utc_offset),
        ctx,
        org,
        reviews,
        rectifications,
    })
}

#[derive(Template)]
#[template(path = "review/new.html")]
struct NewReviewPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    members: Vec<Person>,
    criteria: Vec<(String, String)>,
    form: ReviewForm,
    errors: HashMap<&'static str, String>,
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
}

async fn new_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    form: ReviewForm,
) -> Result<NewReviewPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    if !may_review(ctx, &org) {
        return Err(if ctx.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
    }
    let plan = plan_of(&state.store, &org).await?;
    let mut criteria = criteria_for(&plan, Owner::Branch);
    criteria.extend(criteria_for(&plan, Owner::Member));
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
            &format!("/orgs/{id}/reviews/new"),
        )
        .await,
        t,
        org,
        members,
        criteria,
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
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = ReviewForm {
        target: get("target"),
        affirmed: get("affirmed"),
        problems: get("problems"),
        direction: get("direction"),
    };
    let criteria: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "criteria")
        .map(|(_, v)| v.clone())
        .collect();
    let mut page = new_page(&state, &ctx, id, form.clone()).await?;
    let person_id = match form.target.as_str() {
        "" | "branch" => None,
        p => {
            let pid: i64 = p
                .parse()
                .map_err(|_| AppError::bad_request("error-bad-request"))?;
            if !page.members.iter().any(|m| m.id == pid) {
                return Err(AppError::bad_request("error-bad-request"));
            }
            Some(pid)
        }
    };
    let criteria = criteria
        .into_iter()
        .filter(|k| page.criteria.iter().any(|(c, _)| c == k))
        .collect();
    let parts = match check_review(&form.affirmed, &form.problems, &form.direction, criteria) {
        Ok(parts) => parts,
        Err(errors) => {
            for (field, p) in errors {
                page.errors.insert(
                    field,
                    page.t.i18n.args(page.t.locale, p.message_id(), &p.args()),
                );
            }
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let account = ctx.user()?;
    let rid = state
        .store
        .add_review(
            &account.username,
            (account.id, &account.person_name),
            id,
            person_id,
            &parts,
        )
        .await?;
    Ok(Redirect::to(&format!("/reviews/{rid}")).into_response())
}

#[derive(Template)]
#[template(path = "review/show.html")]
struct ReviewPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    review: Review,
    replies: Vec<Reply>,
    criteria: Vec<(String, String)>,
    members: Vec<Person>,
    is_reviewer: bool,
    can_reply: bool,
    can_direct: bool,
    error: Option<String>,
}

impl ReviewPage<'_> {
    fn criterion_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.criteria
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, n)| n.as_str())
    }

    /// Who a problem's rectification falls to by default: the member reviewed.
    fn default_owner(&self, person: &i64) -> bool {
        self.review.person_id == Some(*person)
    }
}

async fn review_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<ReviewPage<'a>, AppError> {
    let review = state.store.review(id).await?;
    let org = state.store.organisation(review.org_id).await?;
    if !may_read(ctx, &org, &review) {
        return Err(if ctx.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
    }
    let plan = plan_of(&state.store, &org).await?;
    let mut criteria = criteria_for(&plan, Owner::Branch);
    criteria.extend(criteria_for(&plan, Owner::Member));
    let can_direct = may_direct(ctx, &org, Some(review.reviewer_account_id));
    let members = if can_direct {
        state
            .store
            .all_people(&org.path)
            .await?
            .into_iter()
            .filter(|p| p.org_id == org.id)
            .collect()
    } else {
        Vec::new()
    };
    let t = ctx.tr(&state.i18n);
    Ok(ReviewPage {
        base: base(state, ctx, t.t("review-title"), &format!("/reviews/{id}")).await,
        t,
        replies: state.store.review_replies(id).await?,
        is_reviewer: ctx
            .account
            .as_ref()
            .is_some_and(|a| a.id == review.reviewer_account_id),
        can_reply: is_reviewed_side(ctx, &org, &review),
        can_direct,
        org,
        review,
        criteria,
        members,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&review_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct ReplyForm {
    text: String,
}

pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &ctx, id).await?;
    if !page.can_reply {
        return Err(AppError::Forbidden);
    }
    match required_text(&f.text, domain::review::MAX_PART) {
        Ok(text) => {
            state
                .store
                .add_review_reply(&ctx.user()?.username, id, &text)
                .await?;
            Ok(Redirect::to(&format!("/reviews/{id}")).into_response())
        }
        Err(p) => {
            page.error = Some(page.t.i18n.args(page.t.locale, p.message_id(), &p.args()));
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Deserialize)]
pub struct PublishForm {
    published: String,
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, AppError> {
    let page = review_page(&state, &ctx, id).await?;
    if !page.is_reviewer {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .publish_review(&ctx.user()?.username, id, f.published == "1")
        .await?;
    state
        .shared::<crate::commitment::board_cache::BoardCache>()
        .forget(page.org.id);
    let done = if f.published == "1" {
        "flash-review-published"
    } else {
        "flash-review-withdrawn"
    };
    Ok(flash(
        &format!("/reviews/{id}"),
        done,
        state.config.secure_cookies,
    ))
}

#[derive(Deserialize)]
pub struct RaiseForm {
    problem: String,
    owner: i64,
    due_on: String,
}

pub async fn raise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RaiseForm>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &ctx, id).await?;
    if !page.can_direct {
        return Err(AppError::Forbidden);
    }
    if !page.review.parts.problems.contains(&f.problem)
        || !page.members.iter().any(|m| m.id == f.owner)
    {
        return Err(AppError::bad_request("error-bad-request"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let due = parse_date_text(&f.due_on)
        .ok_or("field-bad-date")
        .and_then(|d| check_due(d, today));
    let due = match due {
        Ok(d) => d,
        Err(id) => {
            page.error = Some(page.t.t(id));
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let added = state
        .store
        .add_rectification(
            &ctx.user()?.username,
            &page.review,
            &f.problem,
            f.owner,
            due,
        )
        .await;
    if let Err(store::StoreError::Conflict(id)) = added {
        page.error = Some(page.t.t(id));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    added?;
    Ok(Redirect::to(&format!("/orgs/{}/reviews", page.org.id)).into_response())
}

/// The owner reports on a rectification item, with an optional file.
pub async fn update_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    let account = ctx.user()?;
    if !may_report(&ctx, &item) {
        return Err(AppError::Forbidden);
    }
    let mut note = String::new();
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::TooLarge)?
    {
        match field.name() {
            Some("note") => {
                note = field
                    .text()
                    .await
                    .map_err(|_| AppError::bad_request("error-bad-request"))?
            }
            Some("evidence") => {
                let filename = crate::http::text_guard::checked(
                    field.file_name().unwrap_or_default().to_string(),
                )?;
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                if !bytes.is_empty() {
                    if bytes.len() > MAX_EVIDENCE {
                        return Err(AppError::TooLarge);
                    }
                    let content_type = evidence_type(&bytes)
                        .ok_or(AppError::bad_request("commitment-error-evidence"))?;
                    file = Some(EvidenceFile {
                        filename,
                        content_type: content_type.into(),
                        body: bytes.to_vec(),
                    });
                }
            }
            _ => {}
        }
    }
    let note =
        required_text(&note, 500).map_err(|_| AppError::bad_request("rectification-error-note"))?;
    state
        .store
        .update_rectification(&account.username, id, &note, file)
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}/reviews", item.org_id)).into_response())
}

pub async fn close_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    let org = closable(&state, &ctx, &item).await?;
    state
        .store
        .close_rectification(&ctx.user()?.username, id)
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}/reviews", org.id)).into_response())
}

/// The review that raised an item, if one did.
async fn review_of(state: &AppState, item: &Rectification) -> Result<Option<Review>, AppError> {
    Ok(match item.review_id {
        Some(r) => Some(state.store.review(r).await?),
        None => None,
    })
}

/// The item's branch, when the viewer may close the item: its reviewer or the
/// branch leadership. Otherwise 403.
pub(crate) async fn closable(
    state: &AppState,
    ctx: &Ctx,
    item: &Rectification,
) -> Result<Organisation, AppError> {
    let org = state.store.organisation(item.org_id).await?;
    let reviewer = review_of(state, item).await?.map(|r| r.reviewer_account_id);
    if may_direct(ctx, &org, reviewer) {
        Ok(org)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A rectification file, to those who may see the item.
pub async fn rectification_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (item_id, file) = state.store.rectification_file(id).await?;
    let item = state.store.rectification(item_id).await?;
    let org = state.store.organisation(item.org_id).await?;
    let review = review_of(&state, &item)
        .await?
        .filter(|r| may_read(&ctx, &org, r));
    if !may_see_rectification(&ctx, &org, &item, review.as_ref()) {
        return Err(AppError::Forbidden);
    }
    Ok(crate::http::download::inline_file(
        &file.filename,
        file.content_type,
        file.body,
    ))
}

/// The rectification items the viewer may see, as xlsx.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (_, items) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("rectifications-title", "org", &org.name);
    let bytes = (|| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_paper_size(9);
        let bold = Format::new().set_bold();
        sheet.merge_range(0, 0, 0, 4, &title, &bold)?;
        for (c, h) in [
            "rectification-problem",
            "rectification-owner",
            "rectification-due",
            "rectification-status",
            "rectification-note",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
            sheet.set_column_width(c as u16, if c == 0 || c == 4 { 36 } else { 14 })?;
        }
        for (i, x) in items.iter().enumerate() {
            let r = i as u32 + 2;
            sheet.write_string(r, 0, &x.problem)?;
            sheet.write_string(r, 1, &x.owner_name)?;
            sheet.write_string(r, 2, x.due_on.to_string())?;
            sheet.write_string(r, 3, t.e("rectification-status", &x.status))?;
            sheet.write_string(r, 4, &x.note)?;
        }
        book.save_to_buffer()
    })()?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}

/// The reviews the viewer may read, as xlsx.
pub async fn export_reviews(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (reviews, _) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("reviews-title", "org", &org.name);
    let rows = reviews.iter().map(|r| {
        vec![
            r.person_name.clone().unwrap_or_else(|| org.name.clone()),
            r.reviewer_name.clone(),
            r.created_at.clone(),
            r.parts.affirmed.clone(),
            r.parts.problems.join("\n"),
            r.parts.direction.clone(),
            t.t(if r.published {
                "review-published"
            } else {
                "review-private"
            }),
        ]
    });
    let headers = [
        "review-target",
        "review-reviewer",
        "audit-at",
        "review-affirmed",
        "review-problems",
        "review-direction",
        "commitment-status-col",
    ];
    let bytes = table_xlsx(&t, &title, &headers, rows)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
