//! The live provider: a client of the signed 1688 Open Platform gateway (see `shared/gateway-spec.md`).
//! Everything that speaks 1688's protocol lives here:
//!
//! - [`sign`]: the pure `_aop_signature` function;
//! - `transport`: the one road to the gateway — pacing ([`Pacing`]), HTTP, bounded bodies, retries;
//! - `client`: the APIs and the signed call (sign → POST → classify → decode);
//! - `classify`: status codes and both error envelopes → [`ProviderError`];
//! - `api`: serde types of the answers, private to this module;
//! - `mapping`: answers → [`crate::catalog`];
//! - `probe`: the live checks behind [`Provider::status`];
//! - [`oauth`]: authorizing the app, storing and refreshing its token.

mod api;
mod classify;
mod client;
mod mapping;
pub mod oauth;
mod probe;
pub mod sign;
mod transport;

use crate::provider::pacing::Pacing;

/// 1688's image rules and price strings, which hold for 1688 data whichever service relays it.
pub(crate) use self::mapping::{image_url, price};

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;

use self::api::{
    CategoryAnswer, CategoryInfo, ImageQueryParam, OfferDetailParam, OfferQueryParam,
    SaleFilterParam, UploadImageParam,
};
use self::client::{
    CATEGORY_GET, CallOptions, Client, IMAGE_QUERY, IMAGE_UPLOAD, KEYWORD_QUERY, PRODUCT_DETAIL,
};
use self::oauth::{OAuth, Tokens};
use self::transport::Transport;
use super::{
    BuyerFilters, Capabilities, Check, DataSource, Fetched, ImageSearchSupport, Need, Provider,
    ProviderError, ProviderName, Usage,
};
use crate::catalog::{
    Category, CategoryId, ImageKey, ImageMatch, ImageQuery, Page, Product, ProductId,
    ProductSummary, SearchImage, SearchQuery, ShipWithin, Sort,
};
use crate::config::Config;

/// The gateway caps `pageSize` at 50.
const MAX_GATEWAY_PAGE_SIZE: u32 = 50;
/// How long an uploaded photo's image id is reused (per photo hash), so paging and repeat
/// searches cost no upload. 1688 documents no lifetime; a refused id is uploaded again.
const IMAGE_ID_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Image ids remembered at most.
const IMAGE_IDS: u64 = 10_000;

/// Settings of the gateway client.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// `ALIBABA_API_URL`, e.g. `https://gw.open.1688.com/openapi` (no trailing slash needed).
    pub base_url: String,
    /// `ALIBABA_APP_KEY`: the last path segment of every call.
    pub app_key: String,
    /// `ALIBABA_APP_SECRET`: the HMAC key of the signature; never sent, never logged.
    pub app_secret: SecretString,
    /// `ALIBABA_LANGUAGE`: the `country` of the cross-border APIs (language of translated fields).
    pub language: String,
    /// Limit for one HTTP attempt, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// Retries after the first attempt, for network errors, 5xx and rate limiting only.
    pub max_retries: u32,
    /// The first retry waits about this long; each further one twice as long (capped, with jitter).
    pub retry_base_delay: Duration,
    /// `ALIBABA_QPS`, `ALIBABA_DAILY_LIMIT`: how calls are paced.
    pub pacing: Pacing,
}

impl GatewayConfig {
    /// Short enough that a page needing two calls of a stalled gateway still answers (from the
    /// saved answers, or with the unavailable page) before the 30 s request timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(4);
    pub const DEFAULT_MAX_RETRIES: u32 = 2;
    pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);

    /// The gateway settings of `config`; `None` unless both app key and app secret are set.
    pub fn from_config(config: &Config) -> Option<GatewayConfig> {
        let credentials = &config.credentials;
        Some(GatewayConfig {
            base_url: config.api_url.clone(),
            app_key: credentials.app_key.clone()?,
            app_secret: credentials.app_secret.clone()?,
            language: config.language.clone(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_retries: Self::DEFAULT_MAX_RETRIES,
            retry_base_delay: Self::DEFAULT_RETRY_BASE_DELAY,
            pacing: Pacing::new(config.calls_per_second, config.daily_limit),
        })
    }
}

