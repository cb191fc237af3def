//! The flags that turn on e-mail and SMS, shared by `serve` and `demo`; each
//! channel stays off (the outbox is the channel) until its flag is given.

use web::{ChannelConfig, SmsConfig, SmtpConfig};

#[derive(clap::Args, Clone, Debug)]
pub struct ChannelArgs {
    /// SMTP server: smtp://user:pass@host:587?tls=required (STARTTLS),
    /// smtps://user:pass@host:465 (TLS), or smtp://127.0.0.1:2525 (plain).
    #[arg(long, env = "CHUANGXIAN_SMTP")]
    smtp: Option<String>,
    /// The address mail comes from.
    #[arg(
        long,
        env = "CHUANGXIAN_MAIL_FROM",
        default_value = "创先争优 <noreply@localhost>"
    )]
    mail_from: String,
    /// The HTTP gateway that sends SMS (POST).
    #[arg(long, env = "CHUANGXIAN_SMS_GATEWAY")]
    sms_gateway: Option<String>,
    /// The `Authorization` header the gateway wants, e.g. "Bearer …".
    #[arg(long, env = "CHUANGXIAN_SMS_AUTH")]
    sms_auth: Option<String>,
    /// The request body, with {to} and {text}: JSON when it starts with `{`, a form otherwise.
    #[arg(
        long,
        env = "CHUANGXIAN_SMS_TEMPLATE",
        default_value = r#"{"to":"{to}","text":"{text}"}"#
    )]
    sms_template: String,
    /// The site's address as people reach it, for the links in mail and SMS.
    #[arg(long, env = "CHUANGXIAN_SITE_URL")]
    site_url: Option<String>,
    /// Messages a second the gateway takes.
    #[arg(long, env = "CHUANGXIAN_SMS_RATE", default_value_t = 20)]
    sms_rate: u32,
}

impl ChannelArgs {
    pub fn config(&self) -> ChannelConfig {
        ChannelConfig {
            smtp: self.smtp.clone().map(|url| SmtpConfig {
                url,
                from: self.mail_from.clone(),
            }),
            sms: self.sms_gateway.clone().map(|url| SmsConfig {
                url,
                auth: self.sms_auth.clone(),
                template: self.sms_template.clone(),
                per_second: self.sms_rate.max(1),
            }),
            site_url: self.site_url.clone(),
            ..ChannelConfig::default()
        }
    }
}
