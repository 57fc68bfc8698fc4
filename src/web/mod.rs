//! The web layer: the router, one module per area (each page struct next to its handler), the
//! site layout, the error pages and the words shoppers read.
//!
//! Data flows one way: request → typed query ([`params`]) → provider → domain model → page struct
//! → template. Pages never see upstream JSON.

pub mod api;
pub mod assets;
pub mod auth;
pub mod categories;
pub mod crawlers;
pub mod csrf;
pub mod encoding;
pub mod error;
pub mod export;
pub mod home;
pub mod image_search;
pub mod images;
pub mod layout;
pub mod messages;
pub mod page_cache;
pub mod params;
pub mod products;
pub mod quote;
pub mod seo;
pub mod signals;
pub mod sitemap;
pub mod status;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{BoxError, Router, middleware};
use tower::ServiceBuilder;
use tower::limit::ConcurrencyLimitLayer;
use tower::load_shed::LoadShedLayer;
use tower::util::BoxCloneSyncService;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::provider::DataSource;
use crate::web::error::{AppError, render_errors};

/// How long one request may take before it is answered with a timeout page.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Requests handled at once; more are shed with a 503 page instead of queueing without bound.
pub const MAX_CONCURRENT_REQUESTS: usize = 1024;

/// The whole app as one service: the router, wrapped once in the middleware.
pub type App = BoxCloneSyncService<Request, Response, Infallible>;

/// Every route, with the middleware around the router as a whole (it runs before routing). Each
/// request clones the stack once, so the layers hold only what they use (the page cache, the
/// crawler rule) or the state behind one pointer.
pub fn router(state: AppState) -> App {
    let csp = content_security_policy(state.provider.source());
    let pages = state.pages.clone();
    let crawlers = state.crawlers.clone();
    let routes = Router::new()
        .route("/", get(home::page))
        .route("/products", get(products::list))
        .route("/search", get(products::search))
        .route("/products/{id}", get(products::detail))
        .route("/categories", get(categories::page))
        .route("/api-status", get(status::page))
        .route("/api/products", get(api::products))
        .route("/api/products/{id}", get(api::product))
        .route("/api/categories", get(api::categories))
        .route("/api/status", get(api::status))
        .route("/auth/1688", get(auth::start))
        .route("/api/callback", get(auth::callback))
        .route("/healthz", get(healthz))
        .route("/robots.txt", get(sitemap::robots))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/sitemap-{part}", get(sitemap::part))
        .route("/static/{file}", get(assets::serve))
        .route("/img/mock/{id}/{file}", get(images::own))
        .merge(quote::routes())
        .route(
            "/search/image",
            get(image_search::form)
                .post(image_search::submit)
                .layer(upload_limits()),
        )
        .route("/search/image/{key}", get(image_search::results))
        .route("/search/image/{key}/photo.jpg", get(image_search::photo))
        .route(
            "/api/search/image",
            post(image_search::api).layer(upload_limits()),
        )
        .fallback(not_found)
        .with_state(state.clone());
    let stack = ServiceBuilder::new()
        .map_response(IntoResponse::into_response)
        .layer(CompressionLayer::new())
        // Every answer may differ by Accept-Encoding: pages and assets kept compressed, others
        // compressed by the layer above.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        // Outside the limits and the error pages: a page answered from the cache costs next to
        // nothing, so it skips them.
        .layer(middleware::from_fn_with_state(
            pages,
            page_cache::serve_cached,
        ))
        // Outside the error pages, so that it sees the `Retry-After` each answer gives.
        .layer(middleware::from_fn_with_state(crawlers, crawlers::classify))
        .layer(middleware::from_fn_with_state(
            Arc::new(state),
            render_errors,
        ))
        .layer(HandleErrorLayer::new(|_: BoxError| async {
            StatusCode::SERVICE_UNAVAILABLE
        }))
        .layer(LoadShedLayer::new())
        .layer(ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .service(routes);
    BoxCloneSyncService::new(stack)
}

/// The upload routes' body limit: a declared length over it is refused (413) before the body is
/// read; a body that turns out longer stops being read at the limit.
fn upload_limits() -> ServiceBuilder<
    tower::layer::util::Stack<
        DefaultBodyLimit,
        tower::layer::util::Stack<RequestBodyLimitLayer, tower::layer::util::Identity>,
    >,
> {
    ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(image_search::MAX_BODY_BYTES))
        .layer(DefaultBodyLimit::max(image_search::MAX_BODY_BYTES))
}

/// No script at all, styles and images from the app itself (plus the 1688 image CDN when live).
fn content_security_policy(source: DataSource) -> HeaderValue {
    let images = match source {
        DataSource::Mock => "'self'",
        DataSource::Live => "'self' https://*.alicdn.com",
    };
    let policy = format!(
        "default-src 'none'; style-src 'self'; img-src {images}; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("the policy is plain ASCII")
}

async fn healthz() -> impl IntoResponse {
    (
        [(HeaderName::from_static("cache-control"), "no-store")],
        "ok",
    )
}

/// No route here. An address with a trailing slash (`/products/`) is sent to the one without
/// it, query kept; anything else is the themed 404.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    // Never `//host` or `/\host`: a browser reads those as another site.
    let local = trimmed.len() > 1 && !trimmed[1..].starts_with(['/', '\\']);
    if trimmed != path && local {
        let target = match uri.query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        return Redirect::permanent(&target).into_response();
    }
    AppError::NotFound("page").into_response()
}
