//! The tree, the members and the accounts of a generated campaign. The
//! database is empty, so ids are given from 1 and paths written with them;
//! the leader and the office are added through the store as an office would.

use super::{Lcg, Shape};
use anyhow::Context;
use domain::access::Role;
use domain::date::Day;
use domain::organisation::{OrgKind, OrgPath};
use domain::person::PersonDraft;
use indicatif::ProgressBar;
use store::Store;
use store::bulk::{Bulk, Cell};
use store::organisation::Organisation;

/// Every generated account's password: these are test data.
pub const PASSWORD: &str = "chuangxian-gen";

/// Party groups in each branch.
const GROUPS: usize = 3;
/// One member in this many has an account (besides every secretary).
const ACCOUNT_EVERY: usize = 50;

const CITIES: [&str; 10] = [
    "东川", "西岭", "南湖", "北原", "青山", "白水", "金沙", "玉泉", "龙江", "云台",
];
const COUNTIES: [&str; 10] = [
    "河东县",
    "河西县",
    "城关区",
    "新城区",
    "高新区",
    "山南县",
    "山北县",
    "江口县",
    "湖滨区",
    "开发区",
];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "华", "红",
];

pub struct Tree {
    pub root: Organisation,
    /// The committee of the province's leaders.
    pub leaders: Organisation,
    pub branches: Vec<Organisation>,
    /// Each branch's party groups, in the branches' order.
    pub groups: Vec<[i64; GROUPS]>,
}

/// Ids handed out in order, with the rows they make.
struct Orgs<'a> {
    next: i64,
    rows: Vec<[Cell<'a>; 6]>,
    at: &'a str,
}

impl<'a> Orgs<'a> {
    fn add(&mut self, parent: Option<&Organisation>, kind: OrgKind, name: String) -> Organisation {
        let id = self.next;
        self.next += 1;
        let path = parent.map_or_else(|| OrgPath::root(id), |p| p.path.child(id));
        self.rows.push([
            id.into(),
            parent.map(|p| p.id).into(),
            path.as_str().to_string().into(),
            kind.as_str().into(),
            name.clone().into(),
            self.at.into(),
        ]);
        Organisation {
            id,
            parent_id: parent.map(|p| p.id),
            path,
            kind,
            name,
        }
    }
}

pub async fn tree(bulk: &mut Bulk, shape: Shape, bar: &ProgressBar) -> anyhow::Result<Tree> {
    let at = store::now_text();
    let mut orgs = Orgs {
        next: 1,
        rows: Vec::new(),
        at: &at,
    };
    let root = orgs.add(None, OrgKind::Committee, "省委".into());
    let leaders = orgs.add(Some(&root), OrgKind::Committee, "省委领导".into());
    let mut counties = Vec::new();
    for c in 0..shape.cities {
        let city_name = CITIES[c % CITIES.len()];
        let city = orgs.add(Some(&root), OrgKind::Committee, format!("{city_name}市委"));
        for k in 0..shape.counties {
            let county = COUNTIES[k % COUNTIES.len()];
            counties.push((
                orgs.add(
                    Some(&city),
                    OrgKind::Committee,
                    format!("{city_name}市{county}委"),
                ),
                county,
            ));
        }
    }
    let mut branches = Vec::with_capacity(shape.branches);
    let mut groups = Vec::with_capacity(shape.branches);
    for i in 0..shape.branches {
        let (county, county_name) = &counties[i % counties.len()];
        let n = i / counties.len() + 1;
        let branch = orgs.add(
            Some(county),
            OrgKind::Branch,
            format!("{county_name}第{n}党支部"),
        );
        let g = ["第一党小组", "第二党小组", "第三党小组"]
            .map(|name| orgs.add(Some(&branch), OrgKind::PartyGroup, name.into()).id);
        branches.push(branch);
        groups.push(g);
        bar.inc(1);
    }
    let rows = std::mem::take(&mut orgs.rows);
    bulk.load(
        "organisations",
        ["id", "parent_id", "path", "kind", "name", "created_at"],
        rows,
    )
    .await?;
    Ok(Tree {
        root,
        leaders,
        branches,
        groups,
    })
}

