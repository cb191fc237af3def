//! Evaluation rounds, results and ballots as the API answers them.

use domain::evaluation::tally::Figures;
use domain::evaluation::{Level, Publication, RoundCriterion};
use serde::Serialize;
use store::evaluation::{Batch, Participation, Round, Tallied, Target};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

/// A time as RFC 3339.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct CriterionView {
    pub key: String,
    pub name: String,
    pub text: String,
}

impl From<&RoundCriterion> for CriterionView {
    fn from(c: &RoundCriterion) -> CriterionView {
        CriterionView {
            key: c.key.clone(),
            name: c.name.clone(),
            text: c.text.clone(),
        }
    }
}

/// A level of the scale, in order from the best.
#[derive(Serialize, ToSchema)]
pub struct LevelView {
    pub label: String,
    pub score: u32,
    /// Counts toward the share rated good.
    pub good: bool,
}

impl From<&Level> for LevelView {
    fn from(l: &Level) -> LevelView {
        LevelView {
            label: l.label.clone(),
            score: l.score,
            good: l.good,
        }
    }
}

/// What the public page shows of a closed round.
#[derive(Serialize, ToSchema)]
pub struct PublicationView {
    pub published: bool,
    pub good_share: bool,
    pub mean: bool,
    pub distribution: bool,
    pub comments: bool,
    pub feedback: bool,
}

impl From<&Publication> for PublicationView {
    fn from(p: &Publication) -> PublicationView {
        PublicationView {
            published: p.published,
            good_share: p.good_share,
            mean: p.mean,
            distribution: p.distribution,
            comments: p.comments,
            feedback: p.feedback,
        }
    }
}

/// An evaluation round.
#[derive(Serialize, ToSchema)]
pub struct RoundView {
    pub id: i64,
    pub org_id: i64,
    /// members or branches.
    pub kind: String,
    pub title: String,
    pub phase_key: String,
    pub standard_key: String,
    pub standard_name: String,
    pub criteria: Vec<CriterionView>,
    pub scale: Vec<LevelView>,
    /// RFC 3339.
    pub opens_at: String,
    pub closes_at: String,
    /// When it was closed, early or on time.
    pub closed_at: Option<String>,
    pub min_ballots: u32,
    pub publication: PublicationView,
    pub feedback: String,
    pub created_by: String,
}

impl From<&Round> for RoundView {
    fn from(r: &Round) -> RoundView {
        RoundView {
            id: r.id,
            org_id: r.org_id,
            kind: r.kind.as_str().to_string(),
            title: r.title.clone(),
            phase_key: r.phase_key.clone(),
            standard_key: r.standard_key.clone(),
            standard_name: r.standard_name.clone(),
            criteria: r.criteria.iter().map(CriterionView::from).collect(),
            scale: r.scale.iter().map(LevelView::from).collect(),
            opens_at: rfc3339(r.opens_at),
            closes_at: rfc3339(r.closes_at),
            closed_at: r.closed_at.map(rfc3339),
            min_ballots: r.min_ballots,
            publication: (&r.publication).into(),
            feedback: r.feedback.clone(),
            created_by: r.created_by.clone(),
        }
    }
}

/// A branch or a member a round evaluates.
#[derive(Serialize, ToSchema)]
pub struct TargetView {
    pub id: i64,
    pub position: i64,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub name: String,
}

impl From<&Target> for TargetView {
    fn from(t: &Target) -> TargetView {
        TargetView {
            id: t.id,
            position: t.position,
            org_id: t.org_id,
            person_id: t.person_id,
            name: t.name.clone(),
        }
    }
}

/// Codes issued, used and revoked.
#[derive(Serialize, ToSchema)]
pub struct ParticipationView {
    pub issued: i64,
    pub used: i64,
    pub revoked: i64,
}

impl From<&Participation> for ParticipationView {
    fn from(p: &Participation) -> ParticipationView {
        ParticipationView {
            issued: p.issued,
            used: p.used,
            revoked: p.revoked,
        }
    }
}

/// A batch of codes and what became of them.
#[derive(Serialize, ToSchema)]
pub struct BatchView {
    pub id: i64,
    /// slips, api or message.
    pub channel: String,
    pub label: String,
    /// The targets its codes cover; all when empty.
    pub scope: Vec<i64>,
    pub counts: ParticipationView,
    pub created_by: String,
    pub created_at: String,
}

