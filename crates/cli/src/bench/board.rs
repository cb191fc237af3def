//! `chuangxian bench board`: the public board of a branch of 60 members with 5
//! approved items each, under `wrk` on loopback, against nginx serving the very
//! same bytes as a static file, measured in the same run. Prints requests per
//! second and p99 latency of both, and the ratio.

use super::against_nginx::{Nginx, fetch, need_wrk_and_nginx, serve_on_loopback, wrk};
use domain::commitment::{Item, ItemStatus};
use domain::person::{PersonDraft, PoliticalStatus};
use std::process::ExitCode;
use store::Store;

#[derive(clap::Args)]
pub struct BoardBench {
    /// Members in the branch.
    #[arg(long, default_value_t = 60)]
    members: usize,
    /// Approved items per member.
    #[arg(long, default_value_t = 5)]
    items: usize,
    /// How long each wrk run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections of wrk.
    #[arg(long, default_value_t = 64)]
    connections: u32,
}

pub async fn board(b: BoardBench) -> anyhow::Result<ExitCode> {
    need_wrk_and_nginx()?;
    let dir = std::env::temp_dir().join(format!("cx-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&format!("sqlite://{}", dir.join("bench.sqlite").display())).await?;
    let branch = load_branch(&store, b.members, b.items).await?;

    let ours = serve_on_loopback(&store).await?;
    let url = format!("http://{ours}/board/{branch}");
    let page = fetch(&url).await?;
    println!(
        "board: {} members × {} items, {} bytes of HTML",
        b.members,
        b.items,
        page.len()
    );

    // nginx, serving the identical bytes as a static file.
    let mut nginx = Nginx::serve(&dir, &[("board", &page)]).await?;
    let ngx = wrk(&nginx.url("board"), b.seconds, b.connections).await;
    let cx = wrk(&url, b.seconds, b.connections).await;
    nginx.stop();
    let _ = std::fs::remove_dir_all(&dir);
    let (ngx, cx) = (ngx?, cx?);

    println!(
        "nginx (static copy): {:>10.0} requests/s, p99 {:>7.2} ms",
        ngx.0, ngx.1
    );
    println!(
        "chuangxian board:    {:>10.0} requests/s, p99 {:>7.2} ms",
        cx.0, cx.1
    );
    let ratio = cx.0 / ngx.0;
    println!("throughput ratio chuangxian/nginx: {ratio:.2} (goal ≥ 0.50)");
    println!(
        "p99 goal < 10 ms: {}",
        if cx.1 < 10.0 { "met" } else { "not met" }
    );
    println!(
        "throughput goal: {}",
        if ratio >= 0.5 { "met" } else { "not met" }
    );
    Ok(ExitCode::SUCCESS)
}

/// A branch of a party group under the source plan (shifted to this year),
/// with the plan.
pub(super) async fn plan_branch(
    store: &Store,
) -> anyhow::Result<(store::organisation::Organisation, domain::plan::Plan)> {
    let plan =
        domain::plan::parse_plan(web::demo::SOURCE_PLAN).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let years = plan
        .years_to_reach(web::http::clock::today(web::CHINA_STANDARD_TIME))
        .unwrap_or(0);
    let plan = plan.shifted_by_years(years);
    let root = store
        .create_organisation(
            "bench",
            None,
            domain::organisation::OrgKind::LeadingGroup,
            "基准测试党组",
        )
        .await?;
    let branch = store
        .create_organisation(
            "bench",
            Some(&root),
            domain::organisation::OrgKind::Branch,
            "基准测试支部",
        )
        .await?;
    store
        .import_plan("bench", &branch, web::demo::SOURCE_PLAN, &plan, years)
        .await?;
    Ok((branch, plan))
}

/// A branch under the source plan with `members` members, each with `items`
/// approved items and some progress. Returns the branch id.
async fn load_branch(store: &Store, members: usize, items: usize) -> anyhow::Result<i64> {
    let (branch, plan) = plan_branch(store).await?;
    let phase = plan.phases[0].clone();
    let criteria = domain::commitment::criteria_for(&plan, domain::commitment::Owner::Member);
    let bar = indicatif::ProgressBar::new(members as u64);
    for m in 0..members {
        let mut tx = store.begin().await?;
        let draft = PersonDraft {
            name: format!("测试党员{:02}", m + 1),
            status: Some(PoliticalStatus::Full),
            ..Default::default()
        };
        let pid = store::person::insert(&mut tx, branch.id, None, &draft, true).await?;
        tx.commit().await?;
        let list: Vec<Item> = (0..items)
            .map(|i| Item {
                key: format!("m{m}i{i}"),
                criterion: criteria[i % criteria.len()].0.clone(),
                what: format!(
                    "第{}项承诺：每月深入社区走访困难妇女家庭并记录帮扶情况",
                    i + 1
                ),
                target: "全年走访不少于12次".into(),
                due_on: phase.ends_on,
                weight: 1 + (i as u32 % 3),
            })
            .collect();
        let id = store
            .save_commitment_draft("bench", branch.id, Some(pid), &phase.key, &list)
            .await?;
        store.submit_commitment("bench", id).await?;
        store.approve_commitment("bench", id).await?;
        let c = store.commitment(id).await?;
        store
            .record_progress(
                "bench",
                &c,
                &list[0].key,
                50,
                ItemStatus::InProgress,
                "已走访六户",
                None,
                ("", ""),
            )
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(branch.id)
}
