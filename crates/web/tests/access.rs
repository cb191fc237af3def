//! The access matrix: every route of the page and API tables × nine identities
//! × an id of the demo branch's and one of another branch's, each answered as
//! `access/matrix.txt` says. The routes are read from the route tables'
//! source, so a new route without its row fails here.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chuangxian_web as web;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::organisation::OrgKind;
use std::collections::{BTreeSet, HashMap};
use support::evaluation::open_members_round_in;
use support::{Client, TestApp, bearer};

const MATRIX: &str = include_str!("access/matrix.txt");

const IDENTITIES: [&str; 9] = [
    "anonymous",
    "member",
    "demo04",
    "deputy",
    "secretary",
    "leader",
    "office",
    "secretary2",
    "otheroffice",
];

/// Who a rule lets through, by the side of the id.
fn allowed(rule: &str, who: &str, own: bool) -> bool {
    let (own_set, other_set): (&[&str], &[&str]) = match rule {
        "PUBLIC" => return true,
        "SIGNED" => return who != "anonymous",
        // People of a branch: they commit and keep a study log.
        "MEMBER" => {
            return ["member", "demo04", "deputy", "secretary", "secretary2"].contains(&who);
        }
        "OFFICE" => return who == "office" || who == "otheroffice",
        "READ" => (
            &[
                "member",
                "demo04",
                "deputy",
                "secretary",
                "leader",
                "office",
            ],
            &["secretary2", "leader", "office"],
        ),
        "MANAGE" => (
            &["deputy", "secretary", "office"],
            &["secretary2", "office"],
        ),
        "OVERSEE" => (
            &["deputy", "secretary", "leader", "office"],
            &["secretary2", "leader", "office"],
        ),
        "REVIEWER" => (&["leader", "office"], &["leader", "office"]),
        "PERSONAL" => (
            &["member", "deputy", "secretary", "leader", "office"],
            &["secretary2", "leader", "office"],
        ),
        other => panic!("unknown rule {other}"),
    };
    if own { own_set } else { other_set }.contains(&who)
}

/// The route tables' source: each area's `mod.rs`, and `startup.rs`.
fn route_tables() -> Vec<(String, &'static str)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut tables = vec![(std::fs::read_to_string(src.join("startup.rs")).unwrap(), "")];
    for entry in std::fs::read_dir(&src).unwrap() {
        let table = entry.unwrap().path().join("mod.rs");
        if let Ok(source) = std::fs::read_to_string(&table) {
            let prefix = if table.parent().unwrap().ends_with("api") {
                "/api/v1"
            } else {
                ""
            };
            tables.push((source, prefix));
        }
    }
    tables
}

/// Every (method, path) the application routes: the page routes of the route
/// tables' source, and every operation of the OpenAPI document.
fn routes() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (source, prefix) in route_tables() {
        let mut rest = source.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let path = rest.split('"').nth(1).unwrap().to_string();
            // The call ends where the next route starts, or the table does.
            let end = [rest.find(".route"), rest.find("\n}")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(rest.len());
            let call = &rest[..end];
            for method in ["get", "post", "put", "delete"] {
                let mut c = call;
                while let Some(i) = c.find(&format!("{method}(")) {
                    let before = c[..i].chars().last();
                    if matches!(before, Some(' ' | '.' | ':' | '\n' | ',' | '(')) {
                        out.insert((method.to_uppercase(), format!("{prefix}{path}")));
                        break;
                    }
                    c = &c[i + 1..];
                }
            }
        }
    }
    let doc = serde_json::to_value(web::openapi()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete"] {
            if item.get(method).is_some() {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

struct Row {
    method: String,
    path: String,
    rule: String,
    kind: String,
}

fn matrix() -> Vec<Row> {
    MATRIX
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Row {
                method: f[0].into(),
                path: f[1].into(),
                rule: f[2].into(),
                kind: f[3].into(),
            }
        })
        .collect()
}

#[test]
fn every_route_has_its_row_and_every_row_a_route() {
    let table: BTreeSet<(String, String)> =
        matrix().into_iter().map(|r| (r.method, r.path)).collect();
    let routes = routes();
    assert!(routes.len() > 150, "the scan found {} routes", routes.len());
    let missing: Vec<_> = routes.difference(&table).collect();
    let stale: Vec<_> = table.difference(&routes).collect();
    assert!(missing.is_empty(), "routes without a row: {missing:?}");
    assert!(stale.is_empty(), "rows without a route: {stale:?}");
}

