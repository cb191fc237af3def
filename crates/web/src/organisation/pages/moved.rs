//! Addresses that moved: an organisation's pages were under `/orgs/{id}`, and
//! links to them sit in bookmarks, printed pages and old messages. A 308 keeps
//! the method and the body, so a form posted to an old address still works.

use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn moved(uri: Uri) -> Response {
    let rest = uri.path().strip_prefix("/orgs").unwrap_or("");
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Redirect::permanent(&format!("/organisations{rest}{query}")).into_response()
}
