//! The interface language. Every user-visible string lives in `locales/*/main.ftl`
//! (Fluent); zh-CN is the default, English the second language.

use crate::http::error::{FieldRefusal, Refusal};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
    }

    /// The other language, for the switch in the page header.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }
}

const ZH_CN: &str = include_str!("../../../../locales/zh-CN/main.ftl");
const EN: &str = include_str!("../../../../locales/en/main.ftl");

/// Both bundles, loaded once.
pub struct I18n {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// The users' zone: what a person reads is their language and their clock.
    pub offset: time::UtcOffset,
}

fn bundle(lang: &str, source: &str) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the text goes into HTML and spreadsheets.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(?errors, lang, "locale file has errors");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, lang, "locale file has duplicate messages");
    }
    bundle
}

impl I18n {
    /// The locales, with times shown in China Standard Time.
    pub fn load() -> I18n {
        I18n::in_zone(crate::http::clock::CHINA_STANDARD_TIME)
    }

    /// The locales, with times shown at `offset`.
    pub fn in_zone(offset: time::UtcOffset) -> I18n {
        I18n {
            zh: bundle("zh-CN", ZH_CN),
            en: bundle("en", EN),
            offset,
        }
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::En => &self.en,
        }
    }

    /// The message `id` in `locale`; the id itself when missing (a test guards that).
    pub fn text(&self, locale: Locale, id: &str) -> String {
        self.args(locale, id, &[])
    }

    /// The message `id` with named arguments.
    pub fn args(&self, locale: Locale, id: &str, args: &[(&str, String)]) -> String {
        let bundle = self.bundle(locale);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Numbers as numbers, so plural rules apply.
            match v.parse::<i64>() {
                Ok(n) => fargs.set(*k, FluentValue::from(n)),
                Err(_) => fargs.set(*k, FluentValue::from(v.clone())),
            }
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    /// True when `id` exists in `locale`.
    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.bundle(locale).has_message(id)
    }

    /// Every message id of a locale file.
    pub fn ids(locale: Locale) -> Vec<String> {
        let source = match locale {
            Locale::ZhCn => ZH_CN,
            Locale::En => EN,
        };
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
            .collect()
    }
}

/// A translator bound to one language, as templates use it.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    pub i18n: &'a I18n,
    pub locale: Locale,
}

impl Tr<'_> {
    /// Why a request was refused, in the reader's language.
    pub fn refusal(&self, r: &Refusal) -> String {
        self.i18n.args(self.locale, r.message_id, &r.args)
    }

    /// One field's problem in a refused form.
    pub fn refusal_field(&self, e: &FieldRefusal) -> String {
        self.i18n.args(self.locale, e.message_id, &e.args)
    }

    /// `{{ t.time(stored) }}` in a template: a stored UTC time as the users read
    /// it, `2026-12-02 03:21` in their zone.
    pub fn time(&self, stored: &str) -> String {
        crate::http::clock::local_text(stored, self.i18n.offset)
    }

    /// An inbox item's title: a workflow notice in the reader's language, or
    /// the title it was stored with.
    pub fn notice(&self, item: &store::inbox::InboxItem) -> String {
        match &item.message {
            Some((id, args)) => {
                let args: Vec<(&str, String)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                self.i18n.args(self.locale, id, &args)
            }
            None => item.title.clone(),
        }
    }

    /// `{{ t.t("id") }}` in a template.
    pub fn t(&self, id: &str) -> String {
        self.i18n.text(self.locale, id)
    }

    /// The name of a role.
    pub fn role(&self, role: &domain::access::Role) -> String {
        self.t(&format!("role-{}", role.as_str().replace('_', "-")))
    }

    /// The name of a kind of organisation.
    pub fn kind(&self, kind: &domain::organisation::OrgKind) -> String {
        self.t(&format!("org-kind-{}", kind.as_str().replace('_', "-")))
    }

    /// The name of a plan enum value (period, unit, coverage …): the message
    /// `{prefix}-{value}`, where value is its snake_case name with dashes.
    pub fn e<T: Serialize>(&self, prefix: &str, value: &T) -> String {
        let name = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', "-")))
            .unwrap_or_default();
        self.t(&format!("{prefix}-{name}"))
    }

    /// `{{ t.a1("id", "name", value) }}`: one argument.
    pub fn a1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.i18n
            .args(self.locale, id, &[(name, value.to_string())])
    }

    /// Two arguments.
    /// Three arguments, as a template passes them: name, value, name, value …
    #[allow(clippy::too_many_arguments)]
    pub fn a3(
        &self,
        id: &str,
        n1: &str,
        v1: impl std::fmt::Display,
        n2: &str,
        v2: impl std::fmt::Display,
        n3: &str,
        v3: impl std::fmt::Display,
    ) -> String {
        self.i18n.args(
            self.locale,
            id,
            &[
                (n1, v1.to_string()),
                (n2, v2.to_string()),
                (n3, v3.to_string()),
            ],
        )
    }

    pub fn a2(
        &self,
        id: &str,
        n1: &str,
        v1: impl std::fmt::Display,
        n2: &str,
        v2: impl std::fmt::Display,
    ) -> String {
        self.i18n.args(
            self.locale,
            id,
            &[(n1, v1.to_string()), (n2, v2.to_string())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let mut zh = I18n::ids(Locale::ZhCn);
        let mut en = I18n::ids(Locale::En);
        zh.sort();
        en.sort();
        let only_zh: Vec<_> = zh.iter().filter(|id| !en.contains(id)).collect();
        let only_en: Vec<_> = en.iter().filter(|id| !zh.contains(id)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "zh only {only_zh:?}, en only {only_en:?}"
        );
        let mut dedup = zh.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), zh.len(), "a message id is defined twice");
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
}
