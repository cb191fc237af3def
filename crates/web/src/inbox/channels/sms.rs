//! SMS through the configured HTTP gateway: the body template filled with the
//! number and the text (escaped as JSON when the template is JSON, as a form
//! otherwise), the `Authorization` header it wants, a timeout; any answer but
//! a 2xx fails the try.

use crate::http::state::SmsConfig;
use std::time::Duration;

/// The template with `{to}` and `{text}` filled in, and its content type.
pub fn fill(template: &str, to: &str, text: &str) -> (String, &'static str) {
    if template.trim_start().starts_with('{') {
        let json = |s: &str| {
            let quoted = serde_json::Value::String(s.to_string()).to_string();
            quoted[1..quoted.len() - 1].to_string()
        };
        (
            template
                .replace("{to}", &json(to))
                .replace("{text}", &json(text)),
            "application/json",
        )
    } else {
        let form =
            |s: &str| serde_urlencoded::to_string([("", s)]).unwrap_or_default()[1..].to_string();
        (
            template
                .replace("{to}", &form(to))
                .replace("{text}", &form(text)),
            "application/x-www-form-urlencoded",
        )
    }
}

pub async fn send(config: &SmsConfig, to: &str, text: &str) -> Result<(), String> {
    let (body, content_type) = fill(&config.template, to, text);
    let (url, auth) = (config.url.clone(), config.auth.clone());
    tokio::task::spawn_blocking(move || {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .new_agent();
        let mut request = agent.post(&url).header("Content-Type", content_type);
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

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn the_template_is_filled_as_json_or_as_a_form() {
        let (body, kind) = fill(
            r#"{"mobile":"{to}","content":"{text}"}"#,
            "13800000000",
            "请于\"周五\"前完成",
        );
        assert_eq!(
            body,
            r#"{"mobile":"13800000000","content":"请于\"周五\"前完成"}"#
        );
        assert_eq!(kind, "application/json");
        let (body, _) = fill("to={to}&msg={text}", "+86 138", "a&b=c");
        assert_eq!(body, "to=%2B86+138&msg=a%26b%3Dc");
    }
}
