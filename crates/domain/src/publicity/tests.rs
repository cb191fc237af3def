use super::*;
use proptest::prelude::*;

#[test]
fn a_publication_goes_draft_submitted_published_and_back_down() {
    use PublicationStatus as S;
    use PublicationStep as P;
    assert_eq!(P::Submit.from(S::Draft), Some(S::Submitted));
    assert_eq!(P::Publish.from(S::Submitted), Some(S::Published));
    assert_eq!(P::Return.from(S::Submitted), Some(S::Returned));
    assert_eq!(P::Submit.from(S::Returned), Some(S::Submitted));
    assert_eq!(P::Unpublish.from(S::Published), Some(S::Withdrawn));
    assert_eq!(P::Submit.from(S::Withdrawn), Some(S::Submitted));
    // No publishing past the review, and nothing twice.
    assert_eq!(P::Publish.from(S::Draft), None);
    assert_eq!(P::Publish.from(S::Published), None);
    assert_eq!(P::Submit.from(S::Submitted), None);
    assert_eq!(P::Unpublish.from(S::Submitted), None);
    assert!(S::Draft.editable() && !S::Submitted.editable() && !S::Published.editable());
}

#[test]
fn an_item_is_overdue_the_day_after_it_was_due_unless_done() {
    let day = |d: &str| crate::date::Day::parse_iso(d).unwrap();
    let due = day("2026-07-01");
    assert_eq!(
        ItemState::of(due, false, day("2026-07-01")),
        ItemState::Planned
    );
    assert_eq!(
        ItemState::of(due, false, day("2026-07-02")),
        ItemState::Overdue
    );
    assert_eq!(ItemState::of(due, true, day("2026-08-01")), ItemState::Done);
}

#[test]
fn markdown_renders_and_script_does_not() {
    let html = render(
        "## 活动\n\n**党员**先锋岗 [详情](https://example.org/a)\n\n<script>alert(1)</script>",
    );
    assert!(html.contains("<h2>活动</h2>"), "{html}");
    assert!(html.contains("<strong>党员</strong>"), "{html}");
    assert!(html.contains(r#"href="https://example.org/a""#), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("alert(1)</"),
        "{html}"
    );
    let html = render(
        r#"[点我](javascript:alert(1)) <img src="x" onerror="alert(1)"> <a href="JaVaScRiPt:alert(2)">x</a>"#,
    );
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    let html = render(
        r#"<p style="position:fixed" onclick="x()">文</p><iframe src="https://e.org"></iframe>"#,
    );
    assert!(
        !html.contains("style=") && !html.contains("onclick") && !html.contains("iframe"),
        "{html}"
    );
    assert!(html.contains("文"));
}

/// Pieces an attacker strings together: tags, handlers, schemes, entities and
/// broken markup in any order, with Markdown around them.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<SCRIPT SRC=//x.js>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<svg onload=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](  JAVASCRIPT:alert(1))".to_string()),
        Just("[x](java&#115;cript:alert(1))".to_string()),
        Just("![i](data:text/html;base64,PHNjcmlwdD4=)".to_string()),
        Just("<iframe src=//x>".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("<div style=\"background:url(javascript:x)\">".to_string()),
        Just("<object data=x>".to_string()),
        Just("<form action=x><input>".to_string()),
        Just("\"'><".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("\n\n".to_string()),
        Just("```\n".to_string()),
        Just("> ".to_string()),
        "[a-z<>=\"' /:]{0,12}".prop_map(|s| s),
        "\\PC{0,8}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// The real tags of rendered HTML, with their attributes. Text never holds a
/// bare `<` (the cleaner escapes it), so each `<` opens a tag; a quoted value
/// may hold `>`.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let mut chars = rest[start + 1..].char_indices();
        let (mut quote, mut end) = (None, rest.len() - start - 1);
        for (i, c) in chars.by_ref() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let inside = &rest[start + 1..start + 1 + end];
        rest = &rest[(start + 2 + end).min(rest.len())..];
        let name: String = inside.chars().take_while(|c| !c.is_whitespace()).collect();
        let mut attrs = Vec::new();
        let mut body = inside[name.len()..].trim_start();
        while let Some(eq) = body.find('=') {
            let attr = body[..eq].trim().to_lowercase();
            let value = &body[eq + 1..];
            let (value, after) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = value[1..].find(q).map_or(value.len(), |i| i + 1);
                    (&value[1..close], &value[(close + 1).min(value.len())..])
                }
                _ => {
                    let close = value.find(char::is_whitespace).unwrap_or(value.len());
                    (&value[..close], &value[close..])
                }
            };
            attrs.push((attr, value.to_string()));
            body = after.trim_start();
        }
        found.push((name.trim_start_matches('/').to_lowercase(), attrs));
    }
    found
}

proptest! {
    #[test]
    fn no_script_survives(input in hostile()) {
        let html = render(&input);
        for (name, attrs) in tags(&html) {
            prop_assert!(body::TAGS.contains(&name.as_str()), "<{name}> survived in {html} from {input:?}");
            for (attr, value) in attrs {
                prop_assert!(["href", "src", "alt", "title", "rel"].contains(&attr.as_str()),
                    "{attr} on <{name}> survived in {html} from {input:?}");
                let value = value.trim().to_lowercase();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    prop_assert!(!value.starts_with(scheme), "{value} survived in {html} from {input:?}");
                }
            }
        }
    }
}

#[test]
fn the_tag_reader_sees_what_a_browser_would() {
    let found =
        tags(r#"<p>a &lt;b&gt;</p><img src="x>y" onerror=alert(1)><a href='javascript:x'>"#);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["p", "p", "img", "a"]);
    assert_eq!(
        found[2].1,
        [
            ("src".into(), "x>y".into()),
            ("onerror".into(), "alert(1)".into())
        ]
    );
    assert_eq!(found[3].1, [("href".into(), "javascript:x".into())]);
}
