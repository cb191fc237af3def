//! `chuangxian bench import`: a roster of 100,000 members in xlsx (the
//! roster export's own layout, 14 columns, dates as dates) imported into a
//! branch on SQLite by `chuangxian import roster` in its own process (read,
//! check every cell, resolve the groups and the people already there, write
//! all or none), against a plain loop that reads the same file with calamine
//! and inserts the same cells in batches into a file of the same schema, in
//! the same run. Also that process's peak resident memory.

use super::median;
use super::memory::Sampler;
use super::report::Figure;
use anyhow::Context;
use calamine::{Data, Reader, Xlsx};
use domain::organisation::OrgKind;
use domain::person::{Gender, PoliticalStatus};
use std::collections::HashMap;
use std::io::Cursor;
use std::time::Instant;
use store::Store;
use store::bulk::{Bulk, Cell};
use store::organisation::Organisation;
use store::person::Person;

#[derive(clap::Args)]
pub struct ImportBench {
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    /// Timed runs of each, each into a fresh file; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

const GROUPS: [&str; 10] = [
    "第一党小组",
    "第二党小组",
    "第三党小组",
    "第四党小组",
    "第五党小组",
    "第六党小组",
    "第七党小组",
    "第八党小组",
    "第九党小组",
    "第十党小组",
];
const GOAL: f64 = 1.5;
const MEMORY_GOAL_MB: f64 = 200.0;

pub async fn import(b: ImportBench) -> anyhow::Result<Vec<Figure>> {
    let dir = std::env::temp_dir().join(format!("cx-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run(&b, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn run(b: &ImportBench, dir: &std::path::Path) -> anyhow::Result<Vec<Figure>> {
    let (store, branch, _) = fresh_branch(&dir.join("file.sqlite")).await?;
    let bytes = web::person::sheet::roster_xlsx("党员花名册", &people(&branch, b.rows))?;
    store.pool.close().await;
    let roster = dir.join("花名册.xlsx");
    std::fs::write(&roster, &bytes)?;
    println!(
        "import: a roster of {} members, {:.1} MB of xlsx, into a branch on SQLite",
        b.rows,
        bytes.len() as f64 / 1e6
    );
    let (mut ours, mut plain, mut peak) = (Vec::new(), Vec::new(), 0u64);
    for run in 0..b.runs {
        // Ours: `chuangxian import roster`, as a person runs it from a shell.
        let file = dir.join(format!("ours-{run}.sqlite"));
        let (store, branch, _) = fresh_branch(&file).await?;
        store.pool.close().await;
        let t = Instant::now();
        let child = std::process::Command::new(std::env::current_exe()?)
            .args(["import", "roster"])
            .arg(&roster)
            .args(["--org", &branch.id.to_string(), "--db"])
            .arg(format!("sqlite://{}", file.display()))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        let sampler = Sampler::of(child.id());
        let out = child.wait_with_output()?;
        ours.push(t.elapsed().as_secs_f64());
        peak = peak.max(sampler.stop().rss);
        anyhow::ensure!(
            out.status.success(),
            "chuangxian import roster: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let store = Store::open(&format!("sqlite://{}", file.display())).await?;
        let imported = store.people(&branch.path, 1, 1).await?.total;
        anyhow::ensure!(imported == b.rows as i64, "{imported} imported");
        store.pool.close().await;

        let (store, branch, groups) =
            fresh_branch(&dir.join(format!("plain-{run}.sqlite"))).await?;
        let t = Instant::now();
        let n = plain_loop(
            &store,
            &dir.join(format!("plain-{run}.sqlite")),
            &bytes,
            &branch,
            &groups,
        )
        .await?;
        plain.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(n == b.rows as u64, "{n} inserted plainly");
        store.pool.close().await;
    }
    let (o, p) = (median(ours), median(plain));
    let mb = peak as f64 / 1024.0;
    Ok(vec![
        Figure::new(
            format!("import of a {}-row xlsx roster, SQLite", b.rows),
            format!("{o:.2} s"),
        )
        .against(format!("calamine + batched inserts {p:.2} s"), o / p)
        .goal(format!("≤ {GOAL:.1}"), o / p <= GOAL),
        Figure::new(
            format!("memory of chuangxian import roster, {} rows", b.rows),
            format!("{mb:.1} MB"),
        )
        .goal(format!("< {MEMORY_GOAL_MB:.0} MB"), mb < MEMORY_GOAL_MB),
    ])
}

/// A fresh file with a committee, a branch and its ten groups.
async fn fresh_branch(
    file: &std::path::Path,
) -> anyhow::Result<(Store, Organisation, HashMap<String, i64>)> {
    let store = Store::open(&format!("sqlite://{}", file.display())).await?;
    let root = store
        .create_organisation("bench", None, OrgKind::Committee, "市委")
        .await?;
    let branch = store
        .create_organisation("bench", Some(&root), OrgKind::Branch, "机关第一党支部")
        .await?;
    let mut groups = HashMap::new();
    for g in GROUPS {
        let group = store
            .create_organisation("bench", Some(&branch), OrgKind::PartyGroup, g)
            .await?;
        groups.insert(g.to_string(), group.id);
    }
    Ok((store, branch, groups))
}

/// `n` members of `branch`, each with a phone of their own.
fn people(branch: &Organisation, n: usize) -> Vec<Person> {
    (0..n)
        .map(|i| Person {
            id: 0,
            org_id: branch.id,
            org_name: branch.name.clone(),
            party_group_id: None,
            party_group: Some(GROUPS[i % GROUPS.len()].to_string()),
            name: format!("党员{i:06}"),
            gender: Some(if i % 3 == 0 {
                Gender::Female
            } else {
                Gender::Male
            }),
            born_on: domain::date::Day::from_ymd(1950 + (i % 50) as i32, (i % 12 + 1) as u8, 10),
            ethnicity: Some("汉族".into()),
            education: Some("大学本科".into()),
            status: if i % 20 == 0 {
                PoliticalStatus::Probationary
            } else {
                PoliticalStatus::Full
            },
            joined_on: domain::date::Day::from_ymd(1975 + (i % 50) as i32, 7, 1),
            confirmed_on: None,
            position: Some("党员".into()),
            phone: Some(format!("139{i:08}")),
            email: None,
            username: None,
            is_demo: false,
            created_at: String::new(),
        })
        .collect()
}

/// The baseline: calamine reads the sheet, every cell goes in as its text,
/// the group by a map, in batched inserts in one transaction.
async fn plain_loop(
    store: &Store,
    file: &std::path::Path,
    bytes: &[u8],
    branch: &Organisation,
    groups: &HashMap<String, i64>,
) -> anyhow::Result<u64> {
    let mut book = Xlsx::new(Cursor::new(bytes)).context("calamine")?;
    let sheet = book.worksheet_range_at(0).context("a sheet")??;
    let now = store::now_text();
    let text = |c: &Data| match c {
        Data::Empty => Cell::Null,
        // Excel counts days from 1899-12-30.
        Data::DateTime(d) => Cell::from(
            (time::macros::date!(1899 - 12 - 30) + time::Duration::days(d.as_f64() as i64))
                .to_string(),
        ),
        other => Cell::from(other.to_string()),
    };
    let rows = sheet.rows().skip(2).map(|r| {
        let group = r.get(12).and_then(|g| groups.get(&g.to_string())).copied();
        [
            Cell::Int(branch.id),
            group.into(),
            text(&r[0]),
            text(&r[1]),
            text(&r[2]),
            text(&r[3]),
            text(&r[4]),
            text(&r[5]),
            text(&r[6]),
            text(&r[7]),
            text(&r[8]),
            text(&r[9]),
            text(&r[10]),
            now.as_str().into(),
            now.as_str().into(),
        ]
    });
    let mut bulk = Bulk::open(store, &format!("sqlite://{}", file.display())).await?;
    Ok(bulk
        .load(
            "people",
            [
                "org_id",
                "party_group_id",
                "name",
                "gender",
                "born_on",
                "ethnicity",
                "education",
                "status",
                "joined_on",
                "confirmed_on",
                "position",
                "phone",
                "email",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        .await?)
}
