//! A publication's body: Markdown as typed, rendered to HTML and cleaned on
//! the server against an allow-list, so no script, event handler, style or
//! `javascript:` link reaches a reader whatever the writer typed.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;

/// The tags a body may keep: text structure, links, images and tables.
pub(super) const TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Markdown to HTML a page may include as it is. Raw HTML in the Markdown
/// goes through the same allow-list: what it is not allowed is dropped.
pub fn render(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(
        &mut out,
        Parser::new_ext(
            markdown,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
        ),
    );
    ammonia::Builder::default()
        .tags(TAGS.iter().copied().collect::<HashSet<_>>())
        .tag_attributes(
            [
                ("a", ["href", "title"].into()),
                ("img", ["src", "alt", "title"].into()),
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&out)
        .to_string()
}
