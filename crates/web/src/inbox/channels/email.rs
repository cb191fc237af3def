//! E-mail over SMTP (lettre): UTF-8 headers and body, the subject encoded as
//! RFC 2047 asks, TLS or STARTTLS as the server's URL says, a timeout so that
//! a silent server fails the try instead of holding it.

use crate::http::state::SmtpConfig;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Mailer {
    pub fn new(config: &SmtpConfig, timeout: Duration) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
            .map_err(|e| format!("smtp url: {e}"))?
            .timeout(Some(timeout))
            .build();
        let from = config
            .from
            .parse()
            .map_err(|e| format!("from address {}: {e}", config.from))?;
        Ok(Mailer { transport, from })
    }

    /// Sends one message of the outbox; its `Message-ID` comes from its row,
    /// so a message offered again after a crash is known as the same one.
    pub async fn send(
        &self,
        outbox_id: i64,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), String> {
        let to = to.parse().map_err(|e| format!("address {to}: {e}"))?;
        let message = Message::builder()
            .message_id(Some(format!(
                "<{}@{}>",
                super::sms::key(outbox_id),
                self.from.email.domain()
            )))
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
