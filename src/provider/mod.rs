//! Where product data comes from: one narrow trait, two implementations.
//!
//! [`mock::MockCatalog`] is a deterministic sample catalog used when no 1688 credentials are
//! configured; the gateway provider talks to the signed 1688 Open Platform gateway. Pages hold an
//! `Arc<dyn Provider>` and never know which one they got, except through [`Provider::source`].

pub mod cached;
pub mod gateway;
pub mod mock;

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;

use crate::catalog::{Category, CategoryId, Page, Product, ProductId, ProductSummary, SearchQuery};

/// Which kind of data a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    Mock,
    Live,
}

impl DataSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            DataSource::Mock => "mock",
            DataSource::Live => "live",
        }
    }
}

/// How much a page needs an answer, which decides whether it may wait for an upstream call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The page is this answer: wait (boundedly) for an upstream call slot.
    Required,
    /// A block the page can do without (a shelf, related products, a category grid): call
    /// upstream only if a slot is free right now, never wait for one.
    Optional,
}

/// What a provider can answer, so pages offer only what works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether a search needs neither a keyword nor a category (the mock lists everything; the
    /// 1688 search needs one or the other).
    pub browse_without_keyword: bool,
}

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    fn source(&self) -> DataSource;

    fn capabilities(&self) -> Capabilities;

    /// Products matching `query`, one page of them.
    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Page<ProductSummary>, ProviderError>;

    /// One product with everything the detail page shows; [`ProviderError::NotFound`] if unknown.
    async fn product(&self, id: ProductId, need: Need) -> Result<Product, ProviderError>;

    /// The category tree, roots first, as deep as this provider knows it without extra cost
    /// (deeper levels come one node at a time through [`Provider::category`]).
    async fn categories(&self, need: Need) -> Result<Arc<Vec<Category>>, ProviderError>;

    /// One category with its children; [`ProviderError::NotFound`] if unknown.
    async fn category(&self, id: CategoryId, need: Need) -> Result<Category, ProviderError>;

    /// Checks that show whether this provider works (for `/api-status`).
    async fn status(&self) -> Vec<Check>;

    /// The most upstream calls one run of [`Provider::status`] makes (for the diagnostics
    /// allowance); 0 for a source that costs nothing.
    fn status_calls(&self) -> u32 {
        0
    }

    /// How much of the upstream budget is used, for `/api-status`; `None` when nothing is metered.
    fn usage(&self) -> Option<Usage> {
        None
    }
}

/// Upstream usage, as `/api-status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Usage {
    pub calls_today: u32,
    pub daily_limit: Option<u32>,
    pub calls_last_minute: u32,
    pub calls_per_second: Option<f64>,
    /// Seconds left of an app-wide pause after a rate-limit answer.
    pub backoff_seconds: Option<u64>,
    pub last_error: Option<LastError>,
    pub cache: Option<CacheStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastError {
    pub code: &'static str,
    pub message: String,
    pub seconds_ago: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub stale_served: u64,
    pub entries: u64,
}

/// The outcome of one diagnostic check, shown on `/api-status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What was checked, e.g. "Signed call: system.currentTime".
    pub name: String,
    pub ok: bool,
    pub latency_ms: Option<u64>,
    /// What happened, in the user's words.
    pub detail: String,
    /// Classified cause on failure (a [`ProviderError::code`]).
    pub error_code: Option<&'static str>,
    /// What to do about a failure.
    pub remedy: Option<String>,
}

/// Why the upstream could not answer. Messages never contain secrets or upstream bodies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("not found")]
    NotFound,
    #[error("the gateway rejected the request signature")]
    InvalidSignature,
    #[error("the gateway does not recognise the app key")]
    AppKeyRejected,
    #[error("the access token is missing, invalid or expired")]
    Unauthorized,
    #[error("the app has no permission for API {api}")]
    PermissionDenied { api: String },
    #[error("the gateway is rate limiting this app")]
    RateLimited,
    #[error("the app's API quota is used up")]
    QuotaExhausted,
    #[error("no 1688 call slot came free in time (this store paces its calls)")]
    Throttled,
    #[error("the gateway refused the request: {0}")]
    BadRequest(String),
    #[error("the gateway is unavailable: {0}")]
    Unavailable(String),
}

impl ProviderError {
    /// Timeouts, 5xx, rate limiting and a spent quota pass; a cached answer may stand in for them.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ProviderError::Unavailable(_)
                | ProviderError::RateLimited
                | ProviderError::QuotaExhausted
                | ProviderError::Throttled
        )
    }

    /// A stable machine-readable code, used in JSON answers.
    pub fn code(&self) -> &'static str {
        match self {
            ProviderError::NotFound => "not_found",
            ProviderError::InvalidSignature => "invalid_signature",
            ProviderError::AppKeyRejected => "app_key_rejected",
            ProviderError::Unauthorized => "unauthorized",
            ProviderError::PermissionDenied { .. } => "permission_denied",
            ProviderError::RateLimited => "rate_limited",
            ProviderError::QuotaExhausted => "quota_exhausted",
            ProviderError::Throttled => "throttled",
            ProviderError::BadRequest(_) => "bad_request",
            ProviderError::Unavailable(_) => "unavailable",
        }
    }

    /// What a shopper is told on an error page.
    pub fn shopper_message(&self) -> String {
        match self {
            ProviderError::NotFound => "We could not find that on 1688.".into(),
            ProviderError::RateLimited | ProviderError::Throttled => {
                "1688 is receiving too many requests from this store right now. Please try again in a minute."
                    .into()
            }
            ProviderError::QuotaExhausted => {
                "This store has used up its 1688 data allowance for now. Please try again later.".into()
            }
            ProviderError::Unavailable(_) => {
                "1688 did not answer in time or answered with an error. Please try again shortly.".into()
            }
            _ => "This store cannot reach 1688 because of a configuration problem. The store owner can see the cause on the API status page."
                .into(),
        }
    }

    /// What the store owner should do about it (shown on `/api-status`).
    pub fn remedy(&self) -> String {
        match self {
            ProviderError::NotFound => "Check the offer id; the offer may have been removed from 1688.".into(),
            ProviderError::InvalidSignature => "Re-copy the App Secret from the 1688 console into ALIBABA_APP_SECRET (no quotes, no spaces).".into(),
            ProviderError::AppKeyRejected => "Check ALIBABA_APP_KEY: it must be the numeric App Key of your app in the 1688 console.".into(),
            ProviderError::Unauthorized => "Authorize the app: as the owner, open /auth/1688?admin= followed by STOREFRONT_ADMIN_TOKEN, or set ALIBABA_ACCESS_TOKEN to a valid access token.".into(),
            ProviderError::PermissionDenied { api } => format!("Apply for API permission `{api}` for your app in the 1688 console."),
            ProviderError::RateLimited => "Wait for the rate limit to pass, and lower ALIBABA_QPS if it keeps happening.".into(),
            ProviderError::QuotaExhausted => "The API quota is exhausted until it resets (ALIBABA_DAILY_LIMIT counts calls per day, China time); buy more calls in the 1688 console or wait.".into(),
            ProviderError::Throttled => "Too many pages needed 1688 at once; they are served from the cache when possible. Raise ALIBABA_QPS if your plan allows more calls per second.".into(),
            ProviderError::BadRequest(_) => "The gateway refused a parameter; this is a bug in the storefront, please report it.".into(),
            ProviderError::Unavailable(_) => "Check the network and ALIBABA_API_URL; the gateway may be down, try again later.".into(),
        }
    }
}