/// Where the access token for search and detail calls comes from.
#[async_trait]
pub trait TokenSource: Send + Sync {
    /// The current token, or `None` when the app is not authorized (yet).
    async fn access_token(&self) -> Option<SecretString>;
}

/// A fixed token, e.g. the long-lived one of a "self-use" app (`ALIBABA_ACCESS_TOKEN`).
#[derive(Debug, Clone, Default)]
pub struct StaticToken(pub Option<SecretString>);

impl StaticToken {
    /// The token configured in `ALIBABA_ACCESS_TOKEN`, if any.
    pub fn from_config(config: &Config) -> StaticToken {
        StaticToken(config.credentials.access_token.clone())
    }
}

#[async_trait]
impl TokenSource for StaticToken {
    async fn access_token(&self) -> Option<SecretString> {
        self.0.clone()
    }
}

/// The HTTP client could not be built (e.g. no TLS backend); nothing was sent.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client for the 1688 gateway: {0}")]
pub struct GatewayBuildError(#[source] reqwest::Error);

/// The [`Provider`] backed by the 1688 gateway.
#[derive(Clone)]
pub struct GatewayProvider {
    client: Arc<Client>,
    /// The image id of each uploaded photo, by the photo's key.
    image_ids: moka::future::Cache<ImageKey, String>,
}

fn image_ids() -> moka::future::Cache<ImageKey, String> {
    moka::future::Cache::builder()
        .max_capacity(IMAGE_IDS)
        .time_to_live(IMAGE_ID_LIFETIME)
        .build()
}

impl fmt::Debug for GatewayProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayProvider")
            .field("config", self.client.config())
            .finish_non_exhaustive()
    }
}

/// Live mode's parts: the provider, and the OAuth flow that hands it tokens.
pub struct Live {
    pub provider: GatewayProvider,
    pub oauth: Arc<OAuth>,
}

impl Live {
    /// The provider and the OAuth flow over one transport (one pacing for both); the token comes
    /// from OAuth when the owner authorized the app, otherwise from `ALIBABA_ACCESS_TOKEN`.
    /// Reads a stored token; sends nothing.
    pub fn new(config: &Config, gateway: GatewayConfig) -> Result<Live, GatewayBuildError> {
        let transport = Arc::new(Transport::new(&gateway).map_err(GatewayBuildError)?);
        let oauth = Arc::new(OAuth::new(config, &gateway, transport.clone()));
        let tokens = Tokens {
            oauth: Some(oauth.clone()),
            fixed: StaticToken::from_config(config),
        };
        let client = Client::new(gateway, transport, Arc::new(tokens));
        Ok(Live {
            provider: GatewayProvider {
                client: Arc::new(client),
                image_ids: image_ids(),
            },
            oauth,
        })
    }
}

impl GatewayProvider {
    /// Builds the provider and its own HTTP client, with tokens from `tokens`; sends nothing.
    pub fn new(
        config: GatewayConfig,
        tokens: Arc<dyn TokenSource>,
    ) -> Result<GatewayProvider, GatewayBuildError> {
        let transport = Arc::new(Transport::new(&config).map_err(GatewayBuildError)?);
        Ok(GatewayProvider {
            client: Arc::new(Client::new(config, transport, tokens)),
            image_ids: image_ids(),
        })
    }

    fn language(&self) -> &str {
        &self.client.config().language
    }

    /// `alibaba.category.get` for `id`: the entry describing `id` itself.
    async fn category_info(&self, id: u64, need: Need) -> Result<CategoryInfo, ProviderError> {
        fetch_category_info(&self.client, id, CallOptions::page(need)).await
    }

