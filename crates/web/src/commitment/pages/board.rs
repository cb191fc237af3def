//! The public board (公开栏) of a branch as a page: its approved commitments with
//! their progress and evidence, the shown opinions of the masses with the
//! answers, and a form to leave an opinion without an account. Also the A4
//! poster whose QR code leads here.

use crate::commitment::board::{self, Board};
use crate::commitment::board_cache::BoardCache;
use crate::commitment::opinion::{self, NewOpinion};
use crate::commitment::rules;
use crate::http::context::{ClientIp, Ctx};
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::page::{qr_svg, site_base};
use crate::http::precompressed::Rendered;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::commitment::{Item, Owner, criteria_for};
use domain::plan::Plan;
use serde::Deserialize;
use std::collections::HashMap;
use store::commitment::Progress;
use store::commitment::opinion::Opinion;
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
    let Board {
        org,
        plan,
        phase,
        commitments,
        progress,
        mut opinions,
        overall,
        reviews,
    } = board::board(state, id).await?;
    let cards = commitments
        .into_iter()
        .filter_map(|c| {
            let items = c.approved.clone()?;
            let mine: HashMap<String, Progress> = items
                .iter()
                .filter_map(|i| {
                    progress
                        .get(&(c.id, i.key.clone()))
                        .map(|p| (i.key.clone(), p.clone()))
                })
                .collect();
            Some(Card {
                id: c.id,
                owner: c.person_name.clone().unwrap_or_else(|| org.name.clone()),
                opinions: opinions.remove(&c.id).unwrap_or_default(),
                overall: rules::overall(&c, &progress),
                items,
                progress: mine,
            })
        })
        .collect();
    let mut criteria = criteria_for(&plan, Owner::Branch);
    criteria.extend(criteria_for(&plan, Owner::Member));
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

/// The board, from this server's copy when the board has not changed: as
/// brotli, gzip or plain bytes as the client takes them, or 304.
pub async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<BoardQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let state = state.reading();
    let locale = ctx.locale;
    if q.sent.is_some() {
        let mut page = board_page(&state, locale, id).await?;
        page.sent = true;
        return Ok(Html(render(&page)?).into_response());
    }
    let cache = state.shared::<BoardCache>();
    if let Some(page) = cache.fresh(id, locale, "") {
        return Ok(page.response(&headers));
    }
    let version = state.store.board_version(id).await?;
    if let Some(page) = cache.at_version(id, locale, "", version) {
        return Ok(page.response(&headers));
    }
    let page = Rendered::compressed(render(&board_page(&state, locale, id).await?)?);
    cache.keep(id, locale, "", version, page.clone());
    Ok(page.response(&headers))
}

#[derive(Deserialize, Default)]
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
    let new = NewOpinion {
        commitment_id: f.commitment_id,
        name: &f.name,
        text: &f.text,
        honeypot: &f.website,
    };
    match opinion::leave(&state, &ip, id, new).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/board/{id}?sent=1#commitment-{}",
            f.commitment_id
        ))
        .into_response()),
        Err(AppError::Refused(r)) => {
            let t = ctx.tr(&state.i18n);
            let why = t.refusal(&r);
            // A field's problem names the field; a limit speaks for itself.
            let error = match r.field.as_deref() {
                Some("name") => format!("{}：{why}", t.t("opinion-name")),
                Some(_) => format!("{}：{why}", t.t("opinion-text")),
                None => why,
            };
            let mut page = board_page(&state, ctx.locale, id).await?;
            page.form = Some(f);
            page.form_error = Some(error);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page)?)).into_response())
        }
        Err(e) => Err(e),
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
    let url = format!("{}/board/{id}", site_base(&state, &headers));
    let qr = qr_svg(&url, 180)?;
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
