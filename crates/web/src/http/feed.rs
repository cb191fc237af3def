//! Atom feeds (RFC 4287): an organisation's news, results and honours as a
//! reader or an aggregator follows them. Stored times are already RFC 3339
//! (UTC, whole seconds), so they go in as they are.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use quick_xml::escape::escape;

pub const ATOM_TYPE: &str = "application/atom+xml";

/// One entry: a title, the page it stands for, when it appeared and what it
/// says (HTML, cleaned or escaped by the caller's area).
pub struct Entry {
    pub title: String,
    /// The page's address, absolute; also the entry's id.
    pub link: String,
    pub updated: String,
    pub summary_html: String,
}

/// A feed: its title and author (the organisation), its own address and the
/// page it mirrors, both absolute.
pub struct Feed {
    pub title: String,
    pub author: String,
    pub self_link: String,
    pub page_link: String,
    pub entries: Vec<Entry>,
}

impl Feed {
    /// The document; an empty feed is updated when time began for it.
    pub fn xml(&self) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated.as_str())
            .max()
            .unwrap_or("1970-01-01T00:00:00Z");
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
             <title>{}</title>\n<id>{}</id>\n\
             <link rel=\"self\" type=\"{ATOM_TYPE}\" href=\"{}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <updated>{}</updated>\n<author><name>{}</name></author>\n",
            escape(&self.title),
            escape(&self.self_link),
            escape(&self.self_link),
            escape(&self.page_link),
            escape(updated),
            escape(&self.author),
        );
        for e in &self.entries {
            out.push_str(&format!(
                "<entry>\n<title>{}</title>\n<id>{}</id>\n\
                 <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
                 <updated>{}</updated>\n<summary type=\"html\">{}</summary>\n</entry>\n",
                escape(&e.title),
                escape(&e.link),
                escape(&e.link),
                escape(&e.updated),
                escape(&e.summary_html),
            ));
        }
        out.push_str("</feed>\n");
        out
    }
}

impl IntoResponse for Feed {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            self.xml(),
        )
            .into_response()
    }
}
