//! The ids the publicity routes are asked with: on each side a draft with an
//! image (its writers' and reviewers' only), a published bulletin (anyone's)
//! and an item of the publicity plan.

use crate::support::TestApp;
use domain::publicity::{PublicationKind, PublicationStep, render};
use store::commitment::EvidenceFile;
use store::publicity::{NewPublicityItem, PublicationText};

fn text(kind: PublicationKind, number: Option<i64>, title: &str) -> PublicationText {
    PublicationText {
        kind,
        number,
        title: title.into(),
        body: "正文".into(),
        body_html: render("正文"),
        issuer: String::new(),
        images: vec![EvidenceFile {
            filename: "图.png".into(),
            content_type: "image/png".into(),
            body: b"\x89PNG\r\n\x1a\n fixture".to_vec(),
        }],
    }
}

/// The ids by kind, (own side, other side), in the two branches.
pub async fn ids(app: &TestApp, own: i64, other: i64) -> Vec<(&'static str, (String, String))> {
    let store = &app.db.store;
    let mut draft = Vec::new();
    let mut image = Vec::new();
    let mut published = Vec::new();
    for org in [own, other] {
        let d = store
            .add_publication("office", org, &text(PublicationKind::News, None, "草稿"))
            .await
            .unwrap();
        image.push(store.publication(d).await.unwrap().images[0].0.to_string());
        draft.push(d.to_string());
        let number = store.next_bulletin_number(org).await.unwrap();
        let p = store
            .add_publication(
                "office",
                org,
                &text(PublicationKind::Bulletin, Some(number), "简报"),
            )
            .await
            .unwrap();
        for step in [PublicationStep::Submit, PublicationStep::Publish] {
            store
                .step_publication("office", p, step, None)
                .await
                .unwrap();
        }
        published.push(p.to_string());
    }
    let mut items = Vec::new();
    for (org, owner) in [(own, "member"), (other, "secretary2")] {
        let phase = &app.demo.plan.phases[0];
        let item = NewPublicityItem {
            org_id: org,
            phase_key: phase.key.clone(),
            occasion: String::new(),
            title: "宣传".into(),
            channel_key: "website".into(),
            owner_person_id: app.person_id(owner).await,
            due_on: phase.starts_on,
        };
        items.push(
            store
                .add_publicity_item("office", &item)
                .await
                .unwrap()
                .to_string(),
        );
    }
    vec![
        ("publicity_item", (items[0].clone(), items[1].clone())),
        ("publication", (draft[0].clone(), draft[1].clone())),
        ("publication_image", (image[0].clone(), image[1].clone())),
        ("published", (published[0].clone(), published[1].clone())),
    ]
}
