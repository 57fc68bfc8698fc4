//! A third-party source of live 1688 data: Onebound (万邦), for stores without 1688 Open Platform
//! access. `GET {ONEBOUND_API_URL}/1688/{api_name}/?key=…&secret=…&…` (see
//! `shared/gateway-spec.md` §7 and Onebound's API pages). Everything that speaks Onebound lives
//! here:
//!
//! - `client`: the one request function — pacing, the GET with the key and secret, bounded body,
//!   retries — and the one place the request URL exists; it is redacted before anything may see it;
//! - `classify`: HTTP status and Onebound's envelope (`error`, `error_code`, `reason`) →
//!   [`ProviderError`];
//! - `api`: serde types of the answers, private to this module, read leniently;
//! - `mapping`: answers → [`crate::catalog`];
//! - `probe`: the checks behind [`Provider::status`] (one search, one item).
//!
//! Onebound has no category tree API for 1688: the store browses with the category tree it
//! already knows (the sample catalog's tree, see [`crate::provider::mock::category_tree`]), and a
//! category is searched with `item_search`'s `cat`.

mod api;
mod classify;
mod client;
mod mapping;
mod probe;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;

use self::client::{Client, ITEM_GET, ITEM_SEARCH};
use super::pacing::Pacing;
use super::{
    BuyerFilters, Capabilities, Check, DataSource, Fetched, ImageSearchSupport, Need, Provider,
    ProviderError, ProviderName, Usage,
};
use crate::catalog::{
    Category, CategoryId, Page, Product, ProductId, ProductSummary, SearchQuery, Sort,
};
use crate::config::Config;

/// Settings of the Onebound client.
#[derive(Debug, Clone)]
pub struct OneboundConfig {
    /// `ONEBOUND_API_URL`, e.g. `https://api-gw.onebound.cn` (no trailing slash needed).
    pub base_url: String,
    /// `ONEBOUND_KEY`.
    pub key: String,
    /// `ONEBOUND_SECRET`: sent as a query parameter (Onebound's plain scheme, over HTTPS); never
    /// logged, never in an error, never in `Debug`.
    pub secret: SecretString,
    /// `ONEBOUND_LANG`: `en`, `ru` or `cn`, the language of titles and attributes.
    pub lang: String,
    /// Limit for one HTTP attempt, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// Retries after the first attempt of a required call, for network errors, 5xx and rate
    /// limiting only (an optional block is tried once).
    pub max_retries: u32,
    pub retry_base_delay: Duration,
    /// `ONEBOUND_QPS`, `ONEBOUND_DAILY_LIMIT`: how calls are paced.
    pub pacing: Pacing,
}

impl OneboundConfig {
    /// Onebound answers in seconds (it fetches from 1688 when its own cache misses), so one
    /// attempt may take longer than a gateway call; a product page (the item, one retry, then an
    /// optional related-products search tried once) still answers within the 30 s request timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8);
    pub const DEFAULT_MAX_RETRIES: u32 = 1;
    pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);

    /// The Onebound settings of `config`; `None` unless both key and secret are set.
    pub fn from_config(config: &Config) -> Option<OneboundConfig> {
        let onebound = &config.onebound;
        Some(OneboundConfig {
            base_url: onebound.api_url.clone(),
            key: onebound.key.clone()?,
            secret: onebound.secret.clone()?,
            lang: onebound.lang.clone(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_retries: Self::DEFAULT_MAX_RETRIES,
            retry_base_delay: Self::DEFAULT_RETRY_BASE_DELAY,
            pacing: Pacing::new(onebound.calls_per_second, onebound.daily_limit),
        })
    }
}

/// The HTTP client could not be built (e.g. no TLS backend); nothing was sent.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client for Onebound: {0}")]
pub struct OneboundBuildError(#[source] reqwest::Error);

/// The [`Provider`] backed by Onebound's 1688 APIs.
pub struct OneboundProvider {
    client: Client,
    /// The category tree the store browses with (Onebound has none to offer).
    tree: Arc<Vec<Category>>,
}

impl fmt::Debug for OneboundProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OneboundProvider")
            .field("config", self.client.config())
            .finish_non_exhaustive()
    }
}

