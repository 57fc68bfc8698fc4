//! Rendered pages for identical requests, kept for as long as their data stays valid.
//!
//! In mock mode the catalog never changes, so a page rendered once is good until evicted. In live
//! mode a page lives as long as the shortest-lived data it may show (search results). Pages that
//! say they must not be kept ([`DoNotKeep`]: a block is missing, or the data is stale) are never
//! kept, nor are errors or status pages.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;

use crate::AppState;

/// Bytes of rendered pages kept at most.
const CAPACITY_BYTES: u64 = 8 * 1024 * 1024;
/// Larger answers are not kept (no page comes close).
const MAX_PAGE_BYTES: usize = 512 * 1024;

/// Marks an answer the cache must not keep (a response extension): a page missing one of its
/// blocks, or showing stale data.
#[derive(Debug, Clone, Copy)]
pub struct DoNotKeep;

#[derive(Clone)]
struct Cached {
    content_type: HeaderValue,
    body: Bytes,
}

pub struct PageCache {
    pages: Cache<String, Cached>,
}

impl PageCache {
    /// `lifetime: None` keeps pages until evicted (immutable data).
    pub fn new(lifetime: Option<Duration>) -> PageCache {
        let mut builder =
            Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|key: &String, page: &Cached| {
                    u32::try_from(key.len() + page.body.len()).unwrap_or(u32::MAX)
                });
        if let Some(lifetime) = lifetime {
            builder = builder.time_to_live(lifetime);
        }
        PageCache {
            pages: builder.build(),
        }
    }
}

/// Whether answers at `path` depend only on the URL and the catalog data.
fn cacheable(path: &str) -> bool {
    matches!(
        path,
        "/" | "/products" | "/search" | "/categories" | "/api/products" | "/api/categories"
    ) || path.starts_with("/products/")
        || path.starts_with("/api/products/")
}

pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.pages;
    if request.method() != Method::GET || !cacheable(request.uri().path()) {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(String::new, |pq| pq.as_str().to_string());
    if let Some(page) = cache.pages.get(&key) {
        return ([(header::CONTENT_TYPE, page.content_type)], page.body).into_response();
    }
    let response = next.run(request).await;
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    let keep = response.extensions().get::<DoNotKeep>().is_none()
        && response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CACHE_CONTROL);
    let (Some(content_type), true) = (content_type, keep) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => {
            cache.pages.insert(
                key,
                Cached {
                    content_type,
                    body: body.clone(),
                },
            );
            Response::from_parts(parts, Body::from(body))
        }
        // Too large to keep: the body is consumed, so answer as a server fault would.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