impl From<&Batch> for BatchView {
    fn from(b: &Batch) -> BatchView {
        BatchView {
            id: b.id,
            channel: b.channel.clone(),
            label: b.label.clone(),
            scope: b.scope.clone(),
            counts: (&b.counts).into(),
            created_by: b.created_by.clone(),
            created_at: b.created_at.clone(),
        }
    }
}

/// A round with its state, targets and participation.
#[derive(Serialize, ToSchema)]
pub struct RoundDetailView {
    #[serde(flatten)]
    pub round: RoundView,
    /// scheduled, open or closed.
    pub state: String,
    pub targets: Vec<TargetView>,
    pub batches: Vec<BatchView>,
    pub participation: ParticipationView,
}

/// The figures of one criterion, or of all together.
#[derive(Serialize, ToSchema)]
pub struct FiguresView {
    /// Marks per level, in the scale's order.
    pub counts: Vec<u64>,
    pub total: u64,
    /// Mean score, 0–100.
    pub mean: f64,
    /// Share of marks on a good level, 0–1.
    pub good_share: f64,
}

impl From<&Figures> for FiguresView {
    fn from(f: &Figures) -> FiguresView {
        FiguresView {
            counts: f.counts.clone(),
            total: f.total,
            mean: f.mean,
            good_share: f.good_share,
        }
    }
}

/// A target's figures: only above the round's minimum of ballots.
#[derive(Serialize, ToSchema)]
pub struct FiguresOfTargetView {
    /// The target's id.
    pub target: i64,
    /// Ballots that rated this target.
    pub ballots: u64,
    /// One per criterion, in the round's order; empty below the minimum.
    pub criteria: Vec<FiguresView>,
    /// Every criterion together; none below the minimum.
    pub overall: Option<FiguresView>,
}

/// A target with its result and the comments it received.
#[derive(Serialize, ToSchema)]
pub struct TargetResultView {
    pub target: TargetView,
    pub result: FiguresOfTargetView,
    /// In random order; only where the result is shown.
    pub comments: Vec<String>,
}

impl From<&Tallied> for TargetResultView {
    fn from(t: &Tallied) -> TargetResultView {
        TargetResultView {
            target: (&t.target).into(),
            result: FiguresOfTargetView {
                target: t.result.target,
                ballots: t.result.ballots,
                criteria: t.result.criteria.iter().map(FiguresView::from).collect(),
                overall: t.result.overall.as_ref().map(FiguresView::from),
            },
            comments: t.comments.clone(),
        }
    }
}

/// A closed round's results.
#[derive(Serialize, ToSchema)]
pub struct ResultsView {
    /// Ballots counted in the round.
    pub ballots: i64,
    pub targets: Vec<TargetResultView>,
    pub participation: ParticipationView,
    pub scale: Vec<LevelView>,
    pub criteria: Vec<CriterionView>,
}

/// A page of the receipt board.
#[derive(Serialize, ToSchema)]
pub struct ReceiptsView {
    pub ballots: i64,
    pub participation: ParticipationView,
    /// Ask again with `after` set to this for the next page.
    pub next_after: Option<String>,
    pub receipts: Vec<String>,
}

/// A batch just made: the only time its codes are shown.
#[derive(Serialize, ToSchema)]
pub struct IssuedView {
    pub batch_id: i64,
    pub codes: Vec<String>,
}

/// How many codes were revoked.
#[derive(Serialize, ToSchema)]
pub struct RevokedView {
    pub revoked: u64,
}

/// What a code opens.
#[derive(Serialize, ToSchema)]
pub struct BallotView {
    pub round: BallotRoundView,
    /// The targets the code covers.
    pub targets: Vec<TargetView>,
}

#[derive(Serialize, ToSchema)]
pub struct BallotRoundView {
    pub id: i64,
    pub title: String,
    pub criteria: Vec<CriterionView>,
    pub scale: Vec<LevelView>,
    /// RFC 3339.
    pub closes_at: String,
}

/// A counted ballot's receipt.
#[derive(Serialize, ToSchema)]
pub struct ReceiptView {
    pub receipt: String,
    /// The code had voted before: this is that ballot's receipt, and nothing
    /// new was stored.
    pub again: bool,
    pub round_id: i64,
}
