//! Static assets (stylesheet, icons), embedded in the binary from `static/`.
//!
//! Embedding serves them from memory, works from any working directory, and makes path traversal
//! impossible: a request can only name one of the files listed here. Each URL carries a content
//! hash (`?v=…`), so assets are cached for a year and a changed file gets a new URL; any other
//! URL of an asset (no hash, or an old one) is revalidated by its `ETag` instead, so that a link
//! someone copied without the hash never pins an old stylesheet for a year.
//!
//! Each asset is compressed once per process, with brotli and gzip at their best settings
//! ([`precompress`] does it in the background at start), and served in the coding the client
//! prefers without compressing again.

use std::sync::{LazyLock, OnceLock};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha1::{Digest, Sha1};

use crate::web::encoding::{self, Coding, Effort};
use crate::web::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// `/static/{name}?v={hash}`
    url: String,
    /// `v={hash}`: the query of `url`.
    version: String,
    /// By `Coding as usize`: the quoted content hash, with `-gz` or `-br` for compressed forms
    /// (each form is a different representation to a cache).
    etags: [HeaderValue; 3],
    /// By `Coding as usize`, made on first use.
    forms: OnceLock<[Bytes; 3]>,
}

impl Asset {
    fn forms(&self) -> &[Bytes; 3] {
        self.forms.get_or_init(|| {
            Coding::ALL.map(|coding| match coding {
                Coding::Identity => Bytes::from_static(self.body),
                _ => encoding::encode(self.body, coding, Effort::Best),
            })
        })
    }
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
            let etag = |suffix: &str| {
                HeaderValue::from_str(&format!("\"{hash}{suffix}\"")).expect("hex is ASCII")
            };
            Asset {
                name,
                content_type,
                body,
                url: format!("/static/{name}?v={hash}"),
                version: format!("v={hash}"),
                etags: [etag(""), etag("-gz"), etag("-br")],
                forms: OnceLock::new(),
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

/// Compresses every asset now rather than on its first request (a few tens of milliseconds).
pub fn precompress() {
    for asset in ASSETS.iter() {
        asset.forms();
    }
}

pub async fn serve(
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let asset = find(&file).ok_or(AppError::NotFound("file"))?;
    // A client that refuses every coding gets the file; the compression layer then says 406.
    let coding = encoding::preferred(&headers).unwrap_or(Coding::Identity);
    let lifetime = if query.as_deref() == Some(asset.version.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    };
    let caching = [
        (header::CACHE_CONTROL, HeaderValue::from_static(lifetime)),
        (header::ETAG, asset.etags[coding as usize].clone()),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    // Every form holds the same file, so whichever the client kept is still good.
    let kept = headers.get(header::IF_NONE_MATCH);
    if kept.is_some_and(|kept| asset.etags.contains(kept)) {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    let mut response = (
        caching,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        )],
        asset.forms()[coding as usize].clone(),
    )
        .into_response();
    if let Some(value) = coding.header_value() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, value);
    }
    Ok(response)
}
