//! Live mode's memory: every upstream answer kept in an embedded database, so that a free plan
//! (about 100 calls a day at 1 per second) is enough.
//!
//! [`StoredProvider`] wraps the provider that calls out. An answer is served
//! - fresh, from memory or the file, within its `CACHE_*` lifetime;
//! - stale, at once, once past it — with its age on the page — while a refresh is queued
//!   (stale-while-revalidate); answers older than `STORE_MAX_AGE_DAYS` are not shown;
//! - from upstream when it was never fetched: identical concurrent misses share one call. When no
//!   call slot is free (pacing, back-off), the page is queued and the shopper gets
//!   [`ProviderError::Queued`] with an estimate; when the day's budget is spent, a search is
//!   answered from the saved offers ([`Fetched::saved_offers`]).
//!
//! The [`planner`] spends calls: shoppers' queued pages first, then — only with spare capacity
//! (the limiter idle, the daily budget above a reserve for shoppers) — refreshes of the most
//! viewed stale answers and, after start, the home shelves and top categories.
//!
//! With `REDIS_URL`, Redis is the shared tier between this instance's tiers (memory, file) and
//! upstream ([`SharedCatalog`]): an answer missing or stale here is looked for there first, every
//! answer fetched here is kept there too, and an upstream call takes a short lock there, so that
//! identical misses on several instances make one call (the others wait for its answer, boundedly).
//! While Redis cannot be reached, the instance serves from its own tiers.

mod db;
mod fts;
mod planner;
mod quotes;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use jiff::civil::Date;
use moka::future::Cache;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub use self::db::{DayRow, Db, StoreError};
use self::db::{OfferOrder, OfferRow, OfferSearch, StoredAnswer};
use self::planner::Queue;
pub use self::quotes::{MAX_STORED_SHEETS, StoredSheets};
use super::shared::catalog::{Lock, SharedAnswer, SharedCatalog, Waited};
use super::{
    CacheStats, Capabilities, Check, DataSource, Fetched, Need, OwnImage, Provider, ProviderError,
    ProviderName, SavedPages, StoreStats, Usage,
};
use crate::catalog::{
    Category, CategoryId, ImageKey, ImageMatch, ImageQuery, Page, Product, ProductId,
    ProductSummary, SearchQuery, Sort,
};
use crate::china_time;
use crate::config::{CacheTtl, Config, StoreKind};

/// Bytes of answers kept in memory in front of the file, at most (JSON size).
const MEMORY_BYTES: u64 = 8 * 1024 * 1024;
/// The share of the daily budget kept for shoppers: refreshes and warm-up stop above the rest.
pub const SHOPPER_RESERVE: f64 = 0.3;
/// Image search pages kept in memory at most (never in the file: the photos they answer expire).
const IMAGE_SEARCH_PAGES: u64 = 1_000;
/// The warm-up starts this long after start: the first shoppers come first.
const WARM_UP_AFTER: Duration = Duration::from_secs(10);
/// A page waits at most this long for the answer of a call another instance is making for it
/// (about one gateway attempt); then it is queued like a page that found no call slot.
const COLLAPSE_WAIT: Duration = Duration::from_secs(5);

/// Opens the store `config` asks for: `STOREFRONT_DATA_DIR/catalog.sqlite3`, or memory.
pub async fn open(config: &Config) -> Result<Db, StoreError> {
    match config.store {
        StoreKind::File => Db::open_file(&config.data_dir).await,
        StoreKind::Memory => Db::open_in_memory().await,
    }
}

/// What an answer is about: its kind and its key, as the file keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Search(SearchQuery),
    Product(ProductId),
    Category(CategoryId),
    Categories,
}

impl Key {
    fn kind(&self) -> &'static str {
        match self {
            Key::Search(_) => "search",
            Key::Product(_) => "product",
            Key::Category(_) => "category",
            Key::Categories => "categories",
        }
    }

    fn db_key(&self) -> String {
        match self {
            Key::Search(query) => serde_json::to_string(query).unwrap_or_default(),
            Key::Product(id) => id.to_string(),
            Key::Category(id) => id.to_string(),
            Key::Categories => String::new(),
        }
    }

    fn from_db(kind: &str, key: &str) -> Option<Key> {
        match kind {
            "search" => serde_json::from_str(key).ok().map(Key::Search),
            "product" => key.parse().ok().map(Key::Product),
            "category" => key.parse().ok().map(|id| Key::Category(CategoryId(id))),
            "categories" => Some(Key::Categories),
            _ => None,
        }
    }

    fn lifetime(&self, ttl: &CacheTtl) -> Duration {
        match self {
            Key::Search(_) => ttl.search,
            Key::Product(_) => ttl.product,
            Key::Category(_) | Key::Categories => ttl.categories,
        }
    }
}

