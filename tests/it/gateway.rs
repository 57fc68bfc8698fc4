//! The gateway provider against a local stand-in of the 1688 gateway: mapping, error classes,
//! retries, timeouts and the live probe. Nothing here touches the internet.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rust_decimal::Decimal;
use secrecy::SecretString;
use serde_json::Value;
use storefront::catalog::{CategoryId, Description, ProductId, SearchQuery, Sort};
use storefront::diagnostics::CheckReport;
use storefront::provider::gateway::{GatewayConfig, GatewayProvider, StaticToken};
use storefront::provider::pacing::Pacing;
use storefront::provider::{Need, Provider, ProviderError};

use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};

const RETRIES: u32 = 2;

async fn start() -> StandIn {
    StandIn::start(StandInConfig::default()).await
}

fn config(stand_in: &StandIn) -> GatewayConfig {
    GatewayConfig {
        base_url: stand_in.base_url.clone(),
        app_key: stand_in::APP_KEY.into(),
        app_secret: SecretString::from(stand_in::APP_SECRET),
        language: "en".into(),
        timeout: Duration::from_secs(5),
        max_retries: RETRIES,
        retry_base_delay: Duration::from_millis(1),
        pacing: Pacing::unlimited(),
    }
}

fn provider_with(config: GatewayConfig, token: Option<&str>) -> GatewayProvider {
    let tokens = Arc::new(StaticToken(token.map(SecretString::from)));
    GatewayProvider::new(config, tokens).expect("build the gateway client")
}

fn provider(stand_in: &StandIn) -> GatewayProvider {
    provider_with(config(stand_in), Some(stand_in::ACCESS_TOKEN))
}

