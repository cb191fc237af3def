//! The background worker: claims jobs from the queue and runs them. Several server
//! processes may run one each; the store makes sure a job is claimed once.

use serde::Deserialize;
use std::time::Duration;
use store::Store;

/// `notify`: put a message in a person's inbox.
#[derive(Deserialize)]
pub struct NotifyJob {
    pub person_id: i64,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

/// Runs one due job, if there is one. Returns whether a job ran. Tests call this
/// directly to drive the queue one step at a time.
pub async fn run_one(store: &Store, worker: &str) -> Result<bool, store::StoreError> {
    let Some(job) = store.claim_job(worker).await? else {
        return Ok(false);
    };
    let span = tracing::info_span!("job", job.id = job.id, job.kind = %job.kind);
    let _enter = span.enter();
    match execute(store, &job.kind, &job.payload).await {
        Ok(()) => store.complete_job(job.id).await?,
        Err(e) => {
            tracing::warn!(error = %e, attempts = job.attempts, "job failed");
            store.fail_job(&job, &e).await?;
        }
    }
    Ok(true)
}

async fn execute(store: &Store, kind: &str, payload: &str) -> Result<(), String> {
    match kind {
        "notify" => {
            let job: NotifyJob = serde_json::from_str(payload).map_err(|e| e.to_string())?;
            let mut tx = store.begin().await.map_err(|e| e.to_string())?;
            store::inbox::notify(
                &mut tx,
                job.person_id,
                &job.title,
                &job.body,
                job.link.as_deref(),
            )
            .await
            .map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())
        }
        other => Err(format!("unknown job kind {other}")),
    }
}

/// Runs jobs until the process ends, resting when the queue is empty.
pub async fn worker_loop(store: Store, worker: String) {
    loop {
        match run_one(&store, &worker).await {
            Ok(true) => continue,
            Ok(false) => tokio::time::sleep(Duration::from_secs(2)).await,
            Err(e) => {
                tracing::error!(error = %e, "job queue unavailable");
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        }
    }
}