/// A kept answer.
#[derive(Debug, Clone)]
enum Value {
    Search(Page<ProductSummary>),
    Product(Box<Product>),
    Category(Category),
    Categories(Arc<Vec<Category>>),
}

impl Value {
    fn to_json(&self) -> String {
        let json = match self {
            Value::Search(page) => serde_json::to_string(page),
            Value::Product(product) => serde_json::to_string(product),
            Value::Category(category) => serde_json::to_string(category),
            Value::Categories(tree) => serde_json::to_string(tree.as_slice()),
        };
        json.unwrap_or_default()
    }

    fn from_json(key: &Key, json: &str) -> Option<Value> {
        Some(match key {
            Key::Search(_) => Value::Search(serde_json::from_str(json).ok()?),
            Key::Product(_) => Value::Product(Box::new(serde_json::from_str(json).ok()?)),
            Key::Category(_) => Value::Category(serde_json::from_str(json).ok()?),
            Key::Categories => Value::Categories(Arc::new(serde_json::from_str(json).ok()?)),
        })
    }

    /// The offers this answer shows, for the full-text search.
    fn offers(&self) -> Vec<OfferRow> {
        let summaries: Vec<ProductSummary> = match self {
            Value::Search(page) => page.items.clone(),
            Value::Product(product) => vec![product.summary()],
            Value::Category(_) | Value::Categories(_) => Vec::new(),
        };
        summaries
            .iter()
            .filter_map(|offer| {
                Some(OfferRow {
                    id: i64::try_from(offer.id.0).ok()?,
                    summary: serde_json::to_string(offer).ok()?,
                    text: fts::offer_text(offer),
                    price_fen: fen(offer.price).unwrap_or(i64::MAX),
                    sales: i64::from(offer.monthly_sales.unwrap_or(0)),
                    category: offer.category_id.and_then(|c| i64::try_from(c.0).ok()),
                })
            })
            .collect()
    }
}

fn fen(price: Decimal) -> Option<i64> {
    (price * Decimal::from(100)).round().to_i64()
}

/// An answer with the time it was fetched.
#[derive(Debug)]
struct Entry {
    value: Value,
    /// Unix milliseconds.
    fetched_at: i64,
    /// Its size as JSON: what it weighs in memory.
    weight: u32,
}

impl Entry {
    fn age(&self) -> Duration {
        Duration::from_millis(u64::try_from(unix_millis() - self.fetched_at).unwrap_or(0))
    }
}

fn unix_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    stale: AtomicU64,
}

/// How the store behaves.
#[derive(Debug, Clone)]
pub struct StoreSettings {
    /// `CACHE_*_TTL_SECS`: how long an answer is fresh.
    pub ttl: CacheTtl,
    /// `STORE_MAX_AGE_DAYS`: older answers are not shown.
    pub max_age: Duration,
    /// What to fetch with spare calls after start (the home shelves, the top categories).
    pub warm_up: Vec<Key>,
}

pub struct StoredProvider {
    inner: Arc<Inner>,
    /// Image search pages by photo and filters, for their search lifetime: paging back and forth
    /// through a photo's results costs one call per page.
    image_searches: Cache<(ImageKey, SearchQuery), Arc<Page<ImageMatch>>>,
}

struct Inner {
    upstream: Arc<dyn Provider>,
    db: Db,
    settings: StoreSettings,
    memory: Cache<Key, Arc<Entry>>,
    /// Views counted since the last write to the file.
    views: Mutex<HashMap<Key, u32>>,
    queue: Queue,
    /// Today's planner work (China time), written to the file about once a second.
    day: Mutex<(Date, DayRow)>,
    counters: Counters,
    /// The file's figures, refreshed in the background.
    stats: Mutex<StoreStats>,
    /// `REDIS_URL`: the tier every instance shares.
    shared: Option<SharedCatalog>,
}