fn keyword(k: &str) -> SearchQuery {
    SearchQuery {
        keyword: Some(k.into()),
        ..SearchQuery::default()
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sent_json(stand_in: &StandIn, api: &str, field: &str) -> Value {
    let params = stand_in
        .last_params(api)
        .expect("a signed call was received");
    serde_json::from_str(&params[field]).expect("the field holds JSON")
}

// --- Mapping ---------------------------------------------------------------------------------------

#[tokio::test]
async fn search_maps_offers_and_sends_a_signed_token_call() {
    let stand_in = start().await;

    let page = provider(&stand_in)
        .search(&keyword("手机壳"), Need::Required)
        .await
        .unwrap()
        .value;

    assert_eq!(page.total, stand_in::TOTAL_OFFERS);
    let ids: Vec<u64> = page.items.iter().map(|p| p.id.0).collect();
    assert_eq!(ids, stand_in::OFFERS);
    let first = &page.items[0];
    assert_eq!(first.title, "新款手机壳硅胶防摔");
    assert_eq!(first.title_en.as_deref(), Some("New silicone phone case"));
    assert_eq!(first.price, dec("3.50"));
    assert_eq!(first.min_order, 2);
    assert_eq!(first.category_id, Some(CategoryId(1038378)));
    assert_eq!(
        first.image.as_deref(),
        Some("https://cbu01.alicdn.com/img/ibank/O1CN01case.jpg"),
        "relative image paths point at 1688's image host"
    );
    assert_eq!(
        page.items[1].image.as_deref(),
        Some("https://cbu01.alicdn.com/img/ibank/O1CN01cable.jpg")
    );

    let params = stand_in.last_params(stand_in::KEYWORD_QUERY).unwrap();
    assert_eq!(params["access_token"], stand_in::ACCESS_TOKEN);
    let timestamp: u128 = params["_aop_timestamp"].parse().unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    assert!(
        now.abs_diff(timestamp) < 60_000,
        "the timestamp is in milliseconds"
    );
    assert_eq!(
        params["offerQueryParam"],
        r#"{"keyword":"手机壳","beginPage":1,"pageSize":20,"country":"en","keywordTranslate":true}"#,
        "a Chinese keyword is searched as it is"
    );
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 1);
}

#[tokio::test]
async fn search_sends_sort_page_and_price_filters() {
    let stand_in = start().await;
    let query = SearchQuery {
        keyword: Some("phone case".into()),
        category: Some(CategoryId(1031919)),
        min_price: Some(dec("1.50")),
        max_price: Some(dec("10")),
        sort: Sort::PriceAsc,
        page: 2,
        page_size: 1,
        ..SearchQuery::default()
    };

    let page = provider(&stand_in)
        .search(&query, Need::Required)
        .await
        .unwrap()
        .value;

    let ids: Vec<u64> = page.items.iter().map(|p| p.id.0).collect();
    assert_eq!(
        ids,
        vec![stand_in::OFFERS[1]],
        "the second cheapest of the category"
    );
    assert_eq!((page.page, page.page_size), (2, 1));
    let sent = sent_json(&stand_in, stand_in::KEYWORD_QUERY, "offerQueryParam");
    assert_eq!(
        sent,
        serde_json::json!({
            "keyword": "phone case", "beginPage": 2, "pageSize": 1, "country": "en",
            "categoryId": 1031919, "priceStart": "1.5", "priceEnd": "10", "sort": r#"{"price":"asc"}"#
        }),
        "sort is a string holding JSON; an English keyword is left to 1688 to translate"
    );
}

#[tokio::test]
async fn a_category_is_browsed_with_an_empty_keyword_and_no_name_lookup() {
    let stand_in = start().await;
    let query = SearchQuery {
        category: Some(CategoryId(1038378)),
        sort: Sort::Sales,
        ..SearchQuery::default()
    };

    let page = provider(&stand_in)
        .search(&query, Need::Required)
        .await
        .unwrap()
        .value;

    assert_eq!(page.items.len(), 1, "the category's one offer");
    assert_eq!(stand_in.calls(stand_in::CATEGORY_GET), 0);
    let sent = sent_json(&stand_in, stand_in::KEYWORD_QUERY, "offerQueryParam");
    assert_eq!(sent["keyword"], "");
    assert_eq!(sent["categoryId"], 1038378);
    assert_eq!(sent["sort"], r#"{"monthSold":"desc"}"#);
    assert!(sent.get("keywordTranslate").is_none());
}

#[tokio::test]
async fn search_that_finds_nothing_is_an_empty_page() {
    let stand_in = start().await;
    let page = provider(&stand_in)
        .search(&keyword(stand_in::NO_RESULTS_KEYWORD), Need::Required)
        .await
        .unwrap()
        .value;
    assert!(page.items.is_empty());
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn product_maps_tiers_skus_specs_and_a_sanitized_description() {
    let stand_in = start().await;

    let product = provider(&stand_in)
        .product(ProductId(stand_in::KNOWN_OFFER), Need::Required)
        .await
        .unwrap()
        .value;

    assert_eq!(product.id, ProductId(stand_in::KNOWN_OFFER));
    assert_eq!(product.title, "新款手机壳硅胶防摔");
    let tiers: Vec<_> = product
        .price_tiers
        .iter()
        .map(|t| (t.min_quantity, t.price))
        .collect();
    assert_eq!(
        tiers,
        vec![(2, dec("3.50")), (100, dec("3.20")), (1000, dec("2.80"))]
    );
    assert_eq!(product.min_order, 2);
    assert_eq!(product.unit, "piece");
    assert_eq!(
        product.images,
        vec![
            "https://cbu01.alicdn.com/img/ibank/O1CN01case.jpg",
            "https://cbu01.alicdn.com/img/ibank/O1CN01case2.jpg"
        ]
    );
    assert_eq!(product.skus.len(), 2);
    assert_eq!(
        product.skus[1].attributes[0].value_en.as_deref(),
        Some("Blue")
    );
    assert_eq!(
        product.skus[1].image.as_deref(),
        Some("https://cbu01.alicdn.com/img/ibank/blue.jpg")
    );
    assert_eq!(
        product.specifications[0].name_en.as_deref(),
        Some("Material")
    );
    assert_eq!(product.supplier.name, "义乌市示例电子商务有限公司");
    assert_eq!(product.supplier.rating, Some(dec("4.5")));
    assert_eq!(product.category_id(), Some(CategoryId(1038378)));
    assert_eq!(product.category_path.last().unwrap().name, "手机壳");

    let Some(Description::Html(html)) = &product.description else {
        panic!("expected a sanitized HTML description");
    };
    assert!(html.as_str().contains("Durable"));
    assert!(!html.as_str().contains("<script"));
    assert!(!html.as_str().contains("onerror"));

    let sent = sent_json(&stand_in, stand_in::PRODUCT_DETAIL, "offerDetailParam");
    assert_eq!(
        sent,
        serde_json::json!({"offerId": stand_in::KNOWN_OFFER, "country": "en"})
    );
}

#[tokio::test]
async fn unknown_product_is_not_found_without_retry() {
    let stand_in = start().await;
    let err = provider(&stand_in)
        .product(ProductId(999_999_999_999), Need::Required)
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::NotFound);
    assert_eq!(stand_in.calls(stand_in::PRODUCT_DETAIL), 1);
}

#[tokio::test]
async fn categories_are_the_roots_fetched_in_one_call() {
    let stand_in = start().await;

    let tree = provider(&stand_in)
        .categories(Need::Required)
        .await
        .unwrap()
        .value;

    let shape: Vec<(u64, &str, Vec<u64>)> = tree
        .iter()
        .map(|c| {
            (
                c.id.0,
                c.name.as_str(),
                c.children.iter().map(|child| child.id.0).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (7, "服装", vec![]),
            (1031919, "手机、通讯", vec![]),
            (1813, "玩具", vec![]),
        ]
    );
    assert_eq!(stand_in.calls(stand_in::CATEGORY_GET), 1);
    let params = stand_in.last_params(stand_in::CATEGORY_GET).unwrap();
    assert!(
        !params.contains_key("access_token"),
        "category.get is called without the token"
    );
}

#[tokio::test]
async fn one_category_comes_with_its_children() {
    let stand_in = start().await;
    let provider = provider(&stand_in);

    let category = provider
        .category(CategoryId(1031919), Need::Required)
        .await
        .unwrap()
        .value;
    assert_eq!(category.name, "手机、通讯");
    assert_eq!(category.children.len(), 2);

    let leaf = provider
        .category(CategoryId(1038378), Need::Required)
        .await
        .unwrap()
        .value;
    assert_eq!(leaf.name, "手机壳");
    assert!(leaf.children.is_empty());

    assert_eq!(
        provider
            .category(CategoryId(424242), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::NotFound
    );
}

#[tokio::test]
async fn a_failing_root_lookup_fails_the_category_tree() {
    let stand_in = start().await;
    let provider = provider(&stand_in);
    stand_in.set_behaviour(Behaviour::QuotaExhausted);
    assert_eq!(
        provider.categories(Need::Required).await.unwrap_err(),
        ProviderError::QuotaExhausted
    );
}

// --- Error classes ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_stand_in_refuses_a_tampered_form() {
    let stand_in = start().await;
    // Correctly signed for categoryID=0, then the value changed.
    let path = format!(
        "param2/1/com.alibaba.product/alibaba.category.get/{}",
        stand_in::APP_KEY
    );
    let fields = vec![
        ("categoryID".to_string(), "0".to_string()),
        ("_aop_timestamp".to_string(), "1700000000000".to_string()),
    ];
    let signature = stand_in::expected_signature(stand_in::APP_SECRET, &path, &fields);
    let body = format!("categoryID=7&_aop_timestamp=1700000000000&_aop_signature={signature}");

    let response = reqwest::Client::new()
        .post(format!("{}/{path}", stand_in.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 400);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error_code"], "gw.SignatureInvalid");
}

#[tokio::test]
async fn wrong_app_secret_is_an_invalid_signature_and_not_retried() {
    let stand_in = start().await;
    let mut config = config(&stand_in);
    config.app_secret = SecretString::from("not-the-secret");
    let provider = provider_with(config, Some(stand_in::ACCESS_TOKEN));

    assert_eq!(
        provider.categories(Need::Required).await.unwrap_err(),
        ProviderError::InvalidSignature
    );
    assert_eq!(stand_in.total_calls(), 1);
}

#[tokio::test]
async fn signature_invalid_answer_maps_to_invalid_signature() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::SignatureInvalid);
    assert_eq!(
        provider(&stand_in)
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::InvalidSignature
    );
}

#[tokio::test]
async fn unknown_app_key_is_rejected() {
    let stand_in = start().await;
    let mut config = config(&stand_in);
    config.app_key = "87654321".into();
    let provider = provider_with(config, Some(stand_in::ACCESS_TOKEN));
    assert_eq!(
        provider
            .category(CategoryId(7), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::AppKeyRejected
    );
}

#[tokio::test]
async fn expired_token_is_unauthorized_but_categories_still_work() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::TokenExpired);
    let provider = provider(&stand_in);

    assert_eq!(
        provider
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::Unauthorized
    );
    assert_eq!(
        provider
            .product(ProductId(stand_in::KNOWN_OFFER), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::Unauthorized
    );
    assert!(provider.categories(Need::Required).await.is_ok());
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 1, "not retried");
}

#[tokio::test]
async fn wrong_token_is_unauthorized() {
    let stand_in = start().await;
    let provider = provider_with(config(&stand_in), Some("some-other-token"));
    assert_eq!(
        provider
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::Unauthorized
    );
}

#[tokio::test]
async fn without_a_token_search_is_unauthorized_and_nothing_is_sent() {
    let stand_in = start().await;
    let provider = provider_with(config(&stand_in), None);

    assert_eq!(
        provider
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::Unauthorized
    );
    assert_eq!(
        provider
            .product(ProductId(1), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::Unauthorized
    );
    assert_eq!(stand_in.total_calls(), 0);
}

#[tokio::test]
async fn acl_decline_names_the_api_and_affects_only_it() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::AclDecline {
        api: stand_in::PRODUCT_DETAIL.into(),
    });
    let provider = provider(&stand_in);

    assert_eq!(
        provider
            .product(ProductId(stand_in::KNOWN_OFFER), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::PermissionDenied {
            api: stand_in::PRODUCT_DETAIL.into()
        }
    );
    assert!(provider.search(&keyword("x"), Need::Required).await.is_ok());
    assert_eq!(stand_in.calls(stand_in::PRODUCT_DETAIL), 1, "not retried");
}

#[tokio::test]
async fn quota_exhausted_is_not_retried() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::QuotaExhausted);
    assert_eq!(
        provider(&stand_in)
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::QuotaExhausted
    );
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 1);
}

