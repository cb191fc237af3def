//! The HTTP edge of chuangxian: server-rendered pages (askama + htmx) and the JSON
//! API under `/api/v1`, over the same store. Web knows no SQL: it calls the store.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod commendation;
pub mod commitment;
pub mod demo;
pub mod evaluation;
pub mod http;
pub mod inbox;
pub mod organisation;
pub mod person;
pub mod plan;
pub mod programme;
pub mod publicity;
pub mod review;
pub mod rule;
pub mod startup;
pub mod study;
pub mod supervision;

pub use http::context::Ctx;
pub use http::error::AppError;

pub use http::clock::CHINA_STANDARD_TIME;
pub use http::state::{AppState, ChannelConfig, Config, MAX_BODY, SmsConfig, SmtpConfig};
pub use startup::{Application, openapi, router};
