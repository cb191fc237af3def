//! What every handler can reach: the store, the languages, the settings, and
//! what an area keeps beside the database on each server (its caches, the ballot
//! box's workers), made once on first use.

use crate::http::clock::CHINA_STANDARD_TIME;
use crate::http::i18n::I18n;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use store::Store;

/// The largest request body: a roster upload with room to spare.
pub const MAX_BODY: usize = 5 * 1024 * 1024;

/// Settings of a running server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Cookies get `Secure` when the site is served over TLS (directly or by a proxy).
    pub secure_cookies: bool,
    /// Set when running the demo: pages say so, and by how many years the demo
    /// moved the source plan's dates.
    pub demo_shift_years: Option<i32>,
    /// The local time of the campaign's users: times typed into forms mean it,
    /// and pages show it. China Standard Time unless told otherwise.
    pub utc_offset: time::UtcOffset,
    /// E-mail and SMS, each off until configured: the outbox is then the channel.
    pub channels: ChannelConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: false,
            demo_shift_years: None,
            utc_offset: CHINA_STANDARD_TIME,
            channels: ChannelConfig::default(),
        }
    }
}

/// The outside channels and how a failed message is tried again.
#[derive(Clone, Debug)]
pub struct ChannelConfig {
    pub smtp: Option<SmtpConfig>,
    pub sms: Option<SmsConfig>,
    /// Tries in all before a message is dead.
    pub tries: u32,
    /// The wait after the first failure; it doubles after each.
    pub backoff: std::time::Duration,
    /// The site's address as people reach it, put before the links that
    /// notices carry (`https://cxzy.example.org`); the bare path without it.
    pub site_url: Option<String>,
    /// How long one try may take, on either channel, before it fails.
    pub timeout: std::time::Duration,
}

impl Default for ChannelConfig {
    fn default() -> ChannelConfig {
        ChannelConfig {
            smtp: None,
            sms: None,
            tries: 5,
            backoff: std::time::Duration::from_secs(30),
            site_url: None,
            timeout: std::time::Duration::from_secs(10),
        }
    }
}

/// An SMTP server: `smtp://user:pass@host:587?tls=required` (STARTTLS),
/// `smtps://…:465` (TLS) or `smtp://host:25` (plain, loopback only), and the
/// address mail comes from.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub url: String,
    pub from: String,
}

/// An HTTP gateway that sends SMS: where to POST, the `Authorization` header
/// it wants, the body with `{to}`, `{text}` and `{id}` in it, and how many a second
/// it takes.
#[derive(Clone, Debug)]
pub struct SmsConfig {
    pub url: String,
    pub auth: Option<String>,
    pub template: String,
    pub per_second: u32,
}

/// Something an area keeps on each server beside the database: one of each
/// kind per state, started the first time a request asks for it.
pub trait Shared: Send + Sync + 'static {
    fn start(store: &Store) -> Self;
}

type Parts = RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub i18n: Arc<I18n>,
    pub config: Arc<Config>,
    parts: Arc<Parts>,
    /// A read replica for the public pages, when one is configured.
    reads: Option<Store>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            i18n: Arc::new(I18n::in_zone(config.utc_offset)),
            config: Arc::new(config),
            parts: Arc::default(),
            store,
            reads: None,
        }
    }

    /// This server's one `T`, started on first use.
    /// The same state with the public pages' reads sent to `reads`, a read
    /// replica of the database (`serve --read-db`).
    pub fn with_reads(mut self, reads: Store) -> AppState {
        self.reads = Some(reads);
        self
    }

    /// The state a public page renders with: its reads go to the replica when
    /// there is one, with the same caches and settings. Such a page must not
    /// write; a replica refuses writes.
    pub fn reading(&self) -> AppState {
        match &self.reads {
            Some(reads) => AppState {
                store: reads.clone(),
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    pub fn shared<T: Shared>(&self) -> Arc<T> {
        let key = TypeId::of::<T>();
        let found = self
            .parts
            .read()
            .ok()
            .and_then(|parts| parts.get(&key).cloned());
        if let Some(part) = found.and_then(|p| p.downcast::<T>().ok()) {
            return part;
        }
        let Ok(mut parts) = self.parts.write() else {
            // A poisoned lock: serve from a part of this request's own.
            return Arc::new(T::start(&self.store));
        };
        let part = parts
            .entry(key)
            .or_insert_with(|| Arc::new(T::start(&self.store)))
            .clone();
        part.downcast::<T>()
            .unwrap_or_else(|_| Arc::new(T::start(&self.store)))
    }
}