impl OneboundProvider {
    /// Builds the provider and its HTTP client, browsing with `tree`; sends nothing.
    pub fn new(
        config: OneboundConfig,
        tree: Arc<Vec<Category>>,
    ) -> Result<OneboundProvider, OneboundBuildError> {
        Ok(OneboundProvider {
            client: Client::new(config).map_err(OneboundBuildError)?,
            tree,
        })
    }

    /// `item_search`'s parameters for `query`: a keyword (`q`), a category (`cat`), or both —
    /// never neither ([`Capabilities::browse_without_keyword`] is false).
    fn search_params(
        &self,
        query: &SearchQuery,
    ) -> Result<Vec<(&'static str, String)>, ProviderError> {
        if query.keyword.is_none() && query.category.is_none() {
            return Err(ProviderError::BadRequest(
                "an Onebound search needs a keyword or a category".into(),
            ));
        }
        let mut params = vec![
            ("page", query.page.max(1).to_string()),
            (
                "page_size",
                query.page_size.clamp(1, MAX_PAGE_SIZE).to_string(),
            ),
        ];
        if let Some(keyword) = &query.keyword {
            params.push(("q", keyword.clone()));
        }
        if let Some(category) = query.category {
            params.push(("cat", category.0.to_string()));
        }
        if let Some(min) = query.min_price {
            params.push(("start_price", min.normalize().to_string()));
        }
        if let Some(max) = query.max_price {
            params.push(("end_price", max.normalize().to_string()));
        }
        if let Some(sort) = sort_param(query.sort) {
            params.push(("sort", sort.to_string()));
        }
        Ok(params)
    }

    fn find(&self, id: CategoryId) -> Option<Vec<&Category>> {
        Category::find_path(&self.tree, id)
    }
}

/// Onebound's page size defaults to 40; the store never asks for more.
const MAX_PAGE_SIZE: u32 = 40;

/// The store's sorts in Onebound's words: `bid` price ascending, `_bid` price descending,
/// `_sale` sales descending; relevance is Onebound's default (no `sort`).
fn sort_param(sort: Sort) -> Option<&'static str> {
    match sort {
        Sort::Relevance => None,
        Sort::PriceAsc => Some("bid"),
        Sort::PriceDesc => Some("_bid"),
        Sort::Sales => Some("_sale"),
    }
}

#[async_trait]
impl Provider for OneboundProvider {
    fn source(&self) -> DataSource {
        DataSource::Live
    }

    fn name(&self) -> ProviderName {
        ProviderName::Onebound
    }

