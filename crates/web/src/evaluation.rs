//! Mass evaluation rules at the web edge, shared by the pages and the API: who
//! may run a round and see its results, which targets a round may have, what a
//! typed code opens, casting through the ballot box, and closing a round whose
//! time is up. Nothing here logs or returns a code.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Locale;
use crate::http::state::AppState;
use crate::http::state::Shared;
use domain::access::{Action, Role};
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::code::{CodeProblem, Code};
use domain::evaluation::{RoundKind, RoundState};
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::evaluation::ballot_box::{BallotBox, Cast, Outcome};
use store::evaluation::{NewTarget, Round, RoundResults, Target, CodeState};
use store::organisation::Organisation;
use time::OffsetDateTime;

/// Whether the person may open a round of `kind` at `org`: a campaign office
/// evaluates the branches below it; a branch's leadership (or an office above)
/// evaluates the branch's members.
pub fn may_organise(ctx: &Ctx, org: &Organisation, kind: RoundKind) -> bool {
    match kind {
        RoundKind::Branches => ctx.roles_at(&org.path).contains(&Role::CampaignOffice),
        RoundKind::Members => {
            org.kind == OrgKind::Branch && ctx.can(&org.path, Action::ManagePeople)
        }
    }
}

/// The organiser's side of a round: codes, forums, closing, publishing.
pub fn may_manage(ctx: &Ctx, org: &Organisation, round: &Round) -> bool {
    may_organise(ctx, org, round.kind)
}

/// Who sees a closed round's full results: its organisers and the leaders above.
pub fn may_see_results(ctx: &Ctx, org: &Organisation, round: &Round) -> bool {
    may_manage(ctx, org, round) || ctx.roles_at(&org.path).contains(&Role::Leader)
}

/// What a round of `kind` run by `org` may evaluate: the branches below it, or
/// the members of the branch.
pub async fn candidates(
    state: &AppState,
    org: &Organisation,
    kind: RoundKind,
) -> Result<Vec<NewTarget>, AppError> {
    Ok(match kind {
        RoundKind::Branches => state
            .store
            .subtree(&org.path)
            .await?
            .into_iter()
            .filter(|o| o.kind == OrgKind::Branch && o.id != org.id)
            .map(|o| NewTarget {
                org_id: Some(o.id),
                person_id: None,
                name: o.name,
            })
            .collect(),
        RoundKind::Members => state
            .store
            .all_people(&org.path)
            .await?
            .into_iter()
            .filter(|p| p.org_id == org.id && p.status != PoliticalStatus::Masses)
            .map(|p| NewTarget {
                org_id: None,
                person_id: Some(p.id),
                name: p.name,
            })
            .collect(),
    })
}

/// The branch whose rectification list a target's items join: the target
/// branch, or the member's own branch (the organiser).
pub fn rectification_branch_id(round: &Round, target: &Target) -> i64 {
    match round.kind {
        RoundKind::Branches => target.org_id.unwrap_or(round.org_id),
        RoundKind::Members => round.org_id,
    }
}

/// A round as `now` sees it, after running its closing work if its time is up.
pub async fn current_round(state: &AppState, id: i64) -> Result<Round, AppError> {
    let round = state.store.round(id).await?;
    let now = OffsetDateTime::now_utc();
    if round.needs_closing(now) {
        close(state, "system", &round, now).await?;
        return Ok(state.store.round(id).await?);
    }
    Ok(round)
}

/// A round with its targets, as voting reads them for every ballot.
pub struct RoundView {
    pub round: Round,
    pub targets: Vec<Target>,
}

/// How long a server trusts its copy of a round: casting checks the round in
/// its own transaction, so a stale copy can show a ballot, never count one.
const ROUND_FRESH: Duration = Duration::from_secs(2);

/// Each server's copies of the rounds being voted in.
#[derive(Default)]
pub struct RoundCache {
    rounds: Mutex<HashMap<i64, (Instant, Arc<RoundView>)>>,
}

impl Shared for RoundCache {
    fn start(_: &store::Store) -> RoundCache {
        RoundCache::default()
    }
}

impl Shared for ResultCache {
    fn start(_: &store::Store) -> ResultCache {
        ResultCache::default()
    }
}

/// The ballot box's workers, started on this server's first ballot.
impl Shared for BallotBox {
    fn start(store: &store::Store) -> BallotBox {
        BallotBox::start(store.clone())
    }
}

impl RoundCache {
    fn get(&self, id: i64) -> Option<Arc<RoundView>> {
        let m = self.rounds.lock().ok()?;
        m.get(&id)
            .filter(|(at, _)| at.elapsed() < ROUND_FRESH)
            .map(|(_, v)| v.clone())
    }

    fn keep(&self, id: i64, view: Arc<RoundView>) {
        if let Ok(mut m) = self.rounds.lock() {
            m.retain(|_, (at, _)| at.elapsed() < ROUND_FRESH);
            m.insert(id, (Instant::now(), view));
        }
    }

    fn forget(&self, id: i64) {
        if let Ok(mut m) = self.rounds.lock() {
            m.remove(&id);
        }
    }
}

