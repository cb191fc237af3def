//! The job queue.

use chuangxian_store::testing::TestDb;

on_both!(
    a_job_is_claimed_once_and_retried_after_failure,
    concurrent_workers_never_claim_one_job_twice,
);

async fn a_job_is_claimed_once_and_retried_after_failure(db: &TestDb) {
    let s = &db.store;
    let id = s.enqueue("notify", "{}", 3).await.unwrap();
    let job = s.claim_job("w1").await.unwrap().unwrap();
    assert_eq!(job.id, id);
    assert!(
        s.claim_job("w2").await.unwrap().is_none(),
        "a claimed job is not handed out twice"
    );
    s.fail_job(&job, "boom").await.unwrap();
    // It waits out its back-off before it can be claimed again.
    assert!(s.claim_job("w2").await.unwrap().is_none());
    sqlx::query("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z'")
        .execute(&s.pool)
        .await
        .unwrap();
    let again = s.claim_job("w2").await.unwrap().unwrap();
    assert_eq!(again.attempts, 2);
    s.complete_job(again.id).await.unwrap();
    assert_eq!(s.pending_jobs().await.unwrap(), 0);
}

async fn concurrent_workers_never_claim_one_job_twice(db: &TestDb) {
    let s = &db.store;
    for i in 0..40 {
        s.enqueue("notify", &format!("{{\"n\":{i}}}"), 3)
            .await
            .unwrap();
    }
    let workers = (0..8).map(|w| {
        let s = s.clone();
        tokio::spawn(async move {
            let mut claimed = Vec::new();
            while let Some(job) = s.claim_job(&format!("w{w}")).await.unwrap() {
                claimed.push(job.id);
                s.complete_job(job.id).await.unwrap();
            }
            claimed
        })
    });
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all.sort_unstable();
    let total = all.len();
    all.dedup();
    assert_eq!(total, 40, "every job ran");
    assert_eq!(all.len(), 40, "no job ran twice");
}