// --- Retries and timeouts --------------------------------------------------------------------------

#[tokio::test]
async fn persistent_rate_limiting_is_retried_then_reported() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::RateLimited);
    assert_eq!(
        provider(&stand_in)
            .search(&keyword("x"), Need::Required)
            .await
            .unwrap_err(),
        ProviderError::RateLimited
    );
    assert_eq!(
        stand_in.calls(stand_in::KEYWORD_QUERY),
        1 + RETRIES as usize
    );
}

#[tokio::test]
async fn a_passing_rate_limit_is_retried_into_success() {
    let stand_in = start().await;
    stand_in.set_behaviour_times(Behaviour::RateLimited, 1);
    assert!(
        provider(&stand_in)
            .search(&keyword("x"), Need::Required)
            .await
            .is_ok()
    );
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 2);
}

#[tokio::test]
async fn server_errors_are_retried_then_unavailable() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::ServerError);
    let err = provider(&stand_in)
        .product(ProductId(stand_in::KNOWN_OFFER), Need::Required)
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::Unavailable("HTTP 500".into()));
    assert_eq!(
        stand_in.calls(stand_in::PRODUCT_DETAIL),
        1 + RETRIES as usize
    );
}

#[tokio::test]
async fn a_passing_server_error_is_retried_into_success() {
    let stand_in = start().await;
    stand_in.set_behaviour_times(Behaviour::ServerError, 2);
    assert!(provider(&stand_in).categories(Need::Required).await.is_ok());
    assert_eq!(stand_in.calls(stand_in::CATEGORY_GET), 2 + 1);
}

