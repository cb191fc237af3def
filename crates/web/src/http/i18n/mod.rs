//! The interface language. Every user-visible string lives in
//! `locales/<lang>/<area>.ftl` (Fluent), one file per area and one for what
//! the areas share; zh-CN is the default, English the second language.

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

/// Each language's files, by area, read into the binary.
macro_rules! locale_files {
    ($lang:literal: $($area:literal),+) => {
        [$(($area, include_str!(concat!("../../../../../locales/", $lang, "/", $area, ".ftl")))),+]
    };
}

/// How many files a language has: one per area, the shared one, the CLI's.
const FILES: usize = 18;

const ZH_CN: [(&str, &str); FILES] = locale_files!("zh-CN":
    "common", "account", "assessment", "audit", "cli", "commendation", "commitment", "evaluation", "inbox",
    "organisation", "person", "plan", "programme", "publicity", "review", "rule", "study", "supervision");
const EN: [(&str, &str); FILES] = locale_files!("en":
    "common", "account", "assessment", "audit", "cli", "commendation", "commitment", "evaluation", "inbox",
    "organisation", "person", "plan", "programme", "publicity", "review", "rule", "study", "supervision");

/// A language's files: (area, source).
fn files(locale: Locale) -> &'static [(&'static str, &'static str); FILES] {
    match locale {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

/// A day however a template hands it over (by value or by reference).
pub trait AsDay {
    fn as_day(&self) -> domain::date::Day;
}

impl AsDay for domain::date::Day {
    fn as_day(&self) -> domain::date::Day {
        *self
    }
}

impl<T: AsDay + ?Sized> AsDay for &T {
    fn as_day(&self) -> domain::date::Day {
        (**self).as_day()
    }
}

/// Both bundles, loaded once.
pub struct I18n {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// The users' zone: what a person reads is their language and their clock.
    pub offset: time::UtcOffset,
}

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let lang = locale.code();
    let id = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the text goes into HTML and spreadsheets.
    bundle.set_use_isolating(false);
    for (area, source) in files(locale) {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                tracing::error!(?errors, lang, area, "locale file has errors");
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(?errors, lang, area, "locale file repeats a message");
        }
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
            zh: bundle(Locale::ZhCn),
            en: bundle(Locale::En),
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

    /// Every message id of a language, by the file that defines it.
    pub fn ids(locale: Locale) -> Vec<(&'static str, String)> {
        files(locale)
            .iter()
            .flat_map(|(area, source)| {
                source
                    .lines()
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|l| {
                        l.split_once('=')
                            .map(|(id, _)| (*area, id.trim().to_string()))
                    })
            })
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

    /// Each refused field's message, by field, to show beside it: the
    /// refusal's own field and each of its fields' problems.
    pub fn field_messages(&self, r: &Refusal) -> std::collections::HashMap<String, String> {
        let mut out: std::collections::HashMap<String, String> = r
            .errors
            .iter()
            .map(|e| (e.field.clone(), self.refusal_field(e)))
            .collect();
        if let Some(f) = &r.field {
            out.insert(f.clone(), self.refusal(r));
        }
        out
    }

    /// `{{ t.time(stored) }}` in a template: a stored UTC time as the users read
    /// it, `2026-12-02 03:21` in their zone.
    pub fn time(&self, stored: &str) -> String {
        crate::http::clock::local_text(stored, self.i18n.offset)
    }

    /// `{{ t.date(day) }}`: a day as a document dates it, 2026年12月4日.
    pub fn date(&self, day: impl AsDay) -> String {
        let d = day.as_day().0;
        let month = u8::from(d.month());
        self.i18n.args(
            self.locale,
            "date-long",
            &[
                ("year", d.year().to_string()),
                ("month", month.to_string()),
                ("month-name", self.t(&format!("month-{month}"))),
                ("day", d.day().to_string()),
            ],
        )
    }

    /// An inbox item's title: a workflow notice in the reader's language, or
    /// the title it was stored with.
    pub fn notice(&self, item: &store::inbox::InboxItem) -> String {
        match &item.message {
            Some((id, args)) => self.message(id, args),
            None => item.title.clone(),
        }
    }

    /// A stored message id with its arguments, worded.
    pub fn message(&self, id: &str, args: &[(String, String)]) -> String {
        let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.i18n.args(self.locale, id, &args)
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

    /// Two arguments.
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
mod tests;
