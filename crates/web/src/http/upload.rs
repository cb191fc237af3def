//! Files people upload with a form: reading a multipart form, and knowing an
//! image or PDF by its bytes, never by its name.

use crate::http::error::AppError;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use std::collections::HashMap;

/// The largest evidence file (an image or a PDF).
pub const MAX_EVIDENCE: usize = 4 * 1024 * 1024;

/// A multipart form as read: its text fields, and the file of the field named
/// when one was chosen (its name and bytes). Text and file names with control
/// characters are refused, as the text guard refuses them elsewhere.
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Vec<u8>)>,
    /// Every file chosen in that field, for a field that takes several.
    pub files: Vec<(String, Vec<u8>)>,
}

impl MultipartForm {
    /// A text field, or empty.
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

fn refused(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::bad_request("error-bad-request")
    }
}

/// Reads a multipart form whose file comes in the field `file_field`.
pub async fn read_multipart(
    mut multipart: Multipart,
    file_field: &str,
) -> Result<MultipartForm, AppError> {
    let mut fields = HashMap::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            let filename = crate::http::text_guard::checked(
                field.file_name().unwrap_or_default().to_string(),
            )?;
            let bytes = field.bytes().await.map_err(refused)?;
            if !filename.is_empty() && !bytes.is_empty() {
                files.push((filename, bytes.to_vec()));
            }
        } else {
            let text = field.text().await.map_err(refused)?;
            fields.insert(name, crate::http::text_guard::checked(text)?);
        }
    }
    Ok(MultipartForm {
        fields,
        file: files.last().cloned(),
        files,
    })
}

/// Uploaded files checked as evidence: each an image or a PDF by its bytes and
/// at most [`MAX_EVIDENCE`]; else a refusal of `field`.
pub fn evidence_files(
    files: Vec<(String, Vec<u8>)>,
    field: &'static str,
) -> Result<Vec<store::commitment::EvidenceFile>, AppError> {
    files
        .into_iter()
        .map(|(filename, body)| {
            if body.len() > MAX_EVIDENCE {
                return Err(AppError::TooLarge);
            }
            let content_type = evidence_type(&body)
                .ok_or(AppError::invalid(field, "upload-error-type"))?
                .to_string();
            Ok(store::commitment::EvidenceFile {
                filename,
                content_type,
                body,
            })
        })
        .collect()
}

/// Image or PDF, told by the bytes themselves, never by the name.
pub fn evidence_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::evidence_type;

    #[test]
    fn evidence_is_known_by_its_bytes() {
        assert_eq!(evidence_type(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(evidence_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(evidence_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(evidence_type(b"MZ\x90\x00 pretending.pdf"), None);
        assert_eq!(evidence_type(b"<html>"), None);
    }
}