#[tokio::test]
async fn a_slow_gateway_times_out_as_unavailable() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::Slow(Duration::from_secs(2)));
    let mut config = config(&stand_in);
    config.timeout = Duration::from_millis(200);
    config.max_retries = 1;
    let provider = provider_with(config, Some(stand_in::ACCESS_TOKEN));

    let err = provider
        .search(&keyword("x"), Need::Required)
        .await
        .unwrap_err();

    assert_eq!(err, ProviderError::Unavailable("no answer in time".into()));
    assert_eq!(
        stand_in.calls(stand_in::KEYWORD_QUERY),
        2,
        "timeouts are retried"
    );
}

#[tokio::test]
async fn a_malformed_answer_is_unavailable_and_not_retried() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::Malformed);
    let err = provider(&stand_in)
        .search(&keyword("x"), Need::Required)
        .await
        .unwrap_err();
    assert!(matches!(&err, ProviderError::Unavailable(m) if m.contains("unexpected answer")));
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 1);
}

#[tokio::test]
async fn an_oversized_answer_is_refused() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::Oversized);
    let err = provider(&stand_in)
        .categories(Need::Required)
        .await
        .unwrap_err();
    assert!(matches!(&err, ProviderError::Unavailable(m) if m.contains("larger than")));
    assert_eq!(stand_in.total_calls(), 1);
}

#[tokio::test]
async fn an_unreachable_gateway_is_unavailable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let config = GatewayConfig {
        base_url: format!("http://{addr}/openapi"),
        app_key: stand_in::APP_KEY.into(),
        app_secret: SecretString::from(stand_in::APP_SECRET),
        language: "en".into(),
        timeout: Duration::from_secs(2),
        max_retries: 1,
        retry_base_delay: Duration::from_millis(1),
        pacing: Pacing::unlimited(),
    };
    let err = provider_with(config, None)
        .category(CategoryId(7), Need::Required)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::Unavailable("cannot connect to the gateway".into())
    );
}

// --- The live probe --------------------------------------------------------------------------------

