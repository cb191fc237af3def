//! SMS through the configured HTTP gateway: the body template filled with the
//! number, the text and the message's key (escaped as JSON when the template
//! is JSON, as a form otherwise), the `Authorization` header it wants, a
//! timeout; any answer but a 2xx fails the try.
//!
//! Each request carries the message's key in `Idempotency-Key` (and `{id}`
//! for gateways that take it in the body): a server killed after the gateway
//! took a message but before the outbox marked it sent offers that message
//! once more, with the same key, and the gateway drops the copy.

use crate::http::state::SmsConfig;
use std::time::Duration;

/// The key a message is offered under, the same on every try.
pub fn key(outbox_id: i64) -> String {
    format!("chuangxian-{outbox_id}")
}

/// The template with `{to}`, `{text}` and `{id}` filled in, and its content type.
pub fn fill(template: &str, id: &str, to: &str, text: &str) -> (String, &'static str) {
    if template.trim_start().starts_with('{') {
        let json = |s: &str| {
            let quoted = serde_json::Value::String(s.to_string()).to_string();
            quoted[1..quoted.len() - 1].to_string()
        };
        (
            template
                .replace("{id}", &json(id))
                .replace("{to}", &json(to))
                .replace("{text}", &json(text)),
            "application/json",
        )
    } else {
        let form =
            |s: &str| serde_urlencoded::to_string([("", s)]).unwrap_or_default()[1..].to_string();
        (
            template
                .replace("{id}", &form(id))
                .replace("{to}", &form(to))
                .replace("{text}", &form(text)),
            "application/x-www-form-urlencoded",
        )
    }
}

/// The gateway with one connection kept open between messages.
pub struct Gateway<'a> {
    config: &'a SmsConfig,
    agent: ureq::Agent,
}

impl<'a> Gateway<'a> {
    pub fn new(config: &'a SmsConfig, timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .new_agent();
        Gateway { config, agent }
    }

    pub async fn send(&self, outbox_id: i64, to: &str, text: &str) -> Result<(), String> {
        let key = key(outbox_id);
        let (body, content_type) = fill(&self.config.template, &key, to, text);
        let (agent, url, auth) = (
            self.agent.clone(),
            self.config.url.clone(),
            self.config.auth.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let mut request = agent
                .post(&url)
                .header("Content-Type", content_type)
                .header("Idempotency-Key", &key);
            if let Some(auth) = &auth {
                request = request.header("Authorization", auth);
            }
            match request.send(body.as_bytes()) {
                Ok(res) if res.status().is_success() => Ok(()),
                Ok(res) => Err(format!("gateway answered {}", res.status())),
                Err(e) => Err(format!("gateway: {e}")),
            }
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn the_template_is_filled_as_json_or_as_a_form() {
        let (body, kind) = fill(
            r#"{"mobile":"{to}","content":"{text}","out_id":"{id}"}"#,
            "chuangxian-7",
            "13800000000",
            "请于\"周五\"前完成",
        );
        assert_eq!(
            body,
            r#"{"mobile":"13800000000","content":"请于\"周五\"前完成","out_id":"chuangxian-7"}"#
        );
        assert_eq!(kind, "application/json");
        let (body, _) = fill("to={to}&msg={text}", "k", "+86 138", "a&b=c");
        assert_eq!(body, "to=%2B86+138&msg=a%26b%3Dc");
    }
}
