//! Voting with a code, for the pages and the API alike: what a typed code
//! opens, and casting through the ballot box. Nothing here logs or returns a
//! code; a code that already voted gets its ballot's receipt back.

use crate::evaluation::round::round_view;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::evaluation::RoundState;
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::code::{Code, CodeProblem};
use store::evaluation::ballot_box::{BallotBox, Cast, Outcome};
use store::evaluation::{CodeState, Round, Target};
use time::OffsetDateTime;

/// Why a code opens no ballot. The message ids name it for the evaluator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeRefused {
    Code(CodeProblem),
    /// Not a code of any open round (or of a round that closed and forgot it).
    Unknown,
    /// Already voted: the receipt of the ballot that was counted.
    Used {
        receipt: String,
        round_id: i64,
    },
    Revoked,
    NotYetOpen,
    Closed,
}

impl CodeRefused {
    pub fn message_id(&self) -> &'static str {
        match self {
            CodeRefused::Code(p) => p.message_id(),
            CodeRefused::Unknown => "vote-error-unknown",
            CodeRefused::Used { .. } => "vote-error-used",
            CodeRefused::Revoked => "vote-error-revoked",
            CodeRefused::NotYetOpen => "vote-error-not-open",
            CodeRefused::Closed => "vote-error-closed",
        }
    }

    pub fn receipt(&self) -> Option<&str> {
        match self {
            CodeRefused::Used { receipt, .. } => Some(receipt),
            _ => None,
        }
    }
}

/// A ballot a code has opened: the round and the targets the code covers.
pub struct OpenBallot {
    pub round: Round,
    pub targets: Vec<Target>,
}

/// What a typed code opens.
pub async fn open_ballot(state: &AppState, typed: &str) -> Result<OpenBallot, VoteError> {
    let code = Code::parse(typed).map_err(|p| VoteError::Refused(CodeRefused::Code(p)))?;
    let Some(found) = state.store.lookup_code(&code).await? else {
        return Err(VoteError::Refused(CodeRefused::Unknown));
    };
    let view = round_view(state, found.round_id).await?;
    let round = &view.round;
    match (found.state, round.state(OffsetDateTime::now_utc())) {
        (_, RoundState::Closed) => return Err(VoteError::Refused(CodeRefused::Closed)),
        (CodeState::Used, _) => {
            return Err(VoteError::Refused(CodeRefused::Used {
                receipt: code.receipt(),
                round_id: round.id,
            }));
        }
        (CodeState::Revoked, _) => return Err(VoteError::Refused(CodeRefused::Revoked)),
        (_, RoundState::Scheduled) => return Err(VoteError::Refused(CodeRefused::NotYetOpen)),
        (CodeState::Issued, RoundState::Open) => {}
    }
    let targets = view
        .targets
        .iter()
        .filter(|t| found.scope.is_empty() || found.scope.contains(&t.id))
        .cloned()
        .collect();
    Ok(OpenBallot {
        round: round.clone(),
        targets,
    })
}

/// Why a ballot was not counted.
#[derive(Debug)]
pub enum VoteError {
    Refused(CodeRefused),
    /// The ballot as filled in lacks something; the form shows where.
    Incomplete(Vec<BallotProblem>),
    App(AppError),
}

impl From<AppError> for VoteError {
    fn from(e: AppError) -> VoteError {
        VoteError::App(e)
    }
}

impl From<store::StoreError> for VoteError {
    fn from(e: store::StoreError) -> VoteError {
        VoteError::App(e.into())
    }
}

/// A counted ballot's receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub round_id: i64,
    pub code: String,
    /// The code had voted before (a second click, a retry): this is the
    /// receipt of that ballot, and nothing new was stored.
    pub again: bool,
}

/// Casts what was filled in with a typed code: the ballot box checks the code,
/// the ballot and the round in the transaction that stores it. A code that
/// already voted gets that ballot's receipt back, never a second ballot: a
/// double click or a retry after a timeout ends the same way. `only_round`
/// restricts the code to one round, as paper ballots typed in for a round are.
pub async fn cast_code(
    state: &AppState,
    typed: &str,
    input: &BallotInput,
    only_round: Option<i64>,
) -> Result<Receipt, VoteError> {
    let code = Code::parse(typed).map_err(|p| VoteError::Refused(CodeRefused::Code(p)))?;
    let outcome = state
        .shared::<BallotBox>()
        .cast(Cast {
            code,
            input: input.clone(),
            only_round,
        })
        .await?;
    match outcome {
        Outcome::Counted { round_id, receipt } => Ok(Receipt {
            round_id,
            code: receipt,
            again: false,
        }),
        Outcome::AlreadyCounted { round_id, receipt } => Ok(Receipt {
            round_id,
            code: receipt,
            again: true,
        }),
        Outcome::Unknown => Err(VoteError::Refused(CodeRefused::Unknown)),
        Outcome::Revoked => Err(VoteError::Refused(CodeRefused::Revoked)),
        Outcome::NotOpen { round_id } => {
            // Looking at the round closes it if its time is up.
            let view = round_view(state, round_id).await?;
            Err(VoteError::Refused(
                match view.round.state(OffsetDateTime::now_utc()) {
                    RoundState::Scheduled => CodeRefused::NotYetOpen,
                    _ => CodeRefused::Closed,
                },
            ))
        }
        Outcome::Incomplete(problems) => Err(VoteError::Incomplete(problems)),
    }
}

/// What a ballot that came back says above the form.
pub fn incomplete_message(problems: &[BallotProblem]) -> &'static str {
    if problems.contains(&BallotProblem::Foreign) {
        "vote-error-foreign"
    } else {
        "vote-error-incomplete"
    }
}

/// A refused code or ballot as the API answers it: the code's problem (with
/// the receipt of the ballot a used code cast), or each rating missing from
/// the ballot (`ratings.TARGET.CRITERION`) and each comment too long
/// (`comments.TARGET`).
impl From<VoteError> for AppError {
    fn from(e: VoteError) -> AppError {
        match e {
            VoteError::Refused(why) => {
                let refused = AppError::invalid("code", why.message_id());
                match why.receipt() {
                    Some(r) => refused.with_receipt(r.to_string()),
                    None => refused,
                }
            }
            VoteError::Incomplete(problems) => AppError::invalid_fields(
                incomplete_message(&problems),
                problems
                    .iter()
                    .filter_map(|p| match p {
                        BallotProblem::Unrated { target, criterion } => Some(FieldRefusal::new(
                            format!("ratings.{target}.{criterion}"),
                            "vote-error-unrated",
                        )),
                        BallotProblem::CommentTooLong { target } => Some(
                            FieldRefusal::new(format!("comments.{target}"), "field-too-long")
                                .with_args(vec![("max", "500".to_string())]),
                        ),
                        BallotProblem::Foreign => None,
                    })
                    .collect(),
            ),
            VoteError::App(e) => e,
        }
    }
}
