//! The inbox.

use crate::support::*;
use chuangxian_store::person;
use chuangxian_store::testing::TestDb;

on_both!(inbox_messages_are_counted_until_read,);

async fn inbox_messages_are_counted_until_read(db: &TestDb) {
    let s = &db.store;
    let (_, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let pid = person::insert(&mut tx, branch.id, None, &draft("王芳", None), false)
        .await
        .unwrap();
    let mid = chuangxian_store::inbox::notify(&mut tx, pid, "提醒", "请提交承诺", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(s.unread_count(pid).await.unwrap(), 1);
    s.mark_read(pid, mid).await.unwrap();
    assert_eq!(s.unread_count(pid).await.unwrap(), 0);
    assert_eq!(s.inbox(pid, 10).await.unwrap()[0].title, "提醒");
    // Without a mail or SMS channel, outgoing messages wait in the outbox.
    let mut tx = s.begin().await.unwrap();
    chuangxian_store::inbox::queue_outgoing(&mut tx, "sms", "13800138000", "提醒", "请提交承诺")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let outbox = s.outbox(None, 10).await.unwrap();
    assert_eq!(
        (outbox[0].channel.as_str(), outbox[0].status.as_str()),
        ("sms", "pending")
    );
}
