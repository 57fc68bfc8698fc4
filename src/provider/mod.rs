//! Where product data comes from: one narrow trait, several implementations.
//!
//! [`mock::MockCatalog`] is a deterministic sample catalog used when no credentials are
//! configured; [`gateway::GatewayProvider`] talks to the signed 1688 Open Platform gateway and
//! [`onebound::OneboundProvider`] to the third-party Onebound service, each behind
//! [`store::StoredProvider`] (the persistent catalog). Pages hold an `Arc<dyn Provider>` and never
//! know which one they got, except through [`Provider::source`], [`Provider::name`] and
//! [`Provider::capabilities`].
//!
//! The trait speaks the domain model of [`crate::catalog`] only: no upstream names, codes or
//! JSON. Every answer says how fresh it is ([`Fetched`]), and failures are classified
//! ([`ProviderError`]) without wording for shoppers, which the web layer owns.

pub mod gateway;
pub(crate) mod lenient;
pub mod mock;
pub mod onebound;
pub mod pacing;
pub mod shared;
pub mod store;
pub(crate) mod upstream;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use serde::Serialize;

use crate::catalog::{
    Category, CategoryId, ImageMatch, ImageQuery, Page, Product, ProductId, ProductSummary,
    SearchQuery,
};

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

/// Which source answers: the sample catalog, the 1688 Open Platform gateway, or Onebound. The web
/// layer names the source and the settings of its remedies by it (`data-provider` on the banner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProviderName {
    #[serde(rename = "mock")]
    Mock,
    #[serde(rename = "1688")]
    Gateway,
    #[serde(rename = "onebound")]
    Onebound,
}

impl ProviderName {
    /// `mock`, `1688` or `onebound`, as `STOREFRONT_PROVIDER` and `data-provider` write it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProviderName::Mock => "mock",
            ProviderName::Gateway => "1688",
            ProviderName::Onebound => "onebound",
        }
    }

    /// The source as shoppers and the owner read it.
    pub fn label(&self) -> &'static str {
        match self {
            ProviderName::Mock => "the built-in sample catalog",
            ProviderName::Gateway => "the 1688 Open Platform",
            ProviderName::Onebound => "Onebound (a third-party 1688 data service)",
        }
    }

    /// What one of the source's offers is called in titles and descriptions: a `1688 offer`, or a
    /// `sample offer` of the mock catalog (whose ids 1688 may not have).
    pub fn offer_noun(&self) -> &'static str {
        match self {
            ProviderName::Mock => "sample offer",
            ProviderName::Gateway | ProviderName::Onebound => "1688 offer",
        }
    }

    /// The service this store calls, as a shopper reads it when that service is slow, busy or
    /// down: `1688`, or `Onebound` (whose data is 1688's, but whose pacing and allowance are its
    /// own).
    pub fn service(&self) -> &'static str {
        match self {
            ProviderName::Mock => "the sample catalog",
            ProviderName::Gateway => "1688",
            ProviderName::Onebound => "Onebound",
        }
    }

    pub fn parse(s: &str) -> Option<ProviderName> {
        [
            ProviderName::Gateway,
            ProviderName::Onebound,
            ProviderName::Mock,
        ]
        .into_iter()
        .find(|name| name.as_str().eq_ignore_ascii_case(s.trim()))
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
    /// A crawler's request (see `web::crawlers`): only what is already held — fresh or stale,
    /// within `STORE_MAX_AGE_DAYS` — never an upstream call, and no work queued on its behalf
    /// (no refresh, no view counted). When nothing is held: [`ProviderError::NotHeld`]. A source
    /// that costs nothing (the sample catalog) answers as usual.
    Held,
}

/// What a provider can answer, so pages offer only what works.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether a search needs neither a keyword nor a category (the mock lists everything; the
    /// 1688 search needs one or the other).
    pub browse_without_keyword: bool,
    /// Which buyer filters a search can apply (the listing offers only these).
    pub buyer_filters: BuyerFilters,
    /// Whether this source finds products from a photo, and from a pasted image address.
    pub image_search: ImageSearchSupport,
}

/// What an image search can start from, for a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImageSearchSupport {
    /// No image search: pages do not offer it.
    #[default]
    None,
    /// An uploaded photo only.
    Photos,
    /// An uploaded photo, or the address of an image on 1688's image host.
    PhotosAndAddresses,
}

impl ImageSearchSupport {
    pub fn photos(&self) -> bool {
        !matches!(self, ImageSearchSupport::None)
    }

