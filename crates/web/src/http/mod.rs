//! The core every area stands on, and that imports no area: state and
//! configuration, the one error type, who is asking, the page toolkit, CSRF,
//! languages, the clock, static files, workbooks, charts and the job worker.

pub mod api_doc;
pub mod chart;
pub mod clock;
pub mod context;
pub mod csrf;
pub mod download;
pub mod error;
pub mod error_page;
pub mod extract;
pub mod feed;
pub mod form;
pub mod headers;
pub mod i18n;
pub mod jobs;
pub mod page;
pub mod page_cache;
pub mod paging;
pub mod precompressed;
pub mod sheet;
pub mod state;
pub mod statics;
pub mod text_guard;
pub mod upload;
pub mod workbook;