    /// The offer query for `query`, as the API documents it: a keyword, or a category with an
    /// empty keyword (never neither: [`Capabilities::browse_without_keyword`] is false).
    fn offer_query(&self, query: &SearchQuery) -> Result<OfferQueryParam, ProviderError> {
        let keyword = match (&query.keyword, query.category) {
            (Some(keyword), _) => keyword.clone(),
            (None, Some(_)) => String::new(),
            (None, None) => {
                return Err(ProviderError::BadRequest(
                    "a 1688 search needs a keyword or a category".into(),
                ));
            }
        };
        if query.max_moq.is_some() {
            return Err(ProviderError::BadRequest(
                "a 1688 search cannot filter by minimum order".into(),
            ));
        }
        // The documented `filter` values; several are joined with commas.
        let filters: Vec<&str> = [
            query.ships_within.map(|within| match within {
                ShipWithin::Hours24 => "shipIn24Hours",
                ShipWithin::Hours48 => "shipIn48Hours",
            }),
            query.verified_factory.then_some("certifiedFactory"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let sale_filters = query.min_monthly_sales.map(|min| {
            vec![SaleFilterParam {
                sale_type: "sales30".into(),
                sale_start: Some(min.to_string()),
                sale_end: None,
            }]
        });
        Ok(OfferQueryParam {
            keyword_translate: is_chinese(&keyword).then_some(true),
            keyword,
            begin_page: query.page.max(1),
            page_size: query.page_size.clamp(1, MAX_GATEWAY_PAGE_SIZE),
            country: self.language().to_string(),
            category_id: query.category.map(|c| c.0),
            price_start: query.min_price.map(|p| p.normalize().to_string()),
            price_end: query.max_price.map(|p| p.normalize().to_string()),
            sort: sort_param(query.sort),
            filter: (!filters.is_empty()).then(|| filters.join(",")),
            sale_filter_list: sale_filters,
        })
    }

    /// The image query for a photo's image id or a 1688 image address, with the filters, sort and
    /// page of `filters`.
    fn image_query(&self, image: ImageRef, filters: &SearchQuery) -> ImageQueryParam {
        let (image_id, image_address) = match image {
            ImageRef::Id(id) => (Some(id), None),
            ImageRef::Address(url) => (None, Some(url)),
        };
        ImageQueryParam {
            image_id,
            image_address,
            begin_page: filters.page.max(1),
            page_size: filters.page_size.clamp(1, MAX_GATEWAY_PAGE_SIZE),
            country: self.language().to_string(),
            price_start: filters.min_price.map(|p| p.normalize().to_string()),
            price_end: filters.max_price.map(|p| p.normalize().to_string()),
            sort: sort_param(filters.sort),
        }
    }

    /// The image id of `jpeg` (a normalized photo): remembered, or uploaded once for all
    /// concurrent callers. `Ok((id, uploaded_now))`.
    async fn image_id(
        &self,
        key: &ImageKey,
        jpeg: &[u8],
        need: Need,
    ) -> Result<(String, bool), ProviderError> {
        let entry = self
            .image_ids
            .entry(key.clone())
            .or_try_insert_with(self.upload(jpeg, need))
            .await
            .map_err(|error| (*error).clone())?;
        let fresh = entry.is_fresh();
        Ok((entry.into_value(), fresh))
    }

    /// `product.image.upload`: one paced, budgeted call; the image id it answers.
    async fn upload(&self, jpeg: &[u8], need: Need) -> Result<String, ProviderError> {
        use base64::Engine;
        let param = UploadImageParam {
            image_base64: base64::engine::general_purpose::STANDARD.encode(jpeg),
        };
        let answer: api::UploadAnswer = self
            .client
            .call(
                &IMAGE_UPLOAD,
                &[("uploadImageParam", json_param(&param))],
                CallOptions::page(need),
            )
            .await?;
        answer
            .result
            .and_then(|result| result.result)
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| {
                ProviderError::Unavailable(format!(
                    "unexpected answer from {}: no image id",
                    IMAGE_UPLOAD.id()
                ))
            })
    }

    /// `product.search.imageQuery` for `image`.
    async fn image_page(
        &self,
        image: ImageRef,
        filters: &SearchQuery,
        need: Need,
    ) -> Result<Page<ImageMatch>, ProviderError> {
        let param = self.image_query(image, filters);
        let page: api::SearchPage = self
            .client
            .call_cross_border(
                &IMAGE_QUERY,
                &[("offerQueryParam", json_param(&param))],
                CallOptions::page(need),
            )
            .await?;
        Ok(mapping::image_page(page, filters))
    }
}

/// What an image query searches with.
enum ImageRef {
    /// The id `product.image.upload` gave for a photo.
    Id(String),
    /// The address of an image on 1688's host.
    Address(String),
}

/// The `sort` of a search (a String holding JSON, as the API documents it); `None` for relevance.
fn sort_param(sort: Sort) -> Option<String> {
    let sort = match sort {
        Sort::Relevance => return None,
        Sort::PriceAsc => r#"{"price":"asc"}"#,
        Sort::PriceDesc => r#"{"price":"desc"}"#,
        Sort::Sales => r#"{"monthSold":"desc"}"#,
    };
    Some(sort.to_string())
}

/// Whether a keyword is typed in Chinese: it holds a Han character (brand names and model
/// numbers in Latin letters may stand beside them, e.g. "iPhone 15 手机壳").
fn is_chinese(keyword: &str) -> bool {
    keyword.chars().any(|c| {
        matches!(c,
            '\u{3400}'..='\u{4DBF}' // CJK Extension A
            | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
            | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
            | '\u{20000}'..='\u{2EBEF}') // Extensions B–F
    })
}

async fn fetch_category_info(
    client: &Client,
    id: u64,
    options: CallOptions,
) -> Result<CategoryInfo, ProviderError> {
    let answer: CategoryAnswer = client
        .call(&CATEGORY_GET, &[("categoryID", id.to_string())], options)
        .await?;
    let mut entries = answer.category_info;
    if let Some(pos) = entries.iter().position(|e| e.category_id == Some(id)) {
        return Ok(entries.swap_remove(pos));
    }
    if id == 0 && !entries.is_empty() {
        // Some answers list the roots themselves instead of a node 0 holding them.
        return Ok(CategoryInfo {
            category_id: Some(0),
            name: None,
            children: entries
                .into_iter()
                .map(|e| api::ChildCategory {
                    id: e.category_id,
                    name: e.name,
                })
                .collect(),
        });
    }
    match entries.iter().position(|e| e.category_id.is_none()) {
        Some(pos) if entries.len() == 1 => Ok(entries.swap_remove(pos)),
        _ => Err(ProviderError::NotFound),
    }
}

fn json_param<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("request params serialize to JSON")
}