    pub fn addresses(&self) -> bool {
        matches!(self, ImageSearchSupport::PhotosAndAddresses)
    }
}

/// The buyer filters of [`crate::catalog::SearchQuery`] a source can apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuyerFilters {
    /// `ships_within` (24 or 48 hours).
    pub ships_within: bool,
    /// `verified_factory`.
    pub verified_factory: bool,
    /// `min_monthly_sales`.
    pub min_monthly_sales: bool,
    /// `max_moq`.
    pub max_moq: bool,
}

impl BuyerFilters {
    pub const ALL: BuyerFilters = BuyerFilters {
        ships_within: true,
        verified_factory: true,
        min_monthly_sales: true,
        max_moq: true,
    };

    /// Whether any filter is offered.
    pub fn any(&self) -> bool {
        self.ships_within || self.verified_factory || self.min_monthly_sales || self.max_moq
    }
}

/// An answer and how fresh it is: the freshness travels with the value, provider → route → page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    /// Set when the answer is past its lifetime (a fresh one is on its way, or could not be had):
    /// how long ago it was fetched. Pages show it as a notice, JSON as `stale_seconds`.
    pub stale: Option<Duration>,
    /// Set when a search was answered from the offers saved on this store, because no upstream
    /// call can be made today: how many offers the store holds.
    pub saved_offers: Option<u64>,
}

impl<T> Fetched<T> {
    /// An answer within its lifetime.
    pub fn fresh(value: T) -> Fetched<T> {
        Fetched {
            value,
            stale: None,
            saved_offers: None,
        }
    }

    /// An answer past its lifetime, fetched `age` ago.
    pub fn stale(value: T, age: Duration) -> Fetched<T> {
        Fetched {
            value,
            stale: Some(age),
            saved_offers: None,
        }
    }

    /// Search results found among the `saved` offers the store holds.
    pub fn from_saved_offers(value: T, saved: u64) -> Fetched<T> {
        Fetched {
            value,
            stale: None,
            saved_offers: Some(saved),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fetched<U> {
        Fetched {
            value: f(self.value),
            stale: self.stale,
            saved_offers: self.saved_offers,
        }
    }
}

/// An image a source serves itself (the mock catalog's drawings), rather than linking to a CDN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnImage {
    pub content_type: &'static str,
    pub body: String,
}

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    fn source(&self) -> DataSource;

    /// Which source this is (a wrapper says what it wraps).
    fn name(&self) -> ProviderName;

    fn capabilities(&self) -> Capabilities;

    /// Products matching `query`, one page of them.
    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError>;

    /// One product with everything the detail page shows; [`ProviderError::NotFound`] if unknown.
    async fn product(&self, id: ProductId, need: Need) -> Result<Fetched<Product>, ProviderError>;

