//! Publications as the API answers them.

use serde::Serialize;
use store::publicity::Publication;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct NewsBulletinView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// `news` or `bulletin`.
    pub kind: String,
    /// A bulletin's issue (第N期).
    pub number: Option<i64>,
    pub title: String,
    /// Markdown as written.
    pub body: String,
    /// The HTML rendered from it, cleaned on the server.
    pub body_html: String,
    /// A bulletin's 编发单位.
    pub issuer: String,
    /// `draft`, `submitted`, `published`, `returned` or `withdrawn`.
    pub status: String,
    /// Why it was returned or taken down.
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub reviewed_by: Option<String>,
    pub published_at: Option<String>,
    /// Paths of its images.
    pub images: Vec<String>,
}

impl From<&Publication> for NewsBulletinView {
    fn from(p: &Publication) -> NewsBulletinView {
        NewsBulletinView {
            id: p.id,
            org_id: p.org_id,
            org_name: p.org_name.clone(),
            kind: p.kind.as_str().into(),
            number: p.number,
            title: p.title.clone(),
            body: p.body.clone(),
            body_html: p.body_html.clone(),
            issuer: p.issuer.clone(),
            status: p.status.as_str().into(),
            reason: p.reason.clone(),
            created_by: p.created_by.clone(),
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
            reviewed_by: p.reviewed_by.clone(),
            published_at: p.published_at.clone(),
            images: p
                .images
                .iter()
                .map(|(id, _)| format!("/publication-images/{id}"))
                .collect(),
        }
    }
}

/// A page of publications, newest first.
#[derive(Serialize, ToSchema)]
pub struct NewsBulletinPage {
    pub items: Vec<NewsBulletinView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
