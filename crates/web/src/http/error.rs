//! One error type at the edge. Handlers return `AppError`; a refusal says why in
//! words people read (a message id, its arguments and the field it is about).
//! The `error_page` layer renders every error status into a page in the person's
//! language, or into the one JSON shape of the API ([`ErrorBody`]). Internal
//! details go to the log, never to the client.
//!
//! [`ErrorBody`]: crate::http::api_doc::ErrorBody

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthorized,
    /// The request is refused for a reason the person can act on.
    #[error("refused: {}", .0.message_id)]
    Refused(Box<Refusal>),
    #[error("too large")]
    TooLarge,
    #[error("unsupported media")]
    Unsupported,
    #[error("internal: {0}")]
    Internal(String),
}

/// Why a request is refused: a message id with its arguments, the field it is
/// about, and for a form of many rows each row's own problem.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The field the request got wrong, as the form or JSON body names it.
    pub field: Option<String>,
    /// The problems of a form of many rows (items, days, roster rows).
    pub errors: Vec<FieldRefusal>,
    /// A used code's receipt: the ballot it already cast.
    pub receipt: Option<String>,
}

/// One field's problem in a form of many rows.
#[derive(Clone, Debug)]
pub struct FieldRefusal {
    pub field: String,
    /// The row, item or target the field belongs to.
    pub index: Option<usize>,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldRefusal {
    pub fn new(field: impl Into<String>, message_id: &'static str) -> FieldRefusal {
        FieldRefusal {
            field: field.into(),
            index: None,
            message_id,
            args: Vec::new(),
        }
    }

    pub fn at(mut self, index: usize) -> FieldRefusal {
        self.index = Some(index);
        self
    }

    pub fn with_args(mut self, args: Vec<(&'static str, String)>) -> FieldRefusal {
        self.args = args;
        self
    }
}

impl AppError {
    /// A refusal with `status`; the functions below name the usual ones.
    pub fn refusal(status: StatusCode, message_id: &'static str) -> AppError {
        AppError::Refused(Box::new(Refusal {
            status,
            message_id,
            args: Vec::new(),
            field: None,
            errors: Vec::new(),
            receipt: None,
        }))
    }

    /// 400: the request cannot be served as sent, or not in this state.
    pub fn bad_request(message_id: &'static str) -> AppError {
        AppError::refusal(StatusCode::BAD_REQUEST, message_id)
    }

    /// 422: a field is wrong.
    pub fn invalid(field: impl Into<String>, message_id: &'static str) -> AppError {
        AppError::refusal(StatusCode::UNPROCESSABLE_ENTITY, message_id).on_field(field)
    }

    /// 422: the request as a whole is wrong, with no one field to blame.
    pub fn unprocessable(message_id: &'static str) -> AppError {
        AppError::refusal(StatusCode::UNPROCESSABLE_ENTITY, message_id)
    }

    /// 422: several fields of a form of many rows are wrong.
    pub fn invalid_fields(message_id: &'static str, errors: Vec<FieldRefusal>) -> AppError {
        let mut e = AppError::refusal(StatusCode::UNPROCESSABLE_ENTITY, message_id);
        if let AppError::Refused(r) = &mut e {
            r.errors = errors;
        }
        e
    }

    /// 409: the thing is not in a state that allows this.
    pub fn conflict(message_id: &'static str) -> AppError {
        AppError::refusal(StatusCode::CONFLICT, message_id)
    }

    /// 429: too many of these from one place.
    pub fn too_many(message_id: &'static str) -> AppError {
        AppError::refusal(StatusCode::TOO_MANY_REQUESTS, message_id)
    }

    /// The same refusal with the message's arguments.
    pub fn with_args(mut self, args: Vec<(&'static str, String)>) -> AppError {
        if let AppError::Refused(r) = &mut self {
            r.args = args;
        }
        self
    }

    /// The same refusal, about `field`.
    pub fn on_field(mut self, field: impl Into<String>) -> AppError {
        if let AppError::Refused(r) = &mut self {
            r.field = Some(field.into());
        }
        self
    }

    /// The same refusal, with the receipt of the ballot a used code cast.
    pub fn with_receipt(mut self, receipt: String) -> AppError {
        if let AppError::Refused(r) = &mut self {
            r.receipt = Some(receipt);
        }
        self
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Refused(r) => r.status,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The refusal's message id, where the error is a refusal.
    pub fn message_id(&self) -> Option<&'static str> {
        match self {
            AppError::Refused(r) => Some(r.message_id),
            _ => None,
        }
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> AppError {
        match e {
            store::StoreError::NotFound => AppError::NotFound,
            // A refusal the store names: the thing is not in a state that
            // allows this, and the person's request, not the server, is at fault.
            store::StoreError::Conflict(m) => AppError::conflict(m),
            // A unique value someone else holds, named by its field.
            store::StoreError::Taken(field) => AppError::invalid(field, "error-taken"),
            e if e.is_unstorable_text() => AppError::bad_request("field-control-form"),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Failures of writing a workbook, rendering a template, a JSON value or a QR
/// code: the server's fault, logged and answered with a 500.
macro_rules! internal_from {
    ($($error:ty),*) => {$(
        impl From<$error> for AppError {
            fn from(e: $error) -> AppError {
                AppError::Internal(e.to_string())
            }
        }
    )*};
}
internal_from!(
    rust_xlsxwriter::XlsxError,
    askama::Error,
    serde_json::Error,
    qrcode::types::QrError
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(error = %detail, "internal error");
        }
        let status = self.status();
        let refusal = match self {
            AppError::Refused(r) => *r,
            _ => Refusal {
                status,
                message_id: message_for(status),
                args: Vec::new(),
                field: None,
                errors: Vec::new(),
                receipt: None,
            },
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(refusal);
        res
    }
}

/// The message id for an error status.
pub fn message_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::UNAUTHORIZED => "error-unauthorized",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-unsupported",
        StatusCode::REQUEST_TIMEOUT => "error-timeout",
        StatusCode::BAD_REQUEST => "error-bad-request",
        // A body that does not read as the form or JSON it should be.
        StatusCode::UNPROCESSABLE_ENTITY => "error-unprocessable",
        _ => "error-internal",
    }
}