/// A round and its targets, from this server's fresh copy when it has one.
pub async fn round_view(state: &AppState, id: i64) -> Result<Arc<RoundView>, AppError> {
    if let Some(v) = state.shared::<RoundCache>().get(id)
        && !v.round.needs_closing(OffsetDateTime::now_utc())
    {
        return Ok(v);
    }
    let round = current_round(state, id).await?;
    let view = Arc::new(RoundView {
        targets: state.store.round_targets(id).await?,
        round,
    });
    state.shared::<RoundCache>().keep(id, view.clone());
    Ok(view)
}

/// Closes a round (early, or once its time is up). The messages that carried
/// its codes are wiped, with a note in the default language.
pub async fn close(
    state: &AppState,
    actor: &str,
    round: &Round,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let wiped = state.i18n.args(
        Locale::default(),
        "evaluation-message-wiped",
        &[("title", round.title.clone())],
    );
    state
        .store
        .close_round(actor, round.id, now, &wiped)
        .await?;
    state.shared::<ResultCache>().forget(round.id);
    state.shared::<RoundCache>().forget(round.id);
    Ok(())
}

/// Closes every round whose time is up; the background worker calls this.
pub async fn close_due_rounds(state: &AppState) -> Result<usize, AppError> {
    let due = state.store.rounds_due_to_close().await?;
    for id in &due {
        let round = state.store.round(*id).await?;
        close(state, "system", &round, OffsetDateTime::now_utc()).await?;
        tracing::info!(round.id = id, "evaluation round closed");
    }
    Ok(due.len())
}

/// Closes rounds as their time comes, looking every half minute. Pages that
/// show a round close it too when they find it due.
pub async fn close_rounds_on_time(state: AppState) {
    loop {
        if let Err(e) = close_due_rounds(&state).await {
            tracing::warn!(error = %e, "closing due evaluation rounds");
        }
        // Overdue rectification items, told of once, on the same clock.
        let today = crate::http::clock::today(state.config.utc_offset);
        if let Err(e) = state.store.tell_overdue_rectifications(today).await {
            tracing::warn!(error = %e, "telling of overdue rectification items");
        }
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }
}

/// The results of a closed round, counted once per server: a closed round's
/// ballots never change.
#[derive(Default)]
pub struct ResultCache {
    rounds: Mutex<HashMap<i64, Arc<RoundResults>>>,
}

impl ResultCache {
    pub fn forget(&self, round_id: i64) {
        if let Ok(mut m) = self.rounds.lock() {
            m.remove(&round_id);
        }
    }
}

/// The results of a closed round; an error before the close.
pub async fn results(state: &AppState, round: &Round) -> Result<Arc<RoundResults>, AppError> {
    let cache = state.shared::<ResultCache>();
    if let Some(r) = cache
        .rounds
        .lock()
        .ok()
        .and_then(|m| m.get(&round.id).cloned())
    {
        return Ok(r);
    }
    let r = Arc::new(state.store.round_results(round).await?);
    if let Ok(mut m) = cache.rounds.lock() {
        m.insert(round.id, r.clone());
    }
    Ok(r)
}

/// Why a code opens no ballot. The message ids name it for the evaluator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
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

impl Refusal {
    pub fn message_id(&self) -> &'static str {
        match self {
            Refusal::Code(p) => p.message_id(),
            Refusal::Unknown => "vote-error-unknown",
            Refusal::Used { .. } => "vote-error-used",
            Refusal::Revoked => "vote-error-revoked",
            Refusal::NotYetOpen => "vote-error-not-open",
            Refusal::Closed => "vote-error-closed",
        }
    }

    pub fn receipt(&self) -> Option<&str> {
        match self {
            Refusal::Used { receipt, .. } => Some(receipt),
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
    let code = Code::parse(typed).map_err(|p| VoteError::Refused(Refusal::Code(p)))?;
    let Some(found) = state.store.lookup_code(&code).await? else {
        return Err(VoteError::Refused(Refusal::Unknown));
    };
    let view = round_view(state, found.round_id).await?;
    let round = &view.round;
    match (found.state, round.state(OffsetDateTime::now_utc())) {
        (_, RoundState::Closed) => return Err(VoteError::Refused(Refusal::Closed)),
        (CodeState::Used, _) => {
            return Err(VoteError::Refused(Refusal::Used {
                receipt: code.receipt(),
                round_id: round.id,
            }));
        }
        (CodeState::Revoked, _) => return Err(VoteError::Refused(Refusal::Revoked)),
        (_, RoundState::Scheduled) => return Err(VoteError::Refused(Refusal::NotYetOpen)),
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
    Refused(Refusal),
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
    let code = Code::parse(typed).map_err(|p| VoteError::Refused(Refusal::Code(p)))?;
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
        Outcome::Unknown => Err(VoteError::Refused(Refusal::Unknown)),
        Outcome::Revoked => Err(VoteError::Refused(Refusal::Revoked)),
        Outcome::NotOpen { round_id } => {
            // Looking at the round closes it if its time is up.
            let view = round_view(state, round_id).await?;
            Err(VoteError::Refused(
                match view.round.state(OffsetDateTime::now_utc()) {
                    RoundState::Scheduled => Refusal::NotYetOpen,
                    _ => Refusal::Closed,
                },
            ))
        }
        Outcome::Incomplete(problems) => Err(VoteError::Incomplete(problems)),
    }
}
