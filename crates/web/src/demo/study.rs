//! The demo's study log: everyone was on the roster from the campaign's first
//! day, and the people without a named demo account have read, finished books
//! and written reflections since, some diligently and some not; the branch held
//! its meetings, missing a few, so that the compliance tables, the book wall and
//! the summary have something to show.

use crate::study::rules::{covered, quotas_for, rule};
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use domain::plan::Plan;
use domain::study::Attendance;
use domain::study::{RecordKind, Span};
use store::organisation::Organisation;
use store::study::meeting::MeetingDraft;
use store::study::{NewRecord, StudyScope};
use store::{Store, StoreError};
use time::Duration;

/// Books the demo's readers finish, one a month for the diligent.
const BOOKS: &[(&str, &str)] = &[
    ("平凡的世界", "路遥"),
    ("红岩", "罗广斌、杨益言"),
    ("乡土中国", "费孝通"),
    ("习近平的七年知青岁月", "中央党校采访实录编辑室"),
    ("毛泽东选集（第一卷）", "毛泽东"),
    ("苦难辉煌", "金一南"),
    ("人类简史", "尤瓦尔·赫拉利"),
];

/// The branch's 荐书 list: title, author, why.
const RECOMMENDED: &[(&str, &str, &str)] = &[
    ("乡土中国", "费孝通", "了解基层社会，做好群众工作"),
    ("苦难辉煌", "金一南", "重温党的历史，坚定理想信念"),
    ("平凡的世界", "路遥", "读书月推荐：在平凡岗位上争创佳绩"),
];

/// Where the demo's meetings are held, who hosts and records them, and why
/// someone is away.
const PLACE: &str = "机关三楼会议室";
const HOST: &str = "陈秀英";
const RECORDER: &str = "王海燕";
const LEAVE: &str = "下乡调研";

/// The title of the demo's reflections.
const REFLECTION: &str = "学习心得体会";

/// Seeds the study log of the branch's `people` (index in the demo list,
/// person, status), under `root`; the first three (the named demo accounts)
/// start with an empty log, to try it out.
pub async fn seed(
    store: &Store,
    root: &Organisation,
    branch: &Organisation,
    plan: &Plan,
    people: &[(usize, i64, PoliticalStatus)],
    today: Day,
) -> Result<(), StoreError> {
    let Some((first, _)) = plan.span() else {
        return Ok(());
    };
    store
        .set_people_added(&root.path, &format!("{first}T00:00:00Z"))
        .await?;
    meetings(store, branch, plan, people, today).await?;
    // The secretary (first in the demo list) recommends the branch's books.
    if let Some(&(_, secretary, _)) = people.iter().find(|(i, _, _)| *i == 0) {
        for (title, author, reason) in RECOMMENDED {
            store
                .recommend_book("demo", branch.id, secretary, title, author, reason)
                .await?;
        }
    }
    for &(i, person, status) in people.iter().filter(|(i, _, _)| *i >= 3) {
        // A third of the readers keep every quota; the others have a habit
        // from 55% to 98% of days, some days short of the hour.
        history(store, branch, plan, (i, person, status), i % 3 == 1, today).await?;
    }
    Ok(())
}