#[async_trait]
impl Provider for GatewayProvider {
    fn source(&self) -> DataSource {
        DataSource::Live
    }

    fn name(&self) -> ProviderName {
        ProviderName::Gateway
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            browse_without_keyword: false,
            // 1688's search documents `filter` values for shipping time and certified factories
            // and `saleFilterList` for sales, but nothing for the minimum order.
            buyer_filters: BuyerFilters {
                max_moq: false,
                ..BuyerFilters::ALL
            },
            image_search: ImageSearchSupport::PhotosAndAddresses,
        }
    }

    /// A photo is uploaded once (its image id is remembered by its key); a remembered id the
    /// gateway refuses is uploaded again, once. An address is searched as it is.
    async fn image_search(
        &self,
        query: &ImageQuery,
        need: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        let filters = &query.filters;
        let page = match &query.image {
            SearchImage::Address { url, .. } => {
                self.image_page(ImageRef::Address(url.clone()), filters, need)
                    .await?
            }
            SearchImage::Photo { key, jpeg } => {
                let (id, uploaded_now) = self.image_id(key, jpeg, need).await?;
                match self.image_page(ImageRef::Id(id), filters, need).await {
                    Err(ProviderError::BadRequest(_)) if !uploaded_now => {
                        self.image_ids.invalidate(key).await;
                        let (id, _) = self.image_id(key, jpeg, need).await?;
                        self.image_page(ImageRef::Id(id), filters, need).await?
                    }
                    answer => answer?,
                }
            }
        };
        Ok(Fetched::fresh(page))
    }

    async fn search(
        &self,
        query: &SearchQuery,
        need: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        let param = self.offer_query(query)?;
        let page: api::SearchPage = self
            .client
            .call_cross_border(
                &KEYWORD_QUERY,
                &[("offerQueryParam", json_param(&param))],
                CallOptions::page(need),
            )
            .await?;
        Ok(Fetched::fresh(mapping::search_page(page, query)))
    }

    async fn product(&self, id: ProductId, need: Need) -> Result<Fetched<Product>, ProviderError> {
        let param = OfferDetailParam {
            offer_id: id.0,
            country: self.language().to_string(),
        };
        let detail: api::OfferDetail = self
            .client
            .call_cross_border(
                &PRODUCT_DETAIL,
                &[("offerDetailParam", json_param(&param))],
                CallOptions::page(need),
            )
            .await?;
        mapping::product(detail, id).map(Fetched::fresh)
    }

    /// The top level only: one call. Walking every root's children would cost one call per root
    /// (dozens on 1688) against a budget of about one call per second; deeper levels come one
    /// node at a time through [`Provider::category`], when a shopper opens that category.
    async fn categories(&self, need: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        let root = self.category_info(0, need).await?;
        let roots = mapping::category_node(&root, CategoryId(0)).children;
        Ok(Fetched::fresh(Arc::new(roots)))
    }

    async fn category(
        &self,
        id: CategoryId,
        need: Need,
    ) -> Result<Fetched<Category>, ProviderError> {
        if id.0 == 0 {
            return Err(ProviderError::NotFound);
        }
        let info = self.category_info(id.0, need).await?;
        Ok(Fetched::fresh(mapping::category_node(&info, id)))
    }

    async fn status(&self) -> Vec<Check> {
        probe::run(self).await
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

    fn config() -> GatewayConfig {
        GatewayConfig {
            base_url: "http://127.0.0.1:9/openapi".into(),
            app_key: "12345678".into(),
            app_secret: SecretString::from("TOPSECRETVALUE"),
            language: "en".into(),
            timeout: Duration::from_secs(1),
            max_retries: 0,
            retry_base_delay: Duration::from_millis(1),
            pacing: Pacing::unlimited(),
        }
    }

    fn provider() -> GatewayProvider {
        GatewayProvider::new(config(), Arc::new(StaticToken(None))).unwrap()
    }

    #[test]
    fn config_needs_key_and_secret() {
        let mock = Config::for_tests();
        assert!(GatewayConfig::from_config(&mock).is_none());

        let mut live = Config::for_tests();
        live.credentials.app_key = Some("12345678".into());
        live.credentials.app_secret = Some(SecretString::from("s3cr3t"));
        let config = GatewayConfig::from_config(&live).unwrap();
        assert_eq!(config.app_key, "12345678");
        assert_eq!(config.base_url, crate::config::DEFAULT_API_URL);
        assert_eq!(config.language, "en");
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert!(!format!("{:?}", config()).contains("TOPSECRETVALUE"));
        assert!(!format!("{:?}", provider()).contains("TOPSECRETVALUE"));
    }

    #[test]
    fn offer_query_sends_buyer_filters_as_documented() {
        let query = SearchQuery {
            keyword: Some("cup".into()),
            ships_within: Some(ShipWithin::Hours48),
            verified_factory: true,
            min_monthly_sales: Some(300),
            ..SearchQuery::default()
        };
        let param = provider().offer_query(&query).unwrap();
        assert_eq!(
            json_param(&param),
            r#"{"keyword":"cup","beginPage":1,"pageSize":20,"country":"en","filter":"shipIn48Hours,certifiedFactory","saleFilterList":[{"saleType":"sales30","saleStart":"300"}]}"#
        );
        let moq = SearchQuery {
            keyword: Some("cup".into()),
            max_moq: Some(10),
            ..SearchQuery::default()
        };
        assert!(matches!(
            provider().offer_query(&moq),
            Err(ProviderError::BadRequest(_))
        ));
        assert!(!provider().capabilities().buyer_filters.max_moq);
    }

    #[test]
    fn offer_query_maps_sort_page_and_price_range() {
        let query = SearchQuery {
            keyword: Some("手机壳".into()),
            category: Some(CategoryId(1038378)),
            min_price: Some(Decimal::new(150, 2)),
            max_price: Some(Decimal::new(20, 0)),
            sort: Sort::PriceDesc,
            page: 3,
            page_size: 20,
            ..SearchQuery::default()
        };
        let param = provider().offer_query(&query).unwrap();
        assert_eq!(
            json_param(&param),
            r#"{"keyword":"手机壳","beginPage":3,"pageSize":20,"country":"en","keywordTranslate":true,"categoryId":1038378,"priceStart":"1.5","priceEnd":"20","sort":"{\"price\":\"desc\"}"}"#
        );

        let sales = SearchQuery {
            keyword: Some("x".into()),
            sort: Sort::Sales,
            ..SearchQuery::default()
        };
        let param = provider().offer_query(&sales).unwrap();
        assert!(json_param(&param).ends_with(r#""sort":"{\"monthSold\":\"desc\"}"}"#));

        let relevance = SearchQuery {
            keyword: Some("x".into()),
            ..SearchQuery::default()
        };
        let param = provider().offer_query(&relevance).unwrap();
        assert!(!json_param(&param).contains("sort"));
    }

    #[test]
    fn a_category_is_browsed_with_an_empty_keyword_and_never_with_neither() {
        let browse = SearchQuery {
            category: Some(CategoryId(1038378)),
            ..SearchQuery::default()
        };
        let param = provider().offer_query(&browse).unwrap();
        assert_eq!(param.keyword, "");
        assert_eq!(param.category_id, Some(1038378));
        assert_eq!(param.keyword_translate, None);
        assert!(matches!(
            provider().offer_query(&SearchQuery::default()),
            Err(ProviderError::BadRequest(_))
        ));
    }

    #[test]
    fn only_chinese_keywords_skip_translation() {
        for chinese in ["手机", "iPhone 15 手机壳", "数据线 1m"] {
            assert!(is_chinese(chinese), "{chinese}");
        }
        for other in ["phone case", "LED", "чехол", "ケース", ""] {
            assert!(!is_chinese(other), "{other}");
        }
        let query = |q: &str| SearchQuery {
            keyword: Some(q.into()),
            ..SearchQuery::default()
        };
        assert_eq!(
            provider()
                .offer_query(&query("连衣裙"))
                .unwrap()
                .keyword_translate,
            Some(true)
        );
        assert_eq!(
            provider()
                .offer_query(&query("dress"))
                .unwrap()
                .keyword_translate,
            None
        );
    }

    #[tokio::test]
    async fn search_without_token_is_unauthorized_without_a_call() {
        // The base URL points at a closed port: a call would be Unavailable, not Unauthorized.
        let query = SearchQuery {
            keyword: Some("phone".into()),
            ..SearchQuery::default()
        };
        assert_eq!(
            provider().search(&query, Need::Required).await.unwrap_err(),
            ProviderError::Unauthorized
        );
        assert_eq!(
            provider()
                .product(ProductId(1), Need::Required)
                .await
                .unwrap_err(),
            ProviderError::Unauthorized
        );
    }
}
