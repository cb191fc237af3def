//! The access matrix: every route of the page and API tables × nine identities
//! × an id of the demo branch's and one of another branch's, each answered as
//! `matrix.txt` says. The routes are read from the route tables' source, so a
//! new route without its row fails here.

mod commendation;
mod fixture;
mod programme;
mod publicity;
mod rule;

use crate::support::{Client, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chuangxian_web as web;
use fixture::{fill, fixture};
use std::collections::{BTreeSet, HashMap};

const MATRIX: &str = include_str!("matrix.txt");

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
        // Everyone of the deciding organisation's tree, and the office of another
        // tree for a selection of its own.
        "TREE" => (
            &[
                "member",
                "demo04",
                "deputy",
                "secretary",
                "leader",
                "office",
                "secretary2",
            ],
            &["otheroffice"],
        ),
        "DECIDER" => (&["office"], &["otheroffice"]),
        // The candidate (demo04), the nominating branch's leadership, the
        // deciding organisation's leader and office.
        "NOMINEE" => (
            &["demo04", "deputy", "secretary", "leader", "office"],
            &["otheroffice"],
        ),
        "TASK" => (
            &["member", "deputy", "secretary", "office"],
            &["secretary2", "office"],
        ),
        "SUPERVISOR" => (&["leader", "office"], &["otheroffice"]),
        "CIRCULAR" => (
            &[
                "member",
                "demo04",
                "deputy",
                "secretary",
                "leader",
                "office",
                "secretary2",
            ],
            &["otheroffice"],
        ),
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
            .api(method, path, Some(&tokens[who]), None)
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
