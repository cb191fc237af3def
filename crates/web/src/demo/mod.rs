//! The demo: the source plan run today by a fictional branch. Every person made
//! here is marked as demo data. The source plan's dates lie in 2010–2012, so the
//! demo moves the whole plan by whole years until today falls in its first phase.

mod assessment;
pub mod campaign;
mod commendation;
mod commitment;
mod evaluation;
mod photo;
mod programme;
mod publicity;
mod review;
mod rule;
mod study;
mod supervision;

use domain::access::Role;
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::{Gender, PersonDraft, PoliticalStatus};
use domain::plan::parse_plan;
use store::organisation::Organisation;
use store::{Store, StoreError, account, audit, organisation, person};

/// The source plan, as shipped in `plans/`.
pub const SOURCE_PLAN: &str = include_str!("../../../../plans/quanzhou-women-federation-2010.toml");

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo2026";

pub struct DemoAccount {
    pub role: Role,
    pub username: String,
    pub name: String,
}

pub struct Demo {
    pub root: Organisation,
    pub branch: Organisation,
    pub accounts: Vec<DemoAccount>,
    pub shift_years: i32,
    pub first_phase: (Day, Day),
    /// The plan as shifted to today.
    pub plan: domain::plan::Plan,
    /// The branch's people in the demo's order (secretary, deputy, member
    /// first), with their status.
    pub branch_people: Vec<(i64, PoliticalStatus)>,
}

/// Fictional people: name, gender, position, party group (1 or 2, 0 for none),
/// status, year joined the Party.
const PEOPLE: &[(&str, Gender, &str, u8, PoliticalStatus, i32)] = {
    use Gender::{Female as F, Male as M};
    use PoliticalStatus::{Full, Masses, Probationary};
    &[
        ("陈秀英", F, "机关支部书记、副主席", 1, Full, 1995),
        ("王海燕", F, "机关支部副书记、办公室主任", 2, Full, 2001),
        ("张敏", F, "组织宣传部部长", 1, Full, 2003),
        ("李春梅", F, "权益部部长", 1, Full, 1999),
        ("刘晓红", F, "发展部部长", 2, Full, 2004),
        ("杨丽娟", F, "办公室副主任", 2, Full, 2006),
        ("吴雪芳", F, "组织宣传部副部长", 1, Full, 2008),
        ("周婷", F, "权益部副部长", 2, Full, 2009),
        ("郑小玲", F, "发展部副部长", 1, Full, 2007),
        ("黄燕", F, "科员", 2, Full, 2010),
        ("许丽萍", F, "科员", 1, Full, 2005),
        ("蔡美华", F, "科员", 2, Full, 2002),
        ("苏静怡", F, "科员", 1, Probationary, 2026),
        ("洪雅琴", F, "科员", 2, Full, 2011),
        ("庄丽", F, "科员", 1, Full, 2012),
        ("施惠玲", F, "财务", 2, Full, 1998),
        ("曾晓梅", F, "档案管理", 1, Full, 2000),
        ("林建国", M, "司机", 0, Masses, 0),
        ("谢文华", F, "科员", 2, Probationary, 2026),
        ("郭淑贞", F, "妇女儿童活动中心主任", 1, Full, 1997),
        ("方丽芬", F, "《泉州女性》编辑", 2, Full, 2006),
        ("邱秀兰", F, "科员", 1, Full, 2013),
        ("高雅", F, "科员", 0, Masses, 0),
        ("卢志强", M, "信息员", 0, Masses, 0),
        ("叶小燕", F, "科员", 2, Full, 2015),
        ("潘美玲", F, "科员", 1, Full, 2016),
    ]
};

