//! People: who may import and read whom, adding a person by hand, personal
//! fields in scope, and the secretary's seat.

mod roster;

use crate::support::{TestApp, hand_made_roster};
use axum::http::StatusCode;

#[tokio::test]
async fn a_member_cannot_import_and_nobody_reads_another_subtree() {
    let app = TestApp::sqlite().await;
    let mut member = app.signed_in("member").await;
    let branch = app.demo.branch.id;
    assert_eq!(
        member
            .get(&format!("/organisations/{branch}/people"))
            .await
            .status,
        StatusCode::OK
    );
    let res = member.get(&format!("/organisations/{branch}/import")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("您没有权限"));
    let res = member
        .upload(
            &format!("/organisations/{branch}/import"),
            "r.xlsx",
            &hand_made_roster(&[]),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The superior's node is outside a branch member's subtree.
    assert_eq!(
        member
            .get(&format!("/organisations/{}", app.demo.root.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Only the campaign office reads the audit log.
    assert_eq!(
        member.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
    let mut office = app.signed_in("office").await;
    assert_eq!(office.get("/admin/audit").await.status, StatusCode::OK);
    assert_eq!(
        office
            .get(&format!("/organisations/{branch}/import"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_person_added_by_hand_gets_errors_beside_fields_then_an_account_and_a_role() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let res = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[
                ("name", ""),
                ("joined_on", "去年"),
                ("phone", "call me"),
                ("username", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"name-error\">必须填写"));
    assert!(res.body.contains("id=\"joined-error\">不是可识别的日期"));
    assert!(res.body.contains("id=\"phone-error\">不是有效的电话号码"));
    assert!(res.body.contains("id=\"username-error\">"));
    assert!(
        res.body.contains("value=\"去年\""),
        "what was typed stays in the form"
    );

    let res = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[
                ("name", "何小梅"),
                ("gender", "female"),
                ("status", "probationary"),
                ("joined_on", "2026.03"),
                ("username", "hexm"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let person = res.location().to_string();
    // A taken username is said beside its field.
    let again = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[("name", "何小梅"), ("username", "hexm")],
        )
        .await;
    assert!(again.body.contains("用户名“hexm”已被使用"));

    // Grant a role, hand out a one-time password, and the person signs in with it.
    let res = c
        .post_form(
            &format!("{person}/roles"),
            &[("role", "member"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.post_form(&format!("{person}/password"), &[]).await;
    let marker = "id=\"new-password\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let password = page.body[start..].split('<').next().unwrap().to_string();
    assert_eq!(password.len(), 12);
    let mut newcomer = app.client();
    assert_eq!(
        newcomer.login("hexm", &password).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        newcomer
            .get(&format!("/organisations/{branch}/people"))
            .await
            .status,
        StatusCode::OK
    );

    // A secretary appoints within the branch, not a leader.
    let res = c
        .post_form(
            &format!("{person}/roles"),
            &[("role", "leader"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A member appoints nobody.
    let res = newcomer
        .post_form(
            &format!("{person}/roles"),
            &[("role", "member"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn members_see_names_and_groups_not_personal_fields() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let people_as = |username: &'static str| {
        let app = &app;
        async move {
            let token = app.api_token(username).await;
            app.client()
                .api(
                    "GET",
                    &format!("/api/v1/organisations/{branch}/people"),
                    Some(&token),
                    None,
                )
                .await
                .json()
        }
    };
    let people = people_as("member").await;
    let me = app.person_id("member").await;
    for p in people["items"].as_array().unwrap() {
        assert!(
            p["name"].is_string() && p["party_group"].is_string() || p["party_group"].is_null()
        );
        if p["id"] == me {
            assert!(p["phone"].is_string(), "one's own: {p}");
        } else {
            assert!(
                p["phone"].is_null() && p["born_on"].is_null() && p["status"].is_null(),
                "{p}"
            );
        }
    }
    let people = people_as("secretary").await;
    assert!(
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["phone"].is_string())
    );
    // The page: no phone numbers of others for a member.
    let page = app
        .signed_in("member")
        .await
        .get(&format!("/organisations/{branch}/people"))
        .await;
    assert!(!page.body.contains("13805951037"), "demo02's phone");
    let other = app.person_id("demo04").await;
    let person = app
        .signed_in("member")
        .await
        .get(&format!("/people/{other}"))
        .await;
    assert!(!person.body.contains("1380595"), "{}", person.body);
}

#[tokio::test]
async fn a_deputy_may_not_unseat_the_secretary() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let secretary = app.person_id("secretary").await;
    let fields = [
        ("role", "secretary"),
        ("org_id", &branch.to_string() as &str),
    ];
    let mut deputy = app.signed_in("deputy").await;
    let page = deputy.get(&format!("/people/{secretary}")).await;
    assert!(
        !page.body.contains("/roles/revoke"),
        "no button the deputy may not press"
    );
    let res = deputy
        .post_form(&format!("/people/{secretary}/roles/revoke"), &fields)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .signed_in("office")
        .await
        .post_form(&format!("/people/{secretary}/roles/revoke"), &fields)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "the superior may");
}
