//! HTTP routes: one module per area, each page struct next to its handler.

pub mod api;
pub mod auth;
pub mod categories;
pub mod encoding;
pub mod home;
pub mod images;
pub mod page_cache;
pub mod params;
pub mod products;
pub mod status;

use std::time::Duration;

use askama::Template;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{BoxError, Router, middleware};
use rust_decimal::Decimal;
use tower::ServiceBuilder;
use tower::limit::ConcurrencyLimitLayer;
use tower::load_shed::LoadShedLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::assets;
use crate::config::DisplayCurrency;
use crate::error::{AppError, render_errors};
use crate::format::human_duration;
use crate::provider::DataSource;
use crate::provider::cached::freshness;

/// How long one request may take before it is answered with a timeout page.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Requests handled at once; more are shed with a 503 page instead of queueing without bound.
pub const MAX_CONCURRENT_REQUESTS: usize = 1024;

pub fn router(state: AppState) -> Router {
    let csp = content_security_policy(state.provider.source());
    Router::new()
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
        .route("/static/{file}", get(assets::serve))
        .route("/img/mock/{id}/{file}", get(images::mock))
        .fallback(not_found)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: BoxError| async {
                    StatusCode::SERVICE_UNAVAILABLE
                }))
                .layer(LoadShedLayer::new())
                .layer(ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS)),
        )
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        // Outside the limits and the error pages: a page answered from the cache costs next to
        // nothing, so it skips them.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve_cached,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        // Every answer may differ by Accept-Encoding: pages and assets kept compressed, others
        // compressed by the layer below.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
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

async fn not_found() -> AppError {
    AppError::NotFound("page")
}

/// What the site layout (`base.html`) needs on every page.
pub struct Layout {
    pub title: String,
    pub source: DataSource,
    /// The text in the header's search box.
    pub search_value: String,
    pub currency: Option<DisplayCurrency>,
    pub stylesheet: &'static str,
    pub favicon: &'static str,
    /// Set when the page shows saved answers because 1688 is failing.
    pub stale_notice: Option<String>,
}

impl Layout {
    pub fn new(state: &AppState, title: &str) -> Layout {
        Layout {
            title: title.to_string(),
            source: state.provider.source(),
            search_value: String::new(),
            currency: state.config.display_currency.clone(),
            stylesheet: assets::url("style.css"),
            favicon: assets::url("favicon.svg"),
            stale_notice: freshness::current().map(|age| {
                format!(
                    "1688 is not answering right now, so this page shows data saved {} ago. Prices and stock may have changed since.",
                    human_duration(age)
                )
            }),
        }
    }

    pub fn with_search(mut self, keyword: Option<&str>) -> Layout {
        self.search_value = keyword.unwrap_or_default().to_string();
        self
    }

    pub fn is_live(&self) -> bool {
        self.source == DataSource::Live
    }

    /// A price in yuan, e.g. `¥12.50`.
    pub fn cny(&self, price: impl Amount) -> String {
        format!("¥{:.2}", price.amount())
    }

    /// The approximate price in the display currency, e.g. `≈ USD 1.75`, if one is configured.
    pub fn approx(&self, price: impl Amount) -> Option<String> {
        self.currency
            .as_ref()
            .map(|c| format!("≈ {} {:.2}", c.code, (price.amount() * c.rate).round_dp(2)))
    }
}

/// A price as templates hand it over: by value or behind any number of references.
pub trait Amount {
    fn amount(&self) -> Decimal;
}

impl Amount for Decimal {
    fn amount(&self) -> Decimal {
        *self
    }
}

impl<T: Amount + ?Sized> Amount for &T {
    fn amount(&self) -> Decimal {
        (**self).amount()
    }
}

/// Renders a template into an HTML response; a rendering failure becomes the 500 page.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => AppError::Internal(format!("template: {error}")).into_response(),
    }
}
