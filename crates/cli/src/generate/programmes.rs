//! The programmes' records of a generated campaign: a members' assembly
//! each month so far, the plan's article as every member's task, ten
//! activities per branch and a rectification item in each.

use super::Lcg;
use super::records::Context;
use domain::date::Day;
use std::collections::HashMap;
use store::bulk::{Bulk, Cell};

/// Meetings each month so far, the plan's article as every member's task,
/// ten activities per branch and a rectification item in each.
pub async fn load(
    c: &Context<'_>,
    bulk: &mut Bulk,
    rng: &mut Lcg,
    now: &str,
) -> anyhow::Result<()> {
    let (people, branches, today) = (c.people, &c.tree.branches, c.today);
    // A members' assembly each month so far, some missed.
    let mut months = Vec::new();
    let mut month = c.phase.starts_on;
    while month <= today {
        months.push(month);
        month = Day(month.0.replace_day(28).unwrap_or(month.0) + time::Duration::days(5));
        month = Day(month.0.replace_day(1).unwrap_or(month.0));
    }
    let rows = months.iter().flat_map(|month| {
        branches
            .iter()
            .filter(|_| rng.next(10) < 8)
            .map(|br| {
                [
                    Cell::Int(br.id),
                    "members_assembly".into(),
                    "学习".into(),
                    format!("{month}T06:30:00Z").into(),
                    "x".into(),
                    Cell::Int(30),
                    now.into(),
                    now.into(),
                ]
            })
            .collect::<Vec<_>>()
    });
    bulk.load(
        "meetings",
        [
            "org_id",
            "kind",
            "topic",
            "starts_at",
            "checkin_code",
            "checkin_window",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    .await?;
    // The plan's article for every member: done, open or overdue.
    let keys: Vec<&str> = c.plan.programmes.iter().map(|p| p.key.as_str()).collect();
    let rows = people.iter().map(|&(person, org)| {
        let due = if rng.next(4) == 0 {
            today.add_days(-10)
        } else {
            today.add_days(20)
        };
        let status = ["done", "todo", "submitted", "doing"][rng.next(4) as usize];
        [
            Cell::Int(org),
            org.into(),
            person.into(),
            keys[rng.next(keys.len() as u64) as usize].into(),
            "调研文章".into(),
            due.to_string().into(),
            status.into(),
            "gen".into(),
            now.into(),
            "gen".into(),
            now.into(),
        ]
    });
    bulk.load(
        "tasks",
        [
            "issuer_org_id",
            "org_id",
            "assignee_person_id",
            "programme_key",
            "title",
            "due_on",
            "status",
            "created_by",
            "created_at",
            "updated_by",
            "updated_at",
        ],
        rows,
    )
    .await?;
    // Ten activities per branch over the programmes, the first recurring.
    let rows = branches.iter().flat_map(|br| {
        (0..10)
            .map(|k| {
                let status = ["done", "running", "planned", "cancelled"][rng.next(4) as usize];
                let (target, held) = if k == 0 {
                    (Some(6i64), rng.next(8) as i64)
                } else {
                    (None, 0)
                };
                [
                    Cell::Int(br.id),
                    keys[k % keys.len()].into(),
                    c.phase.key.as_str().into(),
                    "志愿服务".into(),
                    status.into(),
                    target.into(),
                    held.into(),
                    "gen".into(),
                    now.into(),
                    "gen".into(),
                    now.into(),
                ]
            })
            .collect::<Vec<_>>()
    });
    bulk.load(
        "activities",
        [
            "org_id",
            "programme_key",
            "phase_key",
            "name",
            "status",
            "times_target",
            "times_held",
            "created_by",
            "created_at",
            "updated_by",
            "updated_at",
        ],
        rows,
    )
    .await?;
    // A rectification item in every branch, its first member the owner, one in four overdue.
    let firsts: HashMap<i64, i64> = people.iter().rev().map(|&(p, o)| (o, p)).collect();
    let mut rows = Vec::with_capacity(branches.len());
    for br in branches {
        let due = if rng.next(4) == 0 {
            today.add_days(-3)
        } else {
            today.add_days(30)
        };
        rows.push([
            Cell::Int(br.id),
            "整改".into(),
            firsts[&br.id].into(),
            due.to_string().into(),
            "open".into(),
            "gen".into(),
            now.into(),
        ]);
    }
    bulk.load(
        "rectifications",
        [
            "org_id",
            "problem",
            "owner_person_id",
            "due_on",
            "status",
            "created_by",
            "created_at",
        ],
        rows,
    )
    .await?;
    Ok(())
}
