//! The demo's evaluations: one closed with its results published, one open
//! with slips printed.

use domain::date::Day;
use domain::evaluation::ballot::BallotInput;
use domain::evaluation::record::ForumDraft;
use domain::evaluation::{Publication, RoundInput, check_round};
use domain::person::PoliticalStatus;
use std::collections::HashMap;
use store::evaluation::NewTarget;
use store::evaluation::ballot_box::{BallotBox, Cast};
use store::organisation::Organisation;
use store::{Store, StoreError};
use time::{Duration, OffsetDateTime, UtcOffset};

/// An evaluation of the branch's members closed with its results published
/// (and its receipt board), and a second one open with slips printed.
pub(super) async fn evaluations(
    store: &Store,
    branch: &Organisation,
    people: &[(i64, PoliticalStatus)],
    plan: &domain::plan::Plan,
    offset: UtcOffset,
) -> Result<(), StoreError> {
    let now = OffsetDateTime::now_utc();
    let input = |title: &str, opens: OffsetDateTime, closes: OffsetDateTime| RoundInput {
        title: title.into(),
        kind: "members".into(),
        criteria: vec!["study".into(), "service".into(), "discipline".into()],
        levels: vec![
            ("好".into(), "100".into(), true),
            ("较好".into(), "80".into(), true),
            ("一般".into(), "60".into(), false),
            ("差".into(), "40".into(), false),
        ],
        opens_at: crate::http::clock::input_time(opens, offset),
        closes_at: crate::http::clock::input_time(closes, offset),
        min_ballots: "5".into(),
    };
    let targets: Vec<NewTarget> = people
        .iter()
        .skip(2)
        .take(5)
        .filter(|(_, s)| *s != PoliticalStatus::Masses)
        .map(|&(pid, _)| NewTarget {
            org_id: None,
            person_id: Some(pid),
            name: String::new(),
        })
        .collect();
    let mut named = Vec::new();
    for t in &targets {
        let p = store.person(t.person_id.unwrap_or_default()).await?;
        named.push(NewTarget {
            name: p.name,
            ..t.clone()
        });
    }
    let checked = |i: RoundInput| {
        check_round(&i, plan, offset, now).map_err(|e| StoreError::Corrupt(format!("{e:?}")))
    };

    // Closed, with results published: 12 slips handed out at a forum, 10 cast.
    let draft = checked(input(
        "上半年党员民主评议（座谈会）",
        now - Duration::days(14),
        now + Duration::hours(1),
    ))?;
    let round = store
        .create_round("secretary", branch.id, &draft, &named)
        .await?;
    let batch = store
        .issue_codes("secretary", round, "slips", "座谈会发放", &[], 12)
        .await?;
    let box_ = BallotBox::start(store.clone());
    let listed = store.round_targets(round).await?;
    for (n, code) in batch.codes.into_iter().take(10).enumerate() {
        let mut ratings = HashMap::new();
        for (t, target) in listed.iter().enumerate() {
            for criterion in 0..3u32 {
                let level = [0, 0, 1, 0, 1, 2, 0, 1, 0, 1][(n + t + criterion as usize) % 10];
                ratings.insert((target.id, criterion), level);
            }
        }
        let comments = HashMap::from([(listed[n % listed.len()].id, "工作认真负责".to_string())]);
        box_.cast(Cast {
            code,
            input: BallotInput { ratings, comments },
            only_round: None,
        })
        .await?;
    }
    let day = crate::http::clock::today(offset);
    store
        .add_forum(
            "secretary",
            round,
            &ForumDraft {
                held_on: Day(day.0 - Duration::days(2)),
                place: "市妇联三楼会议室".into(),
                present: 12,
                minutes: "群众代表对党员公开承诺落实情况逐一评议。".into(),
            },
        )
        .await?;
    store
        .close_round("secretary", round, now, "演示：评议结束")
        .await?;
    store
        .set_publication(
            "secretary",
            round,
            &Publication {
                published: true,
                good_share: true,
                mean: true,
                distribution: true,
                comments: false,
                feedback: true,
            },
        )
        .await?;
    store
        .set_feedback(
            "secretary",
            round,
            "评议结果已在支部党员大会上通报，对“一般”评价较多的事项已列入整改。",
        )
        .await?;

    // Open for a week, its slips printed for the next forum.
    let draft = checked(input(
        "下半年党员民主评议",
        now - Duration::hours(1),
        now + Duration::days(7),
    ))?;
    let open = store
        .create_round("secretary", branch.id, &draft, &named)
        .await?;
    store
        .issue_codes("secretary", open, "slips", "12月座谈会", &[], 20)
        .await?;
    Ok(())
}
