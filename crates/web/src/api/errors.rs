//! The refusals every operation can answer, written into the OpenAPI document
//! once: each operation lists 400, 401, 403, 404 and 422 (and 413 and 415 where
//! it takes a body), each with the one JSON shape every refusal has.

use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, PartialSchema, ToSchema};

/// A refusal, in the caller's language.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable message id, e.g. `error-forbidden`.
    pub error: String,
    /// The same for people.
    pub message: String,
    /// The field the request got wrong, where one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Why a refusal comes, by status.
const REFUSALS: [(&str, &str); 7] = [
    (
        "400",
        "The request cannot be served as it was sent (now, or in this state).",
    ),
    ("401", "No credentials, or they are no longer valid."),
    ("403", "The caller may not do this."),
    (
        "404",
        "Nothing with this id, or nothing the caller may see.",
    ),
    ("413", "The body is larger than allowed."),
    ("415", "The body is not of the kind the operation takes."),
    (
        "422",
        "The body does not read as the operation's input, or a field is wrong.",
    ),
];

pub struct Refusals;

impl Modify for Refusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .schemas
            .insert("ErrorBody".into(), ErrorBody::schema());
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                add_refusals(op);
            }
        }
    }
}

fn add_refusals(op: &mut Operation) {
    let takes_body = op.request_body.is_some();
    for (status, why) in REFUSALS {
        if matches!(status, "413" | "415") && !takes_body {
            continue;
        }
        let body = || {
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(Ref::from_schema_name("ErrorBody"))))
                .build()
        };
        match op.responses.responses.get_mut(status) {
            // Declared bare: it is a refusal, with the refusal's body. One that
            // says what it holds (errors by field, by item) keeps its own.
            Some(RefOr::T(r)) if r.content.is_empty() && r.description.is_empty() => {
                r.description = why.into();
                r.content
                    .insert("application/json".into(), RefOr::T(body()));
            }
            Some(_) => {}
            None => {
                let r = ResponseBuilder::new()
                    .description(why)
                    .content("application/json", body())
                    .build();
                op.responses.responses.insert(status.into(), RefOr::T(r));
            }
        }
    }
}
