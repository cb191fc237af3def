//! The public board (公开栏) of a branch: its approved commitments with their
//! progress and evidence, the approved opinions of the masses with the answers,
//! and a form to leave an opinion without an account. Also the A4 poster whose
//! QR code leads here, and the evidence files.

use crate::http::context::{ClientIp, Ctx};
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::state::AppState;
use crate::plan::rules::{phase_for, plan_of};
use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::commitment::{Item, Owner, criteria_for};
use domain::plan::Plan;
use domain::review::{OpinionStatus, check_opinion};
use serde::Deserialize;
use std::collections::HashMap;
use store::StoreError;
use store::commitment::{EvidenceFile, Progress};
use store::opinion::Opinion;
use store::organisation::Organisation;

/// One commitment as the board shows it.
pub struct Card {
    pub id: i64,
    pub owner: String,
    pub items: Vec<Item>,
    pub progress: HashMap<String, Progress>,
    pub overall: u8,
    pub opinions: Vec<Opinion>,
}

#[derive(Template)]
#[template(path = "commitment/board.html")]
struct BoardPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    other_lang: &'static str,
    org: Organisation,
    plan: Plan,
    phase_name: String,
    cards: Vec<Card>,
    criteria: Vec<(String, String)>,
    /// Set when the form comes back: for which commitment, what was typed, why.
    form: Option<OpinionForm>,
    form_error: Option<String>,
    sent: bool,
    /// The branch's progress over every approved item.
    overall: u8,
    /// Reviews the leaders chose to publish.
    reviews: Vec<store::review::Review>,
}

impl BoardPage<'_> {
    fn criterion_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.criteria
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, n)| n.as_str())
    }

    /// Why the form under `commitment` was refused, when it was the one sent.
    fn error_for(&self, commitment: &i64) -> Option<&str> {
        match &self.form {
            Some(f) if f.commitment_id == *commitment => self.form_error.as_deref(),
            _ => None,
        }
    }

    fn typed(&self, commitment: &i64) -> (&str, &str) {
        match &self.form {
            Some(f) if f.commitment_id == *commitment => (f.name.as_str(), f.text.as_str()),
            _ => ("", ""),
        }
    }
}

async fn board_page<'a>(
    state: &'a AppState,
    locale: Locale,
    id: i64,
) -> Result<BoardPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .cloned()
        .ok_or(AppError::bad_request("plan-none"))?;
    let list = state.store.branch_commitments(org.id, &phase.key).await?;
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let all_progress = state.store.progress_of(&ids).await?;
    let overall = store::commitment::branch_overall(&list, &all_progress);
    let mut opinions: HashMap<i64, Vec<Opinion>> = HashMap::new();
    for o in state
        .store
        .branch_opinions(org.id, OpinionStatus::Approved)
        .await?
    {
        opinions.entry(o.commitment_id).or_default().push(o);
    }
    let cards = list
        .into_iter()
        .filter_map(|c| {
            let items = c.approved.clone()?;
            let progress: HashMap<String, Progress> = items
                .iter()
                .filter_map(|i| {
                    all_progress
                        .get(&(c.id, i.key.clone()))
                        .map(|p| (i.key.clone(), p.clone()))
                })
                .collect();
            let overall = c.overall(&all_progress);
            Some(Card {
                id: c.id,
                owner: c.person_name.clone().unwrap_or_else(|| org.name.clone()),
                opinions: opinions.remove(&c.id).unwrap_or_default(),
                items,
                progress,
                overall,
            })
        })
        .collect();
    let mut criteria = criteria_for(&plan, Owner::Branch);
    criteria.extend(criteria_for(&plan, Owner::Member));
    let reviews = state
        .store
        .branch_reviews(org.id)
        .await?
        .into_iter()
        .filter(|r| r.published)
        .collect();
    Ok(BoardPage {
        t: Tr {
            i18n: &state.i18n,
            locale,
        },
        lang: locale.code(),
        other_lang: locale.other().code(),
        org,
        phase_name: phase.name.clone(),
        plan,
        cards,
        criteria,
        form: None,
        form_error: None,
        sent: false,
        overall,
        reviews,
    })
}

fn render(page: &BoardPage<'_>) -> Result<Bytes, AppError> {
    page.render().map(Bytes::from).map_err(AppError::from)
}

