use super::*;
use proptest::prelude::*;

#[test]
fn a_changed_article_is_removed_then_added_and_the_rest_stays() {
    let old = "第一条 每月召开一次支部大会。\n第二条 每季度上一次党课。\n第三条 会议有记录。";
    let new = "第一条 每月召开一次支部大会。\n第二条 每月上一次党课。\n第三条 会议有记录。\n第四条 缺席者补学。";
    let d = diff(old, new);
    let changes: Vec<(Change, &str)> = d.iter().map(|l| (l.change, &l.text[..9])).collect();
    assert_eq!(
        changes,
        [
            (Change::Same, "第一条"),
            (Change::Removed, "第二条"),
            (Change::Added, "第二条"),
            (Change::Same, "第三条"),
            (Change::Added, "第四条"),
        ]
    );
    assert!(diff(old, old).iter().all(|l| l.change == Change::Same));
    assert_eq!(diff("", "一").len(), 1);
}

#[test]
fn an_origin_reads_from_a_select() {
    assert_eq!(parse_origin("case:12"), Some((OriginKind::Case, 12)));
    assert_eq!(parse_origin("circular:x"), None);
    assert_eq!(parse_origin("speech:1"), None);
    assert_eq!(OriginKind::Honour.path(3), "/honours/3");
}

proptest! {
    /// Whatever the two texts, the kept and removed lines give back the old
    /// one and the kept and added lines the new one.
    #[test]
    fn a_diff_gives_back_both_versions(
        old in prop::collection::vec("[一二三ab]{0,3}", 0..12),
        new in prop::collection::vec("[一二三ab]{0,3}", 0..12),
    ) {
        let (old, new) = (old.join("\n"), new.join("\n"));
        let d = diff(&old, &new);
        let side = |skip: Change| d.iter().filter(|l| l.change != skip).map(|l| l.text.as_str()).collect::<Vec<_>>();
        prop_assert_eq!(side(Change::Added), old.lines().collect::<Vec<_>>());
        prop_assert_eq!(side(Change::Removed), new.lines().collect::<Vec<_>>());
    }
}
