//! Start-up: every area's routes with the layers around them, and the one way a
//! server is built and run, used by `chuangxian serve`, the demo and the tests,
//! so that the real wiring is what they test. Running starts beside the web
//! server the job worker, the clock (rounds closed on time, overdue items told
//! of) and the heartbeat that keeps a restore from running under it. This is
//! the one module that knows every area; the HTTP core knows none.

use crate::http::state::{AppState, Config, MAX_BODY};
use crate::http::{self, error::AppError};
use crate::{
    account, assessment, audit, commendation, commitment, evaluation, inbox, organisation, person,
    plan, programme, publicity, review, rule, study, supervision,
};
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

/// Every area's pages and API operations, and the OpenAPI document they make.
fn areas() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, openapi) = OpenApiRouter::with_openapi(http::api_doc::frame())
        .merge(account::routes())
        .merge(assessment::routes())
        .merge(audit::routes())
        .merge(commendation::routes())
        .merge(commitment::routes())
        .merge(evaluation::routes())
        .merge(inbox::routes())
        .merge(organisation::routes())
        .merge(person::routes())
        .merge(plan::routes())
        .merge(programme::routes())
        .merge(publicity::routes())
        .merge(review::routes())
        .merge(rule::routes())
        .merge(study::routes())
        .merge(supervision::routes())
        .split_for_parts();
    (routes, http::api_doc::finish(openapi))
}

/// The OpenAPI document of every operation.
pub fn openapi() -> utoipa::openapi::OpenApi {
    areas().1
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (areas, openapi) = areas();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(areas)
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        .merge(http::statics::routes())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::supervision::line::after_write,
        ))
        .layer(axum::middleware::from_fn(http::text_guard::refuse))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::csrf::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::error_page::render,
        ))
        .layer(axum::middleware::from_fn(http::headers::secure))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::context::load,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_FRAME_OPTIONS,
            axum::http::HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("same-origin"),
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The path only: query strings may carry tokens one day.
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            }),
        )
        // Outermost: a fresh copy's answer is a lookup; a span, a timeout and
        // the rest would cost more than the answer itself.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            fresh_copies,
        ))
        .with_state(state)
}

/// The public pages whole branches open at once (a board, a portal, the news
/// list) answered from a fresh kept copy before every other layer, for a
/// visitor without a session; anything else goes on as usual.
async fn fresh_copies(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let fresh = crate::commitment::board_cache::fresh_answer(&state, &req)
        .or_else(|| crate::organisation::fresh_portal(&state, &req))
        .or_else(|| crate::publicity::fresh_news(&state, &req));
    match fresh {
        Some(res) => res,
        None => next.run(req).await,
    }
}

/// A server bound to its address, not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    port: u16,
}

impl Application {
    /// Binds `addr` (port 0 picks a free one) for `store` under `config`.
    pub async fn build(
        store: Store,
        config: Config,
        addr: SocketAddr,
    ) -> std::io::Result<Application> {
        let listener = TcpListener::bind(addr).await?;
        let port = listener.local_addr()?.port();
        Ok(Application {
            listener,
            state: AppState::new(store, config),
            port,
        })
    }

    /// Sends the public pages' reads to `reads`, a read replica.
    pub fn with_reads(mut self, reads: Store) -> Application {
        self.state = self.state.with_reads(reads);
        self
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What its handlers reach: for a test that looks behind the pages.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, with the job worker, the clock, the
    /// heartbeat and the channels' sender beside it; then says this server has
    /// stopped.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let name = format!("{}-{}", hostname(), std::process::id());
        let store = self.state.store.clone();
        let worker = tokio::spawn(crate::http::jobs::worker_loop(store.clone(), name.clone()));
        let clock = tokio::spawn(keep_time(self.state.clone()));
        let beat = tokio::spawn(heartbeat(store.clone(), name.clone()));
        let channels = tokio::spawn(crate::inbox::channels::channel_loop(self.state.clone()));
        let app = router(self.state);
        let served = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        for task in [worker, clock, beat, channels] {
            task.abort();
        }
        if let Err(e) = store.server_stopped(&name).await {
            tracing::warn!(error = %e, "saying the server stopped");
        }
        served
    }
}

/// Days before its due day that a task's assignee, a commitment item's or a
/// publicity item's owner, is reminded.
const REMINDER_DAYS: i64 = 3;

/// The work that waits for the clock, every half minute: closing rounds whose
/// time is up (pages that show a round close it too when they find it due),
/// reminding those who received a round's codes by message a day before it
/// closes, telling owners and secretaries of rectification items gone
/// overdue, once, and reminding of tasks, commitment items and publicity items
/// due soon or overdue, once each.
pub async fn keep_time(state: AppState) {
    // Periods end at midnight, so the circulars due are looked for once a day
    // (and again after a failure), not on every tick.
    let mut circulars_drafted_on = None;
    let mut commitments_looked_on = None;
    loop {
        if let Err(e) = crate::evaluation::closing::close_due_rounds(&state).await {
            tracing::warn!(error = %e, "closing due evaluation rounds");
        }
        if let Err(e) = crate::evaluation::closing::remind_code_holders(
            &state,
            crate::evaluation::closing::REMIND_BEFORE,
        )
        .await
        {
            tracing::warn!(error = %e, "reminding code holders of rounds closing soon");
        }
        let today = crate::http::clock::today(state.config.utc_offset);
        if let Err(e) = state.store.tell_overdue_rectifications(today).await {
            tracing::warn!(error = %e, "telling of overdue rectification items");
        }
        if let Err(e) = state.store.tell_due_tasks(today, REMINDER_DAYS).await {
            tracing::warn!(error = %e, "reminding of tasks due and overdue");
        }
        // Commitments are many (a province has millions): looked through once a day.
        if commitments_looked_on != Some(today) {
            match state
                .store
                .tell_due_commitment_items(today, REMINDER_DAYS)
                .await
            {
                Ok(_) => commitments_looked_on = Some(today),
                Err(e) => tracing::warn!(error = %e, "reminding of commitment items due"),
            }
        }
        if let Err(e) = state
            .store
            .tell_due_publicity_items(today, REMINDER_DAYS)
            .await
        {
            tracing::warn!(error = %e, "reminding of publicity items due and overdue");
        }
        // Before the circulars, which read the dashboards' lines.
        if let Err(e) = crate::supervision::dashboard::keep_current(&state, today).await {
            tracing::warn!(error = %e, "keeping the dashboards' lines current");
        }
        if circulars_drafted_on != Some(today) {
            match crate::supervision::circular::draft_due(&state, today).await {
                Ok(_) => circulars_drafted_on = Some(today),
                Err(e) => tracing::warn!(error = %e, "drafting the progress circulars due"),
            }
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}

/// Says every few seconds that this server runs, so that a restore waits.
async fn heartbeat(store: Store, name: String) {
    loop {
        if let Err(e) = store.server_alive(&name).await {
            tracing::warn!(error = %e, "heartbeat");
        }
        tokio::time::sleep(store::server::HEARTBEAT).await;
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "server".into())
}
