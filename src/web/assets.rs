//! Static assets (stylesheet, icons), embedded in the binary from `static/`.
//!
//! Embedding serves them from memory, works from any working directory, and makes path traversal
//! impossible: a request can only name one of the files listed here. Each URL carries a content
//! hash (`?v=…`), so assets are cached for a year and a changed file gets a new URL.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha1::{Digest, Sha1};

use crate::web::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// `/static/{name}?v={hash}`
    url: String,
    /// Quoted content hash.
    etag: HeaderValue,
}

const FILES: [(&str, &str, &[u8]); 2] = [
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/style.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../static/favicon.svg"),
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, content_type, body)| {
            let hash = hex::encode(&Sha1::digest(body)[..6]);
            Asset {
                name,
                content_type,
                body,
                url: format!("/static/{name}?v={hash}"),
                etag: HeaderValue::from_str(&format!("\"{hash}\"")).expect("hex is ASCII"),
            }
        })
        .collect()
});

fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

/// The fingerprinted URL of an embedded asset.
pub fn url(name: &str) -> &'static str {
    find(name).map_or("/static/missing", |asset| asset.url.as_str())
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let asset = find(&file).ok_or(AppError::NotFound("file"))?;
    let caching = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
        (header::ETAG, asset.etag.clone()),
    ];
    if headers.get(header::IF_NONE_MATCH) == Some(&asset.etag) {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    Ok((
        caching,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        )],
        asset.body,
    )
        .into_response())
}