/// The ids each kind names: the demo branch's side and another branch's.
struct Ids(HashMap<&'static str, (String, String)>);

async fn fixture(app: &TestApp) -> Ids {
    let store = &app.db.store;
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    chuangxian_web::demo::campaign::campaign(
        store,
        &app.demo,
        today,
        chuangxian_web::CHINA_STANDARD_TIME,
    )
    .await
    .unwrap();
    let own_branch = app.demo.branch.clone();
    let other_branch = store
        .subtree(&app.demo.root.path)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.kind == OrgKind::Branch && o.id != own_branch.id)
        .unwrap();
    // A campaign office of another tree.
    let tree = store
        .create_organisation("test", None, OrgKind::LeadingGroup, "别的党组")
        .await
        .unwrap();
    store
        .import_plan(
            "test",
            &tree,
            chuangxian_web::demo::SOURCE_PLAN,
            &app.demo.plan,
            app.demo.shift_years,
        )
        .await
        .unwrap();
    let pid = store
        .add_person(
            "test",
            &tree,
            None,
            &domain::person::PersonDraft {
                name: "外单位创先办".into(),
                status: Some(domain::person::PoliticalStatus::Full),
                username: Some("otheroffice".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let account = store.account_of_person(pid).await.unwrap().unwrap();
    store
        .set_password("test", account, chuangxian_web::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    store
        .grant_role("test", account, Role::CampaignOffice, tree.id)
        .await
        .unwrap();

    let member = app.person_id("member").await;
    let other_person = app.person_id("secretary2").await;
    let mut leader = app.signed_in("leader").await;
    let mut ids = HashMap::new();
    ids.insert(
        "org",
        (own_branch.id.to_string(), other_branch.id.to_string()),
    );
    ids.insert("person", (member.to_string(), other_person.to_string()));
    // An unpublished review of a member on each side, with a rectification
    // item whose owner attached a file.
    let own_review = review_with_item(&mut leader, own_branch.id, member, today).await;
    let other_review = review_with_item(&mut leader, other_branch.id, other_person, today).await;
    let id_of = |path: &str| path.rsplit('/').next().unwrap().to_string();
    ids.insert("review", (id_of(&own_review), id_of(&other_review)));
    let mut files = Vec::new();
    for (branch, owner) in [(own_branch.id, "member"), (other_branch.id, "secretary2")] {
        let items = store.branch_rectifications(branch).await.unwrap();
        let item = items
            .iter()
            .find(|x| {
                x.review_id.is_some()
                    && x.status != domain::review::RectificationStatus::Closed
                    && x.problem == "心得偏少"
            })
            .unwrap();
        let mut c = app.signed_in(owner).await;
        let res = c
            .multipart(
                &format!("/rectifications/{}", item.id),
                &[("note", "补写")],
                Some(("心得.pdf", b"%PDF-1.4 private")),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        files.push(
            store.rectification(item.id).await.unwrap().files[0]
                .0
                .to_string(),
        );
    }
    ids.insert("rectification_file", (files[0].clone(), files[1].clone()));
    // Evidence of an approved commitment on each side (public once approved).
    let mut evidence = Vec::new();
    for branch in [own_branch.id, other_branch.id] {
        let phase = app.demo.plan.phases[0].key.clone();
        let list = store.branch_commitments(branch, &phase).await.unwrap();
        let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
        let progress = store.progress_of(&ids).await.unwrap();
        let e = progress
            .values()
            .flat_map(|p| p.evidence.iter())
            .next()
            .unwrap();
        evidence.push(e.id.to_string());
    }
    ids.insert("evidence", (evidence[0].clone(), evidence[1].clone()));
    // A study file of each side's person.
    let mut study = Vec::new();
    for owner in ["member", "secretary2"] {
        let mut c = app.signed_in(owner).await;
        let res = c
            .multipart_with(
                "/study/records",
                &[
                    ("kind", "reflection"),
                    ("title", "心得"),
                    ("day", &today.to_string()),
                    ("body", ""),
                ],
                "file",
                Some(("心得.pdf", b"%PDF-1.4 mine")),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let person = app.person_id(owner).await;
        let file = store
            .records(person)
            .await
            .unwrap()
            .into_iter()
            .find_map(|r| r.file_id)
            .unwrap();
        study.push(file.to_string());
    }
    ids.insert("study_file", (study[0].clone(), study[1].clone()));
    // A meeting and a closed evaluation on each side.
    let own_meeting = store.meetings(own_branch.id).await.unwrap()[0].id;
    let mut s2 = app.signed_in("secretary2").await;
    let res = s2
        .post_form(
            &format!("/organisations/{}/meetings", other_branch.id),
            &[
                ("kind", "committee"),
                ("topic", "研究推进工作"),
                ("starts_at", &support::evaluation::local_input(0)),
                ("place", "会议室"),
                ("expected", &other_person.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    ids.insert("meeting", (own_meeting.to_string(), id_of(res.location())));
    let own_round = store
        .rounds_of(own_branch.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.closed_at.is_some())
        .unwrap()
        .id;
    let other_round = open_members_round_in(other_branch.id, &mut s2, 2).await;
    s2.post_form(&format!("/evaluations/{other_round}/close"), &[])
        .await;
    ids.insert("round", (own_round.to_string(), other_round.to_string()));
    let target =
        |round: i64| async move { store.round_targets(round).await.unwrap()[0].id.to_string() };
    ids.insert(
        "round_target",
        (
            format!("{own_round}/{}", target(own_round).await),
            format!("{other_round}/{}", target(other_round).await),
        ),
    );
    Ids(ids)
}

/// An unpublished review of `person` with a rectification item they own; its path.
async fn review_with_item(
    leader: &mut Client,
    branch: i64,
    person: i64,
    today: domain::date::Day,
) -> String {
    let review = support::review_member(leader, branch, person).await;
    let res = leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &person.to_string()),
                ("due_on", &today.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    review
}

/// The path with its ids filled in for a side.
fn fill(path: &str, kind: &str, ids: &Ids, own: bool) -> Option<String> {
    if kind == "-" {
        return (!path.contains('{')).then(|| path.to_string());
    }
    let (a, b) = ids.0.get(kind)?;
    let id = if own { a } else { b };
    if kind == "round_target" {
        let (round, target) = id.split_once('/').unwrap();
        return Some(path.replace("{id}", round).replace("{target}", target));
    }
    Some(path.replace("{id}", id))
}

#[derive(Debug, PartialEq)]
enum Decision {
    Allowed,
    Denied,
    /// Neither: a 4xx other than a refusal, or a 5xx.
    Broken(u16),
}

fn decide(status: StatusCode, location: Option<&str>) -> Decision {
    match status.as_u16() {
        200..=299 => Decision::Allowed,
        300..=399 if location.is_some_and(|l| l.starts_with("/login")) => Decision::Denied,
        300..=399 => Decision::Allowed,
        401 | 403 | 404 => Decision::Denied,
        s => Decision::Broken(s),
    }
}

async fn ask(
    app: &TestApp,
    clients: &mut HashMap<&str, Client>,
    tokens: &HashMap<&str, String>,
    who: &str,
    method: &str,
    path: &str,
) -> Decision {
    let res = if path.starts_with("/api/") && who != "anonymous" {
        app.client()
            .send(bearer(method, path, &tokens[who], None))
            .await
    } else {
        let c = clients.get_mut(who).unwrap();
        c.send(
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    };
    let location = res
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok());
    decide(res.status, location)
}

#[tokio::test]
async fn every_route_answers_each_identity_as_the_matrix_says() {
    let app = TestApp::sqlite().await;
    let ids = fixture(&app).await;
    let mut clients = HashMap::new();
    let mut tokens = HashMap::new();
    for who in IDENTITIES {
        if who == "anonymous" {
            clients.insert(who, app.client());
        } else {
            clients.insert(who, app.signed_in(who).await);
            tokens.insert(who, app.api_token(who).await);
        }
    }
    let (mut asked, mut unexpected) = (0, Vec::new());
    for row in matrix() {
        for own in [true, false] {
            let Some(path) = fill(&row.path, &row.kind, &ids, own) else {
                continue;
            };
            if row.kind == "-" && !own {
                continue;
            }
            if row.method == "GET" {
                for who in IDENTITIES {
                    let got = ask(&app, &mut clients, &tokens, who, "GET", &path).await;
                    asked += 1;
                    let want = if allowed(&row.rule, who, own) {
                        Decision::Allowed
                    } else {
                        Decision::Denied
                    };
                    if got != want {
                        unexpected.push(format!(
                            "{} {path} as {who}: {got:?}, not {want:?} ({})",
                            row.method, row.rule
                        ));
                    }
                }
            } else if row.rule == "CSRF" {
                // A state change with no credentials, and one signed in by
                // cookie but without the form's token: refused, never done.
                let got = ask(&app, &mut clients, &tokens, "anonymous", &row.method, &path).await;
                asked += 1;
                if got != Decision::Denied {
                    unexpected.push(format!("{} {path} as anonymous: {got:?}", row.method));
                }
                if !path.starts_with("/api/") {
                    let got =
                        ask(&app, &mut clients, &tokens, "secretary", &row.method, &path).await;
                    asked += 1;
                    if got != Decision::Denied {
                        unexpected.push(format!(
                            "{} {path} without a form token: {got:?}",
                            row.method
                        ));
                    }
                }
            }
        }
    }
    assert!(asked > 1200, "asked {asked}");
    assert!(
        unexpected.is_empty(),
        "{} of {asked} unexpected:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
