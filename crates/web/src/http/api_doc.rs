//! The OpenAPI document's frame: its title, bearer authentication, and the
//! refusals every operation can answer, written in once: each operation lists
//! 400, 401, 403, 404, 409 and 422 (and 413 and 415 where it takes a body), each
//! with the one JSON shape every refusal has. The areas declare the operations.

use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

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
    /// Each field's problem, where a request of many rows (items, days, roster
    /// rows, a ballot's targets) got several wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a code that already voted: the receipt of the ballot it cast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
}

/// One field's problem in a request of many rows.
#[derive(Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    /// The row, item, day or target it is in: a position in the request's list,
    /// a roster's row number, or a target's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    pub message: String,
}

/// The id of what an operation made.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "chuangxian API", description = "创先争优 campaign system"),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// The document's frame, before the areas add their operations.
pub fn frame() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document once every operation is in: the bearer scheme and the refusals.
pub fn finish(mut openapi: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    Refusals.modify(&mut openapi);
    openapi
}

/// Why a refusal comes, by status.
const REFUSALS: [(&str, &str); 8] = [
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
    (
        "409",
        "The thing is not in a state that allows this (waiting, closed, decided).",
    ),
    ("413", "The body is larger than allowed."),
    ("415", "The body is not of the kind the operation takes."),
    (
        "422",
        "The body does not read as the operation's input, or a field is wrong.",
    ),
];

struct Refusals;

impl Modify for Refusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .schemas
            .insert("ErrorBody".into(), ErrorBody::schema());
        components
            .schemas
            .insert("FieldError".into(), FieldError::schema());
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
