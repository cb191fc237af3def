//! The command line speaks the user's language: zh-CN unless `LANG` or
//! `CHUANGXIAN_LANG` asks for English. Messages come from the same locale files
//! as the web pages.

use std::sync::OnceLock;
use web::http::i18n::{I18n, Locale};

static I18N: OnceLock<I18n> = OnceLock::new();

pub fn locale() -> Locale {
    let wanted = std::env::var("CHUANGXIAN_LANG")
        .or_else(|_| std::env::var("LANG"))
        .unwrap_or_default();
    if wanted.to_lowercase().starts_with("en") {
        Locale::En
    } else {
        Locale::ZhCn
    }
}

/// A message in the user's language.
pub fn msg(id: &str, args: &[(&str, String)]) -> String {
    I18N.get_or_init(I18n::load).args(locale(), id, args)
}

pub fn i18n() -> &'static I18n {
    I18N.get_or_init(I18n::load)
}
