//! Each person's channels for their notices (the inbox always; e-mail and SMS
//! when they choose them) and their quiet hours.

use crate::{Result, Store, now_text};
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChannelPreference {
    pub email: bool,
    pub sms: bool,
    /// From and to, `HH:MM` in the users' zone; the window may cross midnight.
    pub quiet: Option<(String, String)>,
}

impl Store {
    /// A person's choice; nothing beyond the inbox until they choose.
    pub async fn channel_preference(&self, person_id: i64) -> Result<ChannelPreference> {
        let row = sqlx::query(
            "SELECT email, sms, quiet_from, quiet_to FROM channel_preferences WHERE person_id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(ChannelPreference::default());
        };
        let from: Option<String> = r.try_get("quiet_from")?;
        let to: Option<String> = r.try_get("quiet_to")?;
        Ok(ChannelPreference {
            email: r.try_get::<i64, _>("email")? != 0,
            sms: r.try_get::<i64, _>("sms")? != 0,
            quiet: from.zip(to),
        })
    }

    pub async fn set_channel_preference(
        &self,
        person_id: i64,
        p: &ChannelPreference,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO channel_preferences (person_id, email, sms, quiet_from, quiet_to, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (person_id) DO UPDATE SET email = $2, sms = $3, quiet_from = $4,
                quiet_to = $5, updated_at = $6",
        )
        .bind(person_id)
        .bind(i64::from(p.email))
        .bind(i64::from(p.sms))
        .bind(p.quiet.as_ref().map(|q| q.0.clone()))
        .bind(p.quiet.as_ref().map(|q| q.1.clone()))
        .bind(now_text())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What sending a notice to a person needs, in one read: their quiet
    /// hours, and the language they chose for the site, if they chose one.
    pub async fn delivery_settings(
        &self,
        person_id: i64,
    ) -> Result<(Option<(String, String)>, Option<String>)> {
        let row = sqlx::query(
            "SELECT c.quiet_from, c.quiet_to, a.locale
             FROM people p
             LEFT JOIN channel_preferences c ON c.person_id = p.id
             LEFT JOIN accounts a ON a.person_id = p.id
             WHERE p.id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok((None, None));
        };
        let from: Option<String> = r.try_get("quiet_from")?;
        let to: Option<String> = r.try_get("quiet_to")?;
        Ok((from.zip(to), r.try_get("locale")?))
    }
}