/// Builds the demo in an empty database.
pub async fn build(store: &Store, today: Day) -> Result<Demo, StoreError> {
    let plan = parse_plan(SOURCE_PLAN).map_err(|e| StoreError::Corrupt(format!("{e:?}")))?;
    let shift_years = plan.years_to_reach(today).unwrap_or(0);
    let shifted = plan.shifted_by_years(shift_years);
    let first = &shifted.phases[0];
    let first_phase = (first.starts_on, first.ends_on);

    // One hash for every demo account: the password is printed for all to see
    // anyway, and hashing 30 times would slow the demo's start for nothing.
    let password = DEMO_PASSWORD.to_string();
    let hash = tokio::task::spawn_blocking(move || account::hash_password(&password))
        .await
        .map_err(|e| StoreError::Hash(e.to_string()))??;

    let mut tx = store.begin().await?;
    let root = organisation::create(
        &mut tx,
        None,
        OrgKind::LeadingGroup,
        "中共泉州市妇联党组（演示）",
    )
    .await?;
    let branch = organisation::create(
        &mut tx,
        Some(&root),
        OrgKind::Branch,
        "中共泉州市妇联机关支部委员会（演示）",
    )
    .await?;
    let groups = [
        organisation::create(&mut tx, Some(&branch), OrgKind::PartyGroup, "第一党小组").await?,
        organisation::create(&mut tx, Some(&branch), OrgKind::PartyGroup, "第二党小组").await?,
    ];
    let mut accounts = Vec::new();
    let mut readers = Vec::new();
    let superiors = [
        ("林静", Role::CampaignOffice, "office", "市妇联创先办主任"),
        ("黄丽华", Role::Leader, "leader", "市妇联主席"),
    ];
    for (name, role, username, position) in superiors {
        let draft = PersonDraft {
            name: name.into(),
            gender: Some(Gender::Female),
            status: Some(PoliticalStatus::Full),
            position: Some(position.into()),
            joined_on: Day::from_ymd(1990, 7, 1),
            ..Default::default()
        };
        let pid = person::insert(&mut tx, root.id, None, &draft, true).await?;
        let aid = account::insert(&mut tx, pid, username, Some(&hash)).await?;
        account::grant(&mut tx, aid, role, root.id).await?;
        accounts.push(DemoAccount {
            role,
            username: username.into(),
            name: name.into(),
        });
    }
    for (i, (name, gender, position, group, status, joined)) in PEOPLE.iter().enumerate() {
        let (role, username) = match i {
            0 => (Role::Secretary, "secretary".to_string()),
            1 => (Role::Deputy, "deputy".to_string()),
            2 => (Role::Member, "member".to_string()),
            _ => (Role::Member, format!("demo{:02}", i + 1)),
        };
        let joined_on = (*joined > 0)
            .then(|| Day::from_ymd(*joined, 7, 1))
            .flatten();
        let draft = PersonDraft {
            name: (*name).into(),
            gender: Some(*gender),
            born_on: Day::from_ymd(1965 + (i as i32 * 7) % 30, (i % 12 + 1) as u8, 10),
            ethnicity: Some("汉族".into()),
            education: Some(
                if i % 3 == 0 {
                    "研究生"
                } else {
                    "大学本科"
                }
                .into(),
            ),
            status: Some(*status),
            joined_on,
            confirmed_on: joined_on
                .filter(|_| *status == PoliticalStatus::Full)
                .map(|d| d.shift_years(1)),
            position: Some((*position).into()),
            phone: Some(format!("1380595{:04}", 1000 + i * 37)),
            email: Some(format!("{username}@qzfl.example.org")),
            party_group: None,
            organisation: None,
            username: Some(username.clone()),
        };
        let group_id = match group {
            1 => Some(groups[0].id),
            2 => Some(groups[1].id),
            _ => None,
        };
        let pid = person::insert(&mut tx, branch.id, group_id, &draft, true).await?;
        let aid = account::insert(&mut tx, pid, &username, Some(&hash)).await?;
        account::grant(&mut tx, aid, role, branch.id).await?;
        readers.push((i, pid, *status));
        if i < 3 {
            accounts.push(DemoAccount {
                role,
                username,
                name: (*name).into(),
            });
        }
    }
    audit::record(
        &mut tx,
        audit::Change {
            actor: "demo",
            action: "create",
            entity: "demo",
            entity_id: root.id.to_string(),
            summary: format!("demo tree and {} people", PEOPLE.len() + 2),
        },
    )
    .await?;
    tx.commit().await?;
    store
        .import_plan("demo", &root, SOURCE_PLAN, &shifted, shift_years)
        .await?;
    study::seed(store, &root, &branch, &shifted, &readers, today).await?;
    Ok(Demo {
        root,
        branch,
        accounts,
        shift_years,
        first_phase,
        branch_people: readers.iter().map(|&(_, p, s)| (p, s)).collect(),
        plan: shifted,
    })
}