#[derive(Deserialize)]
pub struct BoardQuery {
    sent: Option<String>,
}

/// The board, from this server's copy when the board has not changed.
pub async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<BoardQuery>,
) -> Result<Response, AppError> {
    let locale = ctx.locale;
    if q.sent.is_some() {
        let mut page = board_page(&state, locale, id).await?;
        page.sent = true;
        return Ok(Html(render(&page)?).into_response());
    }
    if let Some(html) = state
        .shared::<crate::board_cache::BoardCache>()
        .fresh(id, locale)
    {
        return Ok(Html(html).into_response());
    }
    let version = state.store.board_version(id).await?;
    if let Some(html) = state
        .shared::<crate::board_cache::BoardCache>()
        .at_version(id, locale, version)
    {
        return Ok(Html(html).into_response());
    }
    let html = render(&board_page(&state, locale, id).await?)?;
    state
        .shared::<crate::board_cache::BoardCache>()
        .keep(id, locale, version, html.clone());
    Ok(Html(html).into_response())
}

#[derive(Deserialize, Clone, Default)]
pub struct OpinionForm {
    commitment_id: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    text: String,
    /// Hidden from people; a bot that fills every field fills this one too.
    #[serde(default)]
    website: String,
}

/// A visitor's opinion: held for moderation. No account, no CSRF token (it
/// carries no one's authority); a honeypot and a per-visitor limit keep bots out.
pub async fn leave_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<OpinionForm>,
) -> Result<Response, AppError> {
    let c = state.store.commitment(f.commitment_id).await?;
    if c.org_id != id || c.approved.is_none() {
        return Err(AppError::NotFound);
    }
    let done = Redirect::to(&format!("/board/{id}?sent=1#commitment-{}", c.id)).into_response();
    if !f.website.is_empty() {
        return Ok(done);
    }
    let again = |error: String| async {
        let mut page = board_page(&state, ctx.locale, id).await?;
        page.form = Some(f.clone());
        page.form_error = Some(error);
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page)?)).into_response())
    };
    let t = ctx.tr(&state.i18n);
    let (name, text) = match check_opinion(&f.name, &f.text) {
        Ok(v) => v,
        Err(errors) => {
            let (field, p) = &errors[0];
            let what = t.t(if *field == "name" {
                "opinion-name"
            } else {
                "opinion-text"
            });
            let why = t.i18n.args(t.locale, p.message_id(), &p.args());
            return again(format!("{what}：{why}")).await;
        }
    };
    // Who the visitor is, for the limit only: their address and the day, hashed.
    let source = domain::token::digest(&format!(
        "{ip}/{}",
        crate::http::clock::today(state.config.utc_offset)
    ));
    match state
        .store
        .add_opinion(c.id, name.as_deref(), &text, &source)
        .await
    {
        Ok(_) => Ok(done),
        Err(StoreError::Conflict(m)) => again(t.t(m)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "commitment/poster.html")]
struct PosterPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    org: Organisation,
    plan: Plan,
    phase_name: String,
    cards: Vec<Card>,
    qr: String,
    url: String,
}

/// An A4 poster for the physical 公开栏: the commitments and a QR code to the board.
pub async fn poster(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = board_page(&state, ctx.locale, id).await?;
    let url = format!("{}/board/{id}", super::site_base(&state, &headers));
    let qr = super::qr_svg(&url, 180)?;
    let poster = PosterPage {
        t: page.t,
        lang: page.lang,
        org: page.org,
        plan: page.plan,
        phase_name: page.phase_name,
        cards: page.cards,
        qr,
        url,
    };
    poster
        .render()
        .map(|b| Html(b).into_response())
        .map_err(AppError::from)
}

/// An evidence file of an approved commitment, shown inline and sandboxed.
pub async fn evidence(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (commitment, file) = state.store.evidence(id).await?;
    if state.store.commitment(commitment).await?.approved.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(inline_file(file))
}

/// An uploaded file shown in the browser under its own name, sandboxed so that
/// nothing in it runs with the site's authority.
pub fn inline_file(file: EvidenceFile) -> Response {
    let name = crate::http::download::encode_filename(&file.filename);
    (
        [
            (CONTENT_TYPE, file.content_type),
            (
                CONTENT_DISPOSITION,
                format!("inline; filename*=UTF-8''{name}"),
            ),
            (CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        file.body,
    )
        .into_response()
}
