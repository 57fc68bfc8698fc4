//! Rendered pages for identical requests, kept for as long as their data stays valid.
//!
//! In mock mode the catalog never changes, so a page rendered once is good until evicted. In live
//! mode a page lives as long as the shortest-lived data it may show (search results). Only what
//! [`may_keep`] allows is kept: never pages that say they must not be ([`DoNotKeep`]: a block is
//! missing, or the data is stale), errors or status pages.
//!
//! A page is kept compressed, in the codings clients asked for (see [`encoding`]), each made
//! once ([`Effort::Page`]) and served as kept without compressing again. Browsers only ever ask
//! for brotli, so most pages are kept as their brotli form alone, a sixth of the HTML's size; the
//! HTML itself is kept only when a client asks for it uncompressed. The memory bound counts every
//! form kept.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;

use crate::web::encoding::{self, Coding, Effort};

/// Bytes of kept pages at most, all their forms and keys counted.
const CAPACITY_BYTES: u64 = 8 * 1024 * 1024;
/// Larger answers are not kept (no page comes close).
const MAX_PAGE_BYTES: usize = 512 * 1024;
/// What one entry costs beyond its key and bodies (the cache's node, the header value, the
/// `Bytes` handles), so that many tiny pages cannot exceed the bound.
const ENTRY_OVERHEAD_BYTES: usize = 256;

/// Marks an answer the cache must not keep (a response extension): a page missing one of its
/// blocks, or showing stale data.
#[derive(Debug, Clone, Copy)]
pub struct DoNotKeep;

/// A kept page in the codings asked for so far.
#[derive(Clone)]
struct Cached {
    content_type: HeaderValue,
    /// By `Coding as usize`; at least one is set.
    bodies: [Option<Bytes>; 3],
}

impl Cached {
    fn new(content_type: HeaderValue, coding: Coding, body: Bytes) -> Cached {
        Cached {
            content_type,
            bodies: [None, None, None],
        }
        .with(coding, body)
    }

    fn body(&self, coding: Coding) -> Option<&Bytes> {
        self.bodies[coding as usize].as_ref()
    }

    /// The page itself: kept uncompressed, or decoded from a kept form.
    fn original(&self) -> Option<Bytes> {
        if let Some(html) = self.body(Coding::Identity) {
            return Some(html.clone());
        }
        Coding::ALL.into_iter().find_map(|coding| {
            let body = self.body(coding)?;
            encoding::decode(body, coding).ok()
        })
    }

    fn with(&self, coding: Coding, body: Bytes) -> Cached {
        let mut page = self.clone();
        page.bodies[coding as usize] = Some(body);
        page
    }

    fn weight(&self, key: &str) -> u32 {
        let bodies: usize = self.bodies.iter().flatten().map(Bytes::len).sum();
        u32::try_from(key.len() + bodies + ENTRY_OVERHEAD_BYTES).unwrap_or(u32::MAX)
    }
}

pub struct PageCache {
    pages: Cache<String, Cached>,
}

impl PageCache {
    /// `lifetime: None` keeps pages until evicted (immutable data).
    pub fn new(lifetime: Option<Duration>) -> PageCache {
        let mut builder = Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|key: &String, page: &Cached| page.weight(key));
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

/// Whether a freshly made answer may be kept and served to others: a whole page (200, with a
/// content type, not already encoded) that does not say [`DoNotKeep`] and sets no caching rules
/// of its own. The one place that decides it.
fn may_keep(response: &Response) -> bool {
    let headers = response.headers();
    response.extensions().get::<DoNotKeep>().is_none()
        && response.status() == StatusCode::OK
        && headers.contains_key(header::CONTENT_TYPE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::CACHE_CONTROL)
}

/// The cache in front of the app (its state is the cache alone: the state is cloned on every
/// request, and one pointer is cheaper than the whole `AppState`).
pub async fn serve_cached(
    State(cache): State<Arc<PageCache>>,
    mut request: Request,
    next: Next,
) -> Response {
    let coding = encoding::preferred(request.headers());
    let method = request.method();
    let (true, Some(coding)) = (
        (method == Method::GET || method == Method::HEAD) && cacheable(request.uri().path()),
        coding,
    ) else {
        // The compression layer compresses these as they go.
        return next.run(request).await;
    };
    // HEAD is answered as GET, so that its headers (Content-Encoding, Content-Length) are the
    // ones GET gets; the server (hyper) sends no body to a HEAD request whatever the answer holds.
    *request.method_mut() = Method::GET;
    let key = request.uri().path_and_query().map_or("", |pq| pq.as_str());
    if let Some(page) = cache.pages.get(key) {
        if let Some(body) = page.body(coding) {
            return answer(&page.content_type, coding, body.clone());
        }
        // Kept in another coding: this one is made once from it, and kept too.
        if let Some(original) = page.original() {
            let body = encoding::encode(&original, coding, Effort::Page);
            cache
                .pages
                .insert(key.to_owned(), page.with(coding, body.clone()));
            return answer(&page.content_type, coding, body);
        }
    }
    let key = key.to_owned();
    let response = next.run(request).await;
    if !may_keep(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(original) => {
            let content_type = parts.headers[header::CONTENT_TYPE].clone();
            // Made at its exact size: a rendered page holds spare capacity. Compressing runs on
            // the request's task: at most about half a millisecond, once per page and coding.
            let body = encoding::encode(&original, coding, Effort::Page);
            let page = Cached::new(content_type, coding, body.clone());
            cache.pages.insert(key, page.clone());
            answer(&page.content_type, coding, body)
        }
        // Too large to keep: the body is consumed, so answer as a server fault would.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A kept page as an answer. `Vary` tells shared caches that the body depends on
/// `Accept-Encoding`; an answer with `Content-Encoding` passes the compression layer untouched.
fn answer(content_type: &HeaderValue, coding: Coding, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(value) = coding.header_value() {
        headers.insert(header::CONTENT_ENCODING, value);
    }
    response
}
