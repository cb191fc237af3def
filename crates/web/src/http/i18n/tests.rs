//! The locale files: both languages alike, every name and every message the
//! code and the templates use present.

use super::*;

#[test]
fn both_languages_have_the_same_messages_in_the_same_files() {
    let mut zh = I18n::ids(Locale::ZhCn);
    let mut en = I18n::ids(Locale::En);
    assert!(zh.len() > 800, "the files hold only {} messages", zh.len());
    zh.sort();
    en.sort();
    let only_zh: Vec<_> = zh.iter().filter(|id| !en.contains(id)).collect();
    let only_en: Vec<_> = en.iter().filter(|id| !zh.contains(id)).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "zh-CN only {only_zh:?}, en only {only_en:?}"
    );
    // Once in the whole language, not once per file: Fluent would keep the
    // first and drop the second.
    let mut ids: Vec<&String> = zh.iter().map(|(_, id)| id).collect();
    ids.sort();
    let total = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), total, "a message id is defined twice");
}

#[test]
fn every_file_of_each_language_loads_without_an_error() {
    for locale in Locale::ALL {
        for (area, source) in files(locale) {
            assert!(
                FluentResource::try_new(source.to_string()).is_ok(),
                "{}/{area}.ftl does not parse",
                locale.code()
            );
        }
    }
    // Every file's messages reach the bundle: one of each file, in each language.
    let i18n = I18n::load();
    for locale in Locale::ALL {
        for (area, id) in I18n::ids(locale) {
            assert!(i18n.has(locale, &id), "{}/{area}.ftl: {id}", locale.code());
        }
    }
}

#[test]
fn every_role_and_kind_has_a_name_in_both_languages() {
    let i18n = I18n::load();
    for locale in Locale::ALL {
        let t = Tr {
            i18n: &i18n,
            locale,
        };
        for r in domain::access::Role::ALL {
            assert!(!t.role(&r).starts_with("role-"), "{r:?} in {locale:?}");
        }
        for k in domain::organisation::OrgKind::ALL {
            assert!(!t.kind(&k).starts_with("org-kind-"), "{k:?} in {locale:?}");
        }
    }
}

#[test]
fn every_plan_enum_value_has_a_name_in_both_languages() {
    use domain::plan::*;
    let i18n = I18n::load();
    for locale in Locale::ALL {
        let t = Tr {
            i18n: &i18n,
            locale,
        };
        let mut names: Vec<(&str, String)> = Vec::new();
        for v in [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::HalfYear,
            Period::Year,
        ] {
            names.push(("period", t.e("period", &v)));
        }
        for v in [
            QuotaUnit::Minutes,
            QuotaUnit::Books,
            QuotaUnit::Reflections,
            QuotaUnit::ResearchTopics,
            QuotaUnit::Articles,
        ] {
            names.push(("unit", t.e("unit", &v)));
        }
        for v in [Coverage::Members, Coverage::AllStaff] {
            names.push(("covers", t.e("covers", &v)));
        }
        for v in [
            MeetingKind::MembersAssembly,
            MeetingKind::Committee,
            MeetingKind::GroupMeeting,
            MeetingKind::PartyLecture,
            MeetingKind::Study,
            MeetingKind::ReadingExchange,
        ] {
            names.push(("meeting-kind", t.e("meeting-kind", &v)));
        }
        for v in [
            StepKind::Commitment,
            StepKind::Review,
            StepKind::Evaluation,
            StepKind::Commendation,
        ] {
            names.push(("step-kind", t.e("step-kind", &v)));
        }
        for v in [
            ChannelKind::Website,
            ChannelKind::Magazine,
            ChannelKind::Bulletin,
            ChannelKind::Sms,
            ChannelKind::Board,
        ] {
            names.push(("channel-kind", t.e("channel-kind", &v)));
        }
        for v in [
            ResponsibleRole::LeadingGroup,
            ResponsibleRole::CampaignOffice,
            ResponsibleRole::Secretary,
            ResponsibleRole::Deputy,
        ] {
            names.push(("responsible", t.e("responsible", &v)));
        }
        for v in [StandardTarget::Organisation, StandardTarget::Member] {
            names.push(("applies-to", t.e("applies-to", &v)));
        }
        let missing: Vec<_> = names
            .iter()
            .filter(|(prefix, name)| name.starts_with(prefix))
            .collect();
        assert!(missing.is_empty(), "{locale:?}: {missing:?}");
    }
}

#[test]
fn every_evaluation_kind_state_and_channel_has_a_name_in_both_languages() {
    use domain::evaluation::{RoundKind, RoundState};
    let i18n = I18n::load();
    for locale in Locale::ALL {
        let t = Tr {
            i18n: &i18n,
            locale,
        };
        let mut names = Vec::new();
        for k in [RoundKind::Members, RoundKind::Branches] {
            names.push(t.e("evaluation-kind", &k));
            names.push(t.e("evaluation-new", &k));
        }
        for s in [RoundState::Scheduled, RoundState::Open, RoundState::Closed] {
            names.push(t.e("evaluation-state", &s));
        }
        for c in ["slips", "messages", "api"] {
            names.push(t.e("evaluation-channel", &c));
        }
        let missing: Vec<_> = names
            .iter()
            .filter(|n| n.starts_with("evaluation-"))
            .collect();
        assert!(missing.is_empty(), "{locale:?}: {missing:?}");
    }
}

#[test]
fn every_message_a_template_or_handler_names_exists() {
    let i18n = I18n::load();
    let mut sources = Vec::new();
    for dir in ["templates", "src"] {
        collect(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
            &mut sources,
        );
    }
    let mut missing = Vec::new();
    let named: usize = sources.iter().map(|s| quoted_ids(s).len()).sum();
    assert!(
        named > 100,
        "the scan found only {named} message ids: the markers are off"
    );
    for text in &sources {
        for id in quoted_ids(text) {
            for l in Locale::ALL {
                if !i18n.has(l, &id) {
                    missing.push(format!("{}:{id}", l.code()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing messages: {missing:?}");
}

fn collect(dir: std::path::PathBuf, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(path, out);
        } else {
            out.push(std::fs::read_to_string(path).unwrap());
        }
    }
}

/// Message ids look like `"word-word"` in `.t("…")`, `.a1("…"` or `msg("…")`.
fn quoted_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in [".t(\"", ".a1(\"", ".a2(\"", "text(ctx.locale, \"", "msg(\""] {
        for part in text.split(marker).skip(1) {
            if let Some(id) = part.split('"').next()
                && id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn every_locale_file_on_disk_is_loaded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
    for locale in Locale::ALL {
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join(locale.code()))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut loaded: Vec<String> = files(locale)
            .iter()
            .map(|(area, _)| format!("{area}.ftl"))
            .collect();
        loaded.sort();
        assert_eq!(on_disk, loaded, "{}", locale.code());
    }
}
