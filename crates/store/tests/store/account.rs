//! Accounts, passwords, throttling and sessions.

use crate::support::*;
use chuangxian_store::testing::TestDb;
use domain::access::Role;

on_both!(
    a_password_logs_in_and_a_wrong_one_does_not,
    throttling_locks_after_repeated_failures_and_success_clears_it,
    a_session_is_found_by_its_secret_only_until_it_ends,
);

async fn a_password_logs_in_and_a_wrong_one_does_not(db: &TestDb) {
    let s = &db.store;
    let aid = person_with_account(s, "王芳", "wangfang", "correct horse").await;
    assert_eq!(
        s.check_login("WangFang", "correct horse").await.unwrap(),
        Some(aid)
    );
    assert_eq!(s.check_login("wangfang", "wrong").await.unwrap(), None);
    assert_eq!(
        s.check_login("nobody", "correct horse").await.unwrap(),
        None
    );
    let account = s.account(aid).await.unwrap();
    assert!(account.has_role(Role::Secretary));
    s.set_password("wangfang", aid, "new secret").await.unwrap();
    assert_eq!(
        s.check_login("wangfang", "new secret").await.unwrap(),
        Some(aid)
    );
}

async fn throttling_locks_after_repeated_failures_and_success_clears_it(db: &TestDb) {
    use chuangxian_store::account::throttle::{FREE_ADDRESS_FAILURES, LoginKey};
    let s = &db.store;
    let account = LoginKey::Account("wangfang".into());
    let address = LoginKey::Address("127.0.0.1".into());
    let keys = vec![account.clone(), address.clone()];
    for _ in 0..4 {
        s.record_login_failure(&keys).await.unwrap();
    }
    assert_eq!(s.locked_until(&keys).await.unwrap(), None);
    s.record_login_failure(&keys).await.unwrap();
    assert!(s.locked_until(&keys).await.unwrap().is_some());
    assert_eq!(
        s.locked_until(std::slice::from_ref(&address))
            .await
            .unwrap(),
        None,
        "the address has more tries than the account"
    );
    s.clear_login_failures("wangfang").await.unwrap();
    assert_eq!(s.locked_until(&keys).await.unwrap(), None);
    // A sign-in of one's own between guesses does not clear the address's count:
    // 4 guesses per account, then a success, over and over, still lock it.
    for _ in 0..FREE_ADDRESS_FAILURES / 4 {
        for _ in 0..4 {
            s.record_login_failure(&keys).await.unwrap();
        }
        s.clear_login_failures("wangfang").await.unwrap();
    }
    assert!(
        s.locked_until(std::slice::from_ref(&address))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        s.locked_until(std::slice::from_ref(&account))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_session_is_found_by_its_secret_only_until_it_ends(db: &TestDb) {
    let s = &db.store;
    let aid = person_with_account(s, "王芳", "wangfang", "pw").await;
    let first = s.create_session("wangfang", aid, None).await.unwrap();
    assert_eq!(
        s.session(&first.secret)
            .await
            .unwrap()
            .map(|x| x.account_id),
        Some(aid)
    );
    // Logging in again rotates the id: the old secret no longer works.
    let second = s
        .create_session("wangfang", aid, Some(&first.secret))
        .await
        .unwrap();
    assert!(s.session(&first.secret).await.unwrap().is_none());
    assert_ne!(first.csrf, second.csrf);
    s.end_session(&second.secret).await.unwrap();
    assert!(s.session(&second.secret).await.unwrap().is_none());

    let token = s
        .create_access_token(aid, "wangfang", "script")
        .await
        .unwrap();
    assert_eq!(s.access_token_account(&token).await.unwrap(), Some(aid));
    let id = s.access_tokens(aid).await.unwrap()[0].id;
    s.revoke_access_token(aid, "wangfang", id).await.unwrap();
    assert_eq!(s.access_token_account(&token).await.unwrap(), None);
}