impl StoredProvider {
    /// Serves `upstream`'s answers through `db`; starts the planner and the writer of views and
    /// daily figures in the background (they stop when the provider is dropped). `today` is what
    /// the file remembers of today.
    pub fn new(
        upstream: Arc<dyn Provider>,
        db: Db,
        settings: StoreSettings,
        today: DayRow,
    ) -> StoredProvider {
        StoredProvider::with_shared(upstream, db, settings, today, None)
    }

    /// Like [`StoredProvider::new`], with `shared` (Redis) as the tier between this instance's
    /// and upstream.
    pub fn with_shared(
        upstream: Arc<dyn Provider>,
        db: Db,
        settings: StoreSettings,
        today: DayRow,
        shared: Option<SharedCatalog>,
    ) -> StoredProvider {
        let inner = Arc::new(Inner {
            shared,
            upstream,
            stats: Mutex::new(StoreStats {
                file: db.file().map(|f| f.display().to_string()),
                ..StoreStats::default()
            }),
            db,
            settings,
            memory: Cache::builder()
                .max_capacity(MEMORY_BYTES)
                .weigher(|_, entry: &Arc<Entry>| entry.weight)
                .build(),
            views: Mutex::new(HashMap::new()),
            queue: Queue::default(),
            day: Mutex::new((china_time::today(), today)),
            counters: Counters::default(),
        });
        let warm_up = inner.settings.warm_up.clone();
        let store = Arc::downgrade(&inner);
        tokio::spawn(async move {
            tokio::time::sleep(WARM_UP_AFTER).await;
            if let Some(inner) = store.upgrade() {
                for key in warm_up {
                    inner.queue.push_warm(key);
                }
            }
        });
        tokio::spawn(planner::run(Arc::downgrade(&inner)));
        tokio::spawn(planner::keep_books(Arc::downgrade(&inner)));
        let image_searches = Cache::builder()
            .max_capacity(IMAGE_SEARCH_PAGES)
            .time_to_live(inner.settings.ttl.search)
            .build();
        StoredProvider {
            inner,
            image_searches,
        }
    }

    async fn answer(&self, key: Key, need: Need) -> Result<Fetched<Value>, ProviderError> {
        self.inner.answer(key, need).await
    }
}

impl Inner {
    async fn answer(&self, key: Key, need: Need) -> Result<Fetched<Value>, ProviderError> {
        if need == Need::Held {
            return self.held(&key).await;
        }
        if let Some(entry) = self.known(&key).await {
            self.count_view(&key);
            let age = entry.age();
            if age <= key.lifetime(&self.settings.ttl) {
                self.counters.hits.fetch_add(1, Ordering::Relaxed);
                return Ok(Fetched::fresh(entry.value.clone()));
            }
            // Stale: shown at once, refreshed when there is a call to spare.
            self.counters.stale.fetch_add(1, Ordering::Relaxed);
            self.queue.push_refresh(key, 1);
            return Ok(Fetched::stale(entry.value.clone(), age));
        }
        if let Some((ready_in, cause)) = self.queue.waiting_for(&key, self.pace()) {
            return Err(ProviderError::Queued {
                ready_in,
                cause: Box::new(cause),
            });
        }
        self.counters.misses.fetch_add(1, Ordering::Relaxed);
        match self.fetch_collapsed(&key, need).await {
            Ok(entry) => {
                self.count_view(&key);
                Ok(Fetched::fresh(entry.value.clone()))
            }
            Err(cause @ (ProviderError::Throttled | ProviderError::RateLimited)) => {
                if need == Need::Optional {
                    // A block the page does without: fetched when a call is spare.
                    self.queue.push_warm(key);
                    return Err(cause);
                }
                match self.queue.push_waiting(key.clone(), cause.clone()) {
                    Some(newly) => {
                        if newly {
                            self.note_day(|day| day.queued += 1);
                        }
                        let ready_in = self
                            .queue
                            .waiting_for(&key, self.pace())
                            .map_or(Duration::from_secs(1), |(ready_in, _)| ready_in);
                        Err(ProviderError::Queued {
                            ready_in,
                            cause: Box::new(cause),
                        })
                    }
                    // The queue is full: say so honestly.
                    None => Err(cause),
                }
            }
            Err(ProviderError::QuotaExhausted) => match &key {
                Key::Search(query) => self
                    .search_saved_offers(query)
                    .await
                    .ok_or(ProviderError::QuotaExhausted),
                _ => Err(ProviderError::QuotaExhausted),
            },
            Err(other) => Err(other),
        }
    }