/// `per_branch` members in every branch, shared among its groups, added on
/// the day `added`; (person, branch) in the order of their ids.
pub async fn members(
    bulk: &mut Bulk,
    tree: &Tree,
    shape: Shape,
    added: Day,
    rng: &mut Lcg,
    bar: &ProgressBar,
) -> anyhow::Result<Vec<(i64, i64)>> {
    let added = format!("{added}T00:00:00Z");
    let mut out = Vec::with_capacity(tree.branches.len() * shape.per_branch);
    let mut id = 0;
    // Made as they are sent: a province's rows would not fit in memory at once.
    let rows = tree
        .branches
        .iter()
        .zip(&tree.groups)
        .flat_map(|(branch, groups)| {
            bar.inc(shape.per_branch as u64);
            (0..shape.per_branch)
                .map(|k| {
                    id += 1;
                    out.push((id, branch.id));
                    let name = format!(
                        "{}{}{}",
                        SURNAMES[rng.next(SURNAMES.len() as u64) as usize],
                        GIVEN[rng.next(GIVEN.len() as u64) as usize],
                        if rng.next(2) == 0 {
                            GIVEN[rng.next(GIVEN.len() as u64) as usize]
                        } else {
                            ""
                        }
                    );
                    let gender = if rng.next(10) < 7 { "男" } else { "女" };
                    let status = if rng.next(20) == 0 {
                        "probationary"
                    } else {
                        "full"
                    };
                    [
                        Cell::Int(id),
                        branch.id.into(),
                        groups[k % GROUPS].into(),
                        name.into(),
                        gender.into(),
                        status.into(),
                        format!("{}-07-01", 1970 + rng.next(54)).into(),
                        added.as_str().into(),
                        added.as_str().into(),
                    ]
                })
                .collect::<Vec<_>>()
        });
    bulk.load(
        "people",
        [
            "id",
            "org_id",
            "party_group_id",
            "name",
            "gender",
            "status",
            "joined_on",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    .await?;
    Ok(out)
}

pub struct Accounts {
    /// The leader who reviews: their account.
    pub leader: i64,
    /// A member of the middle branch with an account: (person, username).
    pub sample_member: (i64, String),
    /// Every branch's secretary: (account, username), in the branches' order.
    pub secretaries: Vec<(i64, String)>,
}

/// The office at the root and a leader, through the store; then every
/// branch's secretary (its first member, `s{branch}`) and one member in
/// [`ACCOUNT_EVERY`] (`m{person}`), in bulk, all with [`PASSWORD`].
pub async fn accounts(
    store: &Store,
    bulk: &mut Bulk,
    tree: &Tree,
    people: &[(i64, i64)],
    bar: &ProgressBar,
) -> anyhow::Result<Accounts> {
    person_with_role(store, &tree.root, "创先办", "office", Role::CampaignOffice).await?;
    let leader = person_with_role(store, &tree.leaders, "省委领导", "leader", Role::Leader).await?;
    let hash = store::account::hash_password(PASSWORD)?;
    let at = store::now_text();
    let mut next = Bulk::next_id(store, "accounts").await?;
    let (mut accounts, mut grants) = (Vec::new(), Vec::new());
    let mut previous_branch = None;
    let middle = tree.branches[tree.branches.len() / 2].id;
    let mut sample_member = None;
    let mut secretaries = Vec::with_capacity(tree.branches.len());
    for (i, &(person, branch)) in people.iter().enumerate() {
        let username = if previous_branch != Some(branch) {
            grants.push([next.into(), Role::Secretary.as_str().into(), branch.into()]);
            bar.inc(1);
            secretaries.push((next, format!("s{branch}")));
            format!("s{branch}")
        } else if i % ACCOUNT_EVERY == ACCOUNT_EVERY / 2
            || (branch == middle && sample_member.is_none())
        {
            let username = format!("m{person}");
            if branch == middle && sample_member.is_none() {
                sample_member = Some((person, username.clone()));
            }
            username
        } else {
            previous_branch = Some(branch);
            continue;
        };
        previous_branch = Some(branch);
        accounts.push([
            Cell::Int(next),
            person.into(),
            username.into(),
            hash.as_str().into(),
            at.as_str().into(),
        ]);
        next += 1;
    }
    bulk.load(
        "accounts",
        ["id", "person_id", "username", "password_hash", "created_at"],
        accounts,
    )
    .await?;
    bulk.load("role_grants", ["account_id", "role", "org_id"], grants)
        .await?;
    Ok(Accounts {
        leader,
        sample_member: sample_member.context("a member of the middle branch")?,
        secretaries,
    })
}

async fn person_with_role(
    store: &Store,
    org: &Organisation,
    name: &str,
    username: &str,
    role: Role,
) -> anyhow::Result<i64> {
    let draft = PersonDraft {
        name: name.into(),
        username: Some(username.into()),
        ..Default::default()
    };
    let person = store.add_person("gen", org, None, &draft).await?;
    let account = store
        .account_of_person(person)
        .await?
        .context("the account just opened")?;
    store.set_password("gen", account, PASSWORD).await?;
    store.grant_role("gen", account, role, org.id).await?;
    Ok(account)
}