/// One reader's log since the campaign began (`reader` is their index in the
/// demo list, person and status). A diligent reader reads an hour or more on
/// nearly every day and finishes a book each month, keeping every quota.
pub(crate) async fn history(
    store: &Store,
    branch: &Organisation,
    plan: &Plan,
    reader: (usize, i64, PoliticalStatus),
    diligent: bool,
    today: Day,
) -> Result<(), StoreError> {
    let Some((first, last)) = plan.span() else {
        return Ok(());
    };
    let campaign = Span::new(first, last);
    let (i, person, status) = reader;
    let scope = StudyScope {
        rules: quotas_for(plan, status).into_iter().map(rule).collect(),
        covered: covered(campaign, Some(first)),
        today,
    };
    let habit = if diligent {
        92 + i as u64 % 7
    } else {
        55 + (i as u64 * 23) % 44
    };
    let least = if diligent { 60 } else { 45 };
    let mut days = Vec::new();
    let mut day = first;
    let mut n = 0u64;
    while day < today && day <= last {
        let roll = (n * 7919 + i as u64 * 104_729) % 100;
        if roll < habit {
            days.push((day, least + ((roll * 13 + n) % 60) as u32));
        }
        n += 1;
        day = Day(day.0 + Duration::days(1));
    }
    store.save_reading("demo", person, &days, &scope).await?;
    let mut month = first;
    let mut k = i;
    while month < today {
        let finished = Day(month.0 + Duration::days(18));
        if finished < today && (diligent || (k + i) % 4 != 0) {
            let (title, author) = BOOKS[k % BOOKS.len()];
            let book = NewRecord {
                kind: RecordKind::Book,
                title: title.into(),
                author: author.into(),
                body: String::new(),
                day: finished,
                shared: k % 2 == 0,
            };
            store
                .add_record("demo", person, branch.id, &book, None, &scope)
                .await?;
        }
        // Two readers in three write the quarter's reflection in its second month.
        let quarter = domain::study::period_of(domain::plan::Period::Quarter, month);
        let written = Day(quarter.first.0 + Duration::days(40));
        if written < today
            && written >= first
            && month <= written
            && written < Day(month.0 + Duration::days(31))
            && (diligent || i % 3 != 0)
        {
            let reflection = NewRecord {
                kind: RecordKind::Reflection,
                title: REFLECTION.into(),
                author: String::new(),
                body: String::new(),
                day: written,
                shared: false,
            };
            store
                .add_record("demo", person, branch.id, &reflection, None, &scope)
                .await?;
        }
        k += 1;
        month = Day(month.0 + Duration::days(31));
    }
    Ok(())
}

/// The branch's meetings since the campaign began, one per period each rule asks
/// for, on a weekday morning; every fifth period of each rule was missed.
pub(crate) async fn meetings(
    store: &Store,
    branch: &Organisation,
    plan: &Plan,
    people: &[(usize, i64, PoliticalStatus)],
    today: Day,
) -> Result<(), StoreError> {
    let Some((first, last)) = plan.span() else {
        return Ok(());
    };
    let members: Vec<i64> = people
        .iter()
        .filter(|(_, _, s)| *s != PoliticalStatus::Masses)
        .map(|(_, p, _)| *p)
        .collect();
    // A party group's meetings are its own (the campaign's demo holds them).
    for rule in plan
        .meetings
        .iter()
        .filter(|r| r.kind.held_by(OrgKind::Branch))
    {
        let periods = domain::study::due_periods(rule.period, rule.times, Span::new(first, last));
        for (n, p) in periods.iter().filter(|p| p.span.last < today).enumerate() {
            if n % 5 == 3 {
                continue;
            }
            let day = Day((p.span.first.0 + Duration::days(2)).min(p.span.last.0));
            // 09:00 in China is 01:00 UTC.
            let starts_at = day
                .0
                .with_hms(1, 0, 0)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
                .assume_utc();
            let draft = MeetingDraft {
                kind: rule.kind,
                topic: format!("{}（{}）", rule.name, p.span.first),
                starts_at,
                place: PLACE.into(),
                host: HOST.into(),
                recorder: RECORDER.into(),
                lecturer: String::new(),
                checkin_window: 30,
                expected: members.clone(),
            };
            let id = store.create_meeting("demo", branch.id, &draft).await?;
            let marks: Vec<(i64, Attendance, String)> = members
                .iter()
                .enumerate()
                .map(|(k, m)| match (k + n) % 9 {
                    0 => (*m, Attendance::Leave, LEAVE.to_string()),
                    5 => (*m, Attendance::Absent, String::new()),
                    _ => (*m, Attendance::Present, String::new()),
                })
                .collect();
            store.mark_attendance("demo", id, &marks).await?;
        }
    }
    Ok(())
}