/// The checks as `/api-status` reports them: with their cause's code and what to do.
async fn probe(provider: GatewayProvider) -> Vec<CheckReport> {
    provider
        .status()
        .await
        .into_iter()
        .map(CheckReport::from)
        .collect()
}

fn assert_no_secrets(checks: &[CheckReport]) {
    let text = serde_json::to_string(checks).unwrap();
    assert!(!text.contains(stand_in::APP_SECRET));
    assert!(!text.contains(stand_in::ACCESS_TOKEN));
    assert!(!text.contains("_aop_signature"));
}

#[tokio::test]
async fn probe_reports_every_link_working() {
    let stand_in = start().await;

    let checks = probe(provider(&stand_in)).await;

    assert_eq!(checks.len(), 4);
    assert!(checks.iter().all(|c| c.ok), "{checks:#?}");
    for (check, api) in checks.iter().zip([
        stand_in::CURRENT_TIME,
        stand_in::CATEGORY_GET,
        stand_in::KEYWORD_QUERY,
        stand_in::PRODUCT_DETAIL,
    ]) {
        assert!(check.name.contains(api), "{} names {api}", check.name);
        assert!(check.latency_ms.is_some());
        assert_eq!(check.error_code, None);
    }
    assert_eq!(
        checks[0].detail,
        format!("Gateway time {}", stand_in::GATEWAY_TIME)
    );
    assert_eq!(checks[1].detail, "3 top-level categories");
    assert!(
        checks[2].detail.starts_with("1,234 offers found"),
        "{}",
        checks[2].detail
    );
    assert!(
        checks[3]
            .detail
            .contains(&stand_in::KNOWN_OFFER.to_string())
    );
    let probe = sent_json(&stand_in, stand_in::KEYWORD_QUERY, "offerQueryParam");
    assert_eq!(
        (probe["keyword"].as_str(), probe["pageSize"].as_u64()),
        (Some("phone"), Some(1))
    );
    assert_no_secrets(&checks);
}

#[tokio::test]
async fn probe_with_a_wrong_secret_blames_the_signature_everywhere() {
    let stand_in = start().await;
    let mut config = config(&stand_in);
    config.app_secret = SecretString::from("not-the-secret");

    let checks = probe(provider_with(config, Some(stand_in::ACCESS_TOKEN))).await;

    for check in &checks[..3] {
        assert!(!check.ok);
        assert_eq!(check.error_code, Some("invalid_signature"));
        assert!(
            check
                .remedy
                .as_deref()
                .unwrap()
                .contains("ALIBABA_APP_SECRET")
        );
    }
    assert!(!checks[3].ok);
    assert!(checks[3].detail.contains("Not run"));
    assert_no_secrets(&checks);
}

#[tokio::test]
async fn probe_without_token_shows_the_signed_calls_working() {
    let stand_in = start().await;

    let checks = probe(provider_with(config(&stand_in), None)).await;

    assert!(checks[0].ok && checks[1].ok);
    assert_eq!(checks[2].error_code, Some("unauthorized"));
    assert!(
        checks[2]
            .remedy
            .as_deref()
            .unwrap()
            .contains("ALIBABA_ACCESS_TOKEN")
    );
    assert!(!checks[3].ok && checks[3].detail.contains("Not run"));
    assert_eq!(stand_in.calls(stand_in::KEYWORD_QUERY), 0);
}

#[tokio::test]
async fn probe_names_the_api_that_lacks_permission() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::AclDecline {
        api: stand_in::PRODUCT_DETAIL.into(),
    });

    let checks = probe(provider(&stand_in)).await;

    assert!(checks[..3].iter().all(|c| c.ok));
    assert_eq!(checks[3].error_code, Some("permission_denied"));
    assert!(
        checks[3]
            .remedy
            .as_deref()
            .unwrap()
            .contains(stand_in::PRODUCT_DETAIL)
    );
}

#[tokio::test]
async fn probe_explains_a_search_that_found_nothing() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::NoOffers);

    let checks = probe(provider(&stand_in)).await;

    assert!(checks[2].ok);
    assert!(!checks[3].ok);
    assert!(checks[3].detail.contains("found no offer"));
    assert_eq!(stand_in.calls(stand_in::PRODUCT_DETAIL), 0);
}

#[tokio::test]
async fn probe_reports_a_rate_limited_gateway() {
    let stand_in = start().await;
    stand_in.set_behaviour(Behaviour::RateLimited);

    let checks = probe(provider(&stand_in)).await;

    assert!(
        checks[..3]
            .iter()
            .all(|c| c.error_code == Some("rate_limited"))
    );
}
