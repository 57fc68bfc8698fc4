//! A caching layer in front of a provider: reuse answers, collapse identical concurrent requests,
//! and keep serving the last good answer while the upstream fails.
//!
//! Each kind of answer has a "fresh" cache (lifetime from the configuration) and a longer-lived
//! "last good" copy. Identical concurrent misses share one upstream call (moka's entry API runs
//! one loader per key). When the upstream fails with a passing error (timeout, 5xx, rate limit,
//! quota), the last good answer is served as [`Fetched::stale`] with its age, which pages turn
//! into a visible notice.

use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use moka::future::Cache;

use super::{
    CacheStats, Capabilities, Check, DataSource, Fetched, Need, OwnImage, Provider, ProviderError,
    Usage,
};
use crate::catalog::{
    Category, CategoryId, ImageKey, ImageMatch, ImageQuery, Page, Product, ProductId,
    ProductSummary, SearchQuery,
};
use crate::config::CacheTtl;

/// How long a last good answer may stand in for a failing upstream.
const STALE_HORIZON: Duration = Duration::from_secs(24 * 3600);

/// One kind of answer: its fresh cache and its last good copies.
struct Layer<K, V> {
    kind: &'static str,
    fresh: Cache<K, Arc<V>>,
    last_good: Cache<K, (Instant, Arc<V>)>,
}

impl<K, V> Layer<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    fn new(kind: &'static str, ttl: Duration, capacity: u64) -> Self {
        Layer {
            kind,
            fresh: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            last_good: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(STALE_HORIZON)
                .build(),
        }
    }

    fn entries(&self) -> u64 {
        self.fresh.entry_count()
    }
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    stale: AtomicU64,
}

pub struct CachedProvider {
    inner: Arc<dyn Provider>,
    search: Layer<SearchQuery, Page<ProductSummary>>,
    products: Layer<ProductId, Product>,
    categories: Layer<(), Vec<Category>>,
    category: Layer<CategoryId, Category>,
    /// Image search pages by image key and filters (the image's bytes are not part of the key).
    image_search: Layer<(ImageKey, SearchQuery), Page<ImageMatch>>,
    counters: Counters,
}

impl CachedProvider {
    pub fn new(inner: Arc<dyn Provider>, ttl: CacheTtl) -> CachedProvider {
        CachedProvider {
            inner,
            search: Layer::new("search", ttl.search, 2_000),
            products: Layer::new("product", ttl.product, 2_000),
            categories: Layer::new("categories", ttl.categories, 1),
            category: Layer::new("category", ttl.categories, 1_000),
            image_search: Layer::new("image_search", ttl.search, 1_000),
            counters: Counters::default(),
        }
    }

    /// The answer for `key`: cached, loaded once for all concurrent callers, or — when loading
    /// fails with a passing error — the last good one.
    async fn fetch<K, V, F>(
        &self,
        layer: &Layer<K, V>,
        key: K,
        need: Need,
        load: impl Fn() -> F,
    ) -> Result<Fetched<Arc<V>>, ProviderError>
    where
        K: Hash + Eq + Clone + Send + Sync + 'static,
        V: Send + Sync + 'static,
        F: Future<Output = Result<V, ProviderError>>,
    {
        let started = Instant::now();
        let mut entry = self.entry(layer, &key, load()).await;
        // A concurrent optional caller's "no slot free right now" is not this caller's answer.
        if need == Need::Required && matches!(&entry, Err(e) if **e == ProviderError::Throttled) {
            entry = self.entry(layer, &key, load()).await;
        }
        match entry {
            Ok(entry) if entry.is_fresh() => {
                self.counters.misses.fetch_add(1, Ordering::Relaxed);
                let value = entry.into_value();
                layer
                    .last_good
                    .insert(key, (Instant::now(), value.clone()))
                    .await;
                tracing::info!(
                    kind = layer.kind,
                    cached = false,
                    latency_ms = started.elapsed().as_millis() as u64,
                    "provider answer"
                );
                Ok(Fetched::fresh(value))
            }
            Ok(entry) => {
                self.counters.hits.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(kind = layer.kind, cached = true, "provider answer");
                Ok(Fetched::fresh(entry.into_value()))
            }
            Err(error) => {
                let error = (*error).clone();
                if error.is_transient() {
                    if let Some((fetched, value)) = layer.last_good.get(&key).await {
                        self.counters.stale.fetch_add(1, Ordering::Relaxed);
                        let age = fetched.elapsed();
                        tracing::warn!(kind = layer.kind, cached = true, stale_secs = age.as_secs(), error = %error, "serving the last good answer");
                        return Ok(Fetched::stale(value, age));
                    }
                }
                Err(error)
            }
        }
    }

