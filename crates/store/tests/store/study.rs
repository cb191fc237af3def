//! The study log and meetings on both databases: standings follow every change,
//! the branch and city read-backs agree with the domain's own count, and refused
//! attendance or check-ins change nothing.

use crate::support::tree;
use chuangxian_store::organisation::Organisation;
use chuangxian_store::study::meeting::MeetingDraft;
use chuangxian_store::study::{NewRecord, QuotaRule, StudyScope};
use chuangxian_store::testing::TestDb;
use chuangxian_store::{StoreError, parse_time_text};
use domain::date::Day;
use domain::person::PersonDraft;
use domain::plan::{MeetingKind, Period, QuotaUnit};
use domain::study::{Attendance, RecordKind, Span};

fn d(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

async fn person(s: &chuangxian_store::Store, branch: &Organisation, name: &str) -> i64 {
    let draft = PersonDraft {
        name: name.into(),
        ..Default::default()
    };
    s.add_person("t", branch, None, &draft).await.unwrap()
}

fn scope(today: &str) -> StudyScope {
    StudyScope {
        rules: vec![
            QuotaRule {
                key: "daily".into(),
                period: Period::Day,
                target: 60,
                unit: QuotaUnit::Minutes,
            },
            QuotaRule {
                key: "book".into(),
                period: Period::Month,
                target: 1,
                unit: QuotaUnit::Books,
            },
        ],
        covered: Span::new(d("2010-06-01"), d("2011-07-01")),
        today: d(today),
    }
}

async fn reading_and_books_keep_the_standing(db: &TestDb) {
    let s = &db.store;
    let (root, branch, _) = tree(s).await;
    let a = person(s, &branch, "甲").await;
    let b = person(s, &branch, "乙").await;
    let sc = scope("2010-06-04");
    s.save_reading(
        "甲",
        a,
        &[
            (d("2010-06-01"), 60),
            (d("2010-06-02"), 30),
            (d("2010-06-04"), 90),
        ],
        &sc,
    )
    .await
    .unwrap();
    s.save_reading("乙", b, &[(d("2010-06-01"), 61)], &sc)
        .await
        .unwrap();
    // Correcting a day replaces it; zero clears it.
    s.save_reading("甲", a, &[(d("2010-06-02"), 75), (d("2010-06-01"), 0)], &sc)
        .await
        .unwrap();
    let days = s
        .reading(a, Span::new(d("2010-06-01"), d("2010-06-30")))
        .await
        .unwrap();
    assert_eq!(days, vec![(d("2010-06-02"), 75), (d("2010-06-04"), 90)]);

    s.add_record(
        "甲",
        a,
        branch.id,
        &NewRecord {
            kind: RecordKind::Book,
            title: "平凡的世界".into(),
            author: "路遥".into(),
            body: String::new(),
            day: d("2010-06-03"),
            shared: true,
        },
        None,
        &sc,
    )
    .await
    .unwrap();

    let mut rows = s.standings(&root.path).await.unwrap();
    rows.sort_by(|x, y| (x.person_id, &x.quota_key).cmp(&(y.person_id, &y.quota_key)));
    let got: Vec<(i64, &str, i64, Option<String>)> = rows
        .iter()
        .map(|r| {
            (
                r.person_id,
                r.quota_key.as_str(),
                r.met_periods,
                r.latest_met.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (a, "book", 1, Some("2010-06-01".into())),
            (a, "daily", 2, Some("2010-06-04".into())),
            (b, "daily", 1, Some("2010-06-01".into())),
        ]
    );
    // The city summary: today's daily period is met by 甲 only.
    let by_org = s
        .standing_by_org(
            &root.path,
            &[
                ("daily".into(), d("2010-06-04")),
                ("book".into(), d("2010-06-01")),
            ],
        )
        .await
        .unwrap();
    let daily = by_org.iter().find(|o| o.quota_key == "daily").unwrap();
    assert_eq!(
        (daily.org_id, daily.met_periods, daily.met_running),
        (branch.id, 3, 1)
    );
    let book = by_org.iter().find(|o| o.quota_key == "book").unwrap();
    assert_eq!((book.met_periods, book.met_running), (1, 1));
    let now = s
        .amounts_in(
            &root.path,
            &sc.rules[0],
            Span::new(d("2010-06-04"), d("2010-06-04")),
        )
        .await
        .unwrap();
    assert_eq!(now.get(&a), Some(&90));
    assert_eq!(now.get(&b), None);
    let groups = s.people_groups(&root.path).await.unwrap();
    assert_eq!(groups.iter().map(|g| g.count).sum::<i64>(), 2);

    // The wall shows the shared book; a like toggles.
    let book_id = s.records(a).await.unwrap()[0].id;
    assert!(s.toggle_like(b, book_id).await.unwrap());
    assert_eq!(s.wall(branch.id, Some(b)).await.unwrap().0[0].likes, 1);
    assert!(!s.toggle_like(b, book_id).await.unwrap());
    // Deleting the book takes its month back.
    s.delete_record("甲", a, book_id, &sc).await.unwrap();
    let rows = s.standings(&root.path).await.unwrap();
    let book = rows
        .iter()
        .find(|r| r.person_id == a && r.quota_key == "book")
        .unwrap();
    assert_eq!((book.met_periods, book.latest_met), (0, None));
    // Someone else cannot delete it.
    assert!(matches!(
        s.delete_record("乙", b, book_id, &sc).await,
        Err(StoreError::NotFound)
    ));
}

async fn attendance_and_check_in_refuse_without_changing_anything(db: &TestDb) {
    let s = &db.store;
    let (_, branch, _) = tree(s).await;
    let a = person(s, &branch, "甲").await;
    let b = person(s, &branch, "乙").await;
    let outsider = person(s, &branch, "丙").await;
    let start = parse_time_text("2010-07-01T01:00:00Z").unwrap();
    let id = s
        .create_meeting(
            "书记",
            branch.id,
            &MeetingDraft {
                kind: MeetingKind::Committee,
                topic: "七月支委会".into(),
                starts_at: start,
                place: "三楼会议室".into(),
                host: "书记".into(),
                recorder: "委员".into(),
                lecturer: String::new(),
                checkin_window: 30,
                expected: vec![a, b],
            },
        )
        .await
        .unwrap();
    let m = s.meeting(id).await.unwrap();
    assert_eq!(m.counts, [2, 0, 0, 0]);
    // A list with someone not expected marks no one.
    let err = s
        .mark_attendance(
            "书记",
            id,
            &[
                (a, Attendance::Present, String::new()),
                (outsider, Attendance::Absent, String::new()),
            ],
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("meeting-checkin-not-expected")
    ));
    assert_eq!(s.meeting(id).await.unwrap().counts, [2, 0, 0, 0]);
    s.mark_attendance("书记", id, &[(b, Attendance::Leave, "出差".into())])
        .await
        .unwrap();

    let code = m.checkin_code.clone();
    let at = |t: &str| parse_time_text(t).unwrap();
    let refused = |r: Result<(), StoreError>| match r {
        Err(StoreError::Conflict(id)) => id,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(
            s.check_in("甲", id, a, &code, at("2010-07-01T00:29:00Z"))
                .await
        ),
        "meeting-checkin-early"
    );
    assert_eq!(
        refused(
            s.check_in("甲", id, a, &code, at("2010-07-01T01:31:00Z"))
                .await
        ),
        "meeting-checkin-late"
    );
    assert_eq!(
        refused(
            s.check_in("甲", id, a, "0000", at("2010-07-01T01:00:00Z"))
                .await
        ),
        "meeting-checkin-code"
    );
    assert_eq!(
        refused(
            s.check_in("丙", id, outsider, &code, at("2010-07-01T01:00:00Z"))
                .await
        ),
        "meeting-checkin-not-expected"
    );
    assert_eq!(s.meeting(id).await.unwrap().counts, [1, 0, 1, 0]);
    s.check_in("甲", id, a, &code, at("2010-07-01T01:10:00Z"))
        .await
        .unwrap();
    let people = s.attendees(id).await.unwrap();
    let states: Vec<(&str, Attendance, &str)> = people
        .iter()
        .map(|p| (p.name.as_str(), p.state, p.reason.as_str()))
        .collect();
    assert_eq!(
        states,
        vec![
            ("甲", Attendance::Present, ""),
            ("乙", Attendance::Leave, "出差")
        ]
    );
    let held = s
        .meetings_held(branch.id, at("2010-08-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        held,
        vec![(MeetingKind::Committee, "2010-07-01T01:00:00Z".to_string())]
    );
    assert_eq!(s.my_meetings(a).await.unwrap()[0].1, Attendance::Present);
}

async fn quick_taps_at_once_all_count_and_a_day_holds_no_more_than_24_hours(db: &TestDb) {
    let s = &db.store;
    let (_, branch, _) = tree(s).await;
    let a = person(s, &branch, "甲").await;
    let sc = scope("2010-06-04");
    let taps: Vec<_> = (0..10)
        .map(|_| {
            let (s, sc) = (s.clone(), sc.clone());
            tokio::spawn(async move { s.add_reading("甲", a, d("2010-06-04"), 30, &sc).await })
        })
        .collect();
    for t in taps {
        t.await.unwrap().unwrap();
    }
    let day = Span::new(d("2010-06-04"), d("2010-06-04"));
    assert_eq!(
        s.reading(a, day).await.unwrap(),
        vec![(d("2010-06-04"), 300)]
    );
    let err = s
        .add_reading("甲", a, d("2010-06-04"), 1200, &sc)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("study-error-minutes-day")
    ));
    assert_eq!(
        s.reading(a, day).await.unwrap(),
        vec![(d("2010-06-04"), 300)]
    );
    let rows = s.standings(&branch.path).await.unwrap();
    assert_eq!(
        rows.iter()
            .find(|r| r.quota_key == "daily")
            .unwrap()
            .met_periods,
        1
    );
}

on_both!(
    quick_taps_at_once_all_count_and_a_day_holds_no_more_than_24_hours,
    reading_and_books_keep_the_standing,
    attendance_and_check_in_refuse_without_changing_anything
);
