//! `chuangxian bench board`: the public board of a branch of 60 members with 5
//! approved items each, under `wrk` on loopback, against nginx serving the very
//! same bytes as a static file, measured in the same run: as they are, and
//! gzipped (ours made when the board rendered, nginx's by `gzip_static` from
//! the same gzip bytes). Prints requests per second and p99 latency of both,
//! the ratio, and the bytes a phone is sent.

use super::against_nginx::{
    Nginx, fetch, fetch_asking, need_wrk_and_nginx, serve_on_loopback, wrk_asking,
};
use super::report::Figure;
use domain::commitment::{Item, ItemStatus};
use domain::person::{PersonDraft, PoliticalStatus};
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

pub async fn board(b: BoardBench) -> anyhow::Result<Vec<Figure>> {
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

    // The bytes a phone taking gzip or brotli is sent.
    let gzip = fetch_asking(&url, "gzip").await?;
    let br = fetch_asking(&url, "br").await?;
    println!(
        "sent as: identity {} bytes, gzip {} bytes, brotli {} bytes",
        page.len(),
        gzip.len(),
        br.len()
    );

    // nginx, serving the identical bytes as static files, gzip_static for gzip.
    let mut nginx = Nginx::serve_with(&dir, &[("board", &page)], &[("board", &gzip)]).await?;
    let runs = [None, Some("gzip")];
    let mut figures = Vec::new();
    for coding in runs {
        let ngx = wrk_asking(&nginx.url("board"), b.seconds, b.connections, coding).await;
        let cx = wrk_asking(&url, b.seconds, b.connections, coding).await;
        figures.push((coding.unwrap_or("identity"), ngx, cx));
    }
    nginx.stop();
    let _ = std::fs::remove_dir_all(&dir);

    let sizes = [page.len(), gzip.len()];
    let mut out = Vec::new();
    for ((coding, ngx, cx), size) in figures.into_iter().zip(sizes) {
        let (ngx, cx) = (ngx?, cx?);
        let ratio = cx.0 / ngx.0;
        out.push(
            Figure::new(
                format!("board, {coding} ({size} B)"),
                format!("{:.0} req/s, p99 {:.1} ms", cx.0, cx.1),
            )
            .against(format!("nginx {:.0} req/s", ngx.0), ratio)
            .goal("≥ 0.75, p99 < 10 ms", ratio >= 0.75 && cx.1 < 10.0),
        );
    }
    Ok(out)
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