    /// `item_search` is a keyword search that also takes a category (`cat`); nothing documents
    /// a search with neither, so the store asks for one or the other. No buyer filter: the pages
    /// document `filter` only by examples (`filtId:1,2,3,4;…`), not which value means what, and
    /// its answers carry neither shipping guarantees, seller identities, monthly sales nor MOQ to
    /// filter by afterwards.
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            browse_without_keyword: false,
            buyer_filters: BuyerFilters::default(),
            // Onebound's image search (`item_search_img`) is not wired up: see the README.
            image_search: ImageSearchSupport::None,
        }
    }

    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        let params = self.search_params(query)?;
        let answer: api::SearchAnswer = self.client.call(&ITEM_SEARCH, &params, need).await?;
        mapping::search_page(answer, query).map(Fetched::fresh)
    }

    async fn product(&self, id: ProductId, need: Need) -> Result<Fetched<Product>, ProviderError> {
        let params = [("num_iid", id.to_string())];
        let answer: api::ItemAnswer = self.client.call(&ITEM_GET, &params, need).await?;
        let path = |cid: CategoryId| self.find(cid);
        mapping::product(answer, id, path).map(Fetched::fresh)
    }

    /// The tree the store knows: no call.
    async fn categories(&self, _: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        Ok(Fetched::fresh(self.tree.clone()))
    }

    async fn category(&self, id: CategoryId, _: Need) -> Result<Fetched<Category>, ProviderError> {
        self.find(id)
            .and_then(|path| path.last().map(|node| (*node).clone()))
            .map(Fetched::fresh)
            .ok_or(ProviderError::NotFound)
    }

    async fn status(&self) -> Vec<Check> {
        probe::run(&self.client).await
    }

    fn status_calls(&self) -> u32 {
        probe::CALLS
    }

    fn usage(&self) -> Option<Usage> {
        Some(self.client.usage())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    pub(super) fn config() -> OneboundConfig {
        OneboundConfig {
            base_url: "http://127.0.0.1:9".into(),
            key: "t1234567890".into(),
            secret: SecretString::from("TOPSECRETVALUE"),
            lang: "en".into(),
            timeout: Duration::from_secs(1),
            max_retries: 0,
            retry_base_delay: Duration::from_millis(1),
            pacing: Pacing::unlimited(),
        }
    }

    fn provider() -> OneboundProvider {
        let tree = vec![Category {
            id: CategoryId(1038378),
            name: "手机通讯".into(),
            name_en: Some("Phones".into()),
            children: vec![Category {
                id: CategoryId(2001),
                name: "手机壳".into(),
                name_en: None,
                children: vec![],
            }],
        }];
        OneboundProvider::new(config(), Arc::new(tree)).unwrap()
    }

    #[test]
    fn config_needs_key_and_secret() {
        assert!(OneboundConfig::from_config(&Config::for_tests()).is_none());
        let mut live = Config::for_tests();
        live.onebound.key = Some("t123".into());
        live.onebound.secret = Some(SecretString::from("s3cr3t"));
        let config = OneboundConfig::from_config(&live).unwrap();
        assert_eq!(config.base_url, crate::config::DEFAULT_ONEBOUND_API_URL);
        assert_eq!(config.lang, "en");
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert!(!format!("{:?}", config()).contains("TOPSECRETVALUE"));
        assert!(!format!("{:?}", provider()).contains("TOPSECRETVALUE"));
    }

    #[test]
    fn search_params_map_keyword_category_prices_sort_and_page() {
        let query = SearchQuery {
            keyword: Some("手机壳".into()),
            category: Some(CategoryId(2001)),
            min_price: Some(Decimal::new(150, 2)),
            max_price: Some(Decimal::new(20, 0)),
            sort: Sort::PriceDesc,
            page: 3,
            page_size: 20,
            ..SearchQuery::default()
        };
        let params = provider().search_params(&query).unwrap();
        assert_eq!(
            params,
            vec![
                ("page", "3".to_string()),
                ("page_size", "20".to_string()),
                ("q", "手机壳".to_string()),
                ("cat", "2001".to_string()),
                ("start_price", "1.5".to_string()),
                ("end_price", "20".to_string()),
                ("sort", "_bid".to_string()),
            ]
        );
        assert_eq!(sort_param(Sort::PriceAsc), Some("bid"));
        assert_eq!(sort_param(Sort::Sales), Some("_sale"));
        assert_eq!(sort_param(Sort::Relevance), None);
    }

    #[test]
    fn a_search_needs_a_keyword_or_a_category() {
        assert!(matches!(
            provider().search_params(&SearchQuery::default()),
            Err(ProviderError::BadRequest(_))
        ));
        let browse = SearchQuery {
            category: Some(CategoryId(2001)),
            ..SearchQuery::default()
        };
        let params = provider().search_params(&browse).unwrap();
        assert!(params.contains(&("cat", "2001".to_string())));
        assert!(!params.iter().any(|(k, _)| *k == "q"));
    }

    #[tokio::test]
    async fn categories_come_from_the_known_tree_without_a_call() {
        let provider = provider();
        let roots = provider.categories(Need::Required).await.unwrap().value;
        assert_eq!(roots[0].id, CategoryId(1038378));
        let leaf = provider
            .category(CategoryId(2001), Need::Required)
            .await
            .unwrap()
            .value;
        assert_eq!(leaf.name, "手机壳");
        assert_eq!(
            provider.category(CategoryId(5), Need::Required).await,
            Err(ProviderError::NotFound)
        );
        assert_eq!(provider.usage().unwrap().calls_today, 0);
    }
}
