//! Leader reviews and rectification through the router, with every role
//! boundary, the files of an unpublished item, and due dates.

use crate::support;
use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use domain::access::Role;
use domain::organisation::OrgKind;

#[tokio::test]
async fn a_leader_reviews_a_member_privately_and_problems_become_rectification_items() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let path = format!("/organisations/{branch}/reviews/new");

    let res = leader
        .post_form(
            &path,
            &[
                ("target", &member.to_string()),
                ("affirmed", ""),
                ("problems", "心得偏少"),
                ("direction", "多交流"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"affirmed-error\">必须填写"));
    assert!(
        res.body.contains(">心得偏少</textarea>"),
        "what was typed stays"
    );

    let res = leader
        .post_form(
            &path,
            &[
                ("target", &member.to_string()),
                ("affirmed", "带头学习"),
                ("problems", "心得偏少\n走访不够"),
                ("direction", "多下基层"),
                ("criteria", "study"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let review = res.location().to_string();

    // Private: the member and the branch leadership read it; another member and a visitor do not.
    let mut m = app.signed_in("member").await;
    let page = m.get(&review).await;
    assert!(page.body.contains("带头学习") && page.body.contains("带头学习提高"));
    assert_eq!(
        app.signed_in("secretary").await.get(&review).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.signed_in("demo04").await.get(&review).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client().get(&review).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        !app.client()
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("多下基层")
    );

    // The member replies; the reviewer publishes; the board shows it.
    assert_eq!(
        m.post_form(&format!("{review}/replies"), &[("text", "一定补上")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        m.post_form(&format!("{review}/publish"), &[("published", "1")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    leader
        .post_form(&format!("{review}/publish"), &[("published", "1")])
        .await;
    assert!(
        app.client()
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("多下基层")
    );
    assert!(
        app.signed_in("demo04")
            .await
            .get(&review)
            .await
            .body
            .contains("一定补上")
    );

    // A problem becomes a rectification item for the member.
    let due = app.demo.first_phase.1.to_string();
    let res = leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &member.to_string()),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let item = app.db.store.branch_rectifications(branch).await.unwrap()[0].id;
    // A member cannot raise items, nor close them.
    assert_eq!(
        m.post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "走访不够"),
                ("owner", &member.to_string()),
                ("due_on", &due)
            ]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let res = m
        .multipart(
            &format!("/rectifications/{item}"),
            &[("note", "补写了两篇心得")],
            Some(("心得.pdf", b"%PDF-1.4 ok")),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        m.post_form(&format!("/rectifications/{item}/close"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut s = app.signed_in("secretary").await;
    assert_eq!(
        s.post_form(&format!("/rectifications/{item}/close"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let again = s
        .post_form(&format!("/rectifications/{item}/close"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("已经销号"));

    // The ledger goes to Excel.
    let xlsx = s
        .get(&format!("/organisations/{branch}/rectifications.xlsx"))
        .await;
    let sheet = chuangxian_web::http::sheet::read_sheet("r.xlsx", &xlsx.bytes).unwrap();
    let cells: Vec<String> = sheet.iter().flatten().map(|c| c.text()).collect();
    assert!(cells.contains(&"心得偏少".to_string()) && cells.contains(&"已销号".to_string()));
    let xlsx = s
        .get(&format!("/organisations/{branch}/reviews.xlsx"))
        .await;
    let sheet = chuangxian_web::http::sheet::read_sheet("v.xlsx", &xlsx.bytes).unwrap();
    let cells: Vec<String> = sheet.iter().flatten().map(|c| c.text()).collect();
    assert!(
        cells.contains(&"带头学习".to_string())
            && cells.contains(&"心得偏少\n走访不够".to_string())
    );
}

#[tokio::test]
async fn a_leader_of_another_subtree_and_a_member_cannot_review() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    // A leader of an unrelated organisation.
    let other = app
        .db
        .store
        .create_organisation("test", None, OrgKind::LeadingGroup, "别的党组")
        .await
        .unwrap();
    let account = app
        .db
        .store
        .check_login("demo05", chuangxian_web::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    app.db
        .store
        .grant_role("test", account, Role::Leader, other.id)
        .await
        .unwrap();
    let mut outsider = app.signed_in("demo05").await;
    let res = outsider
        .post_form(
            &format!("/organisations/{branch}/reviews/new"),
            &[
                ("target", "branch"),
                ("affirmed", "a"),
                ("problems", "b"),
                ("direction", "c"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut m = app.signed_in("member").await;
    assert_eq!(
        m.get(&format!("/organisations/{branch}/reviews/new"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The office may review the branch itself.
    let mut office = app.signed_in("office").await;
    let res = office
        .post_form(
            &format!("/organisations/{branch}/reviews/new"),
            &[
                ("target", "branch"),
                ("affirmed", "班子团结"),
                ("problems", "制度不全"),
                ("direction", "完善制度"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unpublished_rectification_file_is_its_items_not_the_branchs() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    let due = app.demo.first_phase.1.to_string();
    leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &member.to_string()),
                ("due_on", &due),
            ],
        )
        .await;
    let item = app.db.store.branch_rectifications(branch).await.unwrap()[0].id;
    let mut m = app.signed_in("member").await;
    m.multipart(
        &format!("/rectifications/{item}"),
        &[("note", "补写了心得")],
        Some(("心得.pdf", b"%PDF-1.4 private")),
    )
    .await;
    let file = app.db.store.rectification(item).await.unwrap().files[0].0;
    let path = format!("/rectification-files/{file}");
    assert_eq!(m.get(&path).await.status, StatusCode::OK, "the owner");
    assert_eq!(
        leader.get(&path).await.status,
        StatusCode::OK,
        "the reviewer"
    );
    assert_eq!(
        app.signed_in("secretary").await.get(&path).await.status,
        StatusCode::OK
    );
    let other = app.signed_in("demo04").await.get(&path).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another member");
    assert!(!other.body.contains("private"));
}

#[tokio::test]
async fn a_rectification_is_due_from_today_once_per_problem_and_overdue_is_counted() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    let raise = |due: String| {
        vec![
            ("problem".to_string(), "心得偏少".to_string()),
            ("owner".to_string(), member.to_string()),
            ("due_on".to_string(), due),
        ]
    };
    let post = |c: &mut Client, fields: Vec<(String, String)>| {
        let path = format!("{review}/rectifications");
        let mut c = std::mem::replace(c, app.client());
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let res = c.post_form(&path, &f).await;
            (c, res)
        }
    };
    let (l, res) = post(&mut leader, raise("2020-01-01".into())).await;
    leader = l;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("不能早于今天"));
    assert!(
        app.db
            .store
            .branch_rectifications(branch)
            .await
            .unwrap()
            .is_empty()
    );
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME).to_string();
    let (l, res) = post(&mut leader, raise(today.clone())).await;
    leader = l;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let (_, res) = post(&mut leader, raise(today)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("已经列为整改事项"));
    assert_eq!(
        app.db
            .store
            .branch_rectifications(branch)
            .await
            .unwrap()
            .len(),
        1
    );

    // A member sees no button they may not press on someone else's item.
    let list = app
        .signed_in("demo04")
        .await
        .get(&format!("/organisations/{branch}/reviews"))
        .await
        .body;
    assert!(!list.contains("close-rectification") && !list.contains("/rectifications/"));
}