    /// The cached entry for `key`, or the result of `load` shared with every concurrent caller.
    async fn entry<K, V, F>(
        &self,
        layer: &Layer<K, V>,
        key: &K,
        load: F,
    ) -> Result<moka::Entry<K, Arc<V>>, Arc<ProviderError>>
    where
        K: Hash + Eq + Clone + Send + Sync + 'static,
        V: Send + Sync + 'static,
        F: Future<Output = Result<V, ProviderError>>,
    {
        layer
            .fresh
            .entry(key.clone())
            .or_try_insert_with(async { load.await.map(Arc::new) })
            .await
    }
}

#[async_trait]
impl Provider for CachedProvider {
    fn source(&self) -> DataSource {
        self.inner.source()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        let load = || async { Ok(self.inner.search(query, need).await?.value) };
        let page = self.fetch(&self.search, query.clone(), need, load).await?;
        Ok(page.map(|page| (*page).clone()))
    }

    async fn product(&self, id: ProductId, need: Need) -> Result<Fetched<Product>, ProviderError> {
        let load = || async { Ok(self.inner.product(id, need).await?.value) };
        let product = self.fetch(&self.products, id, need, load).await?;
        Ok(product.map(|product| (*product).clone()))
    }

    async fn categories(&self, need: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        let load = || async {
            let tree = self.inner.categories(need).await?.value;
            Ok(Arc::try_unwrap(tree).unwrap_or_else(|shared| (*shared).clone()))
        };
        self.fetch(&self.categories, (), need, load).await
    }

    async fn category(
        &self,
        id: CategoryId,
        need: Need,
    ) -> Result<Fetched<Category>, ProviderError> {
        let load = || async { Ok(self.inner.category(id, need).await?.value) };
        let category = self.fetch(&self.category, id, need, load).await?;
        Ok(category.map(|category| (*category).clone()))
    }

    async fn image_search(
        &self,
        query: &ImageQuery,
        need: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        let key = (query.image.key().clone(), query.filters.clone());
        let load = || async { Ok(self.inner.image_search(query, need).await?.value) };
        let page = self.fetch(&self.image_search, key, need, load).await?;
        Ok(page.map(|page| (*page).clone()))
    }

    fn warm_up(&self) {
        self.inner.warm_up()
    }

    fn own_image(&self, id: ProductId, n: usize) -> Option<OwnImage> {
        self.inner.own_image(id, n)
    }

    /// Never cached: the probe is how the owner checks a fix (it is paced like every call).
    async fn status(&self) -> Vec<Check> {
        self.inner.status().await
    }

    fn status_calls(&self) -> u32 {
        self.inner.status_calls()
    }

    fn usage(&self) -> Option<Usage> {
        let mut usage = self.inner.usage().unwrap_or(Usage {
            calls_today: 0,
            daily_limit: None,
            calls_last_minute: 0,
            calls_per_second: None,
            backoff_seconds: None,
            last_error: None,
            cache: None,
        });
        usage.cache = Some(CacheStats {
            hits: self.counters.hits.load(Ordering::Relaxed),
            misses: self.counters.misses.load(Ordering::Relaxed),
            stale_served: self.counters.stale.load(Ordering::Relaxed),
            entries: self.search.entries()
                + self.products.entries()
                + self.categories.entries()
                + self.category.entries()
                + self.image_search.entries(),
        });
        Some(usage)
    }
}