    /// A crawler's answer: what is held, fresh or stale, without counting a view or queuing a
    /// refresh; [`ProviderError::NotHeld`] otherwise (no call, nothing queued).
    async fn held(&self, key: &Key) -> Result<Fetched<Value>, ProviderError> {
        let entry = self.known(key).await.ok_or(ProviderError::NotHeld)?;
        let age = entry.age();
        if age <= key.lifetime(&self.settings.ttl) {
            self.counters.hits.fetch_add(1, Ordering::Relaxed);
            Ok(Fetched::fresh(entry.value.clone()))
        } else {
            self.counters.stale.fetch_add(1, Ordering::Relaxed);
            Ok(Fetched::stale(entry.value.clone(), age))
        }
    }

    /// The pages a crawler can be shown from the file: saved products, and categories whose
    /// node and first page of results are both saved (within `STORE_MAX_AGE_DAYS`).
    async fn saved_pages(&self) -> SavedPages {
        let since = unix_millis()
            - i64::try_from(self.settings.max_age.as_millis()).unwrap_or(i64::MAX / 2);
        let rows = match self.db.saved_keys(since).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, "the saved pages could not be listed");
                return SavedPages::default();
            }
        };
        let at = |millis: i64| {
            UNIX_EPOCH.checked_add(Duration::from_millis(u64::try_from(millis).ok()?))
        };
        let mut pages = SavedPages::default();
        let mut nodes = HashMap::new();
        let mut listings = HashMap::new();
        for (kind, key, fetched_at) in rows {
            match Key::from_db(&kind, &key) {
                Some(Key::Product(id)) => pages.products.push((id, at(fetched_at))),
                Some(Key::Category(id)) => {
                    nodes.insert(id, fetched_at);
                }
                Some(Key::Categories) => pages.category_tree = true,
                // The listing a sitemap names: the category alone, first page, default order.
                Some(Key::Search(query)) => {
                    if let Some(id) = query.category {
                        let listing = SearchQuery {
                            category: Some(id),
                            ..SearchQuery::default()
                        };
                        if query == listing {
                            listings.insert(id, fetched_at);
                        }
                    }
                }
                None => {}
            }
        }
        for (id, node_at) in nodes {
            if let Some(listing_at) = listings.get(&id) {
                pages.categories.push((id, at(node_at.max(*listing_at))));
            }
        }
        pages.products.sort_by_key(|(id, _)| *id);
        pages.categories.sort_by_key(|(id, _)| *id);
        pages
    }

    /// The kept answer for `key`, from memory or the file — or, when it is missing or stale
    /// there, a newer one from the shared tier — unless older than `STORE_MAX_AGE_DAYS`.
    async fn known(&self, key: &Key) -> Option<Arc<Entry>> {
        let here = self.known_here(key).await;
        let Some(shared) = &self.shared else {
            return here;
        };
        if here
            .as_ref()
            .is_some_and(|entry| entry.age() <= key.lifetime(&self.settings.ttl))
        {
            return here;
        }
        match shared.get(key.kind(), &key.db_key()).await {
            Some(answer)
                if here
                    .as_ref()
                    .is_none_or(|e| answer.fetched_at > e.fetched_at) =>
            {
                match self.take_shared(key, answer).await {
                    Some(entry) => {
                        self.memory.insert(key.clone(), entry.clone()).await;
                        Some(entry)
                    }
                    None => here,
                }
            }
            _ => here,
        }
    }

    /// The kept answer for `key`, from memory or the file of this instance.
    async fn known_here(&self, key: &Key) -> Option<Arc<Entry>> {
        if let Some(entry) = self.memory.get(key).await {
            if entry.age() <= self.settings.max_age {
                return Some(entry);
            }
            self.memory.invalidate(key).await;
            return None;
        }
        let stored = match self.db.get(key.kind(), key.db_key()).await {
            Ok(stored) => stored?,
            Err(error) => {
                tracing::warn!(%error, "the catalog store could not be read");
                return None;
            }
        };
        let value = Value::from_json(key, &stored.value)?;
        let entry = Arc::new(Entry {
            value,
            fetched_at: stored.fetched_at,
            weight: u32::try_from(stored.value.len()).unwrap_or(u32::MAX),
        });
        if entry.age() > self.settings.max_age {
            return None;
        }
        self.memory.insert(key.clone(), entry.clone()).await;
        Some(entry)
    }

    /// Fetches `key` from upstream and keeps it; identical concurrent calls share one.
    async fn fetch_collapsed(&self, key: &Key, need: Need) -> Result<Arc<Entry>, ProviderError> {
        self.memory
            .entry(key.clone())
            .or_try_insert_with(self.fetch(key, need))
            .await
            .map(|entry| entry.into_value())
            .map_err(|error| (*error).clone())
    }

    /// One upstream call for `key` — with a shared tier, only by the instance that takes its
    /// lock; the others wait (boundedly, and only for a required answer) for that call's answer.
    async fn fetch(&self, key: &Key, need: Need) -> Result<Arc<Entry>, ProviderError> {
        let Some(shared) = &self.shared else {
            return self.fetch_upstream(key, need).await;
        };
        let (kind, db_key) = (key.kind(), key.db_key());
        let asked_at = unix_millis();
        let deadline = Instant::now() + COLLAPSE_WAIT;
        loop {
            match shared.lock(kind, &db_key).await {
                Lock::Unavailable => return self.fetch_upstream(key, need).await,
                Lock::Ours(lock) => {
                    // Another instance may have kept a fresh answer since this one looked.
                    let kept = match shared.get(kind, &db_key).await {
                        Some(answer) if self.is_fresh(key, answer.fetched_at) => {
                            self.take_shared(key, answer).await
                        }
                        _ => None,
                    };
                    let fetched = match kept {
                        Some(entry) => Ok(entry),
                        None => self.fetch_upstream(key, need).await,
                    };
                    shared.unlock(lock).await;
                    return fetched;
                }
                // A block the page can do without never waits.
                Lock::Held if need == Need::Optional => return Err(ProviderError::Throttled),
                Lock::Held => match shared.wait_for(kind, &db_key, asked_at, deadline).await {
                    Waited::Answer(answer) => {
                        if let Some(entry) = self.take_shared(key, answer).await {
                            shared.link().note_collapsed();
                            return Ok(entry);
                        }
                        return self.fetch_upstream(key, need).await;
                    }
                    // That call failed: try for the lock again, within the same wait.
                    Waited::Freed if Instant::now() < deadline => {}
                    Waited::Freed | Waited::TimedOut => return Err(ProviderError::Throttled),
                    Waited::Unavailable => return self.fetch_upstream(key, need).await,
                },
            }
        }
    }

    /// One upstream call for `key`; the answer is written to the file, the shared tier and memory.
    async fn fetch_upstream(&self, key: &Key, need: Need) -> Result<Arc<Entry>, ProviderError> {
        let value = match key {
            Key::Search(query) => Value::Search(self.upstream.search(query, need).await?.value),
            Key::Product(id) => {
                let mut product = self.upstream.product(*id, need).await?.value;
                // A detail may say less about the seller than the search listing of the same
                // offer did (1688's does): keep what the listing said with it.
                if let Some(listed) = self.listed_offer(*id).await {
                    product.signals.fill_from(&listed.signals);
                }
                Value::Product(Box::new(product))
            }
            Key::Category(id) => Value::Category(self.upstream.category(*id, need).await?.value),
            Key::Categories => Value::Categories(self.upstream.categories(need).await?.value),
        };
        let json = value.to_json();
        let entry = Arc::new(Entry {
            fetched_at: unix_millis(),
            weight: u32::try_from(json.len()).unwrap_or(u32::MAX),
            value,
        });
        let answer = SharedAnswer {
            json,
            fetched_at: entry.fetched_at,
        };
        if let Some(shared) = &self.shared {
            shared.put(key.kind(), &key.db_key(), &answer).await;
        }
        self.keep_in_file(key, &entry, answer.json).await;
        self.queue.done(key);
        Ok(entry)
    }

    /// An answer another instance fetched, kept in this instance's file too (so that it is still
    /// served here when Redis is away, or after a restart); `None` when it cannot be read or is
    /// past `STORE_MAX_AGE_DAYS`.
    async fn take_shared(&self, key: &Key, answer: SharedAnswer) -> Option<Arc<Entry>> {
        let entry = Arc::new(Entry {
            value: Value::from_json(key, &answer.json)?,
            fetched_at: answer.fetched_at,
            weight: u32::try_from(answer.json.len()).unwrap_or(u32::MAX),
        });
        if entry.age() > self.settings.max_age {
            return None;
        }
        self.keep_in_file(key, &entry, answer.json).await;
        if let Some(shared) = &self.shared {
            shared.link().note_shared_hit();
        }
        if self.is_fresh(key, entry.fetched_at) {
            self.queue.done(key);
        }
        Some(entry)
    }

    async fn keep_in_file(&self, key: &Key, entry: &Entry, json: String) {
        let stored = StoredAnswer {
            value: json,
            fetched_at: entry.fetched_at,
        };
        if let Err(error) = self
            .db
            .put(key.kind(), key.db_key(), stored, entry.value.offers())
            .await
        {
            tracing::warn!(%error, kind = key.kind(), "an answer could not be kept in the store");
        }
    }

    /// Whether an answer fetched at `fetched_at` (Unix ms) is within its lifetime.
    fn is_fresh(&self, key: &Key, fetched_at: i64) -> bool {
        let age = Duration::from_millis(u64::try_from(unix_millis() - fetched_at).unwrap_or(0));
        age <= key.lifetime(&self.settings.ttl)
    }

    /// What a search answer showed of offer `id`, as kept in the file.
    async fn listed_offer(&self, id: ProductId) -> Option<ProductSummary> {
        let summary = self.db.offer(i64::try_from(id.0).ok()?).await.ok()??;
        serde_json::from_str(&summary).ok()
    }

    /// Refreshes a kept answer (the planner's work): upstream, then file and memory.
    async fn refresh(&self, key: &Key, need: Need) -> Result<(), ProviderError> {
        let entry = self.fetch(key, need).await?;
        self.memory.insert(key.clone(), entry).await;
        Ok(())
    }

    /// A search answered from the offers kept in the file (no call can be made today).
    async fn search_saved_offers(&self, query: &SearchQuery) -> Option<Fetched<Value>> {
        // The saved offers cannot be filtered the way the source filters them (its idea of a
        // verified factory, its shipping data): better no answer than a wrong one.
        if query.has_buyer_filters() {
            return None;
        }
        let matching = fts::query(query.keyword.as_deref()?)?;
        let search = OfferSearch {
            matching,
            min_price_fen: query.min_price.and_then(fen),
            max_price_fen: query.max_price.and_then(fen),
            order: match query.sort {
                Sort::Relevance => OfferOrder::Rank,
                Sort::PriceAsc => OfferOrder::PriceAsc,
                Sort::PriceDesc => OfferOrder::PriceDesc,
                Sort::Sales => OfferOrder::Sales,
            },
            offset: u32::try_from(query.offset()).unwrap_or(u32::MAX),
            limit: query.page_size,
        };
        let (rows, total, saved) = match self.db.search_offers(search).await {
            Ok(found) => found,
            Err(error) => {
                tracing::warn!(%error, "the saved offers could not be searched");
                return None;
            }
        };
        if saved == 0 {
            // Nothing saved to search: the honest answer is that no call is left today.
            return None;
        }
        let items = rows
            .iter()
            .filter_map(|summary| serde_json::from_str(summary).ok())
            .collect();
        let page = Page {
            items,
            total,
            page: query.page,
            page_size: query.page_size,
        };
        Some(Fetched::from_saved_offers(Value::Search(page), saved))
    }

    fn count_view(&self, key: &Key) {
        let mut views = self.views.lock().unwrap_or_else(|e| e.into_inner());
        *views.entry(key.clone()).or_default() += 1;
    }

    fn note_day(&self, change: impl FnOnce(&mut DayRow)) {
        let mut day = self.day.lock().unwrap_or_else(|e| e.into_inner());
        let today = china_time::today();
        if day.0 != today {
            *day = (today, DayRow::default());
        }
        change(&mut day.1);
    }

    fn today(&self) -> DayRow {
        self.day.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    fn stats(&self) -> StoreStats {
        self.stats.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The time between two upstream calls.
    fn pace(&self) -> Duration {
        self.upstream
            .usage()
            .and_then(|usage| usage.calls_per_second)
            .map_or(Duration::from_secs(1), |qps| {
                Duration::from_secs_f64(1.0 / (qps.max(0.001) * super::pacing::SAFETY_MARGIN))
            })
    }
}

#[async_trait]
impl Provider for StoredProvider {
    fn source(&self) -> DataSource {
        self.inner.upstream.source()
    }

    fn name(&self) -> ProviderName {
        self.inner.upstream.name()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.upstream.capabilities()
    }

    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        let fetched = self.answer(Key::Search(query.clone()), need).await?;
        Ok(fetched.map(|value| match value {
            Value::Search(page) => page,
            _ => unreachable!("a search key holds a search page"),
        }))
    }

    async fn product(&self, id: ProductId, need: Need) -> Result<Fetched<Product>, ProviderError> {
        let fetched = self.answer(Key::Product(id), need).await?;
        Ok(fetched.map(|value| match value {
            Value::Product(product) => *product,
            _ => unreachable!("a product key holds a product"),
        }))
    }

    async fn categories(&self, need: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        let fetched = self.answer(Key::Categories, need).await?;
        Ok(fetched.map(|value| match value {
            Value::Categories(tree) => tree,
            _ => unreachable!("the categories key holds the tree"),
        }))
    }

    async fn category(
        &self,
        id: CategoryId,
        need: Need,
    ) -> Result<Fetched<Category>, ProviderError> {
        let fetched = self.answer(Key::Category(id), need).await?;
        Ok(fetched.map(|value| match value {
            Value::Category(category) => category,
            _ => unreachable!("a category key holds a category"),
        }))
    }

    async fn saved_offer(&self, id: ProductId) -> Option<ProductSummary> {
        self.inner.listed_offer(id).await
    }

    async fn saved_pages(&self) -> SavedPages {
        self.inner.saved_pages().await
    }

    async fn image_search(
        &self,
        query: &ImageQuery,
        need: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        let key = (query.image.key().clone(), query.filters.clone());
        if let Some(page) = self.image_searches.get(&key).await {
            self.inner.counters.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(Fetched::fresh(Page::clone(&page)));
        }
        if need == Need::Held {
            return Err(ProviderError::NotHeld);
        }
        self.inner.counters.misses.fetch_add(1, Ordering::Relaxed);
        let page = self.inner.upstream.image_search(query, need).await?.value;
        self.image_searches
            .insert(key, Arc::new(page.clone()))
            .await;
        Ok(Fetched::fresh(page))
    }

    fn warm_up(&self) {
        self.inner.upstream.warm_up()
    }

    fn own_image(&self, id: ProductId, n: usize) -> Option<OwnImage> {
        self.inner.upstream.own_image(id, n)
    }

    fn own_image_png(&self, id: ProductId, n: usize) -> Option<Arc<Vec<u8>>> {
        self.inner.upstream.own_image_png(id, n)
    }

    /// Never kept: the probe is how the owner checks a fix.
    async fn status(&self) -> Vec<Check> {
        self.inner.upstream.status().await
    }

    fn status_calls(&self) -> u32 {
        self.inner.upstream.status_calls()
    }

    fn usage(&self) -> Option<Usage> {
        let inner = &self.inner;
        let mut usage = inner.upstream.usage()?;
        usage.cache = Some(CacheStats {
            hits: inner.counters.hits.load(Ordering::Relaxed),
            misses: inner.counters.misses.load(Ordering::Relaxed),
            stale_served: inner.counters.stale.load(Ordering::Relaxed),
            entries: inner.memory.entry_count(),
        });
        let today = inner.today();
        usage.store = Some(StoreStats {
            waiting: inner.queue.waiting_count(),
            refreshed_today: today.refreshed,
            queued_today: today.queued,
            skipped_today: today.skipped,
            shared: inner.shared.as_ref().map(|shared| shared.link().stats()),
            ..inner.stats()
        });
        Some(usage)
    }
}
