//! Loading for `chuangxian bench sms`: a mobile number for every person who
//! has none, made from their id so that each is distinct.

use crate::{Result, Store};

impl Store {
    /// Gives every person without a number one (`13` and nine digits); how many.
    pub async fn bench_phones(&self) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE people SET phone = '13' || CAST(900000000 + id AS TEXT)
             WHERE phone IS NULL OR phone = ''",
        )
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}
