//! `chuangxian gen`: a synthetic campaign at the size of a branch, a city or a
//! province, half-way through its first phase, for the benchmarks and for
//! looking at the pages with a province's numbers. The same seed gives the
//! same records. Bulk rows go in with COPY on PostgreSQL and batched inserts on
//! SQLite (`store::bulk`); the plan, the rounds and the accounts' owners go
//! through the store's own functions, as a person's actions would.

mod people;
mod programmes;
mod records;

use crate::output::msg;
use anyhow::Context;
use domain::date::Day;
use domain::plan::{Phase, Plan, parse_plan};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};
use store::Store;
use store::bulk::Bulk;
use store::organisation::Organisation;

pub use people::{PASSWORD, Tree};
pub use records::round_draft;

/// How big a campaign to make.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Scale {
    /// One branch of 60 members under a city and a county.
    Branch,
    /// 1,000 branches of 50 members (50,000) under 10 counties.
    City,
    /// 50,000 branches of 60 members (3,000,000) under 10 cities and 100 counties.
    Province,
}

/// The tree's numbers for a scale.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub cities: usize,
    pub counties: usize,
    pub branches: usize,
    pub per_branch: usize,
}

impl Scale {
    pub fn shape(self) -> Shape {
        let (cities, counties, branches, per_branch) = match self {
            Scale::Branch => (1, 1, 1, 60),
            Scale::City => (1, 10, 1_000, 50),
            Scale::Province => (10, 10, 50_000, 60),
        };
        Shape {
            cities,
            counties,
            branches,
            per_branch,
        }
    }
}

#[derive(clap::Args)]
pub struct GenCommand {
    #[arg(long, value_enum, default_value = "city")]
    scale: Scale,
    /// `sqlite://FILE` or `postgres://…`: an empty database (it is migrated first).
    #[arg(long, env = "CHUANGXIAN_DB")]
    db: String,
    /// The same seed makes the same records.
    #[arg(long, default_value_t = 20_110_701)]
    seed: u64,
}

/// What was made, for a benchmark to work on.
pub struct Generated {
    pub root: Organisation,
    pub branches: Vec<Organisation>,
    /// Every member as (person, branch), in the order of their ids.
    pub people: Vec<(i64, i64)>,
    pub plan: Plan,
    /// The phase the records belong to, today within it.
    pub phase: Phase,
    pub today: Day,
    /// The committee of the leader who reviewed, and the leader's account.
    pub reviewer: (Organisation, i64),
    /// A member of the middle branch with an account, and their username.
    pub sample_member: (i64, String),
    /// The middle branch: its secretary is `s{id}`.
    pub sample_branch: Organisation,
    /// Every branch's secretary: (account, username), in the branches' order.
    pub secretaries: Vec<(i64, String)>,
}

/// A small generator, so that each run loads the same records.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

pub async fn gen_command(c: GenCommand) -> anyhow::Result<std::process::ExitCode> {
    let store = Store::open(&c.db).await?;
    let existing = Bulk::rows(&store, "organisations").await?;
    if existing > 0 {
        eprintln!(
            "{}",
            msg("cli-gen-not-empty", &[("count", existing.to_string())])
        );
        return Ok(std::process::ExitCode::FAILURE);
    }
    let started = Instant::now();
    let g = generate(&store, &c.db, c.scale, c.seed, true).await?;
    println!(
        "{}",
        msg(
            "cli-gen-done",
            &[
                ("branches", g.branches.len().to_string()),
                ("members", g.people.len().to_string()),
                ("seconds", format!("{:.1}", started.elapsed().as_secs_f64())),
            ]
        )
    );
    println!(
        "{}",
        msg(
            "cli-gen-accounts",
            &[
                ("secretary", format!("s{}", g.sample_branch.id)),
                ("member", g.sample_member.1.clone()),
                ("password", PASSWORD.to_string()),
            ]
        )
    );
    Ok(std::process::ExitCode::SUCCESS)
}

/// Makes a campaign of `scale` in the empty database `store` (opened on
/// `url`), showing a bar for each step when `progress` is on.
pub async fn generate(
    store: &Store,
    url: &str,
    scale: Scale,
    seed: u64,
    progress: bool,
) -> anyhow::Result<Generated> {
    let existing = Bulk::rows(store, "organisations").await?;
    anyhow::ensure!(
        existing == 0,
        "the database already holds {existing} organisations: gen only fills an empty database"
    );
    let shape = scale.shape();
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    let plan = parse_plan(web::demo::SOURCE_PLAN).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let shift = plan
        .years_to_reach(today)
        .context("no shift of the plan reaches today")?;
    let plan = plan.shifted_by_years(shift);
    let phase = plan.phases[0].clone();
    let mut bulk = Bulk::open(store, url).await?;
    let mut rng = Lcg(seed);
    let steps = Steps { progress };

    let bar = steps.bar("organisations", shape.branches as u64);
    let tree = people::tree(&mut bulk, shape, &bar).await?;
    bar.finish();
    store
        .import_plan("gen", &tree.root, web::demo::SOURCE_PLAN, &plan, shift)
        .await?;
    let bar = steps.bar("members", (shape.branches * shape.per_branch) as u64);
    let members = people::members(&mut bulk, &tree, shape, phase.starts_on, &mut rng, &bar).await?;
    bar.finish();
    let bar = steps.bar("accounts", tree.branches.len() as u64);
    let accounts = people::accounts(store, &mut bulk, &tree, &members, &bar).await?;
    bar.finish();

    let ctx = records::Context {
        store,
        tree: &tree,
        people: &members,
        plan: &plan,
        phase: &phase,
        today,
        reviewer_account: accounts.leader,
    };
    records::load(&ctx, &mut bulk, &mut rng, &steps).await?;
    store.bench_analyze().await?;
    let sample_branch = tree.branches[tree.branches.len() / 2].clone();
    Ok(Generated {
        root: tree.root,
        branches: tree.branches,
        people: members,
        plan,
        phase,
        today,
        reviewer: (tree.leaders, accounts.leader),
        sample_member: accounts.sample_member,
        sample_branch,
        secretaries: accounts.secretaries,
    })
}

/// Only the tree of `shape` and its members, added on `added`, in the empty
/// database `store`: for a workload that writes records of its own.
pub async fn tree_with_members(
    store: &Store,
    url: &str,
    shape: Shape,
    added: Day,
    seed: u64,
) -> anyhow::Result<(Tree, Vec<(i64, i64)>)> {
    let mut bulk = Bulk::open(store, url).await?;
    let tree = people::tree(&mut bulk, shape, &ProgressBar::hidden()).await?;
    let members = people::members(
        &mut bulk,
        &tree,
        shape,
        added,
        &mut Lcg(seed),
        &ProgressBar::hidden(),
    )
    .await?;
    Ok((tree, members))
}

/// A progress bar for each step, or hidden ones.
pub struct Steps {
    progress: bool,
}

impl Steps {
    pub fn bar(&self, what: &'static str, len: u64) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len).with_message(what);
        bar.set_style(
            ProgressStyle::with_template("{msg:>16} [{bar:32}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}