    /// The top of the category tree, roots first, as deep as this source knows it without extra
    /// cost; deeper levels come one node at a time through [`Provider::category`].
    async fn categories(&self, need: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError>;

    /// One category with its children; [`ProviderError::NotFound`] if unknown.
    async fn category(
        &self,
        id: CategoryId,
        need: Need,
    ) -> Result<Fetched<Category>, ProviderError>;

    /// What is known of offer `id` without an upstream call (its summary, as a search showed it),
    /// for a page whose details cannot be fetched right now; `None` when nothing is kept.
    async fn saved_offer(&self, id: ProductId) -> Option<ProductSummary> {
        let _ = id;
        None
    }

    /// Products that look like `query.image`, most alike first unless `query.filters.sort` says
    /// otherwise, one page of them. Only called where [`Capabilities::image_search`] allows it;
    /// a source without image search refuses.
    async fn image_search(
        &self,
        query: &ImageQuery,
        need: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        let _ = (query, need);
        Err(ProviderError::BadRequest(
            "this source has no image search".into(),
        ))
    }

    /// Starts any costly preparation in the background (the sample catalog's image signatures);
    /// called once when the server starts. Answers never depend on it having finished.
    fn warm_up(&self) {}

    /// Image `n` (from 1) of product `id`, when this source serves its images itself
    /// (`/img/mock/{id}/{n}.svg`); `None` otherwise.
    fn own_image(&self, id: ProductId, n: usize) -> Option<OwnImage> {
        let _ = (id, n);
        None
    }

    /// Image `n` of product `id` as a PNG, `side` pixels square, when this source serves its
    /// images itself as drawings: link previews (chat apps) do not show SVG images.
    fn own_image_png(&self, id: ProductId, n: usize) -> Option<Arc<Vec<u8>>> {
        let _ = (id, n);
        None
    }

    /// The pages this source can show without an upstream call, for the sitemap: every product
    /// and category of the sample catalog; in live mode the ones the store has saved. The
    /// default: none.
    async fn saved_pages(&self) -> SavedPages {
        SavedPages::default()
    }

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

/// What a source holds and can show without an upstream call (see [`Provider::saved_pages`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavedPages {
    /// Product pages, with when each was fetched (`None`: not known, or always the same).
    pub products: Vec<(ProductId, Option<SystemTime>)>,
    /// Category listings (the category and its first page of results are both held).
    pub categories: Vec<(CategoryId, Option<SystemTime>)>,
    /// Whether the whole category tree (`/categories`) is held.
    pub category_tree: bool,
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
    /// The persistent catalog (live mode).
    pub store: Option<StoreStats>,
}

/// What the persistent catalog holds and what its planner did today.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoreStats {
    /// The file (`None`: kept in memory only).
    pub file: Option<String>,
    /// The file and its write-ahead log, in bytes.
    pub file_bytes: Option<u64>,
    /// Answers kept, per kind (`search`, `product`, `category`, `categories`).
    pub answers: Vec<(String, u64)>,
    /// Offers kept for full-text search.
    pub offers: u64,
    /// Pages waiting for a call now, because no slot was free when a shopper asked.
    pub waiting: u64,
    /// Stale answers refreshed with spare calls today.
    pub refreshed_today: u32,
    /// Pages queued for shoppers today.
    pub queued_today: u32,
    /// Refreshes skipped today to keep the shoppers' reserve of the daily budget.
    pub skipped_today: u32,
    /// How this instance shares with the others through Redis (`REDIS_URL`); `None`: it is on
    /// its own.
    pub shared: Option<SharingStats>,
}

/// This instance among the others that share one quota and one catalog through Redis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SharingStats {
    /// `STOREFRONT_INSTANCE_ID`.
    pub instance_id: String,
    /// `shared` (Redis answers) or `alone` (it does not: local tier, this instance's share of the
    /// rate).
    pub mode: &'static str,
    /// Redis's address, without a password.
    pub redis: String,
    /// How long the mode has held.
    pub since_seconds: u64,
    /// `STOREFRONT_INSTANCES`.
    pub instances: u32,
    /// Upstream calls this instance made today (China time); the app's are `Usage::calls_today`.
    pub instance_calls_today: u32,
    /// Answers taken from the shared tier instead of calling upstream.
    pub shared_hits: u64,
    /// Misses that waited for another instance's call instead of making their own.
    pub collapsed: u64,
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

/// The outcome of one diagnostic check (the web layer adds what to do about a failure).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What was checked, e.g. "Signed call: system:currentTime-1".
    pub name: String,
    pub ok: bool,
    pub latency_ms: Option<u64>,
    /// What was found, or what went wrong.
    pub detail: String,
    /// The classified cause of a failure.
    pub error: Option<ProviderError>,
}

/// Why the upstream could not answer. Messages never contain secrets or upstream bodies; what a
/// shopper or the owner is told about each is up to the web layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("not found")]
    NotFound,
    #[error("the upstream rejected the request signature (the secret does not match)")]
    InvalidSignature,
    #[error("the upstream does not recognise the app key")]
    AppKeyRejected,
    #[error("the access token is missing, invalid or expired")]
    Unauthorized,
    #[error("the app has no permission for API {api}")]
    PermissionDenied { api: String },
    #[error("the gateway is rate limiting this app")]
    RateLimited,
    #[error("the app's API quota is used up")]
    QuotaExhausted,
    #[error("no upstream call slot came free in time (this store paces its calls)")]
    Throttled,
    #[error("the upstream refused the request: {0}")]
    BadRequest(String),
    #[error("the upstream is unavailable: {0}")]
    Unavailable(String),
    /// Asked with [`Need::Held`] (a crawler), and not held: no call was made, none is queued.
    #[error("not held, and this request may not cost an upstream call")]
    NotHeld,
    /// No call slot was free: the answer is queued and will be fetched in about `ready_in`.
    #[error("the answer is queued ({cause}); ready in about {} s", ready_in.as_secs())]
    Queued {
        ready_in: Duration,
        cause: Box<ProviderError>,
    },
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
                | ProviderError::Queued { .. }
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
            ProviderError::NotHeld => "not_held",
            ProviderError::Queued { cause, .. } => cause.code(),
        }
    }
}
