//! The ballot as a form, for voters and for the officer typing in paper
//! ballots: reading it, filling it in again with its problems marked, and the
//! private pages that hold a code or a receipt.

use crate::evaluation::voting::{OpenBallot, VoteError, open_ballot};
use crate::http::error::AppError;
use crate::http::state::AppState;
use askama::Template;
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::{Level, RoundCriterion};
use std::collections::HashSet;
use store::evaluation::Target;

/// A page that holds a code or a receipt: not kept by caches, and no link on it
/// tells the next site where the visitor came from.
pub fn private_page(status: StatusCode, body: String) -> Response {
    let mut res = (status, Html(body)).into_response();
    let h = res.headers_mut();
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub fn render<T: Template>(status: StatusCode, page: &T) -> Result<Response, AppError> {
    page.render()
        .map(|body| private_page(status, body))
        .map_err(AppError::from)
}

/// The ballot a code opened, as a form: filled in again after a problem.
pub struct BallotForm {
    pub code: String,
    pub round_title: String,
    pub targets: Vec<Target>,
    pub criteria: Vec<RoundCriterion>,
    pub scale: Vec<Level>,
    pub input: BallotInput,
    pub unrated: HashSet<(i64, u32)>,
    pub too_long: HashSet<i64>,
    /// Where the form goes: `/vote/cast`, or the officer's paper entry.
    pub action: String,
    /// The officer's CSRF code; empty on the public form, which needs none.
    pub csrf: String,
}

impl BallotForm {
    pub fn new(open: &OpenBallot, code: &str, action: String) -> BallotForm {
        BallotForm {
            code: code.to_string(),
            round_title: open.round.title.clone(),
            targets: open.targets.clone(),
            criteria: open.round.criteria.clone(),
            scale: open.round.scale.clone(),
            input: BallotInput::default(),
            unrated: HashSet::new(),
            too_long: HashSet::new(),
            action,
            csrf: String::new(),
        }
    }

    pub fn checked(&self, target: &i64, criterion: &usize, level: &usize) -> bool {
        self.input.ratings.get(&(*target, *criterion as u32)) == Some(&(*level as u32))
    }

    pub fn is_unrated(&self, target: &i64, criterion: &usize) -> bool {
        self.unrated.contains(&(*target, *criterion as u32))
    }

    pub fn comment(&self, target: &i64) -> &str {
        self.input.comments.get(target).map_or("", String::as_str)
    }

    /// The ballot `code` opens, filled in again with what was sent and its
    /// problems marked, for the form to come back.
    pub async fn refilled(
        state: &AppState,
        code: &str,
        action: String,
        input: BallotInput,
        problems: &[BallotProblem],
    ) -> Result<BallotForm, VoteError> {
        let open = open_ballot(state, code).await?;
        let mut form = BallotForm::new(&open, code.trim(), action);
        form.input = input;
        form.show_problems(problems);
        Ok(form)
    }

    /// Marks what the submitted ballot lacked.
    pub fn show_problems(&mut self, problems: &[BallotProblem]) {
        for p in problems {
            match p {
                BallotProblem::Unrated { target, criterion } => {
                    self.unrated.insert((*target, *criterion));
                }
                BallotProblem::CommentTooLong { target } => {
                    self.too_long.insert(*target);
                }
                BallotProblem::Foreign => {}
            }
        }
    }
}

/// Reads a ballot form: `r-TARGET-CRITERION` = level, `c-TARGET` = comment.
pub fn ballot_input(pairs: &[(String, String)]) -> BallotInput {
    let mut input = BallotInput::default();
    for (k, v) in pairs {
        if let Some(rest) = k.strip_prefix("r-") {
            let mut parts = rest.splitn(2, '-');
            if let (Some(Ok(t)), Some(Ok(c)), Ok(l)) = (
                parts.next().map(str::parse::<i64>),
                parts.next().map(str::parse::<u32>),
                v.parse::<u32>(),
            ) {
                input.ratings.insert((t, c), l);
            }
        } else if let Some(Ok(t)) = k.strip_prefix("c-").map(str::parse::<i64>) {
            input.comments.insert(t, v.clone());
        }
    }
    input
}
