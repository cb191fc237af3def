//! The channels a person's notices take beyond the inbox (e-mail, SMS, to the
//! address and number on file) and their quiet hours; a window given half or
//! not as HH:MM is refused beside it and nothing changes.

use super::settings::page;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::page::{html, html_status};
use crate::http::state::AppState;
use crate::inbox::channels::quiet::parse_hm;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use store::inbox::ChannelPreference;

#[derive(Deserialize)]
pub struct PreferenceForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    sms: String,
    #[serde(default)]
    quiet_from: String,
    #[serde(default)]
    quiet_to: String,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PreferenceForm>,
) -> Result<Response, AppError> {
    let person = ctx.user()?.person_id;
    let mut p = page(&state, &ctx).await?;
    let quiet = match (f.quiet_from.trim(), f.quiet_to.trim()) {
        ("", "") => Ok(None),
        (from, to) => match (parse_hm(from), parse_hm(to)) {
            (Some(a), Some(b)) if a != b => Ok(Some((from.to_string(), to.to_string()))),
            _ => Err(()),
        },
    };
    let Ok(quiet) = quiet else {
        p.quiet_error = Some(p.t.t("account-quiet-invalid"));
        p.preference.quiet = Some((f.quiet_from, f.quiet_to));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let preference = ChannelPreference {
        email: f.email == "1",
        sms: f.sms == "1",
        quiet,
    };
    state
        .store
        .set_channel_preference(person, &preference)
        .await?;
    p.preference = preference;
    p.preference_saved = true;
    html(&p)
}
