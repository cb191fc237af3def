//! The demo's assessments of the first phase, made as the secretary and the
//! campaign office make them: incentive and constraint records, the branch's
//! assessment of its members with one adjustment, the office's assessment of
//! its three branches; both finalised, so the members have their results.

use crate::assessment::scoring::basis;
use domain::date::Day;
use domain::plan::Plan;
use store::assessment::{IncentiveKind, NewIncentive, SubjectKind};
use store::organisation::Organisation;
use store::{Store, StoreError};
use time::Duration;

pub(super) async fn assessments(
    store: &Store,
    root: &Organisation,
    branch: &Organisation,
    people: &[i64],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    let ago = |days: i64| Day(today.0 - Duration::days(days));
    for (person, kind, points, reason, day) in [
        (
            people[3],
            IncentiveKind::Incentive,
            5,
            "撰写的调研报告获市妇联通报表扬",
            ago(20),
        ),
        (
            people[6],
            IncentiveKind::Constraint,
            -3,
            "无故缺席每周政治业务学习例会一次",
            ago(12),
        ),
    ] {
        store
            .add_incentive(
                "secretary",
                &NewIncentive {
                    org_id: branch.id,
                    person_id: Some(person),
                    kind,
                    points,
                    veto_key: None,
                    reason: reason.into(),
                    on_day: day,
                },
            )
            .await?;
    }
    let phase = &plan.phases[0].key;
    let of = |kind| basis(plan, kind, phase).map_err(|e| StoreError::Corrupt(format!("{e:?}")));
    let members = store
        .open_assessment(
            "secretary",
            branch.id,
            SubjectKind::Member,
            &of(SubjectKind::Member)?,
        )
        .await?;
    store
        .adjust_score(
            "secretary",
            members,
            people[4],
            200,
            "主动承担建党90周年主题活动筹备，工作量大、成效好",
        )
        .await?;
    store
        .finalise_assessment("secretary", members, today)
        .await?;
    let branches = store
        .open_assessment(
            "office",
            root.id,
            SubjectKind::Organisation,
            &of(SubjectKind::Organisation)?,
        )
        .await?;
    store.finalise_assessment("office", branches, today).await?;
    Ok(())
}
